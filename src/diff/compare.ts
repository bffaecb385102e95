/**
 * The semantic diff of two policy models: every difference in what the policies mean, as a list
 * of `Change`s (changes.ts), in a stable order. Declarations are matched by id; rules by their
 * `as` name, or by their scope (effect, action, data, recipients, purposes as written) when the
 * compiler generated the id from a position; rights by their type. Sharing is compared on the
 * decision tables (sharing.ts), so a rule rewritten without changing what it allows is no change.
 *
 * Pipeline position: after the compiler, on two normalized models; `render.ts` writes the result.
 */
import { collectedCategories } from "../model/collected.js";
import { pushAll } from "../util/arrays.js";
import { canonicalJson, changedConsentParts } from "../model/hash.js";
import { countsFrom, hasTimeLimit } from "../model/retention.js";
import type {
  AcceptedConsent,
  Category,
  ConsentMode,
  Duration,
  LText,
  Party,
  PolicyModel,
  Purpose,
  Recipient,
  Retention,
  RetentionFrom,
  Right,
  Rule,
  Tracker,
  TrackerGate,
} from "../model/types.js";
import { someCell, type DecisionTable } from "../semantics/table.js";
import { ChangeId, CHANGE_INFO, classRank, type Change, type ChangeClass, type SubjectKind } from "./changes.js";
import { bold, list, md, placeWords } from "./compare-text.js";
import { compareTables, conditionWords, CONSENT_ATOMS, decisionsDiffer, sharingChanges, type TableComparison } from "./sharing.js";
import { table } from "../util/table.js";


function label(l: LText | null | undefined, fallback: string): string {
  return bold(l?.text ?? fallback);
}

/** A channel in the notice's words (as the English document names it); another as written. */
const CHANNEL_WORDS: Readonly<Record<string, string>> = table({ email: "email", sms: "text message", phone: "phone", post: "post", push: "push notification", in_app: "in-app message" });
const channelWord = (ch: string): string => CHANNEL_WORDS[ch] ?? ch.replace(/_/g, " ");

