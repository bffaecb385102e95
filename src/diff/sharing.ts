/**
 * SHARING_WIDENED and SHARING_NARROWED, computed on the decision tables (semantics/table.ts)
 * rather than on the rules: a request is allowed under some assignment of the condition atoms
 * iff some allow term holds and no deny term holds. Two cells are compared exactly, by trying
 * every assignment of the atoms their terms mention (atoms are matched by name, so the two
 * tables need not number them alike). A cell missing from one table (a category or purpose that
 * exists in one version only) is denied there.
 *
 * Flows to recipients (share, sell, transfer) are SHARING_*; recipients that exist in one version
 * only are reported as RECIPIENT_ADDED/REMOVED instead. Collection and use are USE_*, for the
 * cells no other change explains: a purpose or category of one version only (PURPOSE_*,
 * CATEGORY_*), a category a purpose starts or stops using (PURPOSE_USES_*), a purpose whose
 * bases or consent mode changed (BASIS_CHANGED, CONSENT_MODE_CHANGED). What is left is a deny,
 * an audience's restriction or a condition that came or went. Changes are grouped per action,
 * recipient and purpose.
 */
import { personAssignments } from "../semantics/places.js";
import { regionsOf } from "../model/rights.js";
import { AGE_OF_MAJORITY, ageLimit, implies } from "../model/ages.js";
import type { PolicyModel, Rule } from "../model/types.js";
import { lookupVerdict, type DecisionTable, type Term, type Verdict } from "../semantics/table.js";
import { FLOW_ACTIONS, type Request } from "../semantics/evaluate.js";
import { ACTIONS, LAW_ATOMS } from "../syntax/ast.js";
import { ChangeId, type Change } from "./changes.js";
import { bold, list, placeWords } from "./compare-text.js";

interface NamedTerm {
  readonly pos: readonly string[];
  readonly neg: readonly string[];
}

function names(table: DecisionTable, mask: number): string[] {
  return table.atoms.filter((_, i) => (mask & (1 << i)) !== 0);
}

function named(table: DecisionTable, terms: readonly Term[]): NamedTerm[] {
  return terms.map((t) => ({ pos: names(table, t.pos), neg: names(table, t.neg) }));
}

interface NamedCell {
  readonly allow: readonly NamedTerm[];
  readonly deny: readonly NamedTerm[];
}

const DENIED: NamedCell = { allow: [], deny: [] };

/**
 * Whether some assignment is allowed by `x` and denied by `y`; also the atoms that hold in it
 * (`facts`) and those of the two cells that do not (`absent`).
 */
function exceeds(x: NamedCell, y: NamedCell): { found: boolean; facts: string[]; absent?: string[] } {
  const atoms = [...new Set([...x.allow, ...x.deny, ...y.allow, ...y.deny].flatMap((t) => [...t.pos, ...t.neg]))].sort();
  // only people who can exist: a place with the regions it lies in, one age (places.ts); the
  // other atoms are free, each held or not
  const people = personAssignments(atoms);
  const free = atoms.map((_, i) => i).filter((i) => (people.bits & (1 << i)) === 0);
  if (atoms.length > 30 || free.length > 24) {
    // Too many to enumerate (never seen in practice): compare the terms themselves.
    const covered = (t: NamedTerm) => y.allow.some((o) => o.pos.every((a) => t.pos.includes(a)) && o.neg.every((a) => t.neg.includes(a)));
    const found = x.allow.some((t) => !covered(t)) || y.deny.some((t) => !x.deny.some((o) => canonical(o) === canonical(t)));
    return { found, facts: [] };
  }
  const bit = new Map(atoms.map((a, i) => [a, 1 << i]));
  const masks = (terms: readonly NamedTerm[]) =>
    terms.map((t) => ({ pos: t.pos.reduce((m, a) => m | bit.get(a)!, 0), neg: t.neg.reduce((m, a) => m | bit.get(a)!, 0) }));
  const [xa, xd, ya, yd] = [masks(x.allow), masks(x.deny), masks(y.allow), masks(y.deny)];
  const holdsIn = (terms: readonly { pos: number; neg: number }[], m: number) => terms.some((t) => (m & t.pos) === t.pos && (m & t.neg) === 0);
  const allowedIn = (allow: typeof xa, deny: typeof xd, m: number) => holdsIn(allow, m) && !holdsIn(deny, m);
  // the example is the smallest assignment that shows it (as a number over the sorted atoms),
  // found among every one when they are few, else the first one found
  const exhaustive = free.length <= 16;
  let best = -1;
  for (const person of people.masks) {
    for (let f = 0; f < 1 << free.length; f++) {
      let m = person;
      for (let j = 0; j < free.length; j++) if ((f & (1 << j)) !== 0) m |= 1 << free[j]!;
      if (best >= 0 && m >= best) continue;
      if (allowedIn(xa, xd, m) && !allowedIn(ya, yd, m)) {
        best = m;
        if (!exhaustive) break;
      }
    }
    if (best >= 0 && !exhaustive) break;
  }
  if (best < 0) return { found: false, facts: [] };
  // the example names only the atoms it needs: one whose flip (to a person who can exist) still
  // shows the difference is left out, so that seventeen conditions do not all make the sentence
  const shows = (m: number) => allowedIn(xa, xd, m) && !allowedIn(ya, yd, m);
  const possible = new Set(people.masks);
  const needed = atoms.filter((_, i) => {
    const flipped = best ^ (1 << i);
    return !possible.has(flipped & people.bits) || !shows(flipped);
  });
  const facts = needed.filter((a) => (best & bit.get(a)!) !== 0);
  return { found: true, facts, absent: needed.filter((a) => (best & bit.get(a)!) === 0) };
}


