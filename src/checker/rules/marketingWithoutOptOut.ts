/**
 * GDPR Art. 21(2)-(4): the right to object to direct marketing, stated with its mechanism. A
 * purpose that rests on consent alone and says how to withdraw it needs no separate opt-out.
 */
import { q, type CheckerRule } from "../rule.js";
import { everyBasis } from "../../model/bases.js";

export const marketingWithoutOptOut: CheckerRule = {
  codes: ["PC3005"],
  check(ctx) {
    for (const p of ctx.model.purposes) {
      if (!p.marketing || p.children.length > 0 || p.uses.length === 0) continue;
      if (p.optOut || p.optOutUrl) continue;
      // on consent alone, withdrawing it is the way out (Art. 7(3)): saying how serves. Not so
      // for `consent_or_no_objection`, where the objection is the way out.
      if (p.withdraw && everyBasis(p).length > 0 && everyBasis(p).every((b) => b === "consent" || b === "explicit_consent")) continue;
      ctx.report("PC3005", { purpose: q(p.id) }, ctx.declSpan("purpose", p.id));
    }
  },
};
