import type { CodeInfo } from "../catalogue.js";

export const TOOL_CODES: readonly CodeInfo[] = [];
