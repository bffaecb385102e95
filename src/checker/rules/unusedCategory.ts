/**
 * Purpose limitation and data minimisation (GDPR Art. 5(1)(b)-(c)): no data without a purpose.
 * Data the policy does not collect (a taxonomy category named only in a deny, `collectedCategories`)
 * needs none.
 */
import { collectedCategories } from "../../model/collected.js";
import { q, type CheckerRule } from "../rule.js";

export const unusedCategory: CheckerRule = {
  codes: ["PC3002"],
  check(ctx) {
    const used = new Set(ctx.model.purposes.flatMap((p) => p.uses));
    const collected = collectedCategories(ctx.model);
    for (const c of ctx.model.categories) {
      if (c.children.length > 0 || used.has(c.id) || !collected.has(c.id)) continue;
      if (c.classification === "anonymous" || c.classification === "aggregate") continue;
      ctx.report("PC3002", { category: q(c.id) }, ctx.declSpan("category", c.id));
    }
  },
};
