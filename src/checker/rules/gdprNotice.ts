/**
 * GDPR Art. 13/14 notice completeness: controller and DPO contact, legitimate interests,
 * transfer safeguards, how rights are exercised, the supervisory authority, whether providing
 * data is required, automated decision-making, and the source of data not obtained from the
 * person. Active when the policy declares the EU, the EEA or the UK (or `--profile gdpr`).
 */
import { hasContact } from "../../model/party.js";
import { statesTransfers } from "../../model/transfers.js";
import { providedByPerson } from "../../model/collected.js";
import { q, type CheckerRule } from "../rule.js";
import { everyBasis } from "../../model/bases.js";
import { PERSONAL_CLASSIFICATIONS, type Span } from "../../syntax/ast.js";


export const gdprNotice: CheckerRule = {
  codes: ["PC4001", "PC4002", "PC4003", "PC4004", "PC4006", "PC4007", "PC4008", "PC4009", "PC4010", "PC4012"],
  check(ctx) {
    if (!ctx.profiles.has("gdpr")) return;
    const { model } = ctx;
    const h = model.header;
    const c = h.controller;
    const missing = [!c?.email && "email", !c?.address && "address", !c?.phone && "phone"].filter(Boolean) as string[];
    if (!c || missing.length === 3) ctx.report("PC4001", { missing: missing.join(", ") }, ctx.headerSpan);
    // a DPO named without contact details is no contact (Art. 13(1)(b) asks for the contact details)
    if (!hasContact(h.dpo)) ctx.report("PC4002", {}, ctx.headerSpan);
    for (const p of model.purposes) {
      if (p.children.length > 0) continue;
      if (everyBasis(p).includes("legitimate_interests") && !p.interest)
        ctx.report("PC4003", { purpose: q(p.id) }, ctx.declSpan("purpose", p.id));
      if (p.profiling && !p.automatedDecisions) ctx.report("PC4009", { purpose: q(p.id) }, ctx.declSpan("purpose", p.id));
    }
    for (const r of model.recipients) {
      if (r.transfers.length > 0 && r.transferSafeguards.length === 0)
        ctx.report("PC4004", { recipient: q(r.id) }, ctx.declSpan("recipient", r.id));
    }
    if (!statesTransfers(model)) ctx.report("PC4012", {}, ctx.headerSpan);
    // in article order; complaints go to the authority, not the controller
    const howless = model.rights.filter((r) => !r.how && !r.url && r.type !== "complain");
    if (howless.length > 0 && !c?.email && !c?.url) {
      const names = howless.map((r) => "the " + r.label.text.replace(/ \(.*\)$/, "").replace(/^Right/, "right"));
      const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
      ctx.report("PC4006", { rights: list }, ctx.headerSpan);
    }
    if (!h.authority) ctx.report("PC4007", {}, ctx.headerSpan);
    const used = new Set(model.purposes.flatMap((p) => p.uses));
    const noProvision = model.categories.filter(
      (cat) => cat.children.length === 0 && used.has(cat.id) && PERSONAL_CLASSIFICATIONS.has(cat.classification) && providedByPerson(cat) && !cat.provision,
    );
    if (noProvision.length > 0) {
      // standard categories used through a parent share the parent's span: one note per span
      const bySpan = new Map<string, { span: Span; ids: string[] }>();
      for (const x of noProvision) {
        const span = ctx.declSpan("category", x.id);
        if (!span) continue;
        const key = `${span.file}:${span.start}:${span.end}`;
        const at = bySpan.get(key) ?? bySpan.set(key, { span, ids: [] }).get(key)!;
        at.ids.push(q(x.id));
      }
      const related = [...bySpan.values()].map(({ span, ids }) => ({ message: `${ids.join(", ")} ${ids.length === 1 ? "has" : "have"} no provision`, span }));
      ctx.report("PC4008", { categories: noProvision.map((x) => q(x.id)).join(", ") }, ctx.headerSpan, { related });
    }
    const byId = new Map(model.categories.map((x) => [x.id, x]));
    for (const cat of model.categories) {
      const parent = cat.parent ? byId.get(cat.parent) : undefined;
      const reportedOnParent = parent?.source === "third_party" && !parent.from;
      if (cat.source === "third_party" && !cat.from && !reportedOnParent)
        ctx.report("PC4010", { category: q(cat.id) }, ctx.declSpan("category", cat.id));
    }
  },
};
