/**
 * How we use your information (one subsection per purpose: legal basis with its jurisdiction
 * variants and legitimate interest, the information used, profiling and automated decisions,
 * who it never applies to, then the purpose's prose; then other `allow collect/use` rules) and
 * direct marketing and your choices (channels, consent mode, opt-out, withdrawal).
 */
import type { BlockContent, ListItem } from "mdast";
import { gdprApplies } from "../../../model/rights.js";
import type { Basis, LText, Purpose } from "../../../model/types.js";
import { createDiagnostic } from "../../../diagnostics/diagnostic.js";
import { locatedAt } from "../../types.js";
import { where } from "../context.js";
import { listItem, paragraph, pushAll, text } from "../mdast.js";
import { bySource } from "../phrases.js";
import { bullets, factItem, lead, ruleItem, sentences, type Section, type Writer } from "../section.js";

/** Purposes worth a subsection: leaves, and groups that say something themselves. */
function shownPurposes(w: Writer): Purpose[] {
  return bySource(
    w.ctx,
    w.ctx.model.purposes.filter((p) => p.children.length === 0 || p.usesDeclared.length > 0 || p.prose !== null),
  );
}

export function uses(w: Writer): Section {
  const { ctx, names } = w;
  const blocks: BlockContent[] = [];
  const purposes = shownPurposes(w);
  // special categories of data reach a purpose through its `uses` or a rule that allows one for it
  const sensitive = (id: string) => names.category(id)?.classification === "sensitive";
  const ruledSpecial = new Set(ctx.model.rules.filter((r) => r.effect === "allow" && r.categories.some(sensitive) && !ctx.overridden(r)).flatMap((r) => r.purposes));
  for (const p of purposes) {
    const at = (field: string) => where("purpose", p.id, `\`${field}\``, p.sourceRef);
    const key = `purpose-${p.id}`;
    const special = ruledSpecial.has(p.id) || p.uses.some(sensitive);
    const interest = ctx.tOpt(p.interest, at("interest"));
    // The interest goes with the list that has legitimate interests: the main one, else the first
    // jurisdiction's that has it, else (an interest stated for another basis) the main one.
    const variantLi = p.bases.includes("legitimate_interests") ? -1 : p.basisIn.findIndex((v) => v.bases.includes("legitimate_interests"));
    // The GDPR article of a basis is cited where the GDPR applies to it: the main bases in a GDPR
    // jurisdiction of the policy that no variant replaces, a variant's in its own.
    const mainGdpr = ctx.model.header.jurisdictions.some((j) => gdprApplies(j) && !p.basisIn.some((v) => v.jurisdiction === j));
    const bases = basisEntries(p.bases, mainGdpr, special, variantLi === -1 ? interest : null);
    const variants = p.basisIn.map((v, i) => basisEntries(v.bases, gdprApplies(v.jurisdiction), special, i === variantLi ? interest : null));
    const several = [bases, ...variants].find((list) => list.length > 1);
    if (several && !ctx.pack.reads("purpose-basis", "bases")) {
      ctx.reports.report(`purpose-basis|${p.id}`, () =>
        locatedAt(
          createDiagnostic("PC5006", { lang: ctx.lang, purpose: `\`${p.id}\``, shown: `\`${several[0]!.basis}\`` }, undefined),
          p.sourceRef,
        ),
      );
    }
    blocks.push(ctx.heading(3, ctx.textNodes(p.label, at("label"))));
    blocks.push(
      ...bullets([
        factItem(
          w,
          `${key}-basis`,
          [p.sourceRef],
          ctx.say("purpose-basis", {
            bases,
            several: bases.length > 1,
            variants: p.basisIn.map((v, i) => {
              const entries = variants[i]!;
              return {
                jurisdiction: names.jurisdiction(v.jurisdiction),
                where: names.jurisdictionIn(v.jurisdiction),
                bases: entries,
                // the first basis alone, for templates written before a list could have several (PC5006)
                basis: entries[0]?.basis ?? null,
                article: entries[0]?.article ?? null,
              };
            }),
            ...choiceWords(p),
            // The first basis alone, for templates written before a purpose could list several
            // (PC5006): one basis reads as it did then, the interest with it wherever it is.
            basis: bases[0]?.basis ?? null,
            article: bases[0]?.article ?? null,
            interest: bases.length > 1 ? (bases[0]?.interest ?? null) : interest,
            legitimateInterest: bases[0]?.legitimateInterest ?? false,
          }),
        ),
        factItem(
          w,
          `${key}-uses`,
          [p.sourceRef],
          ctx.say("purpose-uses", { uses: p.usesDeclared.map((id) => names.categoryName(id)) }),
        ),
        factItem(
          w,
          `${key}-special`,
          [p.sourceRef],
          ctx.say("purpose-special", specialWords(w, p)),
        ),
        factItem(
          w,
          `${key}-profiling`,
          [p.sourceRef],
          ctx.say("purpose-profiling", { profiling: p.profiling, automated: ctx.tOpt(p.automatedDecisions, at("automated_decisions")) }),
        ),
        factItem(
          w,
          `${key}-excludes`,
          [p.sourceRef],
          ctx.say("purpose-excludes", { audiences: p.excludes.map((id) => names.audienceName(id)) }),
        ),
      ]),
    );
    pushAll(blocks, ctx.prose(p.prose, at("prose"), key));
  }
  if (purposes.length === 0) {
    pushAll(blocks, bullets([factItem(w, "purposes-missing", [ctx.model.header.source], ctx.say("purposes-missing", {}))]));
  }

  // `allow collect/use` statements of their own (not a purpose's `uses`), also those under a law
  // or for anonymised data: they are uses, and "where the law allows" is about sharing.
  const other = ctx.model.rules.filter(
    (r) => r.origin === "rule" && r.effect === "allow" && (r.action === "collect" || r.action === "use") && !ctx.overridden(r),
  );
  if (other.length > 0) {
    blocks.push(ctx.heading(3, [{ type: "text", value: ctx.label("headings.otherUses") }]));
    blocks.push(
      ...bullets(
        bySource(ctx, other).map((r) => ruleItem(w, r, "allow-rule")),
      ),
    );
  }
  return { key: "use", blocks };
}

