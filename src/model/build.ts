/**
 * Builds the normalized model from a bound program: inheritance down hierarchies, references
 * expanded to leaves, selectors (`personal`, `anyone`, `any`) expanded, implicit rules derived
 * from purposes and audiences, rights derived from jurisdictions, and the content hashes.
 *
 * Pipeline position: after the binder; its output is the only input of the checker rules that
 * reason about meaning and of every emitter.
 */
import { dirname, posix } from "node:path";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type * as A from "../syntax/ast.js";
import { SELECTORS, type BoundProgram, type BoundSymbol, type SymbolKind } from "../semantics/binder.js";
import { LineMap } from "../diagnostics/source.js";
import { CCPA_ONLY_RIGHTS, derivedRights, JURISDICTION_CODE, lawOfRight, regionsOf, rightTypeLabel, uncited } from "./rights.js";
import { meantHelp, meantJurisdiction, placesNamed, undeclaredHelp, unknownPlace } from "./places.js";
import { closeBidi } from "../util/bidi.js";
import { computeHashes } from "./hash.js";
import { partDigest } from "./parts.js";
import type { Memo } from "../util/memo.js";
import { ageAtom, agesTested, implies } from "./ages.js";
import { fieldSource } from "../semantics/inherit.js";
import type { BlockWord } from "../syntax/tokens.js";
import type * as M from "./types.js";
import { ACTIONS, CONSENT_BASES, isFlowAction, MAX_JURISDICTIONS } from "../syntax/ast.js";
import { builtinGroupLeaves } from "./groups.js";
import { isEvent } from "./retention.js";

const UNIT_DAYS: Readonly<Record<A.DurationUnit, number>> = { hour: 1 / 24, day: 1, week: 7, month: 365 / 12, year: 365 };

export interface BuildResult {
  readonly model: M.PolicyModel;
  readonly diagnostics: readonly Diagnostic[];
  /** Model rule id -> the AST node it came from (for diagnostics with spans). */
  readonly ruleSpans: ReadonlyMap<string, A.Span>;
  /** Declaration `kind:id` -> span of its name, for diagnostics on declarations. */
  readonly declSpans: ReadonlyMap<string, A.Span>;
}

/**
 * The files of the standard library while a model is built (by display name: a project file
 * shown as \`std/...\` is not one). Building is synchronous; \`buildModel\` sets and restores it.
 */
let stdFiles: ReadonlySet<string> = new Set();

export function ltext(t: A.Text | undefined): M.LText | null {
  if (!t) return null;
  const translations: Record<string, string> = {};
  for (const tr of [...t.translations].sort((a, b) => (a.lang < b.lang ? -1 : a.lang > b.lang ? 1 : 0))) {
    translations[tr.lang] = closeBidi(tr.value);
  }
  return stdFiles.has(t.span.file) ? { text: closeBidi(t.value), translations, std: true } : { text: closeBidi(t.value), translations };
}

function labelOf(t: A.Text | undefined, id: string): M.LText {
  return ltext(t) ?? { text: humanize(id), translations: {} };
}

/** `privacy.policy:12`: where a declaration or rule is, as diagnostics, documents and guards show it. */
export const fileLine = (ref: M.SourceRef): string => `${ref.file}:${ref.line}`;

