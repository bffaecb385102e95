/** GDPR Art. 7(3) and 13(2)(c): consent can be withdrawn, and the person is told how. */
import { q, type CheckerRule } from "../rule.js";

export const consentWithoutWithdrawal: CheckerRule = {
  codes: ["PC3004"],
  check(ctx) {
    for (const p of ctx.model.purposes) {
      if (!p.needsConsent || p.children.length > 0) continue;
      if (p.withdraw || p.optOut || p.optOutUrl) continue;
      ctx.report("PC3004", { purpose: q(p.id) }, ctx.declSpan("purpose", p.id));
    }
  },
};
