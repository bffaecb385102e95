/** A purpose's `uses` promises a use that the rules make impossible (collection always denied). */
import { isUnconditional, lookupVerdict } from "../../semantics/table.js";
import { q, type CheckerRule } from "../rule.js";

export const useNeverCollected: CheckerRule = {
  codes: ["PC3001"],
  check(ctx) {
    const table = ctx.table();
    for (const p of ctx.model.purposes) {
      if (p.bases.length === 0 || p.children.length > 0) continue;
      for (const c of p.uses) {
        const cell = lookupVerdict(table, { action: "collect", category: c, purpose: p.id, recipient: null });
        if (!cell || cell.outcome !== "deny") continue;
        const denying = cell.deny.find(isUnconditional);
        const denySpan = denying ? ctx.ruleSpan(denying.rule) : undefined;
        ctx.report("PC3001", { purpose: q(p.id), category: q(c) }, ctx.declSpan("purpose", p.id), {
          related: denySpan ? [{ message: "collection is denied here", span: denySpan }] : [],
        });
      }
    }
  },
};
