/**
 * The complete decision table: for every request of the (finite) domain, the conditions under
 * which it is allowed, as two formulas in disjunctive normal form over the condition atoms:
 * allowed iff some `allow` term holds and no `deny` term holds. Each term remembers the rule that
 * decides when it holds. The generated guards are a serialization of this table; tests check it
 * against the reference evaluator (evaluate.ts), which shares none of this code.
 */
import { ACTIONS, CONDITION_ATOMS, MAX_CONDITION_ATOMS } from "../syntax/ast.js";
import type { Action, Literal, PolicyModel, Rule } from "../model/types.js";
import { FLOW_ACTIONS, inScope, leafIds, type Request } from "./evaluate.js";
import { ageAtom, agesTested } from "../model/ages.js";
import { placesInRules } from "../model/rights.js";
import { modelKey } from "../model/parts.js";
import type { Memo } from "../util/memo.js";
import { personAssignments, someoneMeets, type Assignments } from "./places.js";

/** A conjunction: all `pos` atoms hold and no `neg` atom holds (bitmasks over `atoms`). */
export interface Term {
  readonly pos: number;
  readonly neg: number;
  /** Id of the rule that decides when this term holds. */
  readonly rule: string;
}

export type Outcome = "allow" | "deny" | "conditional";

/** What the table says about one request: the conditions under which it is allowed. */
export interface Verdict {
  readonly allow: readonly Term[];
  readonly deny: readonly Term[];
  readonly outcome: Outcome;
}

export interface Cell extends Verdict {
  readonly request: Request;
}

export interface DecisionTable {
  /** Bit i of a term's masks stands for `atoms[i]`. */
  readonly atoms: readonly string[];
  readonly categories: readonly string[];
  readonly purposes: readonly string[];
  readonly recipients: readonly string[];
  /**
   * The verdict of every cell, in cell order (see `cellBases`; `someCell` visits them with their
   * requests). Cells decided by the same rules share one object when none of those rules has
   * exceptions (then the verdict depends on the request), so a table of millions of cells holds
   * few verdicts.
   */
  readonly verdicts: readonly Verdict[];
}

const TRUE: Term[] = [{ pos: 0, neg: 0, rule: "" }];

function and(a: readonly Term[], b: readonly Term[], rule?: string): Term[] {
  const out: Term[] = [];
  for (const x of a) {
    for (const y of b) {
      const pos = x.pos | y.pos;
      const neg = x.neg | y.neg;
      if ((pos & neg) !== 0) continue;
      out.push({ pos, neg, rule: rule ?? (x.rule || y.rule) });
    }
  }
  return simplify(out);
}

function not(d: readonly Term[]): Term[] {
  let acc: Term[] = TRUE;
  for (const t of d) {
    const alternatives: Term[] = [];
    for (let bit = 1; bit !== 0 && bit <= (t.pos | t.neg); bit <<= 1) {
      if (t.pos & bit) alternatives.push({ pos: 0, neg: bit, rule: "" });
      if (t.neg & bit) alternatives.push({ pos: bit, neg: 0, rule: "" });
    }
    acc = and(acc, alternatives);
    if (acc.length === 0) return [];
  }
  return acc;
}

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x !== 0; x &= x - 1) c++;
  return c;
}

/**
 * Drops duplicate and absorbed terms of the same rule, keeping the order. Terms of different
 * rules are all kept, so the first term that holds names the same rule the reference evaluator
 * names (the first applying rule in model order); with `anyRule`, for a formula whose rules do
 * not matter, absorbed terms of any rule go too.
 */
function simplify(terms: readonly Term[], anyRule = false): Term[] {
  const sorted = terms
    .map((t, i) => ({ t, i }))
    .sort((a, b) => popcount(a.t.pos | a.t.neg) - popcount(b.t.pos | b.t.neg) || a.i - b.i);
  const kept: { t: Term; i: number }[] = [];
  for (const cand of sorted) {
    const absorbed = kept.some(
      (k) => (anyRule || k.t.rule === cand.t.rule) && (k.t.pos & cand.t.pos) === k.t.pos && (k.t.neg & cand.t.neg) === k.t.neg,
    );
    if (!absorbed) kept.push(cand);
  }
  return kept.sort((a, b) => a.i - b.i).map((k) => k.t);
}

