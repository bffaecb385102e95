import type { CodeInfo } from "../catalogue.js";

export const CONSISTENCY_CODES: readonly CodeInfo[] = [];
