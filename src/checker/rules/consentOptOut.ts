/**
 * GDPR Art. 4(11), 7 and Recital 32: consent is a clear affirmative act given before the
 * processing; silence, pre-ticked boxes or inactivity are not consent. A purpose whose basis is
 * consent (in any jurisdiction) but whose consent mode is `opt_out` claims consent it never asks
 * for, and the published policy says "your consent" next to "unless you opt out" (PC3021); one
 * whose mode is `notice` asks for nothing at all, and its guards allow for everyone (PC3037).
 */
import { q, type CheckerRule } from "../rule.js";
import type { Basis } from "../../model/types.js";
import { everyBasis } from "../../model/bases.js";

/** `consent_or_no_objection` says that an objection is enough: it is not named here. */
const CONSENT_BASES: ReadonlySet<Basis> = new Set<Basis>(["consent", "explicit_consent"]);

export const consentOptOut: CheckerRule = {
  codes: ["PC3021", "PC3037"],
  check(ctx) {
    for (const p of ctx.model.purposes) {
      if (p.consentMode === "opt_in" || p.children.length > 0) continue;
      const consent = everyBasis(p).find((b) => CONSENT_BASES.has(b));
      if (consent === undefined) continue;
      // opt-out: consent assumed until an objection; notice: consent never asked at all
      ctx.report(p.consentMode === "opt_out" ? "PC3021" : "PC3037", { purpose: q(p.id), basis: q(consent) }, ctx.declSpan("purpose", p.id));
    }
  },
};