/** A model value for a change's \`details\`: a text as its text, anything else as it is. */
function plainValue(v: unknown): unknown {
  return typeof v === "object" && v !== null && "text" in v && "translations" in v ? (v as LText).text : v;
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

class Collector {
  readonly changes: Change[] = [];
  add(id: ChangeId, kind: SubjectKind, subject: string, summary: string, details: Record<string, unknown> = {}, cls?: ChangeClass): void {
    this.changes.push({ id, class: cls ?? CHANGE_INFO[id].class, subject: { kind, id: subject }, summary, details });
  }
}

/** Pairs of declarations with the same key: removed, added and kept. */
function match<T>(before: readonly T[], after: readonly T[], key: (t: T) => string): { removed: T[]; added: T[]; kept: [T, T][] } {
  const old = new Map(before.map((t) => [key(t), t]));
  const now = new Map(after.map((t) => [key(t), t]));
  return {
    removed: before.filter((t) => !now.has(key(t))),
    added: after.filter((t) => !old.has(key(t))),
    kept: after.flatMap((t) => {
      const o = old.get(key(t));
      return o ? [[o, t] as [T, T]] : [];
    }),
  };
}

/** Text fields compared as prose (editorial). */
function proseChanges(c: Collector, kind: SubjectKind, id: string, name: string, before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]): void {
  const changed = fields.filter((f) => !same(before[f], after[f]));
  if (changed.length > 0) {
    c.add(ChangeId.PROSE_CHANGED, kind, id, `The wording of ${name} changed (${changed.map((f) => `\`${f}\``).join(", ")}).`, { fields: changed });
  }
}

function labelChange(c: Collector, kind: SubjectKind, id: string, before: LText, after: LText): void {
  if (same(before, after)) return;
  if (before.text !== after.text) {
    c.add(ChangeId.LABEL_CHANGED, kind, id, `${label(before, id)} is now called ${label(after, id)}.`, { before: before.text, after: after.text });
    return;
  }
  // Only translations changed: name the languages, and give both versions of each.
  const langs = [...new Set([...Object.keys(before.translations), ...Object.keys(after.translations)])]
    .filter((l) => before.translations[l] !== after.translations[l])
    .sort();
  if (langs.length === 0) return;
  c.add(
    ChangeId.LABEL_CHANGED,
    kind,
    id,
    `The ${langs.map((l) => `\`${l}\``).join(", ")} translation of the name of ${label(after, id)} changed.`,
    {
      before: before.text,
      after: after.text,
      translations: Object.fromEntries(langs.map((l) => [l, { before: before.translations[l] ?? null, after: after.translations[l] ?? null }])),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Purposes and categories

const MODE_STRICTNESS: Readonly<Record<ConsentMode, number>> = { notice: 0, opt_out: 1, opt_in: 2 };
/** What a purpose now does about your choice, and what it did before, in the notice's words. */
const MODE_NOW: Readonly<Record<ConsentMode, (name: string) => string>> = {
  opt_in: (name) => `For ${name} we now wait for your consent (opt-in)`,
  opt_out: (name) => `For ${name} we now go ahead unless you object (opt-out)`,
  notice: (name) => `For ${name} you no longer have a choice: we tell you about it`,
};
const MODE_BEFORE: Readonly<Record<ConsentMode, string>> = {
  opt_in: "we waited for your consent",
  opt_out: "we went ahead unless you objected",
  notice: "we only told you about it, without a choice",
};

/** An Art. 9(2) condition in the notice's words. */
function specialWords(c: Purpose["specialCondition"]): string {
  return c === null ? "none stated" : `${c.replace(/_/g, " ")} (GDPR Art. 9(2)(${SPECIAL_LETTERS[c]}))`;
}
const SPECIAL_LETTERS: Readonly<Record<NonNullable<Purpose["specialCondition"]>, string>> = {
  employment: "b",
  vital_interests: "c",
  made_public: "e",
  legal_claims: "f",
  public_interest: "g",
  health_care: "h",
  public_health: "i",
  research: "j",
};

function modeChangeText(name: string, before: ConsentMode, after: ConsentMode): string {
  return `${MODE_NOW[after](name)}; before, ${MODE_BEFORE[before]}.`;
}

function categoryNames(model: PolicyModel, ids: readonly string[]): string {
  return list(ids.map((id) => label(model.categories.find((c) => c.id === id)?.label, id)));
}

function basisText(p: Purpose): string {
  const words = (bases: readonly string[]) => list(bases.map((b) => b.replace(/_/g, " ")));
  const variants = p.basisIn.map((v) => `${words(v.bases)} in ${placeWords(v.jurisdiction)}`);
  // "legitimate interests, and consent in DE"
  return [p.bases.length > 0 ? words(p.bases) : "no basis", ...variants].join(", and ");
}

/** The bases of a purpose and of each jurisdiction, compared without regard to the order written. */
function basesKey(p: Purpose): string {
  const sorted = (bases: readonly string[]) => [...bases].sort();
  return JSON.stringify([
    sorted(p.bases),
    [...p.basisIn].map((v) => [v.jurisdiction, sorted(v.bases)]).sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)),
  ]);
}

/**
 * Declarations added or removed, leaves only: a parent that appears because a child is declared
 * (`analytics` for `analytics.stats`) is a heading, not a change of its own.
 */
function leaves<T extends { children: readonly string[] }>(list: readonly T[]): T[] {
  return list.filter((x) => x.children.length === 0);
}

function comparePurposes(c: Collector, a: PolicyModel, b: PolicyModel): void {
  const { removed: allRemoved, added: allAdded, kept } = match(a.purposes, b.purposes, (p) => p.id);
  const removed = leaves(allRemoved);
  const added = leaves(allAdded);
  for (const p of added) {
    c.add(
      ChangeId.PURPOSE_ADDED,
      "purpose",
      p.id,
      `We now process personal data for a new purpose: ${label(p.label, p.id)}${p.uses.length > 0 ? `, using ${categoryNames(b, p.uses)}` : ""}.`,
      { bases: p.bases, needsConsent: p.needsConsent, uses: p.uses },
      p.needsConsent ? "reconsent" : "notice",
    );
  }
  for (const p of removed) c.add(ChangeId.PURPOSE_REMOVED, "purpose", p.id, `We no longer process personal data for ${label(p.label, p.id)}.`, { uses: p.uses });
  for (const [o, n] of kept) {
    const name = label(n.label, n.id);
    labelChange(c, "purpose", n.id, o.label, n.label);
    if (basesKey(o) !== basesKey(n)) {
      c.add(
        ChangeId.BASIS_CHANGED,
        "purpose",
        n.id,
        `The legal basis for ${name} changed from ${basisText(o)} to ${basisText(n)}.`,
        { before: { bases: o.bases, basisIn: o.basisIn }, after: { bases: n.bases, basisIn: n.basisIn } },
        n.needsConsent ? "reconsent" : "notice",
      );
    }
    if (o.consentMode !== n.consentMode) {
      const loosened = MODE_STRICTNESS[n.consentMode] < MODE_STRICTNESS[o.consentMode];
      c.add(
        ChangeId.CONSENT_MODE_CHANGED,
        "purpose",
        n.id,
        modeChangeText(name, o.consentMode, n.consentMode),
        { before: o.consentMode, after: n.consentMode, loosened },
        loosened ? "reconsent" : "notice",
      );
    }
    const gained = n.uses.filter((u) => !o.uses.includes(u));
    const lost = o.uses.filter((u) => !n.uses.includes(u));
    if (gained.length > 0) {
      c.add(
        ChangeId.PURPOSE_USES_ADDED,
        "purpose",
        n.id,
        `For ${name} we now also use ${categoryNames(b, gained)}.`,
        { categories: gained, needsConsent: n.needsConsent },
        n.needsConsent ? "reconsent" : "notice",
      );
    }
    if (lost.length > 0) c.add(ChangeId.PURPOSE_USES_REMOVED, "purpose", n.id, `For ${name} we no longer use ${categoryNames(a, lost)}.`, { categories: lost });
    if (o.profiling !== n.profiling) {
      c.add(ChangeId.PROFILING_CHANGED, "purpose", n.id, `${name} ${n.profiling ? "now involves" : "no longer involves"} profiling.`, { before: o.profiling, after: n.profiling });
    }
    const structural = (["channels", "marketing", "excludes", "interest", "automatedDecisions", "specialCondition"] as const).filter((f) => !same(o[f], n[f]));
    if (structural.length > 0) {
      // each in words, with what it says now: the notice's readers do not know the field names
      const text = (t: LText | null) => (t ? `“${md(t.text)}”` : "nothing");
      const audiences = (m: PolicyModel, ids: readonly string[]) => (ids.length > 0 ? list(ids.map((id) => label(m.audiences.find((x) => x.id === id)?.label, id))) : "no one");
      const said = structural.map((f) => {
        switch (f) {
          case "channels":
            return `we contact you by ${n.channels.length > 0 ? list(n.channels.map(channelWord)) : "no stated channel"} (before: ${o.channels.length > 0 ? list(o.channels.map(channelWord)) : "none stated"})`;
          case "marketing":
            return n.marketing ? "it is now direct marketing" : "it is no longer direct marketing";
          case "excludes":
            return `it leaves out ${audiences(b, n.excludes)} (before: ${audiences(a, o.excludes)})`;
          case "interest":
            return `the legitimate interest we pursue is now ${text(n.interest)} (before: ${text(o.interest)})`;
          case "automatedDecisions":
            return `what it says of automated decisions is now ${text(n.automatedDecisions)} (before: ${text(o.automatedDecisions)})`;
          case "specialCondition":
            return `the condition under which it processes special categories of data is now ${specialWords(n.specialCondition)} (before: ${specialWords(o.specialCondition)})`;
        }
      });
      c.add(ChangeId.PURPOSE_CHANGED, "purpose", n.id, `For ${name}, ${said.join("; ")}.`, {
        fields: structural,
        before: Object.fromEntries(structural.map((f) => [f, plainValue(o[f])])),
        after: Object.fromEntries(structural.map((f) => [f, plainValue(n[f])])),
      });
    }
    proseChanges(c, "purpose", n.id, name, o as unknown as Record<string, unknown>, n as unknown as Record<string, unknown>, ["withdraw", "optOut", "optOutUrl", "prose"]);
  }
}

function compareCategories(c: Collector, a: PolicyModel, b: PolicyModel): void {
  const { removed: allRemoved, added: allAdded, kept } = match(a.categories, b.categories, (x) => x.id);
  // data a version only promises not to share is no data it collects (collectedCategories)
  const collectedBefore = collectedCategories(a);
  const collectedAfter = collectedCategories(b);
  const removed = leaves(allRemoved).filter((x) => collectedBefore.has(x.id));
  const added = leaves(allAdded).filter((x) => collectedAfter.has(x.id));
  // A change to a parent (its class, its provision) is inherited by its children: report the parent only.
  const signature = (o: Category, n: Category, fields: readonly (keyof Category)[]) => canonicalJson(fields.map((f) => [f, o[f], n[f]]));
  const pairs = new Map(kept.map(([o, n]) => [n.id, [o, n] as const]));
  const inherited = (o: Category, n: Category, fields: readonly (keyof Category)[]): boolean => {
    const parent = n.parent !== null ? pairs.get(n.parent) : undefined;
    return parent !== undefined && signature(parent[0], parent[1], fields) === signature(o, n, fields);
  };
  for (const x of added) c.add(ChangeId.CATEGORY_ADDED, "category", x.id, `We now collect a new kind of data: ${label(x.label, x.id)}.`, { classification: x.classification });
  for (const x of removed) c.add(ChangeId.CATEGORY_REMOVED, "category", x.id, `We no longer collect ${label(x.label, x.id)}.`);
  for (const [o, n] of kept) {
    const name = label(n.label, n.id);
    labelChange(c, "category", n.id, o.label, n.label);
    if (o.classification !== n.classification && !inherited(o, n, ["classification"])) {
      c.add(ChangeId.CATEGORY_CLASS_CHANGED, "category", n.id, `${name} is now treated as ${n.classification} data (it was ${o.classification}).`, {
        before: o.classification,
        after: n.classification,
      });
    }
    const fields = (["source", "from", "provision", "scope"] as const).filter((f) => !same(o[f], n[f]));
    if (fields.length > 0 && !inherited(o, n, fields)) c.add(ChangeId.CATEGORY_CHANGED, "category", n.id, `The details of ${name} changed (${fields.map((f) => `\`${f}\``).join(", ")}).`, { fields });
    const prose = (["examples", "consequence", "prose"] as const).filter((f) => !same(o[f], n[f]));
    if (prose.length > 0 && !inherited(o, n, prose)) proseChanges(c, "category", n.id, name, o as unknown as Record<string, unknown>, n as unknown as Record<string, unknown>, prose);
  }
}

// ---------------------------------------------------------------------------------------------
// Recipients and sharing

function receivesUnderConsent(model: PolicyModel, table: DecisionTable, recipient: string): { categories: string[]; consent: boolean } {
  const bitsOf = (atoms: ReadonlySet<string>) => table.atoms.map((atom, i) => (atoms.has(atom) ? 1 << i : 0)).reduce((x, y) => x | y, 0);
  const bits = bitsOf(CONSENT_ATOMS);
  // a flow only a law opens (`when permitted_by_law`) is no one's consent, whatever the purpose
  const law = bitsOf(new Set(["required_by_law", "permitted_by_law"]));
  const needsConsent = new Set(model.purposes.filter((p) => p.needsConsent).map((p) => p.id));
  const categories = new Set<string>();
  let consent = false;
  someCell(table, (cell, _action, category, purpose, to) => {
    if (to !== recipient || cell.outcome === "deny") return false;
    categories.add(category);
    if (cell.allow.some((t) => (t.pos & law) === 0 && ((t.pos & bits) !== 0 || needsConsent.has(purpose)))) consent = true;
    return false;
  });
  return { categories: [...categories].sort(), consent };
}

function compareRecipients(c: Collector, a: PolicyModel, b: PolicyModel, tables: { before: DecisionTable; after: DecisionTable } | undefined): void {
  const { removed: allRemoved, added: allAdded, kept } = match(a.recipients, b.recipients, (r) => r.id);
  const removed = leaves(allRemoved);
  const added = leaves(allAdded);
  for (const r of added) {
    const got = tables ? receivesUnderConsent(b, tables.after, r.id) : { categories: [], consent: false };
    c.add(
      ChangeId.RECIPIENT_ADDED,
      "recipient",
      r.id,
      `We now share personal data with a new recipient: ${label(r.label, r.id)}${got.categories.length > 0 ? ` (${categoryNames(b, got.categories)})` : ""}.` +
        // a transfer abroad is what a reader most needs to know about a new recipient
        (r.transfers.length > 0 ? ` Transferred abroad: ${list(r.transfers.map((t) => md(t.text)))}${r.transferSafeguards.length > 0 ? ` (safeguards: ${list(r.transferSafeguards.map((t) => md(t.text)))})` : ""}.` : ""),
      { type: r.type, categories: got.categories, consentGated: got.consent, transfers: r.transfers.map((t) => t.text) },
      got.consent ? "reconsent" : "notice",
    );
  }
  for (const r of removed) c.add(ChangeId.RECIPIENT_REMOVED, "recipient", r.id, `We no longer share personal data with ${label(r.label, r.id)}.`);
  for (const [o, n] of kept) {
    const name = label(n.label, n.id);
    labelChange(c, "recipient", n.id, o.label, n.label);
    const fields = (["type", "ownPolicy", "needsConsent"] as const).filter((f) => !same(o[f], n[f]));
    if (fields.length > 0) c.add(ChangeId.RECIPIENT_CHANGED, "recipient", n.id, `The details of ${name} changed (${fields.map((f) => `\`${f}\``).join(", ")}).`, { fields });
    if (!same(o.transfers, n.transfers) || !same(o.transferSafeguards, n.transferSafeguards)) {
      const places = (r: Recipient) => (r.transfers.length > 0 ? list(r.transfers.map((t) => md(t.text))) : "nowhere outside the home jurisdiction");
      c.add(ChangeId.TRANSFERS_CHANGED, "recipient", n.id, `${name} now transfers data to ${places(n)} (before: ${places(o)}).`, {
        before: o.transfers.map((t) => t.text),
        after: n.transfers.map((t) => t.text),
      });
    }
    proseChanges(c, "recipient", n.id, name, o as unknown as Record<string, unknown>, n as unknown as Record<string, unknown>, ["sectors", "safeguards", "prose"]);
  }
}

// ---------------------------------------------------------------------------------------------
// Rules

const POSITIONAL = /^(rule|except|assert):/;

/** How a rule is recognised across versions: its name, or what it is about. */
function ruleKeys(rules: readonly Rule[]): Map<string, Rule> {
  const out = new Map<string, Rule>();
  for (const r of rules) {
    if (r.origin !== "rule") continue;
    // the lists as sets: reordering `with a, b` is no other rule
    const set = (xs: readonly string[]) => [...xs].sort().join(",");
    const base = POSITIONAL.test(r.id)
      ? `${r.effect} ${r.action} ${set(r.written.categories)} to ${set(r.written.recipients) || "-"} for ${set(r.written.purposes) || "-"}`
      : r.id;
    let key = base;
    for (let i = 2; out.has(key); i++) key = `${base} #${i}`;
    out.set(key, r);
  }
  return out;
}