/** `contact.delivery_address` -> "Delivery address", used when a declaration has no label. */
export function humanize(id: string): string {
  const last = id.split(".").pop() ?? id;
  const words = last.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function duration(d: A.Duration): M.Duration {
  return { amount: d.amount, unit: d.unit, days: d.amount * UNIT_DAYS[d.unit] };
}

function sortedUnique(xs: Iterable<string>): string[] {
  return [...new Set(xs)].sort();
}

export function buildModel(bound: BoundProgram, sources: ReadonlyMap<string, string>, rootName: string, accepted: readonly M.AcceptedConsent[] = [], memo?: Memo): BuildResult {
  const outer = stdFiles;
  stdFiles = bound.stdFiles;
  try {
    return buildModelOf(bound, sources, rootName, accepted, memo);
  } finally {
    stdFiles = outer;
  }
}

function buildModelOf(bound: BoundProgram, sources: ReadonlyMap<string, string>, rootName: string, accepted: readonly M.AcceptedConsent[], memo: Memo | undefined): BuildResult {
  const diagnostics: Diagnostic[] = [];
  const ruleSpans = new Map<string, A.Span>();
  const declSpans = new Map<string, A.Span>();
  // a standard-library declaration is shown where the policy names it, or else where it names the
  // nearest parent that brought it in (`applies_to contact` for `contact.phone`): a line the user
  // can edit, not one of std/
  const referenceOf = (kind: SymbolKind, id: string): A.Span | undefined => {
    for (let name = id; ; name = name.slice(0, name.lastIndexOf("."))) {
      const found = bound.firstReference.get(`${kind}:${name}`);
      if (found || !name.includes(".")) return found;
    }
  };
  const setDeclSpan = (kind: SymbolKind, id: string, span: A.Span) =>
    declSpans.set(`${kind}:${id}`, stdFiles.has(span.file) ? (referenceOf(kind, id) ?? span) : span);
  const rootDir = dirname(rootName);

  const lineMaps = new Map<string, LineMap>();
  const sourceRef = (span: A.Span): M.SourceRef => {
    let map = lineMaps.get(span.file);
    if (!map) lineMaps.set(span.file, (map = new LineMap(sources.get(span.file) ?? "")));
    const { line, column } = map.position(span.start);
    const file = stdFiles.has(span.file) || rootDir === "." ? span.file : posix.relative(rootDir, span.file);
    return { file, line, column };
  };

  const table = (kind: SymbolKind): ReadonlyMap<string, BoundSymbol> => bound.symbols.get(kind) ?? new Map();
  const declsOf = <K extends A.BlockDecl["kind"]>(kind: SymbolKind, _k: K) =>
    [...table(kind).values()].map((s) => s.decl as Extract<A.BlockDecl, { kind: K }>);

  // ---- hierarchies ----------------------------------------------------------------------------
  const hierarchy = <D extends object>(kind: SymbolKind & BlockWord) => {
    const names = [...table(kind).keys()];
    const parentOf = (n: string): string | null => {
      const parts = n.split(".");
      for (let i = parts.length - 1; i > 0; i--) {
        const p = parts.slice(0, i).join(".");
        if (table(kind).has(p)) return p;
      }
      return null;
    };
    const children = new Map<string, string[]>();
    for (const n of names) {
      const p = parentOf(n);
      if (p) (children.get(p) ?? children.set(p, []).get(p)!).push(n);
    }
    const leavesMemo = new Map<string, string[]>();
    const leaves = (n: string): string[] => {
      const memo = leavesMemo.get(n);
      if (memo) return memo;
      const kids = children.get(n) ?? [];
      const out = kids.length === 0 ? [n] : sortedUnique(kids.flatMap(leaves));
      leavesMemo.set(n, out);
      return out;
    };
    const lookup = (x: string): D | undefined => table(kind).get(x)?.decl as D | undefined;
    /** `field` read by `get` on the declaration it comes from: `n`'s own or an ancestor's (inherit.ts). */
    const inherit = <T>(n: string, field: string, get: (d: D) => T): T | undefined => {
      const d = fieldSource(kind, field, n, lookup);
      return d === undefined ? undefined : get(d);
    };
    return { names, parentOf, children: (n: string) => (children.get(n) ?? []).slice().sort(), leaves, inherit };
  };
  const catH = hierarchy<A.CategoryDecl>("category");
  const purH = hierarchy<A.PurposeDecl>("purpose");
  const recH = hierarchy<A.RecipientDecl>("recipient");

  // ---- categories -----------------------------------------------------------------------------
  const catDecl = (n: string) => table("category").get(n)!.decl as A.CategoryDecl;
  const inheritCat = catH.inherit;
  const categories: M.Category[] = catH.names.sort().map((id) => {
    const d = catDecl(id);
    setDeclSpan("category", id, d.name.span);
    return {
      id,
      label: labelOf(d.label, id),
      parent: catH.parentOf(id),
      children: catH.children(id),
      leaves: catH.leaves(id),
      classification: inheritCat(id, "class", (x) => x.classification?.value) ?? "personal",
      source: inheritCat(id, "source", (x) => x.source?.value) ?? null,
      from: inheritCat(id, "from", (x) => x.from?.path) ?? null,
      examples: d.examples.map((e) => ltext(e)!),
      scope: ltext(inheritCat(id, "scope", (x) => x.scope)),
      provision: inheritCat(id, "provision", (x) => x.provision?.value) ?? null,
      consequence: ltext(inheritCat(id, "consequence", (x) => x.consequence)),
      prose: ltext(d.prose),
      sourceRef: sourceRef(d.name.span),
    };
  });
  const catById = new Map(categories.map((c) => [c.id, c]));
  const leafCategories = categories.filter((c) => c.children.length === 0);
  const groups = new Map((SELECTORS.category ?? []).map((g) => [g, builtinGroupLeaves(leafCategories, g)!]));
  const personalLeaves = groups.get("personal")!;

  const expandCategories = (refs: readonly A.Ref[]): string[] =>
    sortedUnique(
      refs.flatMap((r) => {
        if (bound.unresolved.has(r)) return [];
        return groups.get(r.path) ?? (catById.has(r.path) ? catH.leaves(r.path) : []);
      }),
    );

  // ---- recipients -----------------------------------------------------------------------------
  const recipients: M.Recipient[] = recH.names.sort().map((id) => {
    const d = table("recipient").get(id)!.decl as A.RecipientDecl;
    setDeclSpan("recipient", id, d.name.span);
    const type = recH.inherit(id, "type", (x) => x.type?.value) ?? null;
    return {
      id,
      label: labelOf(d.label, id),
      parent: recH.parentOf(id),
      children: recH.children(id),
      leaves: recH.leaves(id),
      type,
      sectors: d.sectors.map((t) => ltext(t)!),
      safeguards: d.safeguards.map((t) => ltext(t)!),
      ownPolicy: d.ownPolicy?.value ?? false,
      transfers: d.transfers.map((t) => ltext(t)!),
      transferSafeguards: d.transferSafeguards.map((t) => ltext(t)!),
      needsConsent: d.needsConsent?.value ?? false,
      prose: ltext(d.prose),
      sourceRef: sourceRef(d.name.span),
    };
  });
  const leafRecipients = recipients.filter((r) => r.children.length === 0).map((r) => r.id);
  const expandRecipients = (refs: readonly A.Ref[]): string[] =>
    sortedUnique(
      refs.flatMap((r) => {
        if (bound.unresolved.has(r)) return [];
        if (r.path === "anyone" || r.path === "third_parties") return leafRecipients;
        return table("recipient").has(r.path) ? recH.leaves(r.path) : [];
      }),
    );

  // Every jurisdiction the policy names (header, basis variants, conditions), in order: each one
  // is a condition atom, and the table holds at most MAX_JURISDICTIONS of them (PC2017).
  const namedJurisdictions = new Map<string, A.Span>();
  const noteJurisdiction = (name: string, span: A.Span, check = true) => {
    if (namedJurisdictions.has(name)) return;
    namedJurisdictions.set(name, span);
    // the guards are given upper-case codes: a jurisdiction written otherwise could never hold
    if (!JURISDICTION_CODE.test(name)) {
      // a place written out (`California`, `new_york`) is its code (`US-CA`), not its name in
      // capitals: `CALIFORNIA` would be a jurisdiction of the policy's own, and the CCPA off
      const named = placesNamed(name);
      // `us_ca` -> `US-CA` (a country and a subdivision); `north_america` -> `NORTHAMERICA`
      const upper = /^[A-Za-z]{2}_/.test(name) ? name.toUpperCase().replace("_", "-") : name.toUpperCase().replace(/_/g, "");
      const help = named.length > 0 ? meantHelp(named) : JURISDICTION_CODE.test(upper) ? `write \`${upper}\`` : undefined;
      diagnostics.push(createDiagnostic("PC2020", { name: `\`${name}\`` }, span, help !== undefined ? { help } : {}));
      return;
    }
    // a country written another way (`DEU`, `GERMANY`) before a near miss of a region (`EU`)
    const unknown = check ? unknownPlace(name) : undefined;
    const meant = check && !unknown?.meant.length ? meantJurisdiction(name) : undefined;
    if (meant !== undefined) {
      diagnostics.push(createDiagnostic("PC2018", { name: `\`${name}\`` }, span, { help: `did you mean \`${meant}\`?` }));
      return;
    }
    if (unknown !== undefined) {
      const help = unknown.meant.length > 0 ? { help: meantHelp(unknown.meant) } : {};
      if (unknown.kind === "country") diagnostics.push(createDiagnostic("PC2024", { name: `\`${name}\`` }, span, help));
      else diagnostics.push(createDiagnostic("PC2025", { name: `\`${name}\``, reason: unknown.reason }, span, help));
    }
  };
  const declared = bound.policy?.jurisdictions ?? [];
  for (const j of declared) noteJurisdiction(j.name, j.span);
  // The CCPA is California's: a policy for the United States that names none of its states
  // gets no CCPA checks or rights, which a reader of `US` may not expect (PC2026).
  const us = declared.find((j) => j.name === "US");
  if (us !== undefined && !declared.some((j) => j.name.startsWith("US-"))) diagnostics.push(createDiagnostic("PC2026", {}, us.span));

  // ---- purposes -------------------------------------------------------------------------------
  const purDecl = (n: string) => table("purpose").get(n)!.decl as A.PurposeDecl;
  const inheritPur = purH.inherit;
  const purposes: M.Purpose[] = purH.names.sort().map((id) => {
    const d = purDecl(id);
    setDeclSpan("purpose", id, d.name.span);
    const bases = [...new Set((inheritPur(id, "basis", (x) => x.basis) ?? []).map((b) => b.value))];
    // a basis and its `{ EU ... }` variants are one field: a purpose that writes a basis has its own variants, if any
    const basisIn = (inheritPur(id, "basis", (x) => x.basisIn) ?? []).map((v) => {
      noteJurisdiction(v.jurisdiction.name, v.jurisdiction.span);
      return { jurisdiction: v.jurisdiction.name, bases: [...new Set(v.basis.map((b) => b.value))] };
    });
    const needsConsent = bases.some((b) => CONSENT_BASES.has(b)) || basisIn.some((v) => v.bases.some((b) => CONSENT_BASES.has(b)));
    const mode = inheritPur(id, "consent", (x) => x.consentMode?.value) ?? (needsConsent ? "opt_in" : "notice");
    return {
      id,
      label: labelOf(d.label, id),
      parent: purH.parentOf(id),
      children: purH.children(id),
      leaves: purH.leaves(id),
      bases,
      basisIn,
      interest: ltext(inheritPur(id, "interest", (x) => x.interest)),
      consentMode: mode,
      needsConsent,
      uses: expandCategories(d.uses),
      usesDeclared: d.uses.filter((u) => !bound.unresolved.has(u)).map((u) => u.path),
      profiling: inheritPur(id, "profiling", (x) => x.profiling?.value) ?? false,
      automatedDecisions: ltext(inheritPur(id, "automated_decisions", (x) => x.automatedDecisions)),
      specialCondition: inheritPur(id, "special_condition", (x) => x.specialCondition?.value) ?? null,
      // How to withdraw consent passes to a child only where the child rests on consent too: a
      // child on another basis would tell people to withdraw a consent it never asked for.
      withdraw: ltext(needsConsent || d.withdraw ? inheritPur(id, "withdraw", (x) => x.withdraw) : undefined),
      optOut: ltext(inheritPur(id, "opt_out", (x) => x.optOut)),
      optOutUrl: ltext(inheritPur(id, "opt_out_url", (x) => x.optOutUrl)),
      excludes: sortedUnique(
        (inheritPur(id, "excludes", (x) => x.excludes) ?? [])
          .filter((r) => !bound.unresolved.has(r))
          .map((r) => r.path),
      ),
      channels: (inheritPur(id, "channels", (x) => x.channels) ?? []).map((w) => w.name),
      marketing: inheritPur(id, "marketing", (x) => x.marketing?.value) ?? false,
      prose: ltext(d.prose),
      sourceRef: sourceRef(d.name.span),
    };
  });
  const purById = new Map(purposes.map((p) => [p.id, p]));
  const leafPurposes = purposes.filter((p) => p.children.length === 0).map((p) => p.id);
  const expandPurposes = (refs: readonly A.Ref[]): string[] =>
    sortedUnique(
      refs.flatMap((r) => {
        if (bound.unresolved.has(r)) return [];
        if (r.path === "any") return leafPurposes;
        return table("purpose").has(r.path) ? purH.leaves(r.path) : [];
      }),
    );

  // ---- audiences ------------------------------------------------------------------------------
  // where each age is first written (an audience's `age_under`, a condition), for PC2021
  const namedAges = new Map<number, A.Span>();
  const audiences: M.Audience[] = declsOf("audience", "Audience").map((d) => {
    setDeclSpan("audience", d.name.path, d.name.span);
    if (d.ageUnder && !namedAges.has(d.ageUnder.value)) namedAges.set(d.ageUnder.value, d.ageUnder.span);
    // an age out of range (`age_under 0`) is PC1031, reported by the lowering
    return {
      id: d.name.path,
      label: labelOf(d.label, d.name.path),
      ageUnder: d.ageUnder?.value ?? null,
      collect: d.collect?.value ?? true,
      marketing: d.marketing?.value ?? true,
      removal: ltext(d.removal),
      prose: ltext(d.prose),
      sourceRef: sourceRef(d.name.span),
    };
  });

  // ---- rules ----------------------------------------------------------------------------------
  const header = bound.policy;
  const jurisdictions = header ? header.jurisdictions.map((j) => j.name) : [];
  const literal = (c: A.Condition): M.Literal | null => {
    if (c.atom) return { atom: c.atom, negated: c.negated };
    if (c.jurisdiction) {
      const name = c.jurisdiction.name;
      // not a code at all: PC2020 says how to write it, PC2013 would only echo it
      // a place within a declared jurisdiction (`in DE` in an EU policy) or one a declared place
      // lies in (`in EU` in a policy for DE) is covered by the policy too
      const covered = jurisdictions.some((j) => j === name || regionsOf(name).includes(j) || regionsOf(j).includes(name));
      if (covered || !JURISDICTION_CODE.test(name)) noteJurisdiction(name, c.jurisdiction.span);
      else {
        // PC2013 at every such condition, with the declared (or known) jurisdiction it was meant
        // to be; not PC2018 or PC2024 as well.
        const help = undeclaredHelp(name, jurisdictions);
        noteJurisdiction(name, c.jurisdiction.span, false);
        diagnostics.push(createDiagnostic("PC2013", { name: `\`${name}\`` }, c.jurisdiction.span, help !== undefined ? { help } : {}));
      }
      return { atom: `in:${c.jurisdiction.name}`, negated: c.negated };
    }
    if (c.ageUnder) {
      if (!namedAges.has(c.ageUnder.value)) namedAges.set(c.ageUnder.value, c.ageUnder.span);
      return { atom: ageAtom(c.ageUnder.value), negated: c.negated };
    }
    return null;
  };
  const usedIds = new Set<string>();
  const ruleId = (r: A.RuleDecl, prefix: string): string => {
    if (r.id) {
      if (usedIds.has(r.id.name)) {
        diagnostics.push(createDiagnostic("PC2003", { kind: "rule", name: `\`${r.id.name}\`` }, r.id.span, {
          help: "give each rule its own `as` name (or none: a rule without one is named after its line)",
          related: [{ message: "first declared here", span: ruleSpans.get(r.id.name)! }],
        }));
      } else {
        usedIds.add(r.id.name);
        return r.id.name;
      }
    }
    const ref = sourceRef(r.span);
    let id = `${prefix}${fileLine(ref)}`;
    for (let i = 2; usedIds.has(id); i++) id = `${prefix}${fileLine(ref)}#${i}`;
    usedIds.add(id);
    return id;
  };

  /**
   * A statement whose selectors expand to nothing has no effect: say so (PC2016). Not when one of
   * its names is unknown: that has its own error (PC2001), and the emptiness only echoes it. Nor
   * for a promise about everyone outside (`deny sell personal to anyone`, `assert never sell ...
   * to third_parties`) in a policy that shares with no one: it holds, the document states it,
   * and a law may require it said ("we do not sell").
   */
  const warnIfEmpty = (
    s: { categories: readonly string[]; recipients: readonly string[]; purposes: readonly string[]; action: M.Action },
    what: string,
    decl: { readonly span: A.Span; readonly data: readonly A.Ref[]; readonly recipients: readonly A.Ref[]; readonly purposes: readonly A.Ref[] },
    promise = false,
  ): void => {
    const span = decl.span;
    if ([decl.data, decl.recipients, decl.purposes].some((refs) => refs.some((r) => bound.unresolved.has(r)))) return;
    const isFlow = isFlowAction(s.action);
    // `deny sell contact` names no recipient: everyone, as `to anyone` does
    const everyoneOutside = decl.recipients.every((r) => r.path === "anyone" || r.path === "third_parties");
    const empty =
      s.categories.length === 0
        ? "no category"
        : s.purposes.length === 0
          ? "no purpose"
          : isFlow && s.recipients.length === 0 && !(promise && everyoneOutside)
            ? "no recipient"
            : null;
    if (empty) diagnostics.push(createDiagnostic("PC2016", { what, detail: `its names expand to ${empty}` }, span));
  };

  const lowerRule = (r: A.RuleDecl, parent: M.Rule | null): M.Rule => {
    const id = ruleId(r, parent ? "except:" : "rule:");
    ruleSpans.set(id, r.span);
    const action = r.action?.value ?? parent?.action ?? "use";
    const isFlow = isFlowAction(action);
    if (!isFlow && r.recipients.length > 0) {
      diagnostics.push(createDiagnostic("PC2012", { action: `\`${action}\`` }, r.recipients[0]!.span));
    }
    if (parent && r.effect.value === parent.effect) {
      diagnostics.push(
        createDiagnostic("PC2010", { effect: `\`${r.effect.value}\`` }, r.effect.span, {
          related: [{ message: "the rule it is an exception to", span: ruleSpans.get(parent.id)! }],
        }),
      );
    }
    if (parent && r.action && r.action.value !== parent.action) {
      diagnostics.push(createDiagnostic("PC2011", { what: `action \`${r.action.value}\`` }, r.action.span));
    }
    const scope = (mine: string[], written: number, inherited: readonly string[] | null, what: string, span?: A.Span): string[] => {
      if (!inherited) return mine;
      if (written === 0) return [...inherited];
      const outside = mine.filter((x) => !inherited.includes(x));
      if (outside.length > 0 && span) {
        diagnostics.push(createDiagnostic("PC2011", { what: `${what} \`${outside[0]}\`` }, span));
      }
      return mine.filter((x) => inherited.includes(x));
    };
    const categoriesAll = expandCategories(r.data);
    const categoriesOut = scope(categoriesAll, r.data.length, parent?.categories ?? null, "category", r.data[0]?.span);
    const recipientsAll = isFlow ? (r.recipients.length > 0 ? expandRecipients(r.recipients) : leafRecipients) : [];
    const recipientsOut = scope(recipientsAll, r.recipients.length, parent ? parent.recipients : null, "recipient", r.recipients[0]?.span);
    const purposesAll = r.purposes.length > 0 ? expandPurposes(r.purposes) : leafPurposes;
    const purposesOut = scope(purposesAll, r.purposes.length, parent ? parent.purposes : null, "purpose", r.purposes[0]?.span);
    const self: M.Rule = {
      id,
      effect: r.effect.value,
      action,
      categories: categoriesOut,
      recipients: recipientsOut,
      purposes: purposesOut,
      written: {
        categories: r.data.map((x) => x.path),
        recipients: r.recipients.map((x) => x.path),
        purposes: r.purposes.map((x) => x.path),
      },
      conditions: r.conditions.map(literal).filter((l): l is M.Literal => l !== null),
      exceptions: [],
      origin: "rule",
      prose: ltext(r.prose),
      sourceRef: sourceRef(r.span),
    };
    return { ...self, exceptions: r.exceptions.map((e) => lowerRule(e, self)) };
  };

  const rules: M.Rule[] = [];
  for (const { rule } of bound.rules) {
    const lowered = lowerRule(rule, null);
    warnIfEmpty(lowered, "rule", rule, lowered.effect === "deny");
    rules.push(lowered);
  }

  // Implicit rules: a purpose allows collecting and using what it uses, under its basis. A
  // purpose with a consent mode other than `notice` also honours the person's choice whatever its
  // basis: an opt-out under legitimate interests stops the processing once the person opts out
  // (the `consent` atom holds for an opt-out purpose until its entry is withdrawn or objected to).
  // Several bases are never consent bases (PC1030), so that each list gives one condition.
  const basisLiterals = (bases: readonly M.Basis[], mode: M.ConsentMode): M.Literal[] =>
    bases.includes("explicit_consent")
      ? [{ atom: "explicit_consent", negated: false }]
      : bases.some((b) => CONSENT_BASES.has(b)) || mode !== "notice"
        ? [{ atom: "consent", negated: false }]
        : [];
  for (const p of purposes) {
    if (p.children.length > 0 || p.bases.length === 0 || p.uses.length === 0) continue;
    const variants: { suffix: string; conditions: M.Literal[] }[] = [
      {
        suffix: "",
        conditions: [
          ...p.basisIn.map((v) => ({ atom: `in:${v.jurisdiction}` as const, negated: true })),
          ...basisLiterals(p.bases, p.consentMode),
        ],
      },
      ...p.basisIn.map((v) => ({
        suffix: `@${v.jurisdiction}`,
        conditions: [{ atom: `in:${v.jurisdiction}` as const, negated: false }, ...basisLiterals(v.bases, p.consentMode)],
      })),
    ];
    for (const action of ["collect", "use"] as const) {
      for (const v of variants) {
        const id = `purpose:${p.id}:${action}${v.suffix}`;
        rules.push({
          id,
          effect: "allow",
          action,
          categories: p.uses,
          recipients: [],
          purposes: [p.id],
          written: { categories: p.usesDeclared, recipients: [], purposes: [p.id] },
          conditions: v.conditions,
          exceptions: [],
          origin: "purpose",
          prose: null,
          sourceRef: p.sourceRef,
        });
        ruleSpans.set(id, declSpans.get(`purpose:${p.id}`)!);
      }
    }
  }

  // Implicit rules: audiences a purpose excludes, and audiences' own `collect no`/`marketing no`.
  // An audience of an age (`age_under 13`) holds for a person younger than that, one without an
  // age for every minor (grammar/semantics.md, "Audiences").
  const audienceAtom = (a: M.Audience): M.Literal["atom"] => (a.ageUnder === null ? "minor" : ageAtom(a.ageUnder));
  const denyRule = (
    id: string,
    action: M.Action,
    cats: readonly string[],
    purps: readonly string[],
    src: M.SourceRef,
    span: A.Span,
    atom: M.Literal["atom"],
  ): void => {
    const isFlow = isFlowAction(action);
    rules.push({
      id,
      effect: "deny",
      action,
      categories: cats,
      recipients: isFlow ? leafRecipients : [],
      purposes: purps,
      written: { categories: [], recipients: [], purposes: purps },
      conditions: [{ atom, negated: false }],
      exceptions: [],
      origin: "audience",
      prose: null,
      sourceRef: src,
    });
    ruleSpans.set(id, span);
  };
  // The document says "we do not use information about anyone in this group for <purpose>": any
  // personal information, not only what the purpose lists in `uses`, and any action, sharing too.
  for (const p of purposes) {
    if (p.children.length > 0 || p.excludes.length === 0) continue;
    const cats = sortedUnique([...p.uses, ...personalLeaves]);
    if (cats.length === 0) continue;
    // located where `excludes` is written: the purpose, or the ancestor it inherits it from
    const from = purById.get(purH.inherit(p.id, "excludes", (x) => x.name.path) ?? p.id) ?? p;
    // one deny per fact that picks out some excluded audience, without those another implies:
    // `age_under:13` within `age_under:16`, and within `minor` (every age limit up to 18 is)
    const atoms = [...new Set(p.excludes.flatMap((id) => audiences.filter((a) => a.id === id).map(audienceAtom)))].sort();
    const widest = atoms.filter((x) => !atoms.some((y) => y !== x && implies(x, y)));
    // at the `excludes` list itself, where the purpose (or its ancestor) writes it
    // (in the file that writes it, which a refining declaration in another file may not be)
    const listed = purDecl(from.id).excludes ?? [];
    const written = listed.filter((r) => r.span.file === listed[0]?.span.file);
    const span = written.length > 0 ? { file: written[0]!.span.file, start: written[0]!.span.start, end: written[written.length - 1]!.span.end } : declSpans.get(`purpose:${from.id}`)!;
    const ref = written.length > 0 ? sourceRef(written[0]!.span) : from.sourceRef;
    widest.forEach((atom, i) => {
      for (const action of ACTIONS) {
        const id = `excludes:${p.id}:${action}${i === 0 ? "" : `:${atom}`}`;
        denyRule(id, action, cats, [p.id], ref, span, atom);
      }
    });
  }
  for (const a of audiences) {
    const span = declSpans.get(`audience:${a.id}`)!;
    if (!a.collect && personalLeaves.length > 0 && leafPurposes.length > 0) {
      denyRule(`audience:${a.id}:collect`, "collect", personalLeaves, leafPurposes, a.sourceRef, span, audienceAtom(a));
    }
    // `marketing no`: no marketing purpose uses their personal data, nor has it shared, sold or
    // transferred (a partner's marketing is marketing too)
    const marketingPurposes = leafPurposes.filter((id) => purById.get(id)!.marketing);
    if (!a.marketing && marketingPurposes.length > 0 && personalLeaves.length > 0) {
      for (const action of ACTIONS) {
        if (action === "collect") continue;
        denyRule(`audience:${a.id}:marketing${action === "use" ? "" : `:${action}`}`, action, personalLeaves, marketingPurposes, a.sourceRef, span, audienceAtom(a));
      }
    }
  }

  // ---- the rest -------------------------------------------------------------------------------
  const retention: M.Retention[] = declsOf("retention", "Retention").map((d) => {
    setDeclSpan("retention", d.name.path, d.name.span);
    // the places of `from` and of the first event criterion, for the checks of what a period counts from
    if (d.from) declSpans.set(`retention.from:${d.name.path}`, d.from.span);
    const event = d.criteria.find((c) => isEvent(c.value));
    if (event) declSpans.set(`retention.event:${d.name.path}`, event.span);
    return {
      id: d.name.path,
      label: labelOf(d.label, d.name.path),
      categories: expandCategories(d.appliesTo),
      categoriesDeclared: d.appliesTo.filter((r) => !bound.unresolved.has(r)).map((r) => r.path),
      purposes: expandPurposes(d.purposes),
      period: d.period ? (d.period.kind === "Duration" ? duration(d.period) : "indefinite") : null,
      criteria: d.criteria.map((c) => c.value),
      from: d.from?.value ?? null,
      end: d.end.map((e) => e.value),
      max: d.max ? duration(d.max) : null,
      prose: ltext(d.prose),
      sourceRef: sourceRef(d.name.span),
    };
  });

  const trackers: M.Tracker[] = declsOf("tracker", "Tracker").map((d) => {
    setDeclSpan("tracker", d.name.path, d.name.span);
    return {
      id: d.name.path,
      label: labelOf(d.label, d.name.path),
      type: d.type?.value ?? null,
      providers: expandRecipients(d.providers),
      firstParty: d.providers.length === 0 || d.firstParty?.value === true,
      scope: ltext(d.scope),
      collects: expandCategories(d.collects),
      purposes: expandPurposes(d.purposes),
      gate: d.gate?.value ?? null,
      optOut: ltext(d.optOut),
      optOutUrl: ltext(d.optOutUrl),
      prose: ltext(d.prose),
      sourceRef: sourceRef(d.name.span),
    };
  });

  const declaredRights: M.Right[] = declsOf("right", "Right").map((d) => {
    setDeclSpan("right", d.name.path, d.name.span);
    // a right without a label of its own is named as the law names its type, not after its id
    // ("Know"); cited only where that law is the policy's (no GDPR article in a California policy)
    const law = d.type ? rightTypeLabel(d.type.value) : undefined;
    const named = d.label === undefined && law !== undefined ? (lawOfRight(d.type!.value, jurisdictions) !== null ? law : uncited(law)) : undefined;
    return {
      id: d.name.path,
      label: named !== undefined ? { text: named, translations: {} } : labelOf(d.label, d.name.path),
      type: d.type?.value ?? null,
      how: ltext(d.how),
      url: ltext(d.url),
      prose: ltext(d.prose),
      derived: false,
      jurisdiction: null,
      sourceRef: sourceRef(d.name.span),
    };
  });
  const headerRef = header ? sourceRef(header.name.span) : { file: rootName, line: 1, column: 1 };
  // declared rights by id, then derived ones in the order of the articles that grant them
  const rights = [
    ...declaredRights.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    ...derivedRights(jurisdictions, declaredRights, headerRef),
  ];
  // `CA` is Canada: a policy that says what the CCPA asks of it (a "Do Not Sell" link, the rights
  // only California gives) meant `US-CA`, whose checks and rights `CA` does not turn on (PC2028)
  const canada = declared.find((j) => j.name === "CA");
  if (canada !== undefined && !declared.some((j) => j.name === "US-CA")) {
    const californian = [
      ...(header?.doNotSellUrl ? ["`do_not_sell_url`"] : []),
      ...declaredRights.filter((r) => r.type !== null && CCPA_ONLY_RIGHTS.has(r.type)).map((r) => `right \`${r.id}\` (\`${r.type}\`)`),
    ];
    if (californian.length > 0) {
      diagnostics.push(createDiagnostic("PC2028", { what: californian.join(", ") }, canada.span, { help: "did you mean `US-CA`? (keep `CA` too if the policy covers Canada)" }));
    }
  }

  const statements = (kind: SymbolKind, items: (d: A.BlockDecl) => readonly A.Text[]): M.Statement[] =>
    [...table(kind).values()].map((s) => {
      const d = s.decl as A.SecurityDecl | A.ChangesDecl | A.SectionDecl;
      setDeclSpan(kind, d.name.path, d.name.span);
      return {
        id: d.name.path,
        label: labelOf(d.label, d.name.path),
        items: items(d).map((t) => ltext(t)!),
        prose: ltext(d.prose),
        sourceRef: sourceRef(d.name.span),
      };
    });
  const security = statements("security", (d) => (d.kind === "Security" ? d.measures : []));
  const changes = statements("changes", (d) => (d.kind === "Changes" ? d.notify : []));
  const sections = statements("section", () => []);

  const precedenceDecls = declsOf("precedence", "Precedence").sort((a, b) =>
    a.span.file === b.span.file ? a.span.start - b.span.start : a.span.file < b.span.file ? -1 : 1,
  );
  const pd = precedenceDecls[0];
  if (precedenceDecls.length > 1) {
    diagnostics.push(
      createDiagnostic("PC2008", { what: "`precedence`" }, precedenceDecls[1]!.name.span, {
        related: [{ message: "first declared here", span: pd!.name.span }],
      }),
    );
  }
  const precedence: M.Precedence = {
    strategy: pd?.strategy?.value ?? "deny_overrides",
    strategyStated: pd?.strategy !== undefined,
    prevails: pd ? pd.prevails.map((t) => ltext(t)!) : [],
    prose: ltext(pd?.prose),
    sourceRef: pd ? sourceRef(pd.name.span) : null,
  };

  const assertions: M.Assertion[] = bound.asserts.map(({ decl }, i) => {
    const ref = sourceRef(decl.span);
    const id = decl.id?.name ?? `assert:${fileLine(ref)}`;
    ruleSpans.set(id, decl.span);
    const isFlow = isFlowAction(decl.action.value);
    if (!isFlow && decl.recipients.length > 0) {
      diagnostics.push(createDiagnostic("PC2012", { action: `\`${decl.action.value}\`` }, decl.recipients[0]!.span));
    }
    // the assertion as written, without comments and with spaces folded: part of the hash, so
    // it must not depend on formatting
    const text =
      sources
        .get(decl.span.file)
        ?.slice(decl.span.start, decl.prose ? decl.prose.span.start : decl.span.end)
        .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, " ")
        .replace(/\s+/g, " ")
        .replace(/ ,/g, ",")
        .trim() ?? `assert ${i}`;
    const categoriesA = expandCategories(decl.data);
    const recipientsA = isFlow ? (decl.recipients.length > 0 ? expandRecipients(decl.recipients) : leafRecipients) : [];
    const purposesA = decl.purposes.length > 0 ? expandPurposes(decl.purposes) : leafPurposes;
    warnIfEmpty({ categories: categoriesA, recipients: recipientsA, purposes: purposesA, action: decl.action.value }, "assertion", decl, decl.mode.value === "never");
    return {
      id,
      mode: decl.mode.value,
      action: decl.action.value,
      categories: categoriesA,
      recipients: recipientsA,
      purposes: purposesA,
      conditions: decl.conditions.map(literal).filter((l): l is M.Literal => l !== null),
      text,
      prose: ltext(decl.prose),
      sourceRef: ref,
    };
  });

  // each age limit an audience's rules test takes one of the table's condition bits too
  const ageLimits = new Set(agesTested(rules, assertions));
  const maxJurisdictions = MAX_JURISDICTIONS - ageLimits.size;
  if (maxJurisdictions < 0) {
    // more ages than the table has bits, before any jurisdiction: at the first age that does not
    // fit, where it is written
    const extra = [...namedAges].filter(([n]) => ageLimits.has(n))[MAX_JURISDICTIONS];
    diagnostics.push(createDiagnostic("PC2021", { count: String(ageLimits.size), max: String(MAX_JURISDICTIONS) }, extra?.[1] ?? header?.name.span));
  } else if (namedJurisdictions.size > maxJurisdictions) {
    const [name, span] = [...namedJurisdictions][maxJurisdictions]!;
    diagnostics.push(
      createDiagnostic(
        "PC2017",
        { count: String(namedJurisdictions.size), max: String(maxJurisdictions), name: `\`${name}\`` },
        span,
        ageLimits.size > 0 ? { help: `the policy's ${ageLimits.size} age${ageLimits.size === 1 ? "" : "s"} (\`age_under\`) take${ageLimits.size === 1 ? "s" : ""} the other bits: group jurisdictions that share their rules, or use fewer ages` } : {},
      ),
    );
  }

  const headerModel: M.Header = {
    id: header?.name.path ?? "policy",
    title: labelOf(header?.label, header?.name.path ?? "Privacy policy"),
    controller: party(header?.controller),
    dpo: party(header?.dpo),
    version: header?.version?.value ?? null,
    effective: header?.effective?.value ?? null,
    jurisdictions,
    languages: header && header.languages.length > 0 ? header.languages.map((l) => l.name) : ["en"],
    languageRefs: (header?.languages ?? []).map((l) => sourceRef(l.span)),
    textRefs: headerTextRefs(header, sourceRef),
    authority: ltext(header?.authority),
    url: ltext(header?.url),
    doNotSellUrl: ltext(header?.doNotSellUrl),
    prose: ltext(header?.prose),
    acceptsConsentFrom: accepted,
    source: headerRef,
  };

  const withoutHash = {
    $schema: "https://policyc.dev/schema/policy-model-6.json" as const,
    header: headerModel,
    categories,
    purposes,
    recipients,
    rules,
    retention,
    trackers,
    rights,
    audiences,
    security,
    changes,
    sections,
    precedence,
    assertions,
  };
  // Computed when first read: `check` never reads them, and hashing is a walk of the whole model.
  // With a watch session's memo, each top-level part's text for the content hash is remembered
  // under the part's content (`partDigest`; the model is JSON through and through, which
  // test/model/json.test.ts holds), so that only the parts an edit changed are written again.
  let hashes: { hash: string; consentHash: string } | undefined;
  const partText = memo
    ? (part: string, make: () => string): string => memo.get(`hash-part\u0000${part}\u0000${partDigest(model, part)}`, make)
    : undefined;
  const model: M.PolicyModel = {
    $schema: withoutHash.$schema,
    header: headerModel,
    get hash() {
      return (hashes ??= computeHashes(withoutHash, partText)).hash;
    },
    get consentHash() {
      return (hashes ??= computeHashes(withoutHash, partText)).consentHash;
    },
    categories,
    purposes,
    recipients,
    rules,
    retention,
    trackers,
    rights,
    audiences,
    security,
    changes,
    sections,
    precedence,
    assertions,
  };
  return { model, diagnostics, ruleSpans, declSpans };
}

/** Where each text of the header is written (`Header.textRefs`), by model property. */
function headerTextRefs(h: A.PolicyDecl | undefined, ref: (span: A.Span) => M.SourceRef): Record<string, M.SourceRef> {
  const out: Record<string, M.SourceRef> = {};
  if (!h) return out;
  const texts: [string, A.Text | undefined][] = [
    ["title", h.label],
    ["authority", h.authority],
    ["url", h.url],
    ["doNotSellUrl", h.doNotSellUrl],
    ["prose", h.prose],
  ];
  for (const role of ["controller", "dpo"] as const) {
    const p = h[role];
    if (!p) continue;
    for (const field of ["name", "legalName", "address", "email", "phone", "url"] as const) texts.push([`${role}.${field}`, p[field]]);
  }
  for (const [key, text] of texts) if (text) out[key] = ref(text.span);
  return out;
}

function party(p: A.Party | undefined): M.Party | null {
  if (!p) return null;
  return {
    name: ltext(p.name),
    legalName: ltext(p.legalName),
    address: ltext(p.address),
    email: ltext(p.email),
    phone: ltext(p.phone),
    url: ltext(p.url),
  };
}