export class AtomIndex {
  readonly atoms: string[];
  private readonly index = new Map<string, number>();
  constructor(model: PolicyModel) {
    const jurisdictions = placesInRules(model.rules, new Set<string>(model.header.jurisdictions));
    for (const a of model.assertions) for (const l of a.conditions) if (l.atom.startsWith("in:")) jurisdictions.add(l.atom.slice(3));
    this.atoms = [...CONDITION_ATOMS, ...agesTested(model.rules, model.assertions).map(ageAtom), ...[...jurisdictions].sort().map((j) => `in:${j}`)];
    // The model builder reports PC2017 for more; a model with errors never gets here.
    if (this.atoms.length > MAX_CONDITION_ATOMS) throw new Error(`internal: more than ${MAX_CONDITION_ATOMS} condition atoms`);
    this.atoms.forEach((a, i) => this.index.set(a, i));
  }
  bit(atom: string): number {
    const i = this.index.get(atom);
    if (i === undefined) throw new Error(`internal: unknown atom ${atom}`);
    return 1 << i;
  }
  term(literals: readonly Literal[], rule: string): Term[] {
    let pos = 0;
    let neg = 0;
    for (const l of literals) {
      if (l.negated) neg |= this.bit(l.atom);
      else pos |= this.bit(l.atom);
    }
    return (pos & neg) !== 0 ? [] : [{ pos, neg, rule }];
  }
  /** Facts as a bitmask. */
  mask(facts: Iterable<string>): number {
    let m = 0;
    for (const f of facts) {
      const i = this.index.get(f);
      if (i !== undefined) m |= 1 << i;
    }
    return m;
  }
}

interface RuleFormula {
  readonly allow: Term[];
  readonly deny: Term[];
}

function ruleFormula(rule: Rule, req: Request, atoms: AtomIndex): RuleFormula {
  // the rule's own conditions: nothing of it, its exceptions included, applies outside them
  const conditions = atoms.term(rule.conditions, rule.id);
  if (conditions.length === 0) return { allow: [], deny: [] };
  const matching = rule.exceptions.filter((e) => inScope(e, req));
  let allow: Term[] = [];
  let deny: Term[] = [];
  let earlier: Term[] = []; // some earlier exception applies
  for (const e of matching) {
    const f = ruleFormula(e, req, atoms);
    const notEarlier = not(earlier);
    allow = simplify([...allow, ...and(notEarlier, f.allow)]);
    deny = simplify([...deny, ...and(notEarlier, f.deny)]);
    // only whether some earlier exception applies matters here, not which: absorbing across
    // rules keeps this (and its negation) small when many exceptions share their conditions
    earlier = simplify([...earlier, ...f.allow, ...f.deny], true);
  }
  if (matching.length > 0) {
    // each exception decides where it applies and the rule's conditions hold (the terms keep the
    // exception's rule id: `and` takes the first side's)
    allow = and(allow, conditions);
    deny = and(deny, conditions);
  }
  const own = and(conditions, not(earlier), rule.id);
  if (rule.effect === "allow") allow = simplify([...allow, ...own]);
  else deny = simplify([...deny, ...own]);
  return { allow, deny };
}

/** The cell of one request, computed from scratch (explain uses it for single requests). */
export function cellFor(model: PolicyModel, req: Request, atoms: AtomIndex): Cell {
  const formulas: RuleFormula[] = [];
  for (const rule of model.rules) if (inScope(rule, req)) formulas.push(ruleFormula(rule, req, atoms));
  return { request: req, ...combine(formulas) };
}

/** A term with no condition: it holds whatever the facts. */
export const isUnconditional = (t: Term): boolean => t.pos === 0 && t.neg === 0;

function combine(formulas: readonly RuleFormula[]): Verdict {
  let allow: Term[] = [];
  let deny: Term[] = [];
  for (const f of formulas) {
    allow = allow.concat(f.allow);
    deny = deny.concat(f.deny);
  }
  allow = simplify(allow);
  deny = simplify(deny);
  // An allow term that every deny-free assignment contradicts is still kept: the guard checks
  // deny terms first, so keeping it is correct and cheaper than a full satisfiability check.
  const unconditionalDeny = deny.some(isUnconditional);
  const outcome: Outcome =
    allow.length === 0 || unconditionalDeny
      ? "deny"
      : deny.length === 0 && allow.some(isUnconditional)
        ? "allow"
        : "conditional";
  if (outcome === "deny") allow = [];
  return { allow, deny, outcome };
}

