/** GDPR Art. 6(1), 13(1)(c): every purpose has a legal basis; without one it grants nothing. */
import { q, type CheckerRule } from "../rule.js";

export const purposeWithoutBasis: CheckerRule = {
  codes: ["PC3020"],
  check(ctx) {
    for (const p of ctx.model.purposes) {
      if (p.bases.length > 0 || p.children.length > 0) continue;
      ctx.report("PC3020", { purpose: q(p.id) }, ctx.declSpan("purpose", p.id));
    }
  },
};
