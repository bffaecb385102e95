/**
 * CCPA 1798.120(c)-(d): the personal information of a consumer under 16 is not sold or shared
 * (for cross-context advertising) without opt-in consent: their own from 13 to 15, a parent's under
 * 13. Asked of the decision table for a person in California (or in what holds it, where the
 * policy names only that) who is under 16: a minor, and under every age limit of 16 or more the
 * policy names. A sale, or a share of advertising data with a third party, that the guards allow
 * without consent the person gave (an opt-in; an opt-out purpose's `consent` holds for anyone who
 * has not objected), a law, or data about no one, is reported at the rule that allows it.
 */
import type { Literal } from "../../model/types.js";
import { regionsOf } from "../../model/rights.js";
import { ageLimit } from "../../model/ages.js";
import { describeFacts, describeRequest } from "../../semantics/assertions.js";
import { ccpaAudience, flowsWithout, leafIds, personalLeaves } from "../flows.js";
import type { CheckerRule } from "../rule.js";
import { describeRuleId } from "./scope.js";

const NOT_NEEDED = ["required_by_law", "permitted_by_law", "anonymised", "aggregated"] as const;

export const ccpaMinors: CheckerRule = {
  codes: ["PC4023"],
  check(ctx) {
    if (!ctx.profiles.has("ccpa")) return;
    const { model } = ctx;
    const table = ctx.table();
    const categories = personalLeaves(model);
    if (categories.length === 0) return;
    // the person: in California, as far as the policy's places tell (`in US-CA`, `in US`), a minor,
    // and under each age limit of 16 or more
    const where: Literal[] = [
      ...regionsOf("US-CA").filter((j) => table.atoms.includes(`in:${j}`)).map((j) => ({ atom: `in:${j}` as const, negated: false })),
      { atom: "minor", negated: false },
      ...table.atoms.filter((a) => (ageLimit(a) ?? 0) >= 16).map((a) => ({ atom: a as Literal["atom"], negated: false })),
    ];
    const { thirdParties, advertising } = ccpaAudience(model);
    const recipients = leafIds(model.recipients);
    const leaves = model.purposes.filter((p) => p.children.length === 0);
    // opt-in purposes: their consent is an opt-in; others: only explicit consent is one
    const groups = [
      { purposes: leaves.filter((p) => p.consentMode === "opt_in").map((p) => p.id), unless: ["consent", "explicit_consent", ...NOT_NEEDED] },
      { purposes: leaves.filter((p) => p.consentMode !== "opt_in").map((p) => p.id), unless: ["explicit_consent", ...NOT_NEEDED] },
    ];
    const reported = new Set<string>();
    for (const g of groups) {
      const asked = [
        { actions: ["sell"] as const, recipients, purposes: g.purposes },
        { actions: ["share"] as const, recipients: thirdParties, purposes: g.purposes.filter((p) => advertising.includes(p)) },
      ];
      for (const a of asked) {
        if (a.recipients.length === 0 || a.purposes.length === 0) continue;
        for (const cx of flowsWithout(table, { ...a, categories, unless: g.unless, where, sourceRef: model.header.source })) {
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