/**
 * A rule as written, without its ids, positions and prose. Written, not expanded: `personal`
 * covering one more category is no change to the rule (the decision tables show what it does).
 */
function ruleShape(r: Rule): unknown {
  // lists and conditions as sets (a conjunction, lists of names): their order means nothing;
  // exceptions keep theirs (the first that applies decides)
  const sorted = (xs: readonly string[]) => [...xs].sort();
  const strip = (x: Rule): unknown => ({
    effect: x.effect,
    action: x.action,
    written: { categories: sorted(x.written.categories), recipients: sorted(x.written.recipients), purposes: sorted(x.written.purposes) },
    conditions: sorted(x.conditions.map((l) => `${l.negated ? "not " : ""}${l.atom}`)),
    exceptions: x.exceptions.map(strip),
  });
  return strip(r);
}

function ruleProse(r: Rule): unknown {
  const strip = (x: Rule): unknown => ({ prose: x.prose, exceptions: x.exceptions.map(strip) });
  return strip(r);
}

function describeRule(r: Rule): string {
  return `\`${ruleSyntax(r, true)}\``;
}

/** A rule as the policy writes it (an exception without its action), with its exceptions. */
function ruleSyntax(r: Rule, top: boolean): string {
  const parts: string[] = top ? [r.effect, r.action] : [r.effect];
  if (r.written.categories.length > 0) parts.push(r.written.categories.join(", "));
  // as the policy writes it: sell and transfer *to*, share *with*
  if (r.written.recipients.length > 0) parts.push(`${r.action === "share" ? "with" : "to"} ${r.written.recipients.join(", ")}`);
  if (r.written.purposes.length > 0) parts.push(`for ${r.written.purposes.join(", ")}`);
  if (r.conditions.length > 0) parts.push(`when ${r.conditions.map((l) => `${l.negated ? "not " : ""}${l.atom.replace(/^in:/, "in ").replace(/^age_under:/, "age_under ")}`).join(", ")}`);
  if (r.exceptions.length > 0) parts.push(`except { ${r.exceptions.map((e) => ruleSyntax(e, false)).join("; ")} }`);
  return parts.join(" ");
}

