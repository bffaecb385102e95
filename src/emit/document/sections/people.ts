/**
 * Your rights (declared rights with how to exercise them; rights derived from a jurisdiction,
 * named in this language by their type and listed under a lead-in naming their law; the supervisory
 * authority; the "do not sell" link) and children (audiences: what is never collected from or
 * sent to them, which purposes exclude them, how to have their data removed).
 */
import type { BlockContent } from "mdast";
import { RIGHT_TYPES } from "../../../syntax/ast.js";
import { gdprApplies, lawOfRight, rightTypeLabel, uncited } from "../../../model/rights.js";
import { everyBasis } from "../../../model/bases.js";
import type { Right } from "../../../model/types.js";
import { headerWhere, where } from "../context.js";
import { paragraph, pushAll, text } from "../mdast.js";
import { ageToSay, bySource } from "../phrases.js";
import { bullets, fact, factItem, factWithProse, lead, type Section, type Writer } from "../section.js";

/** Rights in the order of the law's articles (RIGHT_TYPES), declared before derived, then by id. */
function ordered(rights: readonly Right[]): Right[] {
  const rank = (r: Right) => (r.type ? RIGHT_TYPES.indexOf(r.type) : RIGHT_TYPES.length);
  return [...rights].sort((a, b) => rank(a) - rank(b) || Number(a.derived) - Number(b.derived) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function rights(w: Writer): Section {
  const { ctx, names } = w;
  const h = ctx.model.header;
  const blocks: BlockContent[] = [];
  const list = ordered(ctx.model.rights);
  // The law each right is given under: the rights of one law are listed under one lead-in
  // ("Under the law of the European Union, you have these rights:"), not each with its own
  // "under the law of ..."; rights of no particular law come first, without one.
  const byLaw = new Map<string | null, Right[]>();
  for (const r of list) {
    const law = r.derived ? r.jurisdiction : lawOfRight(r.type, h.jurisdictions);
    const group = byLaw.get(law);
    if (group) group.push(r);
    else byLaw.set(law, [r]);
  }
  const groups = [...byLaw].sort(([a], [b]) => Number(a !== null) - Number(b !== null));
  for (const [law, rights] of groups) {
    if (law !== null) {
      pushAll(blocks, fact(w, "rights-lead", { jurisdiction: names.jurisdiction(law), where: names.jurisdictionIn(law) }, `rights-lead-${law}`, [h.source]));
    }
    blocks.push(
      ...bullets(
        rights.map((r) => {
          const at = (field: string) => where("right", r.id, `\`${field}\``, r.sourceRef);
          const own = [r.label.text, ...Object.values(r.label.translations)].join(" ");
          const citesOwn = /[()\u00a7]|\bArt\.|\bCode\b|\b(?:GDPR|DSGVO|UK GDPR|CCPA|CPRA)\b/.test(own);
          return factWithProse(
            w,
            `right-${r.id}`,
            [r.sourceRef],
            ({ ctx: c }) => {
              // Derived rights carry the law's English name for their type, and so does a declared
              // one without a label of its own: the pack names both by type instead.
              const lawName = r.type !== null && Object.keys(r.label.translations).length === 0 ? rightTypeLabel(r.type) : undefined;
              const packName = r.type ? c.pack.optionalLabel(`rights.${r.type}`) : undefined;
              // (without the citation where the model's name has none: a law that is not the policy's)
              const byType =
                packName === undefined ? undefined : r.derived || r.label.text === lawName ? packName : lawName !== undefined && !r.derived && r.label.text === uncited(lawName) ? uncited(packName) : undefined;
              // A declared right that a law of the policy gives is cited as a derived one would be:
              // the article in the pack's name for the type ("Right of access (GDPR Art. 15)"), unless
              // the policy's own label already cites one.
              // the last parenthesis of the pack's name, which may hold one of its own ("Art. 7(3)")
              const cited = r.type ? /\(((?:[^()]|\([^()]*\))*)\)$/.exec(c.pack.optionalLabel(`rights.${r.type}`) ?? "")?.[1] : undefined;
              return c.say("right", {
                label: byType !== undefined ? c.slot([text(byType)]) : c.t(r.label, at("label")),
                article: byType === undefined && law !== null && cited !== undefined && !citesOwn ? cited : null,
                // said once, by `rights-lead` above the list (null for templates written before it)
                jurisdiction: null,
                where: null,
                how: c.tOpt(r.how, at("how")),
                url: c.urlOpt(r.url, at("url")),
              });
            },
            ({ ctx: c }) => c.prose(r.prose, at("prose"), `right-${r.id}`),
          );
        }),
      ),
    );
  }
  // GDPR Art. 21(4): the right to object is brought to the person's attention clearly and
  // separately from any other information, where it applies: to processing on legitimate
  // interests or a public task (Art. 21(1)), and to direct marketing (Art. 21(2)).
  if (h.jurisdictions.some(gdprApplies)) {
    const leaves = ctx.model.purposes.filter((p) => p.children.length === 0 && p.uses.length > 0);
    const legitimateInterests = leaves.some((p) => everyBasis(p).includes("legitimate_interests"));
    const publicTask = leaves.some((p) => everyBasis(p).includes("public_task"));
    const marketing = leaves.some((p) => p.marketing);
    if (legitimateInterests || publicTask || marketing) {
      const said = ctx.say("right-to-object", { legitimateInterests, publicTask, marketing });
      if (said.length > 0) blocks.push(ctx.statement(paragraph(lead(w, "note-lead", { label: ctx.label("headings.rightToObject") }, said)), "right-to-object", [h.source]));
    }
  }
  if (h.authority) {
    blocks.push(
      // the authority's name is a proper name: a translation when given, never reported
      ...fact(w, "right-authority", { authority: ctx.asWritten(h.authority) }, "right-authority", [h.source]),
    );
  }
  if (h.doNotSellUrl) {
    blocks.push(
      ...fact(w, "right-do-not-sell", { url: ctx.url(h.doNotSellUrl, headerWhere(h, "doNotSellUrl", "`do_not_sell_url`")) }, "right-do-not-sell", [
        h.source,
      ]),
    );
  }
  if (blocks.length === 0) pushAll(blocks, fact(w, "rights-missing", {}, "rights-missing", [h.source]));
  return { key: "rights", blocks };
}

export function children(w: Writer): Section | null {
  const { ctx, names } = w;
  const audiences = bySource(ctx, ctx.model.audiences);
  if (audiences.length === 0) return null;
  const blocks: BlockContent[] = [];
  for (const a of audiences) {
    const at = (field: string) => where("audience", a.id, `\`${field}\``, a.sourceRef);
    const key = `audience-${a.id}`;
    const excludedBy = bySource(ctx, ctx.model.purposes.filter((p) => p.children.length === 0 && p.excludes.includes(a.id)));
    blocks.push(ctx.heading(3, ctx.say("audience-name", { label: ctx.t(a.label, at("label")), ageUnder: ageToSay(ctx, a) })));
    blocks.push(
      ...bullets([
        factItem(w, `${key}-collect`, [a.sourceRef], ctx.say("audience-collect", { collect: a.collect })),
        factItem(w, `${key}-marketing`, [a.sourceRef], ctx.say("audience-marketing", { marketing: a.marketing })),
        factItem(
          w,
          `${key}-excluded`,
          excludedBy.map((p) => p.sourceRef),
          ctx.say("audience-excluded", { purposes: excludedBy.map((p) => names.purposeName(p.id)) }),
        ),
        factItem(w, `${key}-removal`, [a.sourceRef], ctx.say("audience-removal", { removal: ctx.tOpt(a.removal, at("removal")) })),
      ]),
    );
    pushAll(blocks, ctx.prose(a.prose, at("prose"), key));
  }
  return { key: "children", blocks };
}
