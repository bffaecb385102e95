/** The built-in category groups a rule, an assertion or `explain` may name instead of a category. */
import { PERSONAL_CLASSIFICATIONS } from "../syntax/ast.js";
import type { Category } from "./types.js";

/**
 * The leaf categories of a built-in group (`personal`: personal, sensitive and pseudonymous data;
 * `sensitive`; `all_data`), or undefined when `name` names none.
 */
export function builtinGroupLeaves(leaves: readonly Pick<Category, "id" | "classification">[], name: string): string[] | undefined {
  switch (name) {
    case "personal":
      return leaves.filter((c) => PERSONAL_CLASSIFICATIONS.has(c.classification)).map((c) => c.id);
    case "sensitive":
      return leaves.filter((c) => c.classification === "sensitive").map((c) => c.id);
    case "all_data":
      return leaves.map((c) => c.id);
    default:
      return undefined;
  }
}
