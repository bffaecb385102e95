/** A listed recipient should correspond to some possible data flow. */
import { fromLibrary } from "../../model/collected.js";
import { overridingDeny, someCell } from "../../semantics/table.js";
import { q, type CheckerRule } from "../rule.js";
import { describeRule } from "./scope.js";

export const recipientReceivesNothing: CheckerRule = {
  codes: ["PC3003"],
  check(ctx) {
    const receiving = new Set<string>();
    const table = ctx.table();
    // stops once every recipient of the table receives something, as most do early
    someCell(table, (verdict, _action, _category, _purpose, recipient) => {
      if (recipient !== null && verdict.outcome !== "deny") receiving.add(recipient);
      return receiving.size === table.recipients.length;
    });
    const providers = new Set(ctx.model.trackers.flatMap((t) => t.providers));
    const sources = new Set(ctx.model.categories.map((c) => c.from).filter((f): f is string => f !== null));
    for (const r of ctx.model.recipients) {
      if (r.children.length > 0 || receiving.has(r.id) || providers.has(r.id) || sources.has(r.id)) continue;
      // Rules that name it but never take effect: the advice is not to add one (PC3014 says why).
      const overridden = ctx.model.rules.filter((rule) => rule.origin === "rule" && rule.effect === "allow" && rule.recipients.includes(r.id));
      const by = overridden.map((rule) => ({ rule, by: overridingDeny(ctx.table(), rule) })).filter((x) => x.by !== null);
      if (by.length > 0) {
        const first = by[0]!;
        const deny = ctx.model.rules.find((rule) => rule.id === first.by);
        const allowSpan = ctx.ruleSpan(first.rule.id);
        const denySpan = ctx.ruleSpan(first.by!);
        ctx.report("PC3003", { recipient: q(r.id) }, ctx.declSpan("recipient", r.id), {
          help: `${describeRule(first.rule)} names it, but ${deny ? describeRule(deny) : "a deny"} denies everything it allows (PC3014): narrow that deny, or remove the recipient`,
          related: [
            ...(allowSpan ? [{ message: "this allow names it, and never takes effect", span: allowSpan }] : []),
            ...(denySpan ? [{ message: "overridden by this deny", span: denySpan }] : []),
          ],
        });
        continue;
      }
      // a standard-library recipient named only where data is refused (`deny share personal with
      // advertisers`) is a promise about that party, not a recipient of ours
      if (fromLibrary(r) && overridden.length === 0) continue;
      ctx.report("PC3003", { recipient: q(r.id) }, ctx.declSpan("recipient", r.id));
    }
  },
};
