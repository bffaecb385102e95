/**
 * CCPA 1798.120(c)-(d): the personal information of a consumer under 16 is not sold or shared
 * (for cross-context advertising) without opt-in consent: their own from 13 to 15, a parent's under
 * 13. Asked of the decision table for a person in California who is under 16 (or a minor, where
 * the policy's ages tell no 16 apart): a sale, or a share of advertising data with a third party,
 * that the guards allow without consent the person gave (an opt-in; an opt-out purpose's
 * `consent` holds for anyone who has not objected), a law, or data about no one.
 */
import type { Literal, Purpose } from "../../model/types.js";
import { describeFacts, describeRequest, neverViolations } from "../../semantics/assertions.js";
import { PERSONAL_CLASSIFICATIONS } from "../../syntax/ast.js";
import type { CheckerRule } from "../rule.js";
import { describeRuleId } from "./scope.js";

const NOT_NEEDED = ["required_by_law", "permitted_by_law", "anonymised", "aggregated"] as const;

export const ccpaMinors: CheckerRule = {
  codes: ["PC4023"],
  check(ctx) {
    if (!ctx.profiles.has("ccpa")) return;
    const { model } = ctx;
    const table = ctx.table();
    const atoms = new Set(table.atoms);
    const personal = model.categories.filter((c) => c.children.length === 0 && PERSONAL_CLASSIFICATIONS.has(c.classification)).map((c) => c.id);
    if (personal.length === 0) return;
    // the person: in California where the policy knows it, and under 16 (or a minor)
    const who: Literal[] = [];
    if (atoms.has("in:US-CA")) who.push({ atom: "in:US-CA", negated: false });
    who.push(atoms.has("age_under:16") ? { atom: "age_under:16", negated: false } : { atom: "minor", negated: false });
    const leaves = (ps: readonly Purpose[]) => ps.filter((p) => p.children.length === 0);
    // opt-in purposes: their consent is an opt-in; others: only explicit consent is one
    const groups = [
      { purposes: leaves(model.purposes).filter((p) => p.consentMode === "opt_in").map((p) => p.id), unless: ["consent", "explicit_consent", ...NOT_NEEDED] },
      { purposes: leaves(model.purposes).filter((p) => p.consentMode !== "opt_in").map((p) => p.id), unless: ["explicit_consent", ...NOT_NEEDED] },
    ];
    const advertising = new Set(model.purposes.filter((p) => p.marketing).map((p) => p.id));
    const thirdParties = model.recipients.filter((r) => r.children.length === 0 && r.type !== "processor" && r.type !== "authority").map((r) => r.id);
    const allRecipients = model.recipients.filter((r) => r.children.length === 0).map((r) => r.id);
    const reported = new Set<string>();
    for (const g of groups) {
      for (const [action, recipients, purposes] of [
        ["sell", allRecipients, g.purposes],
        ["share", thirdParties, g.purposes.filter((p) => advertising.has(p))],
      ] as const) {
        if (recipients.length === 0 || purposes.length === 0) continue;
        const conditions: Literal[] = [...g.unless.map((atom) => ({ atom: atom as Literal["atom"], negated: true })), ...who];
        const claim = { id: `ccpa-minors:${action}`, mode: "never" as const, action, categories: personal, recipients, purposes, conditions, text: "", prose: null, sourceRef: model.header.source };
        for (const cx of neverViolations(table, claim)) {
          const rule = cx.rules[0]!;
          if (reported.has(rule)) continue;
          reported.add(rule);
          ctx.report(
            "PC4023",
            { rule: describeRuleId(model.rules, rule), request: describeRequest(cx.request), facts: describeFacts(cx.facts) },
            ctx.ruleSpan(rule) ?? ctx.headerSpan,
            { help: "add `when consent` for a purpose that asks for opt-in consent (`consent opt_in`), or deny it `when age_under 16`; where a purpose is opt-out, only an opt-in will do for those under 16" },
          );
        }
      }
    }
  },
};
