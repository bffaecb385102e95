import type { CodeInfo } from "../catalogue.js";

export const REGULATORY_CODES: readonly CodeInfo[] = [];