/**
 * The table's layout: the first cell of each action, in `ACTIONS` order, then the number of
 * cells. Cells run action, category, purpose (and recipient, for the flows), as `allRequests`
 * does; the guards emitter lays out its cell array the same way.
 */
/** The most cells a decision table may have (PC2027): about 3 GB of memory for the checks and the guards. */
export const MAX_TABLE_CELLS = 25_000_000;

/**
 * The most (rule, cell) pairs the table's rule lists may hold (PC2031): each rule is listed in
 * every cell of its scope, 8 bytes a pair, so about 400 MB. The cell limit alone let 200 rules
 * over 24 million cells each ask for 38 GB.
 */
export const MAX_TABLE_ENTRIES = 50_000_000;

/** How many (rule, cell) pairs the rule lists of `model`'s table hold: the sum of its rules' scopes. */
export function tableEntries(model: PolicyModel): number {
  let n = 0;
  for (const r of model.rules) n += r.categories.length * r.purposes.length * (FLOW_ACTIONS.has(r.action) ? r.recipients.length : 1);
  return n;
}

/** How many cells the decision table of `model` has: its leaf categories, purposes and recipients. */
export function tableSize(model: PolicyModel): { readonly cells: number; readonly categories: number; readonly purposes: number; readonly recipients: number } {
  const count = (xs: readonly { readonly children: readonly string[] }[]) => xs.filter((x) => x.children.length === 0).length;
  const [categories, purposes, recipients] = [count(model.categories), count(model.purposes), count(model.recipients)];
  return { cells: cellBases(categories, purposes, recipients)[ACTIONS.length]!, categories, purposes, recipients };
}

export function cellBases(categories: number, purposes: number, recipients: number): number[] {
  const base: number[] = [];
  let total = 0;
  for (const a of ACTIONS) {
    base.push(total);
    total += FLOW_ACTIONS.has(a) ? categories * purposes * recipients : categories * purposes;
  }
  base.push(total);
  return base;
}

/**
 * Builds the whole table. Instead of testing every rule against every request, each rule marks
 * the cells of its own scope (found by index), and cells with the same applicable rules share
 * one computed formula: a rule without exceptions has one formula for every cell it covers.
 */
