/**
 * ePrivacy Art. 5(3): trackers that are not strictly necessary are gated on consent or opt-out
 * (PC3018). And the other way round: the guards know consent by purpose, so a tracker that waits
 * for consent or an opt-out serves purposes that ask for it, or the published "we only use them
 * with your consent" is a promise the guards do not keep (PC3035).
 */
import { q, type CheckerRule } from "../rule.js";

export const ungatedTracker: CheckerRule = {
  codes: ["PC3018", "PC3035"],
  check(ctx) {
    const byId = new Map(ctx.model.purposes.map((p) => [p.id, p]));
    for (const t of ctx.model.trackers) {
      if (t.gate === "consent" || t.gate === "opt_out") {
        const wanted = t.gate === "consent" ? "opt_in" : "opt_out";
        // each leaf purpose it serves must ask for that choice (an opt-in purpose satisfies an opt-out gate too)
        const leaves = t.purposes.flatMap((id) => byId.get(id)?.leaves ?? [id]);
        const free = leaves.filter((id) => {
          const mode = byId.get(id)?.consentMode;
          return mode === "notice" || (wanted === "opt_in" && mode === "opt_out");
        });
        if (free.length > 0) {
          const purposes = free.length === 1 ? `purpose ${q(free[0]!)}` : `purposes ${free.map(q).join(", ")}`;
          ctx.report("PC3035", { tracker: q(t.id), gate: q(`gate ${t.gate}`), purposes, ask: free.length === 1 ? "asks" : "ask" }, ctx.declSpan("tracker", t.id), {
            help:
              wanted === "opt_in"
                ? "the guards know consent by purpose: give those purposes `basis consent` and `consent opt_in`, or take the gate off and say how the tracker is used"
                : "the guards know objections by purpose: give those purposes `consent opt_out` (or `opt_in`), or take the gate off",
          });
        }
      }
      if (t.gate === "consent" || (t.gate === "opt_out" && (t.optOut || t.optOutUrl))) continue;
      const needing = t.purposes.find((id) => byId.get(id)?.needsConsent);
      if (needing) ctx.report("PC3018", { tracker: q(t.id), purpose: q(needing) }, ctx.declSpan("tracker", t.id));
    }
  },
};