/** Whether some assignment of the facts allows the cell at all. */
function everAllowed(y: NamedCell): boolean {
  if (y.allow.length === 0) return false;
  return exceeds(y, DENIED).found;
}

function canonical(t: NamedTerm): string {
  return `${[...t.pos].sort().join(",")}|${[...t.neg].sort().join(",")}`;
}

function key(action: string, recipient: string | null, purpose: string): string {
  return `${action}\u0000${recipient ?? ""}\u0000${purpose}`;
}

/**
 * A rule's conditions in words: `with your consent`, `in EU`, `for those under 16`; a negated one
 * in its absent form (`outside EU`). `objection`: see `factWord`.
 */
export function conditionWords(conditions: readonly { readonly atom: string; readonly negated: boolean }[], objection = false): string[] {
  return conditions.map(({ atom, negated }) => (negated ? absentWord(atom) : factWord(atom, objection)));
}

/**
 * Whether a purpose's `consent` is only the absence of an objection: an opt-out purpose, whose
 * `consent` holds until the person objects, as the guards read it, whatever its bases (explicit
 * consent and consent to a recipient are still asked for; a consent basis still makes a widening
 * one that asks again, `needsConsent` where sharing is classified).
 */
export function objectionOnly(model: PolicyModel, purpose: string): boolean {
  return model.purposes.some((p) => p.id === purpose && p.consentMode === "opt_out");
}

/** Only the age facts of a list (`age_under:13`). */
function ageFactsOnly(facts: readonly string[] | undefined): string[] {
  return (facts ?? []).filter((f) => ageLimit(f) !== null);
}

/**
 * Under one age but not under another: "for those aged 13 to 15", and the other facts; undefined
 * when the facts make no band.
 */
function ageBand(facts: readonly string[], absent: readonly string[]): { words: string; facts: string[] } | undefined {
  // a minor is under the age of majority: a minor not under 16 is 16 or 17
  const under = [...facts.map(ageLimit), facts.includes("minor") ? AGE_OF_MAJORITY : null].filter((n): n is number => n !== null);
  const notUnder = absent.map(ageLimit).filter((n): n is number => n !== null);
  if (under.length === 0 || notUnder.length === 0) return undefined;
  const high = Math.min(...under);
  const low = Math.max(...notUnder);
  if (low >= high) return undefined;
  return { words: low === high - 1 ? `for those aged ${low}` : `for those aged ${low} to ${high - 1}`, facts: facts.filter((f) => ageLimit(f) === null && f !== "minor") };
}

/** The atoms that stand for a person's consent. */
export const CONSENT_ATOMS: ReadonlySet<string> = new Set(["consent", "explicit_consent", "recipient_consent"]);

