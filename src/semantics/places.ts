/**
 * Which atoms about the person can hold together. A person is in one place, and the guards give
 * them every jurisdiction of the policy that place lies in (`regionsOf`): someone in `DE` is
 * `in EU` and `in EEA`, someone in `NO` only `in EEA`, and no one is `in EU` and `in US-CA` at
 * once. A person has one age: under 13 is under 16 too, and a minor (ages.ts). Someone who gave
 * explicit consent gave consent. The static checks
 * must reason over the same assignments, or an assertion could be proved (or refuted) for a
 * person who cannot exist: `assert allows ... when in EU` beside `deny ... when in EEA`.
 */
import { placesWithin, regionsOf } from "../model/rights.js";
import { AGE_OF_MAJORITY, ageFacts, ageLimit } from "../model/ages.js";

export interface Assignments {
  /** The bits of the atoms of the group. */
  readonly bits: number;
  /** Every assignment of those bits a person can have, the empty one first. */
  readonly masks: readonly number[];
}


const IN = "in:";

/** The possible assignments of the `in:` atoms among `atoms` (bit i stands for `atoms[i]`). */
export function placeAssignments(atoms: readonly string[]): Assignments {
  const bitOf = new Map<string, number>();
  let inBits = 0;
  atoms.forEach((a, i) => {
    if (!a.startsWith(IN)) return;
    bitOf.set(a.slice(IN.length), 1 << i);
    inBits |= 1 << i;
  });
  const masks = new Set<number>([0]);
  for (const within of placesWithin([...bitOf.keys()]).values()) {
    let m = 0;
    for (const j of within) m |= bitOf.get(j)!;
    masks.add(m);
  }
  return { bits: inBits, masks: [...masks].sort((a, b) => a - b) };
}

/**
 * The possible assignments of `minor` and the `age_under:N` atoms among `atoms`: a person of
 * each age that changes one of them, told a minor or not, and a person of no known age.
 */
export function ageAssignments(atoms: readonly string[]): Assignments {
  const limits = atoms.map(ageLimit).filter((n): n is number => n !== null);
  const bitOf = (fact: string) => {
    const i = atoms.indexOf(fact);
    return i < 0 ? 0 : 1 << i;
  };
  let bits = bitOf("minor");
  for (const n of limits) bits |= bitOf(`age_under:${n}`);
  const ages: (number | undefined)[] = [undefined, 0, ...limits, AGE_OF_MAJORITY];
  const masks = new Set<number>();
  for (const age of ages)
    for (const minor of [false, true]) masks.add(ageFacts(age, minor, limits).reduce((m, f) => m | bitOf(f), 0));
  return { bits, masks: [...masks].sort((a, b) => a - b) };
}

/** Whether an assignment of the person's atoms meets every literal on them among `pos`/`neg`. */
function meeting(people: Assignments, pos: number, neg: number): (m: number) => boolean {
  const want = pos & people.bits;
  return (m) => (m & want) === want && (m & neg) === 0;
}

/** The assignments of `people` that meet `pos`/`neg`. */
export function peopleMeeting(people: Assignments, pos: number, neg: number): number[] {
  return people.masks.filter(meeting(people, pos, neg));
}

/** Whether a person can meet `pos`/`neg` (on the person's atoms; the others are free). */
export function someoneMeets(people: Assignments, pos: number, neg: number): boolean {
  return people.masks.some(meeting(people, pos, neg));
}

/** Kept per atom list, by its text: the checks ask for a table's many times, a diff for the same few lists cell after cell. */
const peopleByAtoms = new Map<string, Assignments>();

/** The assignments of every atom about the person (place, age, consent with explicit consent) a person can have. */
export function personAssignments(atoms: readonly string[]): Assignments {
  const key = atoms.join("\u0000");
  let known = peopleByAtoms.get(key);
  if (!known) peopleByAtoms.set(key, (known = computePersonAssignments(atoms)));
  return known;
}

function computePersonAssignments(atoms: readonly string[]): Assignments {
  const places = placeAssignments(atoms);
  const ages = ageAssignments(atoms);
  const masks: number[] = [];
  for (const p of places.masks) for (const a of ages.masks) masks.push(p | a);
  // explicit consent is consent: the guards give `explicit_consent` only with `consent`, for the
  // request's purpose (an explicit grant is a grant; an objection takes both away)
  const consent = atoms.indexOf("consent");
  const explicit = atoms.indexOf("explicit_consent");
  if (consent < 0 || explicit < 0) return { bits: places.bits | ages.bits, masks: masks.sort((a, b) => a - b) };
  const c = 1 << consent;
  const e = 1 << explicit;
  const withConsent = masks.flatMap((m) => [m, m | c, m | c | e]);
  return { bits: places.bits | ages.bits | c | e, masks: withConsent.sort((a, b) => a - b) };
}

/**
 * The facts with the jurisdictions their places lie in added, as the guards derive them: `in:DE`
 * with `in:EU` and `in:EEA` when the policy knows those. Only atoms among `atoms` are added.
 */
export function withRegions(facts: Iterable<string>, atoms: readonly string[]): string[] {
  const out = new Set<string>();
  for (const f of facts) {
    out.add(f);
    if (!f.startsWith(IN)) continue;
    for (const j of regionsOf(f.slice(IN.length))) if (atoms.includes(IN + j)) out.add(IN + j);
  }
  return [...out];
}

/**
 * The facts of a person as the guards derive them from a context, for `explain --when`: the
 * jurisdictions their place lies in (`withRegions`), and from `age:N` (their age) or `minor`
 * alone the policy's age facts (`ageFacts`: without an age, a minor is under every age).
 * `age:N` itself is not an atom and is not kept.
 */
export function personFacts(facts: readonly string[], atoms: readonly string[]): string[] {
  const out = new Set(withRegions(facts.filter((f) => !AGE_FACT.test(f)), atoms));
  const given = facts.map((f) => AGE_FACT.exec(f)?.[1]).find((x) => x !== undefined);
  const limits = atoms.map(ageLimit).filter((n): n is number => n !== null);
  for (const f of ageFacts(given === undefined ? undefined : Number(given), out.has("minor"), limits)) out.add(f);
  return [...out];
}

/** `age:14`, the person's age as `explain --when` takes it: whole years, without leading zeros (`age:015` is no age). */
export const AGE_FACT = /^age:(0|[1-9]\d{0,2})$/;
