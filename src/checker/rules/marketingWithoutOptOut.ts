/** GDPR Art. 21(2)-(4): the right to object to direct marketing, stated with its mechanism. */
import { q, type CheckerRule } from "../rule.js";

export const marketingWithoutOptOut: CheckerRule = {
  codes: ["PC3005"],
  check(ctx) {
    for (const p of ctx.model.purposes) {
      if (!p.marketing || p.children.length > 0 || p.uses.length === 0) continue;
      if (p.optOut || p.optOutUrl) continue;
      ctx.report("PC3005", { purpose: q(p.id) }, ctx.declSpan("purpose", p.id));
    }
  },
};
