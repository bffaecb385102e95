/**
 * CCPA/CPRA notice at collection (11 CCR 7012): a "Do Not Sell or Share" link where personal
 * information is sold or shared for advertising, a retention period per category, and a link to
 * the full policy. Active when the policy declares `US-CA` (or `--profile ccpa`).
 */
import { someCell } from "../../semantics/table.js";
import { q, type CheckerRule } from "../rule.js";
import { PERSONAL_CLASSIFICATIONS } from "../../syntax/ast.js";
import { ccpaAudience } from "../flows.js";


export const ccpaNotice: CheckerRule = {
  codes: ["PC4020", "PC4021", "PC4022"],
  check(ctx) {
    if (!ctx.profiles.has("ccpa")) return;
    const { model } = ctx;
    const personal = new Set(model.categories.filter((c) => PERSONAL_CLASSIFICATIONS.has(c.classification)).map((c) => c.id));
    // processors and authorities are not "sharing" under the CPRA; everyone else is
    const audience = ccpaAudience(model);
    const advertising = new Set(audience.advertising);
    const thirdParties = new Set(audience.thirdParties);
    const sellsOrShares = someCell(
      ctx.table(),
      (verdict, action, category, purpose, recipient) =>
        verdict.outcome !== "deny" &&
        personal.has(category) &&
        (action === "sell" || (action === "share" && advertising.has(purpose) && thirdParties.has(recipient ?? ""))),
    );
    if (sellsOrShares && !model.header.doNotSellUrl) ctx.report("PC4020", {}, ctx.headerSpan);
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
