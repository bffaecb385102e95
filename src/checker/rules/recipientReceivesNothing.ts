/** A listed recipient should correspond to some possible data flow. */
import { someCell } from "../../semantics/table.js";
import { q, type CheckerRule } from "../rule.js";

export const recipientReceivesNothing: CheckerRule = {
  codes: ["PC3003"],
  check(ctx) {
    const receiving = new Set<string>();
    someCell(ctx.table(), (verdict, _action, _category, _purpose, recipient) => {
      if (recipient !== null && verdict.outcome !== "deny") receiving.add(recipient);
      return false;
    });
    const providers = new Set(ctx.model.trackers.flatMap((t) => t.providers));
    const sources = new Set(ctx.model.categories.map((c) => c.from).filter((f): f is string => f !== null));
    for (const r of ctx.model.recipients) {
      if (r.children.length > 0 || receiving.has(r.id) || providers.has(r.id) || sources.has(r.id)) continue;
      ctx.report("PC3003", { recipient: q(r.id) }, ctx.declSpan("recipient", r.id));
    }
  },
};
