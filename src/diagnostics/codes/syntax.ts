import type { CodeInfo } from "../catalogue.js";

export const SYNTAX_CODES: readonly CodeInfo[] = [];