/**
 * The GDPR Art. 9(2) condition a purpose states (`special_condition`), with the special
 * categories it uses: said only where it uses some.
 */
function specialWords(w: Writer, p: Purpose): { condition: string | null; categories: string[] } {
  const sensitive = p.uses.filter((id) => w.names.category(id)?.classification === "sensitive");
  if (p.specialCondition === null || sensitive.length === 0) return { condition: null, categories: [] };
  return { condition: w.ctx.label(`specialConditions.${p.specialCondition}`), categories: sensitive.map((id) => w.names.categoryName(id)) };
}

/** Two texts with the same words in every language. */
function same(a: LText | null, b: LText | null): boolean {
  return a !== null && b !== null && a.text === b.text && JSON.stringify(a.translations ?? {}) === JSON.stringify(b.translations ?? {});
}

/** Purposes a person has a choice about: marketing, consent, opt-out or withdrawal. */
export function choices(w: Writer): Section | null {
  const { ctx, names } = w;
  const items: ListItem[] = [];
  let marketing = true;
  for (const p of shownPurposes(w)) {
    if (!(p.marketing || p.needsConsent || p.optOut || p.optOutUrl || p.withdraw || p.channels.length > 0)) continue;
    const at = (field: string) => where("purpose", p.id, `\`${field}\``, p.sourceRef);
    const body = sentences(w, [
      ["choice-channels", { marketing: p.marketing, channels: p.channels.map((c) => ctx.pack.optionalLabel(`channels.${c}`) ?? c) }],
      ["choice-consent", choiceWords(p)],
      ["choice-opt-out", { optOut: ctx.tOpt(p.optOut, at("opt_out")), optOutUrl: ctx.urlOpt(p.optOutUrl, at("opt_out_url")) }],
      // the same words for both (PC3004's and PC3005's help both lead there) are said once, as the opt-out
      ["choice-withdraw", { withdraw: p.withdraw !== null && same(p.withdraw, p.optOut) ? null : ctx.tOpt(p.withdraw, at("withdraw")), consent: p.needsConsent, optOut: p.optOut !== null || p.optOutUrl !== null }],
    ]);
    if (body.length === 0) continue;
    marketing &&= p.marketing;
    const nodes = lead(w, "choice-lead", { purpose: names.purposeName(p.id) }, body);
    items.push(ctx.statement(listItem([paragraph(nodes)]), `choice-${p.id}`, [p.sourceRef]));
  }
  if (items.length === 0) return null;
  // "Direct marketing and your choices" only where every choice is about marketing: a consent to
  // video consultations is not to be read under a marketing heading
  return { key: "choices", ...(marketing ? {} : { title: [text(ctx.label("sections.yourChoices"))] }), blocks: bullets(items) };
}

/**
 * The key of a basis's GDPR article in the packs' `basisArticles` (for the `basisArticle`
 * helper), or null where none is cited: outside the GDPR, and for `consent_or_no_objection`,
 * which the GDPR does not name. Explicit consent cites Art. 9(2)(a) as well for a purpose that
 * uses special categories of data (`class sensitive`).
 */
function articleOf(basis: Basis, gdpr: boolean, special: boolean): string | null {
  if (!gdpr || basis === "consent_or_no_objection") return null;
  return basis === "explicit_consent" && special ? "explicit_consent_special" : basis;
}

// a type, not an interface: template data needs its implicit index signature
type BasisEntry = {
  readonly basis: Basis;
  readonly article: string | null;
  /** The interest pursued, on the entry it is worded with (see `basisEntries`). */
  readonly interest: string | null;
  readonly legitimateInterest: boolean;
};

/**
 * One list of bases as `purpose-basis` words it: in the order written, except that legitimate
 * interests come last, so that the interest pursued (`interest`, given to the list that carries
 * it) ends the list: "..., namely <interest>" follows the basis it explains, or, stated for
 * another basis, the whole list.
 */
function basisEntries(bases: readonly Basis[], gdpr: boolean, special: boolean, interest: string | null): BasisEntry[] {
  const ordered = [...bases.filter((b) => b !== "legitimate_interests"), ...bases.filter((b) => b === "legitimate_interests")];
  const carrier = ordered.length - 1;
  return ordered.map((basis, i) => ({
    basis,
    article: articleOf(basis, gdpr, special),
    interest: i === carrier ? interest : null,
    legitimateInterest: basis === "legitimate_interests",
  }));
}

/** How a purpose's choice is worded, for `purpose-basis` and `choice-consent` alike. */
function choiceWords(p: Purpose): { optIn: boolean; optOut: boolean; noObjection: boolean; consentBased: boolean } {
  return {
    optIn: p.consentMode === "opt_in",
    optOut: p.consentMode === "opt_out",
    noObjection: p.bases.includes("consent_or_no_objection"),
    // an opt-out of another basis is an objection (Art. 21); of "consent" it is no withdrawal, since
    // nobody was asked (PC3021): German says "es sei denn, Sie lehnen es ab", not "widerrufen"
    consentBased: p.needsConsent,
  };
}
