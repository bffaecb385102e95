/**
 * A recipient with `needs_consent yes` is shared with only on the person's consent to that
 * recipient (or where a law requires or permits the sharing). The consent record has a place for
 * that consent, but only a rule's `when recipient_consent` makes the guards ask for it: a rule
 * that shares with such a recipient without it contradicts the declaration. Checked over the
 * decision table, as `assert never share personal with R unless recipient_consent,
 * at_request, required_by_law, permitted_by_law, anonymised, aggregated` would be.
 */
import { describeFacts, describeRequest } from "../../semantics/assertions.js";
import { flowsWithout, leafIds, personalLeaves } from "../flows.js";
import { q, type CheckerRule } from "../rule.js";
import { describeRuleId } from "./scope.js";

/**
 * What makes sharing with such a recipient fine without its consent: the consent itself, the
 * person's own request to share with them, a law, or data that is about no one.
 */
const UNLESS = ["recipient_consent", "at_request", "required_by_law", "permitted_by_law", "anonymised", "aggregated"] as const;

export const recipientConsent: CheckerRule = {
  codes: ["PC3023"],
  check(ctx) {
    const { model } = ctx;
    const personal = personalLeaves(model);
    const purposes = leafIds(model.purposes);
    if (personal.length === 0 || purposes.length === 0) return;
    const reported = new Set<string>();
    const rulesReported = new Set<string>();
    // a group that needs consent covers its leaves; a leaf is checked once, under its own name
    // when it says so itself, else under the nearest group that does: the deepest first
    const depth = (id: string) => id.split(".").length;
    for (const r of [...model.recipients].sort((a, b) => depth(b.id) - depth(a.id))) {
      if (!r.needsConsent) continue;
      const leaves = r.leaves.filter((l) => !reported.has(l));
      if (leaves.length === 0) continue;
      const found = flowsWithout(ctx.table(), { categories: personal, recipients: leaves, purposes, unless: UNLESS, sourceRef: r.sourceRef });
      for (const cx of found) {
        const rule = cx.rules[0]!;
        if (rulesReported.has(rule)) continue;
        rulesReported.add(rule);
        ctx.report(
          "PC3023",
          { rule: describeRuleId(ctx.model.rules, rule), recipient: q(r.id), request: describeRequest(cx.request), facts: describeFacts(cx.facts) },
          ctx.ruleSpan(rule) ?? ctx.declSpan("recipient", r.id),
          { related: [{ message: "the recipient that needs its own consent", span: ctx.declSpan("recipient", r.id)! }] },
        );
      }
      if (found.length > 0) for (const l of leaves) reported.add(l);
    }
  },
};
