/** STUB, to be replaced: consent schema, standalone validator, guards, arbitraries, invariant tests. */
import type { Emitter } from "../types.js";

export const consentEmitter: Emitter = {
  name: "consent",
  emit() {
    return { files: [], diagnostics: [] };
  },
};

export const guardsEmitter: Emitter = {
  name: "guards",
  emit() {
    return { files: [], diagnostics: [] };
  },
};
