/** GDPR Recital 38 and COPPA: an audience that gets no marketing is excluded by every marketing purpose. */
import { q, type CheckerRule } from "../rule.js";

export const minorsMarketing: CheckerRule = {
  codes: ["PC3017"],
  check(ctx) {
    for (const a of ctx.model.audiences) {
      if (a.marketing) continue;
      for (const p of ctx.model.purposes) {
        if (!p.marketing || p.children.length > 0 || p.uses.length === 0 || p.excludes.includes(a.id)) continue;
        ctx.report("PC3017", { audience: q(a.id), purpose: q(p.id), audienceId: a.id }, ctx.declSpan("purpose", p.id), {
          related: [{ message: "the audience", span: ctx.declSpan("audience", a.id)! }],
        });
      }
    }
  },
};
