/** STUB, to be replaced: the human-readable policy (Markdown and HTML). */
import type { Emitter } from "../types.js";

export const documentEmitter: Emitter = {
  name: "document",
  emit() {
    return { files: [], diagnostics: [] };
  },
};