export function buildDecisionTable(model: PolicyModel): DecisionTable {
  const atoms = new AtomIndex(model);
  const categories = leafIds(model.categories);
  const purposes = leafIds(model.purposes);
  const recipients = leafIds(model.recipients);
  const ci = new Map(categories.map((c, i) => [c, i]));
  const pi = new Map(purposes.map((p, i) => [p, i]));
  const ri = new Map(recipients.map((r, i) => [r, i]));
  const NC = categories.length;
  const NP = purposes.length;
  const NR = recipients.length;
  const base = cellBases(NC, NP, NR);
  const total = base[ACTIONS.length]!;
  // The rules of each cell as linked lists in typed arrays, not an array per cell: `head[cell]`
  // is its first entry (-1: no rule), `ruleOf[e]` and `next[e]` an entry's rule and successor.
  // Rules are visited last to first and prepended, so each list runs in rule order.
  const head = new Int32Array(total).fill(-1);
  let ruleOf = new Int32Array(1024);
  let next = new Int32Array(1024);
  let entries = 0;
  const mark = (cell: number, k: number): void => {
    if (entries === ruleOf.length) {
      const grownRules = new Int32Array(entries * 2);
      grownRules.set(ruleOf);
      ruleOf = grownRules;
      const grownNext = new Int32Array(entries * 2);
      grownNext.set(next);
      next = grownNext;
    }
    ruleOf[entries] = k;
    next[entries] = head[cell]!;
    head[cell] = entries++;
  };
  for (let k = model.rules.length - 1; k >= 0; k--) {
    const rule = model.rules[k]!;
    const a = ACTIONS.indexOf(rule.action);
    const flow = FLOW_ACTIONS.has(rule.action);
    // indexed loops: see the loop over the cells below
    const { categories: cs, purposes: ps, recipients: rs } = rule;
    for (let x = 0; x < cs.length; x++) {
      const cIdx = ci.get(cs[x]!);
      if (cIdx === undefined) continue;
      for (let y = 0; y < ps.length; y++) {
        const pIdx = pi.get(ps[y]!);
        if (pIdx === undefined) continue;
        if (!flow) mark(base[a]! + cIdx * NP + pIdx, k);
        else
          for (let z = 0; z < rs.length; z++) {
            const rIdx = ri.get(rs[z]!);
            if (rIdx !== undefined) mark(base[a]! + (cIdx * NP + pIdx) * NR + rIdx, k);
          }
      }
    }
  }
  const constant = new Map<number, RuleFormula>(); // formulas of rules without exceptions
  const shared = new Map<string, Verdict>(); // verdicts of rules without exceptions, by rule list
  const verdicts: Verdict[] = new Array<Verdict>(total);
  let i = 0;
  // Only a verdict not seen before needs the request (a rule's formula depends on it when the
  // rule has exceptions); most cells take their neighbour's or a shared verdict.
  let previous: { ks: readonly number[]; verdict: Verdict } | undefined;
  const scratch: number[] = [];
  const fill = (action: Action, category: string, purpose: string, recipient: string | null): void => {
    // Neighbouring cells (the recipients of one flow) are most often decided by the same rules.
    if (previous !== undefined && sameRules(head[i]!, previous.ks)) {
      verdicts[i++] = previous.verdict;
      return;
    }
    scratch.length = 0;
    for (let e = head[i]!; e >= 0; e = next[e]!) scratch.push(ruleOf[e]!);
    const ks = scratch.slice();
    let simple = true;
    for (let j = 0; j < ks.length; j++) if (model.rules[ks[j]!]!.exceptions.length > 0) simple = false;
    if (simple) {
      const key = ks.length === 0 ? "" : ks.length === 1 ? String(ks[0]) : ks.join(",");
      const hit = shared.get(key);
      if (hit) {
        previous = { ks, verdict: hit };
        verdicts[i++] = hit;
        return;
      }
      const req: Request = { action, category, purpose, recipient };
      const formulas = ks.map((k) => {
        let f = constant.get(k);
        if (!f) constant.set(k, (f = ruleFormula(model.rules[k]!, req, atoms)));
        return f;
      });
      const verdict = combine(formulas);
      shared.set(key, verdict);
      previous = { ks, verdict };
      verdicts[i++] = verdict;
    } else {
      previous = undefined; // a rule with exceptions decides by the request itself
      const req: Request = { action, category, purpose, recipient };
      verdicts[i++] = combine(ks.map((k) => ruleFormula(model.rules[k]!, req, atoms)));
    }
  };
  /** Is the list starting at entry `e` the list `ks`? */
  const sameRules = (e: number, ks: readonly number[]): boolean => {
    let n = 0;
    for (; e >= 0; e = next[e]!) if (n >= ks.length || ruleOf[e] !== ks[n++]) return false;
    return n === ks.length;
  };
  // the order of allRequests (and of `base`): action, category, purpose, recipient. Indexed
  // loops: a check runs this once, in code not yet optimized, where each step of a `for...of`
  // makes an iterator result (about 2 MB for the flagship's 12k cells)
  for (let a = 0; a < ACTIONS.length; a++) {
    const action = ACTIONS[a]!;
    const flow = FLOW_ACTIONS.has(action);
    for (let c = 0; c < NC; c++)
      for (let p = 0; p < NP; p++)
        if (flow) for (let r = 0; r < NR; r++) fill(action, categories[c]!, purposes[p]!, recipients[r]!);
        else fill(action, categories[c]!, purposes[p]!, null);
  }
  const table: DecisionTable = { atoms: atoms.atoms, categories, purposes, recipients, verdicts };
  indexes.set(table, { c: ci, p: pi, r: ri, base });
  return table;
}

/**
 * Visits the cells in table order with their verdict and request, without making an object per
 * cell; stops at the first cell for which `visit` returns true, and says whether it did.
 */
export function someCell(
  table: DecisionTable,
  visit: (verdict: Verdict, action: Action, category: string, purpose: string, recipient: string | null) => boolean,
): boolean {
  const { verdicts, categories, purposes, recipients } = table;
  let i = 0;
  // indexed loops, as in buildDecisionTable
  for (let a = 0; a < ACTIONS.length; a++) {
    const action = ACTIONS[a]!;
    const flow = FLOW_ACTIONS.has(action);
    for (let c = 0; c < categories.length; c++)
      for (let p = 0; p < purposes.length; p++)
        if (flow) {
          for (let r = 0; r < recipients.length; r++) if (visit(verdicts[i++]!, action, categories[c]!, purposes[p]!, recipients[r]!)) return true;
        } else if (visit(verdicts[i++]!, action, categories[c]!, purposes[p]!, null)) return true;
  }
  return false;
}

