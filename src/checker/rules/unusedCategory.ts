/** Purpose limitation and data minimisation (GDPR Art. 5(1)(b)-(c)): no data without a purpose. */
import { q, type CheckerRule } from "../rule.js";

export const unusedCategory: CheckerRule = {
  codes: ["PC3002"],
  check(ctx) {
    const used = new Set(ctx.model.purposes.flatMap((p) => p.uses));
    for (const c of ctx.model.categories) {
      if (c.children.length > 0 || used.has(c.id)) continue;
      if (c.classification === "anonymous" || c.classification === "aggregate") continue;
      ctx.report("PC3002", { category: q(c.id) }, ctx.declSpan("category", c.id));
    }
  },
};