const PHRASES: Readonly<Record<string, string>> = {
  consent: "with your consent",
  explicit_consent: "with your explicit consent",
  recipient_consent: "with your consent to sharing with them",
  required_by_law: "where the law requires it",
  permitted_by_law: "where the law permits it",
  anonymised: "once anonymised",
  aggregated: "in aggregate form",
  at_request: "at your request",
  minor: "for minors",
};

/** One fact in words: `with your consent`, `in EU`, `for those under 16`; under `objection` (`objectionOnly`), consent is "unless you object". */
function factWord(f: string, objection = false): string {
  if (objection && f === "consent") return "unless you object";
  return f.startsWith("in:") ? `in ${placeWords(f.slice(3))}` : f.startsWith("age_under:") ? `for those under ${f.slice(10)}` : (PHRASES[f] ?? f.replace(/_/g, " "));
}

/**
 * The facts of an example request that shows the difference, in words: `with your consent`;
 * the regions a place lies in go without saying (`in DE`, not `in DE and in EU`).
 */
function factWords(facts: readonly string[], objection = false): string[] {
  const within = (f: string) => f.startsWith("in:") && facts.some((g) => g !== f && g.startsWith("in:") && regionsOf(g.slice(3)).includes(f.slice(3)));
  return facts.filter((f) => !within(f)).map((f) => factWord(f, objection));
}

const ABSENT: Readonly<Record<string, string>> = {
  consent: "without your consent",
  explicit_consent: "without your explicit consent",
  recipient_consent: "without your consent to sharing with them",
  required_by_law: "where the law does not require it",
  permitted_by_law: "where the law does not permit it",
  anonymised: "in identifiable form",
  aggregated: "about you individually",
  at_request: "without your request",
  minor: "for adults",
};

/**
 * The facts that do not hold in an example request, in words: `outside EU`, `for adults`; those
 * another absent fact implies are left out (outside the EEA is outside the EU; an adult is not
 * under 16).
 */
function absentWords(absent: readonly string[]): string[] {
  const implied = (f: string) =>
    f.startsWith("in:")
      ? absent.some((g) => g !== f && g.startsWith("in:") && regionsOf(f.slice(3)).includes(g.slice(3)))
      : ageLimit(f) !== null && absent.some((g) => g !== f && implies(f, g));
  return absent.filter((f) => !implied(f)).map(absentWord);
}

/** One fact that does not hold, in words: `outside EU`, `for those 16 or older`, `without your consent`. */
function absentWord(f: string): string {
  return f.startsWith("in:") ? `outside ${placeWords(f.slice(3))}` : f.startsWith("age_under:") ? `for those ${f.slice(10)} or older` : (ABSENT[f] ?? `without ${f.replace(/_/g, " ")}`);
}

/**
 * The (purpose, category) pairs of collection and use that no change already found explains
 * (see the header): read off those changes, so that what they tell and what is compared here
 * cannot drift apart.
 */
function comparableUses(a: PolicyModel, b: PolicyModel, found: readonly Change[]): (purpose: string, category: string) => boolean {
  const categoriesBoth = new Set(a.categories.map((c) => c.id).filter((id) => b.categories.some((c) => c.id === id)));
  const purposesBoth = new Set(a.purposes.map((p) => p.id).filter((id) => b.purposes.some((p) => p.id === id)));
  const reworded = new Set(found.filter((c) => c.id === ChangeId.BASIS_CHANGED || c.id === ChangeId.CONSENT_MODE_CHANGED).map((c) => c.subject.id));
  const usesChanged = new Set(
    found
      .filter((c) => c.id === ChangeId.PURPOSE_USES_ADDED || c.id === ChangeId.PURPOSE_USES_REMOVED)
      .flatMap((c) => ((c.details as { categories?: readonly string[] }).categories ?? []).map((category) => `${c.subject.id}\u0000${category}`)),
  );
  return (purpose, category) =>
    purposesBoth.has(purpose) && categoriesBoth.has(category) && !reworded.has(purpose) && !usesChanged.has(`${purpose}\u0000${category}`);
}

