/**
 * GDPR Art. 13(1)(c): the published basis must be the real one. A purpose that says how to
 * withdraw consent but rests on no consent makes the document tell people "To withdraw your
 * consent: ..." about processing that never asked for it.
 */
import { q, type CheckerRule } from "../rule.js";

export const withdrawalWithoutConsent: CheckerRule = {
  codes: ["PC3025"],
  check(ctx) {
    for (const p of ctx.model.purposes) {
      if (!p.withdraw || p.needsConsent) continue;
      ctx.report("PC3025", { purpose: q(p.id) }, ctx.declSpan("purpose", p.id));
    }
  },
};
