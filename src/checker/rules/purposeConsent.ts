/**
 * A purpose that rests on consent is carried out only with it: the purpose's own rules (collect,
 * use) wait for `consent`, and the published policy says "we only do this once you have given
 * your consent". A rule that shares, sells or transfers personal data for such a purpose without
 * `when consent` lets the guards pass it on for a purpose the person never agreed to. Checked
 * over the decision table, as `assert never share personal with anyone for P unless consent,
 * explicit_consent, at_request, required_by_law, permitted_by_law, anonymised, aggregated` would be.
 */
import type { Basis, Literal } from "../../model/types.js";
import { describeFacts, describeRequest } from "../../semantics/assertions.js";
import { CONSENT_BASES } from "../../syntax/ast.js";
import { flowsWithout, leafIds, personalLeaves } from "../flows.js";
import { q, type CheckerRule } from "../rule.js";
import { describeRuleId } from "./scope.js";

/** What makes it fine without consent: consent itself, the person's own request (a clear act for that one sharing), a law, data about no one. */
const UNLESS = ["consent", "explicit_consent", "at_request", "required_by_law", "permitted_by_law", "anonymised", "aggregated"] as const;

export const purposeConsent: CheckerRule = {
  codes: ["PC3024"],
  check(ctx) {
    const { model } = ctx;
    const personal = personalLeaves(model);
    const recipients = leafIds(model.recipients);
    if (personal.length === 0 || recipients.length === 0) return;
    const reported = new Set<string>();
    for (const p of model.purposes) {
      if (p.children.length > 0) continue;
      // Where the purpose rests on consent alone: its main bases outside the jurisdictions of its
      // variants, and each variant's bases inside its own (`basis consent { EU contract }` rests
      // on consent outside the EU only).
      const parts: { bases: readonly Basis[]; where: Literal[] }[] = [
        { bases: p.bases, where: p.basisIn.map((v) => ({ atom: `in:${v.jurisdiction}` as const, negated: true })) },
        ...p.basisIn.map((v) => ({ bases: v.bases, where: [{ atom: `in:${v.jurisdiction}` as const, negated: false }] })),
      ];
      for (const part of parts) {
        if (part.bases.length === 0 || !part.bases.every((b) => CONSENT_BASES.has(b))) continue;
        // explicit consent alone: plain consent does not do
        const explicit = part.bases.every((b) => b === "explicit_consent");
        const needed = explicit ? "`explicit_consent`" : "`consent`";
        const unless = explicit ? UNLESS.filter((a) => a !== "consent") : UNLESS;
        // every rule that does it, each once, though it pass data on for several purposes
        const scope = { recipients, purposes: [p.id], unless, where: part.where, sourceRef: p.sourceRef };
        const found = flowsWithout(ctx.table(), { ...scope, categories: personal });
        // the example a reader recognises: data the purpose uses, where the rule passes that on
        const fresh = found.filter((cx) => !reported.has(cx.rules[0]!));
        const uses = fresh.length > 0 ? new Set(p.uses) : undefined;
        const used = uses ? personal.filter((c) => uses.has(c)) : [];
        const preferred = new Map(used.length > 0 ? flowsWithout(ctx.table(), { ...scope, categories: used }).map((cx) => [cx.rules[0]!, cx] as const) : []);
        for (const first of found) {
          const cx = preferred.get(first.rules[0]!) ?? first;
          const rule = cx.rules[0]!;
          if (reported.has(rule)) continue;
          reported.add(rule);
          ctx.report(
            "PC3024",
            { rule: describeRuleId(ctx.model.rules, rule), purpose: q(p.id), needed, request: describeRequest(cx.request), facts: describeFacts(cx.facts) },
            ctx.ruleSpan(rule) ?? ctx.declSpan("purpose", p.id),
            {
              help: `add ${needed} to the \`when\` of the rule that allows it`,
              related: [{ message: "the purpose that rests on consent", span: ctx.declSpan("purpose", p.id)! }],
            },
          );
        }
      }
    }
  },
};
