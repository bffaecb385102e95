/** The legal bases of a purpose, wherever it states them. */
import type { Basis, Purpose } from "./types.js";

/** Every basis a purpose rests on: its own and those of each jurisdiction's variant. */
export function everyBasis(p: Pick<Purpose, "bases" | "basisIn">): Basis[] {
  return [...p.bases, ...p.basisIn.flatMap((v) => v.bases)];
}
