/**
 * `share`, `sell` and `transfer` are three actions to the decision table, but to a reader all
 * three disclose the data: "we never share your health data" next to a rule that sells or
 * transfers it to someone is a promise the policy breaks in the same text, and deny-overrides
 * does not settle it, since the deny is of another action (PC3039).
 */
import type { Rule } from "../../model/types.js";
import { isUnconditional, someInScope } from "../../semantics/table.js";
import { q, type CheckerRule } from "../rule.js";
import { describeRule, RulesByData } from "./scope.js";

const OTHER_DISCLOSURES = new Set(["sell", "transfer"]);

export const disclosureActions: CheckerRule = {
  codes: ["PC3039"],
  check(ctx) {
    const explicit = ctx.model.rules.filter((r) => r.origin === "rule");
    // a deny of sharing that holds whatever the facts, listed by the data it covers
    const promises = explicit.filter((r) => r.effect === "deny" && r.action === "share" && r.conditions.length === 0);
    if (promises.length === 0) return;
    const byData = new RulesByData(promises);
    const table = ctx.table();
    for (const allow of explicit) {
      if (allow.effect !== "allow" || !OTHER_DISCLOSURES.has(allow.action)) continue;
      const seen = new Set<Rule>();
      for (const c of new Set(allow.categories)) {
        for (const deny of byData.under("share", c)) {
          if (seen.has(deny)) continue;
          seen.add(deny);
          const overlap = {
            action: allow.action,
            categories: allow.categories.filter((x) => deny.categories.includes(x)),
            purposes: allow.purposes.filter((x) => deny.purposes.includes(x)),
            recipients: allow.recipients.filter((x) => deny.recipients.includes(x)),
          };
          // the allow takes effect somewhere in the overlap: some cell its own action leaves open
          let example: { category: string; purpose: string; recipient: string } | undefined;
          someInScope(table, overlap, (v, category, purpose, recipient) => {
            if (v.outcome === "deny" || v.deny.some(isUnconditional) || !v.allow.some((t) => t.rule === allow.id)) return false;
            example = { category, purpose, recipient: recipient! };
            return true;
          });
          if (!example) continue;
          const span = ctx.ruleSpan(deny.id);
          ctx.report(
            "PC3039",
            {
              rule: describeRule(allow),
              action: allow.action,
              example: `${q(example.category)} to ${q(example.recipient)} for ${q(example.purpose)}`,
              deny: describeRule(deny),
              disclosure: allow.action === "sell" ? "a sale" : "a transfer",
            },
            ctx.ruleSpan(allow.id),
            { related: span ? [{ message: "the deny of sharing", span }] : [] },
          );
        }
      }
    }
  },
};
