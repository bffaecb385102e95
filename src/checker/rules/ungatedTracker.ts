/** ePrivacy Art. 5(3): trackers that are not strictly necessary are gated on consent or opt-out. */
import { q, type CheckerRule } from "../rule.js";

export const ungatedTracker: CheckerRule = {
  codes: ["PC3018"],
  check(ctx) {
    const byId = new Map(ctx.model.purposes.map((p) => [p.id, p]));
    for (const t of ctx.model.trackers) {
      if (t.gate === "consent" || (t.gate === "opt_out" && (t.optOut || t.optOutUrl))) continue;
      const needing = t.purposes.find((id) => byId.get(id)?.needsConsent);
      if (needing) ctx.report("PC3018", { tracker: q(t.id), purpose: q(needing) }, ctx.declSpan("tracker", t.id));
    }
  },
};