/** Selectors in words, for the public notice. */
const SELECTOR_WORDS: Readonly<Record<string, string>> = table({
  personal: "personal information",
  sensitive: "sensitive information",
  all_data: "any information",
  anyone: "anyone",
  third_parties: "third parties",
  any: "any purpose",
});

const VERB: Readonly<Record<string, string>> = table({ collect: "collect", use: "use", share: "share", sell: "sell", transfer: "transfer" });

/**
 * A rule as the notice's readers read it: "We may now share “Email address” with “Analytics Co”
 * for “Direct marketing” (with your consent)." Names by their labels in `model`, selectors in
 * words; the syntax (`allow share contact.email with ...`) goes to `details.text` for tools.
 */
function ruleInWords(r: Rule, model: PolicyModel, added: boolean): string {
  const named = (ids: readonly string[], of: readonly { readonly id: string; readonly label: LText | null }[]) =>
    list(ids.map((id) => SELECTOR_WORDS[id] ?? `“${md(of.find((x) => x.id === id)?.label?.text ?? id)}”`));
  const verb = VERB[r.action] ?? r.action;
  const parts = [r.effect === "allow" ? `We may${added ? " now" : ""} ${verb}` : `We ${added ? "now promise not to" : "do not"} ${verb}`, named(r.written.categories, model.categories)];
  if (r.written.recipients.length > 0) parts.push(`${r.action === "share" ? "with" : "to"} ${named(r.written.recipients, model.recipients)}`);
  if (r.written.purposes.length > 0) parts.push(`for ${named(r.written.purposes, model.purposes)}`);
  // an opt-out purpose's consent is the absence of an objection
  const optOut = r.purposes.length > 0 && r.purposes.every((id) => model.purposes.find((p) => p.id === id)?.consentMode === "opt_out");
  const words = (conditions: Rule["conditions"]) => conditionWords(conditions, optOut);
  const conditions = words(r.conditions);
  return `${parts.join(" ")}${conditions.length > 0 ? ` (${conditions.join(", ")})` : ""}${exceptionWords(r, model, words, named)}`;
}

/**
 * A rule's exceptions in words, each with the part of the rule's scope it narrows to and its
 * conditions: ", except with “Cloud” for “Health tracking” (with your explicit consent); or
 * “Heart rate” with “Insurers” ...". Allow exceptions of a deny read "except", deny exceptions of
 * an allow "but not"; an exception's own exceptions follow it in the same way.
 */
function exceptionWords(
  r: Rule,
  model: PolicyModel,
  words: (conditions: Rule["conditions"]) => string[],
  named: (ids: readonly string[], of: readonly { readonly id: string; readonly label: LText | null }[]) => string,
): string {
  if (r.exceptions.length === 0) return "";
  const each = r.exceptions.map((e) => {
    const scope: string[] = [];
    if (e.written.categories.length > 0) scope.push(named(e.written.categories, model.categories));
    if (e.written.recipients.length > 0) scope.push(`${e.action === "share" ? "with" : "to"} ${named(e.written.recipients, model.recipients)}`);
    if (e.written.purposes.length > 0) scope.push(`for ${named(e.written.purposes, model.purposes)}`);
    const when = words(e.conditions);
    const said =
      scope.length === 0 ? (when.length > 0 ? when.join(", ") : "in some cases") : `${scope.join(" ")}${when.length > 0 ? ` (${when.join(", ")})` : ""}`;
    return `${said}${exceptionWords(e, model, words, named)}`;
  });
  // a list of exceptions that themselves hold commas reads better with semicolons
  const joined = each.length === 1 ? each[0]! : `${each.slice(0, -1).join("; ")}; or ${each[each.length - 1]!}`;
  return `${r.effect === "deny" ? ", except" : ", but not"} ${joined}`;
}

