/** Emits the normalized model itself as `policy.json` (schema: schema/policy-model.schema.json). */
import type { Emitter } from "./types.js";
import { terminalSafeJson } from "../diagnostics/formats/json.js";

export const modelEmitter: Emitter = {
  name: "model",
  emit(model) {
    return { files: [{ path: "policy.json", content: terminalSafeJson(model) }], diagnostics: [] };
  },
};
