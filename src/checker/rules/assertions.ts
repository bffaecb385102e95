/** Declared `assert` invariants, proven over every request of the decision table. */
import { checkAssertion, describeRequest, vacuity } from "../../semantics/assertions.js";
import { q, type CheckerRule } from "../rule.js";

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
      const facts = cx.facts.length > 0 ? `when ${cx.facts.join(", ")}` : "when no condition holds";
      ctx.report("PC3019", { assertion: q(a.text), request: describeRequest(cx.request), outcome: a.mode === "never" ? "allowed" : "denied", facts }, ctx.ruleSpan(a.id), {
        ...(a.mode === "allows"
          ? { help: cx.rules.length > 0 ? "the rule that refuses it is listed below; change it or the assertion" : "no rule allows it: add one, or change the assertion" }
          : {}),
        related: cx.rules
          .map((id) => ({ id, span: ctx.ruleSpan(id) }))
          .filter((x) => x.span !== undefined)
          .map((x) => ({ message: a.mode === "never" ? `allowed by \`${x.id}\`` : `refused by \`${x.id}\``, span: x.span! })),
      });
    }
  },
};