function compareRules(c: Collector, a: PolicyModel, b: PolicyModel, tables?: TableComparison): void {
  // an allow added, removed or changed in a scope where no decision changes (other rules decide
  // it: a deny overrides the new allow, an allow restates one) changes the wording, not what is
  // done with anyone's data; "We may now share ..." would be untrue. A deny is a promise, true
  // and worth telling even where nothing was allowed: it stays a notice.
  let differ: ((rules: readonly Rule[]) => boolean) | undefined;
  const inert = (...rules: Rule[]) =>
    tables !== undefined && rules.every((r) => r.effect === "allow") && !(differ ??= decisionsDiffer(tables))(rules);
  const before = ruleKeys(a.rules);
  const after = ruleKeys(b.rules);
  // a named rule renamed and nothing else (`as consented_sharing` to `as sharing_with_consent`):
  // the same rule, whose new name tools see (the guards' `ruleId`); no one else does
  const shapeOf = (r: Rule) => canonicalJson([ruleShape(r), ruleProse(r)]);
  const gone = [...before].filter(([key]) => !after.has(key));
  for (const [key, r] of [...after]) {
    if (before.has(key) || POSITIONAL.test(r.id)) continue;
    const i = gone.findIndex(([, o]) => !POSITIONAL.test(o.id) && shapeOf(o) === shapeOf(r));
    if (i < 0) continue;
    const [oldKey, o] = gone[i]!;
    gone.splice(i, 1);
    before.delete(oldKey);
    after.delete(key);
    c.add(ChangeId.LABEL_CHANGED, "rule", key, `The rule \`${o.id}\` is now named \`${r.id}\`; what it says is the same.`, { before: o.id, after: r.id });
  }
  for (const [key, r] of after) {
    const o = before.get(key);
    const name = POSITIONAL.test(r.id) || (!o && !r.prose) ? describeRule(r) : `\`${r.id}\``;
    if (!o) {
      // the rule's own prose when it has one, else the rule in words: the notice is for the public
      const details = { rule: POSITIONAL.test(r.id) ? null : r.id, text: describeRule(r).slice(1, -1) };
      if (inert(r)) {
        const says = r.prose ? `“${md(r.prose.text)}”` : `${ruleInWords(r, b, false)}.`;
        c.add(ChangeId.RULE_ADDED, "rule", key, `A new rule changes no decision, since other rules already decide what it covers: ${says}`, { ...details, decisionsChanged: false }, "editorial");
        continue;
      }
      const said = r.prose ? `“${md(r.prose.text)}”` : `${ruleInWords(r, b, true)}.`;
      c.add(ChangeId.RULE_ADDED, "rule", key, said, details);
      continue;
    }
    if (!same(ruleShape(o), ruleShape(r))) {
      const details = { before: describeRule(o).slice(1, -1), after: describeRule(r).slice(1, -1) };
      const both = `Before: ${ruleInWords(o, a, false)}. Now: ${ruleInWords(r, b, false)}.`;
      if (inert(o, r)) c.add(ChangeId.RULE_CHANGED, "rule", key, `A rule changed, but no decision did, since other rules decide what it covers. ${both}`, { ...details, decisionsChanged: false }, "editorial");
      else c.add(ChangeId.RULE_CHANGED, "rule", key, both, details);
    } else if (!same(ruleProse(o), ruleProse(r))) {
      c.add(ChangeId.PROSE_CHANGED, "rule", key, `The wording of the rule ${name} changed.`, { fields: ["prose"] });
    }
  }
  for (const [key, r] of before) {
    if (after.has(key)) continue;
    // readers of the notice do not know the rule's id: without its prose, say what it said
    const said = r.prose ? `“${md(r.prose.text)}”` : `${ruleInWords(r, a, false)}.`;
    const details = { rule: POSITIONAL.test(r.id) ? null : r.id, text: describeRule(r).slice(1, -1) };
    if (inert(r)) c.add(ChangeId.RULE_REMOVED, "rule", key, `A rule is gone, but no decision changes, since other rules decide what it covered: ${said}`, { ...details, decisionsChanged: false }, "editorial");
    else c.add(ChangeId.RULE_REMOVED, "rule", key, `No longer: ${said}`, details);
  }
}

// ---------------------------------------------------------------------------------------------
// Retention, trackers, rights, audiences

function days(d: Duration | "indefinite" | null): number {
  return d === null || d === "indefinite" ? Infinity : d.days;
}

/** How long data is kept at most, in days: the period capped by its maximum (Infinity: no limit). */
function limitDays(r: Retention): number {
  return Math.min(days(r.period), days(r.max));
}

/** That limit in words: "up to 7 days", "indefinitely", "without a stated time limit". */
function limitText(r: Retention): string {
  const limit = days(r.max) < days(r.period) ? r.max : r.period;
  if (limit !== null && limit !== "indefinite") return `up to ${durationText(limit)}`;
  return r.period === "indefinite" ? "indefinitely" : "without a stated time limit";
}

const GERUND: Readonly<Record<string, string>> = { delete: "deleting", anonymise: "anonymising" };

function durationText(d: Duration | "indefinite" | null): string {
  if (d === null) return "no stated period";
  if (d === "indefinite") return "indefinitely";
  return `${d.amount} ${d.unit}${d.amount === 1 ? "" : "s"}`;
}

