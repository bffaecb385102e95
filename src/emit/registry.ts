/** Every emitter, in the order the build runs them. */
import { documentEmitter } from "./document/index.js";
import { consentEmitter, guardsEmitter } from "./guards/index.js";
import { modelEmitter } from "./model.js";
import type { Emitter } from "./types.js";

/** Frozen, list and emitters alike: the API exports it, and a caller's change would change every later build in the process. */
export const EMITTERS: readonly Emitter[] = Object.freeze([modelEmitter, documentEmitter, consentEmitter, guardsEmitter].map((e) => Object.freeze(e)));
