/**
 * Declared invariants, checked exhaustively over the decision table.
 *
 * The parser stores an assertion's conditions as the literals assumed to hold: `unless x, y`
 * becomes `not x, not y`, `when x` stays `x`.
 * `assert never A D [with R] [for P] [unless/when ...]`: no request in scope is allowed under any
 * assignment of the condition atoms in which the assumed literals hold.
 * `assert allows A D [with R] [for P] [when ...]`: every request in scope is allowed when exactly
 * the assumed literals hold (every other atom false), for a person in any place that meets them
 * (`when in EEA`: in Norway, and in Germany, which is `in EU` as well).
 * Both range only over assignments a person can have: one place, with every jurisdiction of the
 * policy it lies in (places.ts).
 * A violation comes with a concrete counterexample: a request and the atoms that hold.
 */
import type { Assertion } from "../model/types.js";
import type { Request } from "./evaluate.js";
import { decideCell, isAllowed, someInScope, type DecisionTable, type Term, type Verdict } from "./table.js";
import { ageAssignments, peopleMeeting, personAssignments, someoneMeets, type Assignments } from "./places.js";
import { ageLimit } from "../model/ages.js";

export interface Counterexample {
  readonly request: Request;
  /** Atoms that hold in the counterexample. */
  readonly facts: readonly string[];
  /** Rules that allow (for `never`) or the deny/default that refuses (for `allows`). */
  readonly rules: readonly string[];
  /** (`allows` refused by default) rules that allow the request only under more facts. */
  readonly waiting?: readonly string[];
}

