/**
 * A purpose's `uses` promises a use that the rules make impossible: collecting the data is always
 * denied, for this purpose and for every other. Data collected for another purpose may still be
 * used for this one (a further use, such as handing existing records to the authorities), so a
 * deny of collection for this purpose alone is no contradiction.
 */
import { isUnconditional, lookupVerdict } from "../../semantics/table.js";
import { q, type CheckerRule } from "../rule.js";

export const useNeverCollected: CheckerRule = {
  codes: ["PC3001"],
  check(ctx) {
    const table = ctx.table();
    const collectedFor = (category: string, purpose: string) => {
      const v = lookupVerdict(table, { action: "collect", category, purpose, recipient: null });
      return v !== undefined && v.outcome !== "deny";
    };
    const leaves = ctx.model.purposes.filter((p) => p.bases.length > 0 && p.children.length === 0);
    for (const p of ctx.model.purposes) {
      if (p.bases.length === 0 || p.children.length > 0) continue;
      for (const c of p.uses) {
        const cell = lookupVerdict(table, { action: "collect", category: c, purpose: p.id, recipient: null });
        if (!cell || cell.outcome !== "deny") continue;
        if (leaves.some((other) => other !== p && collectedFor(c, other.id))) continue;
        const denying = cell.deny.find(isUnconditional);
        const denySpan = denying ? ctx.ruleSpan(denying.rule) : undefined;
        ctx.report("PC3001", { purpose: q(p.id), category: q(c) }, ctx.declSpan("purpose", p.id), {
          related: denySpan ? [{ message: "collection is denied here", span: denySpan }] : [],
        });
      }
    }
  },
};
