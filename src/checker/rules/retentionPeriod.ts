/** GDPR Art. 13(2)(a): a retention period, or criteria only where no period can be given. */
import { q, type CheckerRule } from "../rule.js";

export const retentionPeriod: CheckerRule = {
  codes: ["PC4005"],
  check(ctx) {
    if (!ctx.profiles.has("gdpr")) return;
    for (const r of ctx.model.retention) {
      if (r.period === null && r.criteria.length > 0) ctx.report("PC4005", { retention: q(r.id) }, ctx.declSpan("retention", r.id));
    }
  },
};