function factsOf(mask: number, atoms: readonly string[]): string[] {
  return atoms.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** The assumed literals of an assertion as bitmasks over the table's atoms. */
function assumed(table: DecisionTable, a: Assertion): { pos: number; neg: number } {
  let pos = 0;
  let neg = 0;
  // The conditions are the literals assumed to hold (`unless x` is stored as `not x`).
  for (const l of a.conditions) {
    const i = table.atoms.indexOf(l.atom);
    if (i < 0) throw new Error(`internal: assertion atom ${l.atom} is not in the decision table`);
    if (l.negated) neg |= 1 << i;
    else pos |= 1 << i;
  }
  return { pos, neg };
}


/**
 * Why an assertion's conditions can never all hold, or null when they can: an atom assumed both
 * to hold and not to (`unless consent, not consent`), places no one can be in at once
 * (`when in EU, in US-CA`; `when in EU, not in EEA`, since the EU lies in the EEA), or explicit
 * consent without consent.
 */
export function vacuity(table: DecisionTable, a: Assertion): string | null {
  const { pos, neg } = assumed(table, a);
  const both = pos & neg;
  if (both !== 0) return `it assumes both \`${factsOf(both, table.atoms)[0]}\` and its negation`;
  if (!someoneMeets(personAssignments(table.atoms), pos, neg)) {
    // explicit consent without consent: the guards give the one only with the other
    if (a.conditions.some((l) => l.atom === "explicit_consent" && !l.negated) && a.conditions.some((l) => l.atom === "consent" && l.negated)) {
      return "explicit consent is consent too, so `explicit_consent` and `not consent` never hold together";
    }
    // the literals about the person: their place and their age
    const named = a.conditions.filter((l) => l.atom.startsWith("in:") || l.atom === "minor" || ageLimit(l.atom) !== null);
    const words = (atom: string) => atom.replace(/^in:/, "in ").replace(/^age_under:/, "age_under ");
    return `no one can be ${named.map((l) => `\`${l.negated ? "not " : ""}${words(l.atom)}\``).join(" and ")} at once`;
  }
  return null;
}

/**
 * The facts an `assert allows` speaks of, one mask per person: exactly the assumed literals
 * hold, for a person in any place that meets them (`when in EEA` speaks for someone in Norway,
 * in EEA alone, and someone in Germany, in EU as well). The person is not a minor unless the
 * assertion says so, or names an age (then: a person of any age that fits).
 */
function allowsMasks(table: DecisionTable, pos: number, neg: number, people: Assignments): number[] {
  // the people of `personAssignments` come with and without consent and explicit consent, but
  // "exactly the assumed literals" leaves out those the assertion does not assume
  // (explicit consent is consent too: one that assumes it has consent)
  const explicit = bitOf(table, "explicit_consent");
  const consents = ((pos & explicit) !== 0 ? 0 : bitOf(table, "consent")) & ~pos | (explicit & ~pos);
  return peopleMeeting(people, pos, allowsNeg(table, pos, neg) | consents).map((person) => (pos & ~people.bits) | person);
}

const bitOf = (table: DecisionTable, atom: string): number => {
  const i = table.atoms.indexOf(atom);
  return i < 0 ? 0 : 1 << i;
};

/** The literals an `allows` assumes false: its own, and `minor` unless it speaks of minors or an age. */
function allowsNeg(table: DecisionTable, pos: number, neg: number): number {
  return pos & ageAssignments(table.atoms).bits ? neg : neg | bitOf(table, "minor");
}

/**
 * A mask under which the cell allows, among those where `pos` holds and `neg` does not and the
 * person's place and age are some person's, or null. Only atoms the deny terms mention can change
 * the outcome beyond that: their assignments are tried, with one person for each assignment of
 * the place and age atoms they mention.
 */
function allowedUnder(cell: Verdict, pos: number, neg: number, people: Assignments): number | null {
  if ((pos & neg) !== 0) return null;
  let denyBits = 0;
  const { deny } = cell;
  for (let i = 0; i < deny.length; i++) denyBits |= deny[i]!.pos | deny[i]!.neg;
  const free = denyBits & ~(pos | neg) & ~people.bits;
  const bits: number[] = [];
  for (let b = 1; b !== 0 && b <= free; b <<= 1) if (free & b) bits.push(b);
  const seen = new Set<number>();
  for (const person of peopleMeeting(people, pos, neg)) {
    if (seen.has(person & denyBits)) continue;
    seen.add(person & denyBits);
    const base = (pos & ~people.bits) | person;
    for (let k = 0; k < 1 << bits.length; k++) {
      let mask = base;
      for (let i = 0; i < bits.length; i++) if (k & (1 << i)) mask |= bits[i]!;
      if (isAllowed(cell, mask)) return mask;
    }
  }
  return null;
}

/** The facts of each person an `assert allows` speaks of (see allowsMasks), for the generated invariant tests. */
export function allowsFactSets(table: DecisionTable, a: Assertion): string[][] {
  const { pos, neg } = assumed(table, a);
  if ((pos & neg) !== 0) return [];
  return allowsMasks(table, pos, neg, personAssignments(table.atoms)).map((m) => factsOf(m, table.atoms));
}

/**
 * A request in the assertion's scope that breaks it, or null when it holds (or can never apply:
 * see `vacuity`). Only assignments a person can have are tried: the `in:` atoms as some place
 * gives them (see places.ts).
 */
export function checkAssertion(table: DecisionTable, a: Assertion): Counterexample | null {
  const { pos: fixedPos, neg: fixedNeg } = assumed(table, a);
  if ((fixedPos & fixedNeg) !== 0) return null;
  const people = personAssignments(table.atoms);
  if (!someoneMeets(people, fixedPos, fixedNeg)) return null;
  let found: Counterexample | null = null;
  // Cells share verdict objects (buildDecisionTable): one that broke nothing in one cell breaks
  // nothing in another, and is not tried again.
  const holds = new Set<Verdict>();
  if (a.mode === "allows") {
    const masks = allowsMasks(table, fixedPos, fixedNeg, people);
    someInScope(table, a, (cell, category, purpose, recipient) => {
      if (holds.has(cell)) return false;
      let mask: number | undefined;
      for (let i = 0; i < masks.length && mask === undefined; i++) if (!isAllowed(cell, masks[i]!)) mask = masks[i]!;
      if (mask === undefined) {
        holds.add(cell);
        return false;
      }
      const d = decideCell(cell, mask);
      // the allows that a person the assertion speaks of could still meet, with more facts, and
      // that no deny then overrides
      const assumedNeg = allowsNeg(table, fixedPos, fixedNeg);
      const canWait = (t: Term) => allowedUnder(cell, t.pos | fixedPos, t.neg | assumedNeg, people) !== null;
      const waiting = d.rule ? [] : [...new Set(cell.allow.filter(canWait).map((t) => t.rule))].slice(0, 3);
      found = {
        request: { action: a.action, category, purpose, recipient },
        facts: factsOf(mask, table.atoms),
        rules: d.rule ? [d.rule] : [],
        ...(waiting.length > 0 ? { waiting } : {}),
      };
      return true;
    });
    return found;
  }
  someInScope(table, a, (cell, category, purpose, recipient) => {
    if (holds.has(cell)) return false;
    for (let i = 0; i < cell.allow.length; i++) {
      const t = cell.allow[i]!;
      const mask = allowedUnder(cell, t.pos | fixedPos, t.neg | fixedNeg, people);
      if (mask !== null) {
        found = { request: { action: a.action, category, purpose, recipient }, facts: factsOf(mask, table.atoms), rules: [t.rule] };
        return true;
      }
    }
    holds.add(cell);
    return false;
  });
  return found;
}

/**
 * For an `assert never`: one counterexample for each rule that breaks it, not only the first
 * (the checks that stand for a declaration, PC3023 and PC3024, report every rule).
 */
export function neverViolations(table: DecisionTable, a: Assertion): Counterexample[] {
  const { pos: fixedPos, neg: fixedNeg } = assumed(table, a);
  if (a.mode !== "never" || (fixedPos & fixedNeg) !== 0) return [];
  const people = personAssignments(table.atoms);
  if (!someoneMeets(people, fixedPos, fixedNeg)) return [];
  const found = new Map<string, Counterexample>();
  // a verdict (cells share them) tried once: in another cell it breaks the assertion by the same
  // rules, which already have their first counterexample
  const tried = new Set<Verdict>();
  someInScope(table, a, (cell, category, purpose, recipient) => {
    if (tried.has(cell)) return false;
    tried.add(cell);
    for (let i = 0; i < cell.allow.length; i++) {
      const t = cell.allow[i]!;
      if (found.has(t.rule)) continue;
      const mask = allowedUnder(cell, t.pos | fixedPos, t.neg | fixedNeg, people);
      if (mask !== null) found.set(t.rule, { request: { action: a.action, category, purpose, recipient }, facts: factsOf(mask, table.atoms), rules: [t.rule] });
    }
    return false;
  });
  return [...found.values()];
}

/** The facts of a counterexample for a message: `when consent, in:EU`, or `when no condition holds`. */
export function describeFacts(facts: readonly string[]): string {
  return facts.length > 0 ? `when ${facts.join(", ")}` : "when no condition holds";
}

export function describeRequest(r: Request): string {
  const base = `${r.action} \`${r.category}\``;
  const to = r.recipient ? ` ${r.action === "share" ? "with" : "to"} \`${r.recipient}\`` : "";
  return `${base}${to} for \`${r.purpose}\``;
}
