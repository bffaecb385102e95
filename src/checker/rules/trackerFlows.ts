/**
 * A tracker a third party operates (`providers`) hands what it collects to that party: a
 * disclosure the published policy lists under the recipient ("Through ..."), made by code the
 * guards never see. When a rule of the policy always denies sharing that data with that party,
 * or an assertion says it never happens, the policy says both (PC3038).
 */
import { givenByProvider } from "../../model/collected.js";
import type { Assertion } from "../../model/types.js";
import { isUnconditional, lookupVerdict } from "../../semantics/table.js";
import { describeRuleId } from "./scope.js";
import { q, type CheckContext, type CheckerRule } from "../rule.js";
import { leafIds } from "../flows.js";

export const trackerFlows: CheckerRule = {
  codes: ["PC3038"],
  check(ctx) {
    const { model } = ctx;
    const categories = new Map(model.categories.map((c) => [c.id, c]));
    const recipients = new Map(model.recipients.map((r) => [r.id, r]));
    const purposes = new Map(model.purposes.map((p) => [p.id, p]));
    const leafPurposes = leafIds(model.purposes);
    // assertions that a share never happens, whoever the person and whatever else holds
    const promises = model.assertions.filter((a: Assertion) => a.mode === "never" && a.action === "share" && a.conditions.length === 0);
    for (const t of model.trackers) {
      if (t.providers.length === 0) continue;
      // a tracker serving no stated purpose is checked against every purpose
      const served = t.purposes.length > 0 ? [...new Set(t.purposes.flatMap((id) => purposes.get(id)?.leaves ?? [id]))] : leafPurposes;
      for (const r of [...new Set(t.providers.flatMap((id) => recipients.get(id)?.leaves ?? [id]))]) {
        // data the provider itself gives us (a sign-on profile) is not data it receives
        const given = t.collects
          .flatMap((id) => categories.get(id)?.leaves ?? [id])
          .filter((c) => !givenByProvider(categories.get(c), [r], (from) => recipients.get(from)?.leaves));
        const denied = new Map<string, Set<string>>();
        for (const c of new Set(given)) {
          // denied for a purpose it serves by a deny that holds whatever the facts (as an assertion
          // is broken by one purpose): the tracker collects for all its purposes at once
          for (const u of served) {
            const v = lookupVerdict(ctx.table(), { action: "share", category: c, purpose: u, recipient: r });
            for (const d of v?.deny ?? []) if (isUnconditional(d)) denied.set(d.rule, (denied.get(d.rule) ?? new Set()).add(c));
          }
        }
        for (const [rule, cats] of denied) {
          report(ctx, t.id, [...cats], r, `${describeRuleId(model.rules, rule)} denies sharing ${cats.size === 1 ? "it" : "them"} with ${q(r)}`, rule, "the deny");
        }
        for (const a of promises) {
          if (!a.recipients.includes(r)) continue;
          const cats = [...new Set(given)].filter((c) => a.categories.includes(c) && served.some((u) => a.purposes.includes(u)));
          if (cats.length > 0) report(ctx, t.id, cats, r, `assertion ${q(a.text)} says that never happens`, a.id, "the assertion");
        }
      }
    }
  },
};

function report(ctx: CheckContext, tracker: string, cats: readonly string[], recipient: string, why: string, by: string, what: string): void {
  const span = ctx.ruleSpan(by);
  ctx.report("PC3038", { tracker: q(tracker), categories: cats.map(q).join(", "), recipient: q(recipient), why }, ctx.declSpan("tracker", tracker), {
    related: span ? [{ message: what, span }] : [],
  });
}