const tables = new WeakMap<PolicyModel, DecisionTable>();

/**
 * The decision table of a model, built once per model object and shared by its users. With a
 * watch session's memo, the table of an earlier model that differs from this one in nothing but
 * its version is taken as it is: a table is data (ids, masks, outcomes) that no one changes.
 */
export function decisionTableOf(model: PolicyModel, memo?: Memo): DecisionTable {
  let t = tables.get(model);
  if (!t) {
    t = memo ? memo.replacing(`table\u0000${model.header.source.file}`, modelKey(model, ["version"]), () => buildDecisionTable(model)) : buildDecisionTable(model);
    tables.set(model, t);
  }
  return t;
}

interface TableIndex {
  readonly c: Map<string, number>;
  readonly p: Map<string, number>;
  readonly r: Map<string, number>;
  readonly base: readonly number[];
}
const indexes = new WeakMap<DecisionTable, TableIndex>();

/** What a rule or an assertion speaks about: an action on leaf categories, purposes and recipients. */
export interface CellScope {
  readonly action: Action;
  readonly categories: readonly string[];
  readonly purposes: readonly string[];
  readonly recipients: readonly string[];
}

/**
 * Visits the cells of a scope, found by index rather than by scanning the table, with their
 * verdict and request, without making an object per cell; stops at the first cell for which
 * `visit` returns true, and says whether it did.
 */
export function someInScope(
  table: DecisionTable,
  scope: CellScope,
  visit: (verdict: Verdict, category: string, purpose: string, recipient: string | null) => boolean,
): boolean {
  const ix = indexOf(table);
  const a = ACTIONS.indexOf(scope.action);
  if (a < 0) return false;
  const flow = FLOW_ACTIONS.has(scope.action);
  const NP = table.purposes.length;
  const NR = table.recipients.length;
  const { categories, purposes, recipients } = scope;
  // indexed loops, as in buildDecisionTable
  for (let ci = 0; ci < categories.length; ci++) {
    const category = categories[ci]!;
    const c = ix.c.get(category);
    if (c === undefined) continue;
    for (let pi = 0; pi < purposes.length; pi++) {
      const purpose = purposes[pi]!;
      const p = ix.p.get(purpose);
      if (p === undefined) continue;
      if (!flow) {
        if (visit(table.verdicts[ix.base[a]! + c * NP + p]!, category, purpose, null)) return true;
        continue;
      }
      for (let ri = 0; ri < recipients.length; ri++) {
        const recipient = recipients[ri]!;
        const r = ix.r.get(recipient);
        if (r !== undefined && visit(table.verdicts[ix.base[a]! + (c * NP + p) * NR + r]!, category, purpose, recipient)) return true;
      }
    }
  }
  return false;
}

function indexOf(table: DecisionTable): TableIndex {
  let ix = indexes.get(table);
  if (!ix) {
    // a table not made by buildDecisionTable (a `DecisionTable` built by hand)
    ix = {
      c: new Map(table.categories.map((x, i) => [x, i])),
      p: new Map(table.purposes.map((x, i) => [x, i])),
      r: new Map(table.recipients.map((x, i) => [x, i])),
      base: cellBases(table.categories.length, table.purposes.length, table.recipients.length),
    };
    indexes.set(table, ix);
  }
  return ix;
}

/**
 * The deny that overrides an allow everywhere: when every cell of the allow's scope has an
 * unconditional deny, the id of the one in its first cell; null when the allow decides any cell
 * (or covers none). Such an allow never takes effect (PC3014), and the published policy leaves
 * it out, so that it does not promise what the guards refuse. Most allows are not overridden,
 * and the first cell without such a deny settles it.
 */
export function overridingDeny(table: DecisionTable, rule: CellScope): string | null {
  let first: Verdict | undefined;
  const granted = someInScope(table, rule, (c) => {
    first ??= c;
    return !c.deny.some(isUnconditional);
  });
  return first && !granted ? first.deny.find(isUnconditional)!.rule : null;
}

/**
 * Whether `rule` (a top-level rule or an exception, by id) lets some request of `scope` through:
 * in some cell, one of its allow terms holds under facts under which no deny term of the cell
 * holds. False where denies override it, or where earlier exceptions decide instead of it. The
 * published policy says what a recipient may receive by this, as the guards decide it.
 */
