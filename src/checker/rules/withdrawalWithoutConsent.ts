/**
 * GDPR Art. 13(1)(c): the published basis must be the real one. A purpose that says how to
 * withdraw consent but rests on no consent makes the document tell people "To withdraw your
 * consent: ..." about processing that never asked for it. One that waits for opt-in consent
 * under another basis makes it say both the basis and "once you have given your consent" (PC3033).
 */
import { q, type CheckerRule } from "../rule.js";

export const withdrawalWithoutConsent: CheckerRule = {
  codes: ["PC3025", "PC3033"],
  check(ctx) {
    for (const p of ctx.model.purposes) {
      if (p.withdraw && !p.needsConsent) {
        // one that already lets people object needs only the `withdraw` gone
        const objects = p.consentMode === "opt_out" && (p.optOut !== null || p.optOutUrl !== null);
        ctx.report("PC3025", { purpose: q(p.id) }, ctx.declSpan("purpose", p.id), objects ? { help: "it already says how to object (`consent opt_out` with `opt_out`): remove `withdraw`, or state the consent basis it rests on" } : {});
      }
      // opt-in consent asked under another basis (often inherited: the taxonomy's marketing purposes)
      if (p.children.length === 0 && p.consentMode === "opt_in" && !p.needsConsent && p.bases.length > 0) {
        ctx.report("PC3033", { purpose: q(p.id), bases: p.bases.map((b) => `\`${b}\``).join(" and ") }, ctx.declSpan("purpose", p.id));
      }
    }
  },
};
