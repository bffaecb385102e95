import type { CodeInfo } from "../catalogue.js";

export const NAME_CODES: readonly CodeInfo[] = [];
