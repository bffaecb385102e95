/**
 * Which `in:` atoms can hold together. A person is in one place, and the guards give them every
 * jurisdiction of the policy that place lies in (`regionsOf`): someone in `DE` is `in EU` and
 * `in EEA`, someone in `NO` only `in EEA`, and no one is `in EU` and `in US-CA` at once. The
 * static checks must reason over the same assignments, or an assertion could be proved (or
 * refuted) for a person who cannot exist: `assert allows ... when in EU` beside `deny ... when
 * in EEA`.
 */
import { placesWithin, regionsOf } from "../model/rights.js";

export interface PlaceAssignments {
  /** The bits of the `in:` atoms. */
  readonly inBits: number;
  /** Every assignment of those bits a person can have, the empty one (no place, or one outside them all) first. */
  readonly masks: readonly number[];
}

const IN = "in:";

/** The possible assignments of the `in:` atoms among `atoms` (bit i stands for `atoms[i]`). */
export function placeAssignments(atoms: readonly string[]): PlaceAssignments {
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
  return { inBits, masks: [...masks].sort((a, b) => a - b) };
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
