/**
 * GDPR Art. 21: an objection the document offers must be one the guards obey. A purpose that
 * publishes how to opt out but asks no choice (`consent notice`) has no place in the consent
 * record for the objection, and the guards allow it whatever the person said.
 */
import { q, type CheckerRule } from "../rule.js";

export const optOutNotRecorded: CheckerRule = {
  codes: ["PC3031"],
  check(ctx) {
    for (const p of ctx.model.purposes) {
      // a group's leaves are checked themselves: they inherit its `opt_out` and `consent`
      if (p.children.length > 0 || (!p.optOut && !p.optOutUrl) || p.consentMode !== "notice") continue;
      ctx.report("PC3031", { purpose: q(p.id) }, ctx.declSpan("purpose", p.id));
    }
  },
};