function compareRetention(c: Collector, a: PolicyModel, b: PolicyModel): void {
  const { removed, added, kept } = match(a.retention, b.retention, (r) => r.id);
  for (const r of added) {
    // how long at most, and from when: "up to 2 years, from when you withdraw your consent"
    const from = hasTimeLimit(r) ? `, ${FROM_WORDS[countsFrom(r) ?? "open"]}` : "";
    c.add(ChangeId.RETENTION_ADDED, "retention", r.id, `New retention rule ${label(r.label, r.id)}: ${limitText(r)}${from}.`, { period: r.period, max: r.max, from: r.from });
  }
  for (const r of removed) c.add(ChangeId.RETENTION_REMOVED, "retention", r.id, `The retention rule ${label(r.label, r.id)} is gone.`);
  for (const [o, n] of kept) {
    const name = label(n.label, n.id);
    labelChange(c, "retention", n.id, o.label, n.label);
    // how long at most, as the guards count it: the period capped by its maximum (adding a
    // maximum longer than the period keeps nothing longer or shorter)
    const x = limitDays(o);
    const y = limitDays(n);
    if (x !== y) {
      const longer = y > x;
      c.add(
        longer ? ChangeId.RETENTION_EXTENDED : ChangeId.RETENTION_SHORTENED,
        "retention",
        n.id,
        `We now keep ${name} for ${longer ? "longer" : "less time"}: ${limitText(n)}, instead of ${limitText(o)}.`,
        {
          field: days(o.period) !== days(n.period) ? "period" : "max",
          before: { period: o.period, max: o.max },
          after: { period: n.period, max: n.max },
        },
      );
    }
    // what the time limit counts from, where either version has one
    const [was, now] = [countsFrom(o), countsFrom(n)];
    if (was !== now && (hasTimeLimit(o) || hasTimeLimit(n))) {
      c.add(ChangeId.RETENTION_CHANGED, "retention", n.id, `We now count how long we keep ${name} ${FROM_WORDS[now ?? "open"]}, instead of ${FROM_WORDS[was ?? "open"]}.`, {
        fields: ["from"],
        before: was,
        after: now,
      });
    }
    if (!same(o.end, n.end)) {
      const now = n.end.length > 0 ? `we now ${n.end.join(" or ")} it` : "the policy no longer says what happens to it";
      const was = o.end.length > 0 ? `instead of ${o.end.map((e) => GERUND[e] ?? e).join(" or ")} it` : "where it said nothing before";
      c.add(ChangeId.RETENTION_CHANGED, "retention", n.id, `At the end of the retention period for ${name}, ${now}, ${was}.`, { fields: ["end"], before: o.end, after: n.end });
    }
    const fields = (["categories", "purposes", "criteria"] as const satisfies readonly (keyof Retention)[]).filter((f) => !same(o[f], n[f]));
    if (fields.length > 0) {
      // what it covers, by name: the data and the purposes gained and lost
      const purposeNames = (model: PolicyModel, ids: readonly string[]) => list(ids.map((id) => label(model.purposes.find((p) => p.id === id)?.label, id)));
      const said: string[] = [];
      for (const [field, names] of [
        ["categories", (m: PolicyModel, ids: readonly string[]) => categoryNames(m, ids)],
        ["purposes", purposeNames],
      ] as const) {
        if (!fields.includes(field)) continue;
        const gained = n[field].filter((x) => !o[field].includes(x));
        const lost = o[field].filter((x) => !n[field].includes(x));
        if (gained.length > 0) said.push(`it now also applies to ${names(b, gained)}`);
        if (lost.length > 0) said.push(`it no longer applies to ${names(a, lost)}`);
      }
      if (fields.includes("criteria")) said.push("the criteria that decide how long changed");
      c.add(ChangeId.RETENTION_CHANGED, "retention", n.id, `The retention rule ${name} changed: ${said.join("; ")}.`, {
        fields,
        before: Object.fromEntries(fields.map((f) => [f, o[f]])),
        after: Object.fromEntries(fields.map((f) => [f, n[f]])),
      });
    }
    proseChanges(c, "retention", n.id, name, o as unknown as Record<string, unknown>, n as unknown as Record<string, unknown>, ["prose"]);
  }
}

/** What a retention period counts from, in the notice's words. */
const FROM_WORDS: Readonly<Record<RetentionFrom | "open", string>> = {
  collection: "from when we collect it",
  account_deletion: "from when you delete your account",
  withdrawal: "from when you withdraw your consent",
  last_activity: "from your last activity",
  contract_end: "from the end of our contract with you",
  open: "from a start the policy did not state",
};

const GATE_STRICTNESS: Readonly<Record<TrackerGate | "unstated", number>> = { unstated: 0, none: 0, opt_out: 1, consent: 2 };
const GATE_WORDS: Readonly<Record<TrackerGate | "unstated", string>> = {
  consent: "only with your consent",
  opt_out: "unless you opt out",
  none: "without asking",
  unstated: "without the policy saying whether it asks",
};
const gateOf = (t: Tracker): TrackerGate | "unstated" => t.gate ?? "unstated";