export function allowsSome(table: DecisionTable, rule: string, scope: CellScope): boolean {
  const people = personAssignments(table.atoms);
  return someInScope(table, scope, (v) => v.allow.some((t) => t.rule === rule && holdsWithout(t.pos, t.neg, v.deny, 0, people)));
}

/**
 * The categories and purposes of `scope` in whose cells `rule` lets some request through, as
 * `allowsSome` decides it for one cell: one pass over the scope, each verdict decided once.
 */
export function allowedParts(table: DecisionTable, rule: string, scope: CellScope): { readonly categories: ReadonlySet<string>; readonly purposes: ReadonlySet<string> } {
  const people = personAssignments(table.atoms);
  const known = new Map<Verdict, boolean>();
  const categories = new Set<string>();
  const purposes = new Set<string>();
  someInScope(table, scope, (v, category, purpose) => {
    if (categories.has(category) && purposes.has(purpose)) return false;
    let lets = known.get(v);
    if (lets === undefined) known.set(v, (lets = v.allow.some((t) => t.rule === rule && holdsWithout(t.pos, t.neg, v.deny, 0, people))));
    if (lets) {
      categories.add(category);
      purposes.add(purpose);
    }
    return false;
  });
  return { categories, purposes };
}

/**
 * Whether some facts make every literal of `pos`/`neg` hold and every term of `deny` from `i` on
 * fail: each deny term that the facts so far leave open is made to fail by one of its literals,
 * trying each in turn. Cells have few deny terms, of few literals. The facts about the person
 * must be ones a person can have (one place, one age: places.ts), as the guards derive them.
 */
function holdsWithout(pos: number, neg: number, deny: readonly Term[], i: number, people: Assignments): boolean {
  if (!someoneMeets(people, pos, neg)) return false;
  for (; i < deny.length; i++) {
    const d = deny[i]!;
    if ((d.pos & neg) !== 0 || (d.neg & pos) !== 0) continue; // fails already
    for (let open = d.pos & ~pos; open !== 0; open &= open - 1) if (holdsWithout(pos, neg | (open & -open), deny, i + 1, people)) return true;
    for (let open = d.neg & ~neg; open !== 0; open &= open - 1) if (holdsWithout(pos | (open & -open), neg, deny, i + 1, people)) return true;
    return false;
  }
  return true;
}

/** The position of a request's cell, found by arithmetic on the table's layout (no scan, no string keys). */
export function cellIndex(table: DecisionTable, req: Request): number | undefined {
  const ix = indexOf(table);
  const a = ACTIONS.indexOf(req.action);
  const c = ix.c.get(req.category);
  const p = ix.p.get(req.purpose);
  if (a < 0 || c === undefined || p === undefined) return undefined;
  const NP = table.purposes.length;
  if (!FLOW_ACTIONS.has(req.action)) return req.recipient === null ? ix.base[a]! + c * NP + p : undefined;
  const r = req.recipient === null ? undefined : ix.r.get(req.recipient);
  return r === undefined ? undefined : ix.base[a]! + (c * NP + p) * table.recipients.length + r;
}

/** The verdict for a request, or undefined outside the table. */
export function lookupVerdict(table: DecisionTable, req: Request): Verdict | undefined {
  const i = cellIndex(table, req);
  return i === undefined ? undefined : table.verdicts[i];
}

export function termHolds(t: Term, mask: number): boolean {
  return (mask & t.pos) === t.pos && (mask & t.neg) === 0;
}

/** `decideCell(cell, mask).allowed`, without making the answer. */
export function isAllowed(cell: Verdict, mask: number): boolean {
  const { deny, allow } = cell;
  for (let i = 0; i < deny.length; i++) if (termHolds(deny[i]!, mask)) return false;
  for (let i = 0; i < allow.length; i++) if (termHolds(allow[i]!, mask)) return true;
  return false;
}

/** Decides a request from its cell: the same answer as the reference evaluator. */
export function decideCell(cell: Verdict, mask: number): { allowed: boolean; rule: string | null } {
  for (const t of cell.deny) if (termHolds(t, mask)) return { allowed: false, rule: t.rule };
  for (const t of cell.allow) if (termHolds(t, mask)) return { allowed: true, rule: t.rule };
  return { allowed: false, rule: null };
}

