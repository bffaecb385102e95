/** Every emitter, in the order the build runs them. */
import { documentEmitter } from "./document/index.js";
import { consentEmitter, guardsEmitter } from "./guards/index.js";
import { modelEmitter } from "./model.js";
import type { Emitter } from "./types.js";

export const EMITTERS: readonly Emitter[] = [modelEmitter, documentEmitter, consentEmitter, guardsEmitter];