/**
 * Leaf categories in the fewest words a reader needs: "your personal information" for every
 * personal leaf, a group's label for all of its leaves ("**Contact details**"), the leaves
 * otherwise, in the taxonomy's order ("38 categories" listed one by one made a notice no one reads).
 */
export function categoryPhrase(model: PolicyModel, ids: readonly string[]): string {
  const wanted = new Set(ids);
  const leaves = model.categories.filter((c) => c.children.length === 0);
  const personal = leaves.filter((c) => c.classification !== "anonymous");
  if (personal.length > 1 && wanted.size === personal.length && personal.every((c) => wanted.has(c.id))) return "your personal information";
  const byId = new Map(model.categories.map((c) => [c.id, c]));
  const said: string[] = [];
  const covered = new Set<string>();
  const visit = (id: string) => {
    const c = byId.get(id);
    if (!c) return;
    const all = c.leaves.length > 0 && c.leaves.every((l) => wanted.has(l));
    if (all && (c.children.length === 0 || c.leaves.length > 1)) {
      said.push(bold(c.label.text));
      for (const l of c.leaves) covered.add(l);
      return;
    }
    for (const child of c.children) visit(child);
  };
  for (const c of model.categories) if (c.parent === null) visit(c.id);
  // a leaf the tree walk did not reach (no parent declared)
  for (const id of ids) if (!covered.has(id)) said.push(bold(byId.get(id)?.label.text ?? id));
  return list(said);
}

interface Comparison {
  readonly wider: ReturnType<typeof exceeds>;
  readonly narrower: ReturnType<typeof exceeds>;
  /** (narrower) some assignment still allows the cell */
  readonly still: boolean;
}

/**
 * The cells of two tables as named terms (`old`, `now`) and their comparison (`compare`). Each
 * table's verdicts by position (cellBases), each named once: cells with the same rules share one
 * verdict, and a pair of verdicts is compared once, however many cells it has (a policy of 180
 * categories, purposes and recipients has 17.5M cells, more than a Map holds).
 */
export function compareTables(before: DecisionTable, after: DecisionTable) {
  const layout = (table: DecisionTable) => {
    const namedCells = new Map<Verdict, NamedCell>();
    return (req: Request): NamedCell => {
      const v = lookupVerdict(table, req);
      if (!v) return DENIED;
      let n = namedCells.get(v);
      if (!n) namedCells.set(v, (n = { allow: named(table, v.allow), deny: named(table, v.deny) }));
      return n;
    };
  };
  const old = layout(before);
  const now = layout(after);
  const compared = new Map<NamedCell, Map<NamedCell, Comparison>>();
  const compare = (x: NamedCell, y: NamedCell): Comparison => {
    let row = compared.get(x);
    if (!row) compared.set(x, (row = new Map()));
    let found = row.get(y);
    if (!found) {
      const narrower = exceeds(x, y);
      row.set(y, (found = { wider: exceeds(y, x), narrower, still: narrower.found && everAllowed(y) }));
    }
    return found;
  };
  return { before, after, old, now, compare };
}

/**
 * A test of whether any request in the scope of `rules` (their actions, leaf categories, purposes
 * and recipients) is decided differently by the two tables, for some person who can exist. A rule
 * added, removed or changed where none is changes no decision: other rules decide those cases.
 * The tests share what they have compared.
 */
export function decisionsDiffer(tables: TableComparison): (rules: readonly Rule[]) => boolean {
  const { old, now, compare } = tables;
  return (rules) => differ(rules, old, now, compare);
}

/** Two decision tables, their cells named and compared once for every reader (`compareTables`). */
export type TableComparison = ReturnType<typeof compareTables>;

function differ(rules: readonly Rule[], old: (req: Request) => NamedCell, now: (req: Request) => NamedCell, compare: (x: NamedCell, y: NamedCell) => Comparison): boolean {
  for (const r of rules) {
    const recipients = FLOW_ACTIONS.has(r.action) ? r.recipients : [null];
    for (const category of r.categories) {
      for (const purpose of r.purposes) {
        for (const recipient of recipients) {
          const req: Request = { action: r.action, category, purpose, recipient };
          const x = old(req);
          const y = now(req);
          if (x === y) continue;
          const { wider, narrower } = compare(x, y);
          if (wider.found || narrower.found) return true;
        }
      }
    }
  }
  return false;
}

