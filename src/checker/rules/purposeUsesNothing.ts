/**
 * A purpose that uses no data and that no rule or tracker names does nothing: the document lists
 * it with nothing under it, and the guards allow nothing for it. Usually its `uses` was forgotten.
 * A rule names a purpose when its written `for` covers it: a rule without `for` (`deny sell
 * personal to anyone`, which nearly every policy has), one `for any`, and the rules an audience
 * makes apply to every purpose (or every marketing one) and name none.
 *
 * A purpose with sub-purposes and `uses` of its own allows nothing either (PC3044): requests name
 * leaf purposes, and `uses` is not passed down, yet the document lists the data under it.
 */
import type { Rule } from "../../model/types.js";
import { q, qList, type CheckerRule } from "../rule.js";

function namedBy(rules: readonly Rule[], into: Set<string>): void {
  for (const r of rules) {
    // a rule the policy wrote (not an audience's, which covers every marketing purpose or every
    // purpose), whose `for` names purposes (not `any`, which is every one)
    if (r.origin !== "rule") continue;
    if (r.written.purposes.length > 0 && !r.written.purposes.includes("any")) for (const p of r.purposes) into.add(p);
    namedBy(r.exceptions, into);
  }
}

export const purposeUsesNothing: CheckerRule = {
  codes: ["PC3028", "PC3044"],
  check(ctx) {
    const named = new Set(ctx.model.trackers.flatMap((t) => t.purposes));
    namedBy(ctx.model.rules, named);
    for (const p of ctx.model.purposes) {
      if (p.children.length > 0) {
        if (p.uses.length > 0) ctx.report("PC3044", { purpose: q(p.id), children: qList(p.leaves, 4) }, ctx.declSpan("purpose", p.id));
        continue;
      }
      if (p.uses.length > 0 || named.has(p.id)) continue;
      ctx.report("PC3028", { purpose: q(p.id) }, ctx.declSpan("purpose", p.id));
    }
  },
};
