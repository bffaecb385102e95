/**
 * Rules that change no decision: an allow that a deny always overrides (PC3014), an exception
 * as broad as its rule (PC3015), an allow that another allow already grants (PC3016). Cedar's
 * analysis reports the same three for its policies. And an exception that never applies, its
 * conditions contradicting those of its rule (PC3036): an exception holds only where its rule does.
 */
import type { Literal, Rule } from "../../model/types.js";
import { overridingDeny } from "../../semantics/table.js";
import { q, type CheckerRule } from "../rule.js";
import { compatible, describeRule, isFlow, literalsSubset, relate, RulesByData } from "./scope.js";

const within = (a: Rule, b: Rule): boolean =>
  ["equal", "narrower"].includes(relate(a.categories, b.categories)) &&
  ["equal", "narrower"].includes(relate(a.purposes, b.purposes)) &&
  (!isFlow(a) || ["equal", "narrower"].includes(relate(a.recipients, b.recipients)));

export const shadowing: CheckerRule = {
  codes: ["PC3014", "PC3015", "PC3016", "PC3036"],
  check(ctx) {
    const explicit = ctx.model.rules.filter((r) => r.origin === "rule");
    const order = new Map(explicit.map((r, i) => [r, i]));
    // An allow can only lie within an allow of the same action that covers all its data, so
    // one listed under its first category.
    const allows = new RulesByData(explicit.filter((b) => b.effect === "allow" && b.exceptions.length === 0));
    const rulesById = new Map(ctx.model.rules.map((r) => [r.id, r]));
    const table = ctx.table();
    for (const a of explicit) {
      if (a.effect !== "allow" || a.categories.length === 0) continue;
      // Overridden when every cell of its scope has an unconditional deny.
      const by = overridingDeny(table, a);
      if (by !== null) {
        const byRule = rulesById.get(by);
        const byText = byRule ? describeRule(byRule) : "a deny";
        ctx.report("PC3014", { rule: describeRule(a), reason: `${byText} denies everything it allows` }, ctx.ruleSpan(a.id), {
          related: ctx.ruleSpan(by) ? [{ message: "overridden by this deny", span: ctx.ruleSpan(by)! }] : [],
        });
        continue;
      }
      const candidates = a.exceptions.length === 0 ? allows.under(a.action, a.categories[0]!) : [];
      const other = candidates.find(
        (b) =>
          b !== a &&
          within(a, b) &&
          literalsSubset(b.conditions, a.conditions) &&
          // of two identical rules, report only the later one
          !(within(b, a) && literalsSubset(a.conditions, b.conditions) && order.get(b)! > order.get(a)!),
      );
      if (other) {
        ctx.report("PC3016", { rule: describeRule(a), other: describeRule(other) }, ctx.ruleSpan(a.id), {
          related: [{ message: "already allowed here", span: ctx.ruleSpan(other.id)! }],
        });
      }
    }
    // `held`: the conditions of the rule and of every rule above it, under which its exceptions apply
    const visit = (r: Rule, held: readonly Literal[]) => {
      for (const e of r.exceptions) {
        if (!compatible(e.conditions, held)) {
          const clash = e.conditions.find((l) => held.some((m) => m.atom === l.atom && m.negated !== l.negated))!;
          ctx.report("PC3036", { exception: describeRule(e), condition: q(`${clash.negated ? "not " : ""}${clash.atom.replace(/^in:/, "in ").replace(/^age_under:/, "age_under ")}`) }, ctx.ruleSpan(e.id), {
            related: [{ message: "the rule whose conditions it contradicts", span: ctx.ruleSpan(r.id)! }],
          });
        } else if (within(r, e) && literalsSubset(e.conditions, r.conditions)) {
          ctx.report("PC3015", { rule: describeRule(r) }, ctx.ruleSpan(e.id), {
            related: [{ message: "the rule it empties", span: ctx.ruleSpan(r.id)! }],
          });
        }
        visit(e, [...held, ...e.conditions]);
      }
    };
    for (const r of explicit) visit(r, r.conditions);
  },
};