function compareTrackers(c: Collector, a: PolicyModel, b: PolicyModel): void {
  const { removed, added, kept } = match(a.trackers, b.trackers, (t) => t.id);
  for (const t of added) {
    c.add(
      ChangeId.TRACKER_ADDED,
      "tracker",
      t.id,
      `We now use a new tracker, ${label(t.label, t.id)}, which runs ${GATE_WORDS[gateOf(t)]}.`,
      { gate: t.gate, collects: t.collects },
      t.gate === "consent" ? "reconsent" : "notice",
    );
  }
  for (const t of removed) c.add(ChangeId.TRACKER_REMOVED, "tracker", t.id, `We no longer use ${label(t.label, t.id)}.`);
  for (const [o, n] of kept) {
    const name = label(n.label, n.id);
    labelChange(c, "tracker", n.id, o.label, n.label);
    if (o.gate !== n.gate) {
      const loosened = GATE_STRICTNESS[gateOf(n)] < GATE_STRICTNESS[gateOf(o)];
      c.add(ChangeId.TRACKER_GATE_CHANGED, "tracker", n.id, `${name} now runs ${GATE_WORDS[gateOf(n)]} (before: ${GATE_WORDS[gateOf(o)]}).`, { before: o.gate, after: n.gate, loosened }, loosened ? "reconsent" : "notice");
    }
    const fields = (["collects", "purposes", "providers", "type"] as const satisfies readonly (keyof Tracker)[]).filter((f) => !same(o[f], n[f]));
    if (fields.length > 0) {
      const more = n.collects.some((x) => !o.collects.includes(x)) || n.purposes.some((x) => !o.purposes.includes(x)) || n.providers.some((x) => !o.providers.includes(x));
      c.add(
        ChangeId.TRACKER_CHANGED,
        "tracker",
        n.id,
        `${name} changed (${fields.map((f) => `\`${f}\``).join(", ")}).`,
        { fields },
        more && n.gate === "consent" ? "reconsent" : "notice",
      );
    }
    proseChanges(c, "tracker", n.id, name, o as unknown as Record<string, unknown>, n as unknown as Record<string, unknown>, ["scope", "optOut", "optOutUrl", "prose"]);
  }
}

function compareRights(c: Collector, a: PolicyModel, b: PolicyModel): void {
  // by type, so that a right renamed is the same right; by id where a version lists two of one
  // type (or none), which a type alone would merge
  // first by id; then a right left on each side with one type that no other right left has
  const byId = match(a.rights, b.rights, (r) => r.id);
  const kept = [...byId.kept];
  const single = (rights: readonly Right[], type: string) => rights.filter((r) => r.type === type);
  const renamed = new Set<Right>();
  for (const o of byId.removed) {
    if (!o.type) continue;
    const [was, now] = [single(byId.removed, o.type), single(byId.added, o.type)];
    if (was.length === 1 && now.length === 1) {
      kept.push([o, now[0]!]);
      renamed.add(o).add(now[0]!);
    }
  }
  const removed = byId.removed.filter((r) => !renamed.has(r));
  const added = byId.added.filter((r) => !renamed.has(r));
  const key = (r: Right) => r.type ?? r.id;
  // a right's label is a name ("Do not sell or share"), not always "Right to ...": no article
  for (const r of added) c.add(ChangeId.RIGHT_ADDED, "right", key(r), `New right listed: ${label(r.label, r.id)}.`, { type: r.type });
  for (const r of removed) c.add(ChangeId.RIGHT_REMOVED, "right", key(r), `No longer listed as a right: ${label(r.label, r.id)}.`, { type: r.type });
  for (const [o, n] of kept) {
    labelChange(c, "right", key(n), o.label, n.label);
    proseChanges(c, "right", key(n), label(n.label, n.id), o as unknown as Record<string, unknown>, n as unknown as Record<string, unknown>, ["how", "url", "prose"]);
  }
}

function compareAudiences(c: Collector, a: PolicyModel, b: PolicyModel): void {
  const { removed, added, kept } = match(a.audiences, b.audiences, (x) => x.id);
  for (const x of added) c.add(ChangeId.AUDIENCE_CHANGED, "audience", x.id, `New audience: ${label(x.label, x.id)}.`, { added: true });
  for (const x of removed) c.add(ChangeId.AUDIENCE_CHANGED, "audience", x.id, `The audience ${label(x.label, x.id)} is gone.`, { removed: true });
  for (const [o, n] of kept) {
    labelChange(c, "audience", n.id, o.label, n.label);
    const fields = (["ageUnder", "collect", "marketing"] as const).filter((f) => o[f] !== n[f]);
    if (fields.length > 0) {
      // in words a reader of the notice follows: "now those under 13 (before: under 16)"
      const age = (x: number | null) => (x === null ? "every minor" : `those under ${x}`);
      const says = fields.map((f) =>
        f === "ageUnder"
          ? `it now covers ${age(n.ageUnder)} (before: ${age(o.ageUnder)})`
          : f === "collect"
            ? n.collect
              ? "we may now collect their personal information"
              : "we no longer collect their personal information"
            : n.marketing
              ? "we may now send them marketing"
              : "we no longer send them marketing",
      );
      c.add(ChangeId.AUDIENCE_CHANGED, "audience", n.id, `The rules for ${label(n.label, n.id)} changed: ${says.join("; ")}.`, { fields });
    }
    proseChanges(c, "audience", n.id, label(n.label, n.id), o as unknown as Record<string, unknown>, n as unknown as Record<string, unknown>, ["removal", "prose"]);
  }
}

function compareStatements(c: Collector, a: PolicyModel, b: PolicyModel): void {
  for (const group of ["security", "changes", "sections"] as const) {
    const { removed, added, kept } = match(a[group], b[group], (s) => s.id);
    // by the heading readers see, new and removed ones said as such
    const changed: [string, string][] = [
      ...added.map((s): [string, string] => [s.id, `New section ${label(s.label, s.id)}.`]),
      ...removed.map((s): [string, string] => [s.id, `The section ${label(s.label, s.id)} is gone.`]),
    ];
    for (const [o, n] of kept) {
      labelChange(c, "statement", n.id, o.label, n.label);
      if (!same(o.items, n.items) || !same(o.prose, n.prose)) changed.push([n.id, `The wording of the section ${label(n.label, n.id)} changed.`]);
    }
    for (const [id, said] of changed.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) c.add(ChangeId.PROSE_CHANGED, "statement", id, said, { group });
  }
  if (!same({ ...a.precedence, sourceRef: null }, { ...b.precedence, sourceRef: null })) {
    c.add(ChangeId.PROSE_CHANGED, "statement", "precedence", "The order of precedence of documents changed.", { group: "precedence" });
  }
}

function compareHeader(c: Collector, a: PolicyModel, b: PolicyModel): void {
  const o = a.header;
  const n = b.header;
  if (o.id !== n.id) {
    c.add(ChangeId.POLICY_ID_CHANGED, "policy", n.id, `The policy is now identified as \`${n.id}\` (before: \`${o.id}\`); consent given under the old id must be asked for again.`, {
      before: o.id,
      after: n.id,
    });
  }
  labelChange(c, "policy", n.id, o.title, n.title);
  const parties = (["controller", "dpo"] as const).filter((f) => !same(o[f], n[f]));
  const nameOf = (p: Party | null) => p?.legalName?.text ?? p?.name?.text ?? null;
  for (const f of parties) {
    const role = f === "dpo" ? "data protection officer" : "controller";
    const [was, now] = [nameOf(o[f]), nameOf(n[f])];
    // the one who changed, or only how to reach them; "not named" only when there is none now
    const said =
      n[f] === null
        ? `The policy no longer names a ${role}.`
        : o[f] === null
          ? `The policy now names a ${role}${now ? `: ${md(now)}` : ""}.`
          : was !== now
            ? `The ${role} changed${now ? ` (now: ${md(now)})` : ""}.`
            : `The ${role}'s contact details changed.`;
    c.add(ChangeId.CONTROLLER_CHANGED, "policy", n.id, said, { field: f });
  }
  if (!same(o.authority, n.authority)) {
    c.add(ChangeId.CONTROLLER_CHANGED, "policy", n.id, `The supervisory authority you can complain to changed (now: ${md(n.authority?.text ?? "not named")}).`, { field: "authority" });
  }
  if (!same(o.jurisdictions, n.jurisdictions)) {
    c.add(ChangeId.JURISDICTIONS_CHANGED, "policy", n.id, `The policy now applies in ${list(n.jurisdictions) || "no jurisdiction"} (before: ${list(o.jurisdictions) || "none"}).`, {
      before: o.jurisdictions,
      after: n.jurisdictions,
    });
  }
  if (o.version !== n.version || o.effective !== n.effective) {
    c.add(ChangeId.VERSION_CHANGED, "policy", n.id, `Version ${md(n.version ?? "(none)")}${n.effective ? `, effective ${n.effective}` : ""} (before: ${md(o.version ?? "(none)")}${o.effective ? `, effective ${o.effective}` : ""}).`, {
      before: { version: o.version, effective: o.effective },
      after: { version: n.version, effective: n.effective },
    });
  }
  const links = (["url", "doNotSellUrl", "languages"] as const).filter((f) => !same(o[f], n[f]));
  if (links.length > 0) c.add(ChangeId.HEADER_CHANGED, "policy", n.id, `The policy's ${links.map((f) => `\`${f}\``).join(", ")} changed.`, { fields: links });
  proseChanges(c, "policy", n.id, "the introduction", o as unknown as Record<string, unknown>, n as unknown as Record<string, unknown>, ["prose"]);
}

/** Rules expand to leaves (`all_data`, `personal`, a rule without `for`): declarations move them too. */
const EXPANSION: readonly ChangeId[] = [
  ChangeId.CATEGORY_ADDED,
  ChangeId.CATEGORY_REMOVED,
  ChangeId.CATEGORY_CLASS_CHANGED,
  ChangeId.RECIPIENT_ADDED,
  ChangeId.RECIPIENT_REMOVED,
  ChangeId.PURPOSE_ADDED,
  ChangeId.PURPOSE_REMOVED,
];
const RULE_KINDS: readonly ChangeId[] = [
  ChangeId.RULE_ADDED,
  ChangeId.RULE_REMOVED,
  ChangeId.RULE_CHANGED,
  ChangeId.SHARING_WIDENED,
  ChangeId.SHARING_NARROWED,
  ChangeId.USE_WIDENED,
  ChangeId.USE_NARROWED,
];

/** The kinds of change that can move each part of the consent hash (model/hash.ts consentParts). */
const PART_CHANGES: Readonly<Record<string, readonly ChangeId[]>> = {
  id: [ChangeId.POLICY_ID_CHANGED],
  purposes: [
    ChangeId.PURPOSE_ADDED,
    ChangeId.PURPOSE_REMOVED,
    ChangeId.BASIS_CHANGED,
    ChangeId.CONSENT_MODE_CHANGED,
    ChangeId.PURPOSE_USES_ADDED,
    ChangeId.PURPOSE_USES_REMOVED,
    ChangeId.PROFILING_CHANGED,
    ChangeId.PURPOSE_CHANGED,
    ChangeId.CATEGORY_ADDED,
    ChangeId.CATEGORY_REMOVED,
  ],
  trackers: [ChangeId.TRACKER_ADDED, ChangeId.TRACKER_REMOVED, ChangeId.TRACKER_GATE_CHANGED, ChangeId.TRACKER_CHANGED],
  recipients: [ChangeId.RECIPIENT_ADDED, ChangeId.RECIPIENT_REMOVED, ChangeId.RECIPIENT_CHANGED],
  denies: [...RULE_KINDS, ...EXPANSION],
  rules: [...RULE_KINDS, ...EXPANSION],
  audiences: [ChangeId.AUDIENCE_CHANGED, ChangeId.PURPOSE_CHANGED, ChangeId.USE_WIDENED, ChangeId.USE_NARROWED, ...EXPANSION],
};

/**
 * Why records went stale: the parts of the consent hash that changed (`parts`), and the changes
 * found that can have moved them (`because`), not every notice of the diff.
 */
function staleBecause(a: PolicyModel, b: PolicyModel, changes: readonly Change[]): { parts: string[]; because: string[] } {
  const parts = changedConsentParts(a, b);
  const kinds = new Set(parts.flatMap((p) => PART_CHANGES[p] ?? []));
  const because = [...new Set(changes.filter((x) => kinds.has(x.id as ChangeId)).map((x) => x.id))];
  // none of the kinds found: every notice, rather than no reason at all
  return { parts, because: because.length > 0 ? because : [...new Set(changes.filter((x) => x.class === "notice").map((x) => x.id))] };
}

/**
 * Whether consent records given under `a` are current under `b`: the same `consentHash`, or one
 * `b` accepts (`accepts_consent_from`, proved by the checker).
 */
export function recordsStayCurrent(a: PolicyModel, b: PolicyModel): boolean {
  return a.consentHash === b.consentHash || b.header.acceptsConsentFrom.some((x) => x.consentHash === a.consentHash);
}

/** The earlier versions whose records \`a\` accepted (\`accepts_consent_from\`) and \`b\` no longer does. */
export function droppedAcceptances(a: PolicyModel, b: PolicyModel): AcceptedConsent[] {
  const accepted = (hash: string) => hash === b.consentHash || b.header.acceptsConsentFrom.some((y) => y.consentHash === hash);
  return a.header.acceptsConsentFrom.filter((x) => x.consentHash !== a.consentHash && !accepted(x.consentHash));
}

/**
 * Every change from `a` to `b`, most serious first, then in a stable order. Without the decision
 * tables, sharing is not compared (no SHARING_* changes) and new recipients count as `notice`.
 */
export function diffModels(a: PolicyModel, b: PolicyModel, tables?: { before: DecisionTable; after: DecisionTable }): Change[] {
  const c = new Collector();
  compareHeader(c, a, b);
  comparePurposes(c, a, b);
  compareCategories(c, a, b);
  compareRecipients(c, a, b, tables);
  // the two tables' cells, named and compared once for the sharing and for the rules
  const compared = tables ? compareTables(tables.before, tables.after) : undefined;
  if (compared) pushAll(c.changes, sharingChanges(a, b, compared, c.changes));
  compareRules(c, a, b, compared);
  compareRetention(c, a, b);
  compareTrackers(c, a, b);
  compareRights(c, a, b);
  compareAudiences(c, a, b);
  compareStatements(c, a, b);
  // The guards go by the consentHash: under the same hash they keep accepting the records people
  // gave, so no change is one that asks for consent again, whatever it widens (the hash covers
  // what a record's scope depends on, grammar/semantics.md; this keeps the diff's word and the
  // guards' behaviour the same if it ever misses something).
  if (a.consentHash === b.consentHash) {
    for (let i = 0; i < c.changes.length; i++) {
      const x = c.changes[i]!;
      if (x.class === "reconsent") c.changes[i] = { ...x, class: "notice", details: { ...x.details, consentHashUnchanged: true } };
    }
  }
  // The guards refuse a record made under another consentHash: say so whenever that happens,
  // even when no single change above is one that needs consent again.
  // (unless the new version accepts the old records: `accepts_consent_from`, proved to narrow)
  if (!recordsStayCurrent(a, b) && !c.changes.some((x) => x.class === "reconsent")) {
    c.add(
      ChangeId.CONSENT_RECORDS_STALE,
      "policy",
      b.header.id,
      "What your consent covers has changed, so we will ask for your consent again.",
      { before: a.consentHash, after: b.consentHash, ...staleBecause(a, b, c.changes) },
    );
  }
  // records of earlier versions that the previous version accepted: refused from now on, whatever
  // the hash of this version (so never demoted above)
  const dropped = droppedAcceptances(a, b);
  if (dropped.length > 0) {
    c.add(
      ChangeId.ACCEPTED_CONSENT_DROPPED,
      "policy",
      b.header.id,
      `Consent given under ${dropped.length === 1 ? "an earlier version" : `${dropped.length} earlier versions`} of this policy is no longer accepted, so we will ask those who gave it for their consent again.`,
      { dropped: dropped.map((x) => ({ path: x.path, consentHash: x.consentHash })) },
    );
  }
  const order = Object.values(ChangeId);
  return c.changes
    .map((change, i) => ({ change, i }))
    .sort((x, y) => classRank(y.change.class) - classRank(x.change.class) || order.indexOf(x.change.id) - order.indexOf(y.change.id) || x.i - y.i)
    .map((x) => x.change);
}
