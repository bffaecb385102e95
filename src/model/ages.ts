/**
 * Audiences of an age. An audience with `age_under N` picks out people younger than N: the fact
 * `age_under:N`. The guards learn it from the context's `age` when given; without an age they
 * know only whether the person is a `minor`, and answer a minor then only as every age under 18
 * is, and anyone else as every age from 18 on is (refusing the rest as `unknownAge`). A person
 * whose age is known is a minor under 18, or whenever the context says so.
 */

import type { Assertion, Literal, Rule } from "./types.js";

/** The age under which a person whose age is known is a minor. */
export const AGE_OF_MAJORITY = 18;

/** The oldest age a context may give (anything else is malformed). */
export const MAX_AGE = 150;

const PREFIX = "age_under:";

/** The fact of an audience of people younger than `limit`. */
export const ageAtom = (limit: number): `age_under:${number}` => `${PREFIX}${limit}`;

/** The limit of an `age_under:N` fact, or null for any other atom. */
export function ageLimit(atom: string): number | null {
  return atom.startsWith(PREFIX) ? Number(atom.slice(PREFIX.length)) : null;
}

/**
 * Whether fact `x` holding makes `y` hold for every person: `age_under:13` implies `age_under:16`,
 * and an age limit up to 18 implies `minor`.
 */
export function implies(x: string, y: string): boolean {
  const lx = ageLimit(x);
  if (lx === null) return false;
  const ly = ageLimit(y);
  if (ly !== null) return lx <= ly;
  return y === "minor" && lx <= AGE_OF_MAJORITY;
}

/** Whether a context's `age` is one: a whole number of years from 0 to MAX_AGE. */
export const isAge = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= MAX_AGE;

/**
 * Who a person whose age is not given may be, for the ages `limits` tell apart: for each band of
 * ages (youngest first), the limits that age is under; a minor's ages are those under the age of
 * majority, an adult's those from it on (an audience `age_under 21` tells adults apart). One
 * entry when the limits tell no such ages apart.
 */
export function unknownAgeMasks(limits: readonly number[], minor: boolean): number[][] {
  const [from, below] = minor ? [0, AGE_OF_MAJORITY] : [AGE_OF_MAJORITY, Infinity];
  const ages = [from, ...limits.filter((n) => n > from && n < below)].sort((a, b) => a - b);
  const out = new Map<string, number[]>();
  for (const age of ages) {
    const under = limits.filter((n) => age < n);
    out.set(under.join(","), under);
  }
  return [...out.values()];
}

/** Who a minor whose age is not given may be (`unknownAgeMasks`). */
export const minorAgeMasks = (limits: readonly number[]): number[][] => unknownAgeMasks(limits, true);

/** Who an adult whose age is not given may be: one entry unless an age limit is above 18. */
export const adultAgeMasks = (limits: readonly number[]): number[][] => unknownAgeMasks(limits, false);

/**
 * The age facts of a person: `minor` and each `age_under:N` of `limits` that holds. `age`
 * undefined: unknown, and a minor is taken to be under every limit, an adult under none (the
 * static semantics' person; the guards answer such a context only as every age of a minor, or of
 * an adult, is: unknownAgeMasks).
 */
export function ageFacts(age: number | undefined, minor: boolean, limits: readonly number[]): string[] {
  const isMinor = minor || (age !== undefined && age < AGE_OF_MAJORITY);
  const out = isMinor ? ["minor"] : [];
  for (const n of limits) if (age === undefined ? minor : age < n) out.push(ageAtom(n));
  return out;
}

/** Every age the rules (with their exceptions) and the assertions test (`age_under:N`), ascending. */
export function agesTested(rules: readonly Rule[], assertions: readonly Pick<Assertion, "conditions">[]): number[] {
  const out = new Set<number>();
  const note = (conditions: readonly Literal[]) => {
    for (const l of conditions) {
      const n = ageLimit(l.atom);
      if (n !== null) out.add(n);
    }
  };
  const visit = (r: Rule): void => {
    note(r.conditions);
    r.exceptions.forEach(visit);
  };
  rules.forEach(visit);
  assertions.forEach((a) => note(a.conditions));
  return [...out].sort((a, b) => a - b);
}
