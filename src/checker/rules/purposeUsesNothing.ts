/**
 * A purpose that uses no data and that no rule or tracker names does nothing: the document lists
 * it with nothing under it, and the guards allow nothing for it. Usually its `uses` was forgotten.
 */
import { q, type CheckerRule } from "../rule.js";

export const purposeUsesNothing: CheckerRule = {
  codes: ["PC3028"],
  check(ctx) {
    const named = new Set([...ctx.model.rules.flatMap((r) => r.purposes), ...ctx.model.trackers.flatMap((t) => t.purposes)]);
    for (const p of ctx.model.purposes) {
      if (p.children.length > 0 || p.uses.length > 0 || named.has(p.id)) continue;
      ctx.report("PC3028", { purpose: q(p.id) }, ctx.declSpan("purpose", p.id));
    }
  },
};
