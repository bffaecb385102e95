/**
 * `share`, `sell` and `transfer` are three actions to the decision table, but to a reader all
 * three disclose the data: "we never share your health data" next to a rule that sells or
 * transfers it to someone is a promise the policy breaks in the same text, and deny-overrides
 * does not settle it, since the deny is of another action (PC3039).
 *
 * Read from the table: where a deny of sharing that holds whatever the facts decides a share
 * (its own exceptions carved out), a sale or transfer of the same data to the same recipient for
 * the same purpose that some rule (or exception) allows is a finding, once per pair of rules.
 */
import { isUnconditional, lookupVerdict, someInScope } from "../../semantics/table.js";
import { q, type CheckerRule } from "../rule.js";
import { describeRule, describeRuleId } from "./scope.js";

const OTHER_DISCLOSURES = ["sell", "transfer"] as const;

export const disclosureActions: CheckerRule = {
  codes: ["PC3039"],
  check(ctx) {
    // a deny of sharing that holds whatever the facts
    const promises = ctx.model.rules.filter((r) => r.origin === "rule" && r.effect === "deny" && r.action === "share" && r.conditions.length === 0);
    if (promises.length === 0) return;
    const table = ctx.table();
    const found = new Map<string, { allow: string; deny: (typeof promises)[number]; action: string; example: string }>();
    for (const deny of promises) {
      someInScope(table, deny, (share, category, purpose, recipient) => {
        // a share this deny decides: an exception that allows it leaves no unconditional term of its own
        if (!share.deny.some((t) => t.rule === deny.id && isUnconditional(t))) return false;
        for (const action of OTHER_DISCLOSURES) {
          const other = lookupVerdict(table, { action, category, purpose, recipient });
          if (!other || other.outcome === "deny") continue;
          for (const t of other.allow) {
            const key = `${t.rule}\u0000${deny.id}\u0000${action}`;
            if (!found.has(key)) found.set(key, { allow: t.rule, deny, action, example: `${q(category)} to ${q(recipient!)} for ${q(purpose)}` });
          }
        }
        return false;
      });
    }
    for (const { allow, deny, action, example } of found.values()) {
      const span = ctx.ruleSpan(deny.id);
      ctx.report(
        "PC3039",
        { rule: describeRuleId(ctx.model.rules, allow), action, example, deny: describeRule(deny), disclosure: action === "sell" ? "a sale" : "a transfer" },
        ctx.ruleSpan(allow),
        { related: span ? [{ message: "the deny of sharing", span }] : [] },
      );
    }
  },
};