/** SHARING_* and USE_*; `found`: the changes of purposes found before, which the USE_* leave out. */
export function sharingChanges(a: PolicyModel, b: PolicyModel, tables: TableComparison, found: readonly Change[]): Change[] {
  const recipientsBoth = new Set(a.recipients.map((r) => r.id).filter((id) => b.recipients.some((r) => r.id === id)));
  const usable = comparableUses(a, b, found);
  const { old, now, compare } = tables;

  interface Group {
    action: string;
    recipient: string;
    purpose: string;
    categories: string[];
    facts: Set<string>;
    /** the facts that do not hold in the example (widened: the ages only, for an age band) */
    absent: Set<string>;
    consent: boolean;
    /** (narrowed) some of its cells are still allowed under some facts */
    still: boolean;
  }
  const widened = new Map<string, Group>();
  const narrowed = new Map<string, Group>();
  const note = (groups: Map<string, Group>, k: string, facts: readonly string[], consent: boolean, still = false, absent: readonly string[] = []): void => {
    const [action = "", recipient = "", purpose = "", category = ""] = k.split("\u0000");
    // categories no longer shared at all, and those still shared in fewer cases, are told apart
    // one group per example, too: a sentence's example holds for every category it names
    const gk = `${key(action, recipient, purpose)}\u0000${still ? "still" : ""}\u0000${[...facts].sort().join(",")}\u0000${[...absent].sort().join(",")}`;
    const g = groups.get(gk) ?? { action, recipient, purpose, categories: [], facts: new Set<string>(), absent: new Set<string>(), consent: false, still: false };
    g.categories.push(category);
    for (const f of facts) g.facts.add(f);
    for (const f of absent) g.absent.add(f);
    g.consent ||= consent;
    g.still ||= still;
    groups.set(gk, g);
  };
  // in the order of the keys `action, recipient, purpose, category` (sorted as text): the order
  // the groups, and so the sentences, come in
  const sortedUnion = (x: readonly string[], y: readonly string[]) => [...new Set([...x, ...y])].sort();
  const purposes = sortedUnion(tables.before.purposes, tables.after.purposes);
  const categories = sortedUnion(tables.before.categories, tables.after.categories);
  for (const action of [...ACTIONS].sort()) {
    const flow = FLOW_ACTIONS.has(action);
    for (const recipient of flow ? [...recipientsBoth].sort() : [null]) {
      for (const purpose of purposes) {
        const prefix = key(action, recipient, purpose);
        // an opt-out purpose's `consent` holds until the person objects: nobody is asked for it
        const optOut = objectionOnly(b, purpose);
        const needsConsent = b.purposes.some((p) => p.id === purpose && p.needsConsent);
        for (const category of categories) {
          if (!flow && !usable(purpose, category)) continue;
          const req: Request = { action, category, purpose, recipient };
          const x = old(req);
          const y = now(req);
          if (x === DENIED && y === DENIED) continue;
          const k = `${prefix}\u0000${category}`;
          const { wider, narrower, still } = compare(x, y);
          if (wider.found) {
            // Consent is asked again when the new sharing rests on it: a consent fact, or a consent-based
            // purpose, unless the law alone allows it (`required_by_law`, `permitted_by_law`), which
            // no consent given or refused changes.
            const byLaw = wider.facts.some((f) => LAW_ATOMS.has(f));
            const consent = wider.facts.some((f) => CONSENT_ATOMS.has(f) && !(optOut && f === "consent")) || (!byLaw && needsConsent);
            // with the facts that must not hold (an age band: under 16 but not under 13)
            note(widened, k, wider.facts, consent, false, ageFactsOnly(wider.absent));
          }
          if (narrower.found) note(narrowed, k, narrower.facts, false, still, narrower.absent);
        }
      }
    }
  }

  const label = (model: PolicyModel, kind: "categories" | "recipients" | "purposes", id: string): string => {
    const decl = (model[kind] as readonly { id: string; label: { text: string } }[]).find((d) => d.id === id);
    return bold(decl?.label.text ?? id);
  };
  const exampleText = (g: Group): string => {
    let facts = [...g.facts].sort();
    let absent = [...g.absent].filter((f) => !g.facts.has(f)).sort();
    // under 16 but not under 13: "aged 13 to 15"
    const found = ageBand(facts, absent);
    const band = found ? [found.words] : [];
    if (found) {
      facts = found.facts;
      absent = absent.filter((f) => ageLimit(f) === null);
    }
    // an opt-out purpose's consent is the absence of an objection, as the rules' words say it
    const objection = objectionOnly(a, g.purpose);
    const words = [...band, ...factWords(facts, objection), ...absentWords(absent).map((w) => (objection && w === ABSENT["consent"] ? "once you object" : w))];
    return words.length > 0 ? `, for example, ${words.join(" and ")}` : " unconditionally";
  };
  /** A widened request's conditions: ` (for those aged 13 to 15, with your consent)`. */
  const widenedText = (g: Group): string => {
    const objection = objectionOnly(b, g.purpose);
    const band = ageBand([...g.facts], [...g.absent]);
    const all = band ? [band.words, ...factWords(band.facts.sort(), objection)] : factWords([...g.facts].sort(), objection);
    return all.length === 0 ? "" : ` (${all.join(", ")})`;
  };
  const out: Change[] = [];
  // One sentence for the purposes a change is the same for: a rule without `for` that now shares
  // lab results with authorities says so once, not once per purpose. Kept apart by everything
  // else the sentence says (its categories, conditions and class).
  const merged = new Map<string, { g: Group; purposes: string[]; text: string }>();
  const merge = (kind: string, g: Group, text: string): void => {
    // the facts too: "no longer" says none of them, and details.conditions keeps them
    const k = `${kind}\u0000${g.action}\u0000${g.recipient}\u0000${[...g.categories].sort().join(",")}\u0000${g.consent}\u0000${g.still}\u0000${[...g.facts].sort().join(",")}\u0000${text}`;
    const m = merged.get(k);
    if (m) m.purposes.push(g.purpose);
    else merged.set(k, { g, purposes: [g.purpose], text });
  };
  for (const g of widened.values()) merge(g.recipient === "" ? "use+" : "share+", g, widenedText(g));
  for (const g of narrowed.values()) merge(g.recipient === "" ? "use-" : "share-", g, g.still ? exampleText(g) : "");
  const leafPurposes = (model: PolicyModel) => model.purposes.filter((p) => p.children.length === 0).length;
  /** "for **Care**", "for **Care** and **Billing**", or "for any purpose" when every one of the policy's. */
  const forPurposes = (model: PolicyModel, purposes: readonly string[]): string =>
    purposes.length > 1 && purposes.length >= leafPurposes(model) ? "for any purpose" : `for ${list(purposes.map((p) => label(model, "purposes", p)))}`;
  for (const [k, { g, purposes, text }] of merged) {
    const widening = k.startsWith("use+") || k.startsWith("share+");
    const model = widening ? b : a;
    const cats = categoryPhrase(model, g.categories);
    const to = g.recipient === "" ? "" : ` ${g.action === "share" ? "with" : "to"} ${label(model, "recipients", g.recipient)}`;
    const what = `${g.action} ${cats}${to} ${forPurposes(model, purposes)}`;
    const summary = widening ? `We may now ${what}${text}.` : g.still ? `We now ${what} in fewer cases: no longer${text}.` : `We no longer ${what}.`;
    const conditions = [...g.facts].sort();
    // `purpose`: the first, as before; `purposes`: every one the sentence names
    const details =
      g.recipient === ""
        ? { action: g.action, purpose: purposes[0]!, purposes, categories: g.categories, conditions }
        : { action: g.action, recipient: g.recipient, purpose: purposes[0]!, purposes, categories: g.categories, conditions };
    out.push(
      g.recipient === ""
        ? { id: widening ? ChangeId.USE_WIDENED : ChangeId.USE_NARROWED, class: widening && g.consent ? "reconsent" : "notice", subject: { kind: "purpose", id: purposes[0]! }, summary, details }
        : { id: widening ? ChangeId.SHARING_WIDENED : ChangeId.SHARING_NARROWED, class: widening && g.consent ? "reconsent" : "notice", subject: { kind: "recipient", id: g.recipient }, summary, details },
    );
  }
  return out;
}
