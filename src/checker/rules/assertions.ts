/** Declared `assert` invariants, proven over every request of the decision table. */
import { checkAssertion, describeFacts, describeRequest, vacuity } from "../../semantics/assertions.js";
import { q, type CheckerRule } from "../rule.js";
import { describeRuleId } from "./scope.js";

export const assertions: CheckerRule = {
  codes: ["PC3019", "PC3022"],
  check(ctx) {
    for (const a of ctx.model.assertions) {
      const why = vacuity(ctx.table(), a);
      if (why) {
        ctx.report("PC3022", { assertion: q(a.text), why }, ctx.ruleSpan(a.id));
        continue;
      }
      const cx = checkAssertion(ctx.table(), a);
      if (!cx) continue;
      const facts = describeFacts(cx.facts);
      // a rule as its author knows it: "the allow rule at line 15", "the basis of purpose `news`"
      const ruleName = (id: string) => describeRuleId(ctx.model.rules, id);
      // a purpose's allows (one per jurisdiction of its basis) named once
      const waiting = [...new Set((cx.waiting ?? []).map(ruleName))];
      ctx.report("PC3019", { assertion: q(a.text), request: describeRequest(cx.request), outcome: a.mode === "never" ? "allowed" : "denied", facts }, ctx.ruleSpan(a.id), {
        ...(a.mode === "allows"
          ? {
              help:
                cx.rules.length > 0
                  ? "the rule that refuses it is listed below; change it or the assertion"
                  : waiting.length > 0
                    ? `${waiting.join(", ")} allow${waiting.length === 1 ? "s" : ""} it only under conditions the assertion does not state: add them to the assertion, or change ${waiting.length === 1 ? "it" : "them"}`
                    : "no rule allows it under the assertion's conditions, even with more facts: add one, or change the rules that refuse it, or the assertion",
            }
          : {}),
        related: [
          ...cx.rules.map((id) => ({ id, message: a.mode === "never" ? `allowed by ${ruleName(id)}` : `refused by ${ruleName(id)}` })),
          ...[...new Map((cx.waiting ?? []).map((id) => [ruleName(id), id])).entries()].map(([name, id]) => ({ id, message: `${name} allows it only under more conditions` })),
        ]
          .map((x) => ({ message: x.message, span: ctx.ruleSpan(x.id) }))
          .filter((x): x is { message: string; span: NonNullable<typeof x.span> } => x.span !== undefined),
      });
    }
  },
};
