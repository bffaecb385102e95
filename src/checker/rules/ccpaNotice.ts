/**
 * CCPA/CPRA notice at collection (11 CCR 7012): a "Do Not Sell or Share" link where personal
 * information is sold or shared for advertising, a retention period per category, and a link to
 * the full policy. Active when the policy declares `US-CA` (or `--profile ccpa`).
 */
import { describeRequest } from "../../semantics/assertions.js";
import { q, type CheckerRule } from "../rule.js";
import { PERSONAL_CLASSIFICATIONS } from "../../syntax/ast.js";
import { ccpaAudience, flowsWithout, leafIds, personalLeaves } from "../flows.js";
import { describeRuleId } from "./scope.js";

const NOT_A_SALE = ["required_by_law", "permitted_by_law", "at_request", "anonymised", "aggregated"] as const;

export const ccpaNotice: CheckerRule = {
  codes: ["PC4020", "PC4021", "PC4022"],
  check(ctx) {
    if (!ctx.profiles.has("ccpa")) return;
    const { model } = ctx;
    const personal = new Set(model.categories.filter((c) => PERSONAL_CLASSIFICATIONS.has(c.classification)).map((c) => c.id));
    // processors and authorities are not "sharing" under the CPRA; everyone else is. What a law
    // requires or permits, what the person directs us to disclose, and deidentified or aggregate
    // information are no sale or share (1798.140(ad)(2), 1798.145(a)), so a rule that passes data
    // on only then asks for no link.
    if (!model.header.doNotSellUrl) {
      const { thirdParties, advertising } = ccpaAudience(model);
      const categories = personalLeaves(model);
      const recipients = leafIds(model.recipients);
      const purposes = leafIds(model.purposes);
      const asked = [
        { actions: ["sell"] as const, recipients, purposes },
        { actions: ["share"] as const, recipients: thirdParties, purposes: advertising },
      ];
      const first = asked
        .filter((a) => categories.length > 0 && a.recipients.length > 0 && a.purposes.length > 0)
        .flatMap((a) => flowsWithout(ctx.table(), { ...a, categories, unless: NOT_A_SALE, sourceRef: model.header.source }))[0];
      if (first) {
        const rule = first.rules[0]!;
        const span = ctx.ruleSpan(rule);
        ctx.report("PC4020", { rule: describeRuleId(model.rules, rule), request: describeRequest(first.request) }, ctx.headerSpan, {
          related: span ? [{ message: "the rule that sells or shares", span }] : [],
        });
      }
    }
    const withPeriod = new Set(model.retention.filter((r) => r.period !== null).flatMap((r) => r.categories));
    const used = new Set(model.purposes.flatMap((p) => p.uses));
    for (const c of model.categories) {
      if (c.children.length > 0 || !used.has(c.id) || !personal.has(c.id) || withPeriod.has(c.id)) continue;
      const covering = model.retention.filter((r) => r.categories.includes(c.id));
      // no retention at all is PC3007's; criteria alone under the GDPR too is PC4005's, once
      if (covering.length === 0) continue;
      if (ctx.profiles.has("gdpr") && covering.every((r) => r.criteria.length > 0)) continue;
      ctx.report("PC4021", { category: q(c.id) }, ctx.declSpan("category", c.id));
    }
    if (!model.header.url) ctx.report("PC4022", {}, ctx.headerSpan);
  },
};
