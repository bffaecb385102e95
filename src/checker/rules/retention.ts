/**
 * Storage limitation (GDPR Art. 5(1)(e), 13(2)(a)): every personal category in use has a
 * retention rule; periods respect their own maximum; nothing personal is kept indefinitely; a
 * period says what it counts from.
 */
import { q, type CheckerRule } from "../rule.js";
import type { Duration } from "../../model/types.js";
import { PERSONAL_CLASSIFICATIONS } from "../../syntax/ast.js";
import { EVENT_FROM, hasTimeLimit, isEvent } from "../../model/retention.js";

const show = (d: Duration) => `${d.amount} ${d.unit}${d.amount === 1 ? "" : "s"}`;

export const retention: CheckerRule = {
  codes: ["PC3007", "PC3008", "PC3009", "PC3029", "PC3030", "PC3032"],
  check(ctx) {
    const covered = new Set(ctx.model.retention.flatMap((r) => r.categories));
    const used = new Set(ctx.model.purposes.flatMap((p) => p.uses));
    for (const c of ctx.model.categories) {
      if (c.children.length > 0 || !used.has(c.id) || !PERSONAL_CLASSIFICATIONS.has(c.classification) || covered.has(c.id)) continue;
      ctx.report("PC3007", { category: q(c.id) }, ctx.declSpan("category", c.id));
    }
    const personal = new Set(ctx.model.categories.filter((c) => PERSONAL_CLASSIFICATIONS.has(c.classification)).map((c) => c.id));
    for (const r of ctx.model.retention) {
      const span = ctx.declSpan("retention", r.id);
      if (r.period === null && r.max === null && r.criteria.length === 0) ctx.report("PC3032", { retention: q(r.id) }, span);
      if (r.period && r.max && (r.period === "indefinite" || r.period.days > r.max.days + 1e-9)) {
        const period = r.period === "indefinite" ? "an indefinite period" : show(r.period);
        ctx.report("PC3008", { retention: q(r.id), period, max: show(r.max) }, span);
      }
      if (r.period === "indefinite" && r.categories.some((c) => personal.has(c))) {
        ctx.report("PC3009", { retention: q(r.id) }, span);
      }
      const timed = hasTimeLimit(r);
      const event = r.criteria.find(isEvent);
      if (timed && r.from === null && event !== undefined) {
        ctx.report("PC3029", { retention: q(r.id), criterion: q(event), from: EVENT_FROM[event]! }, ctx.declSpan("retention.event", r.id) ?? span);
      }
      if (!timed && r.from !== null) {
        ctx.report("PC3030", { retention: q(r.id), from: q(r.from) }, ctx.declSpan("retention.from", r.id) ?? span);
      }
    }
  },
};
