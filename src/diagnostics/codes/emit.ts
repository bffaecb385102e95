import type { CodeInfo } from "../catalogue.js";

export const EMIT_CODES: readonly CodeInfo[] = [];
