/** The legal bases of a purpose, wherever it states them. */
import type { Basis, Purpose } from "./types.js";

/** Every basis a purpose rests on: its own and those of each jurisdiction's variant. */
export function everyBasis(p: Pick<Purpose, "bases" | "basisIn">): Basis[] {
  return [...p.bases, ...p.basisIn.flatMap((v) => v.bases)];
}

/** Bases that never ask the person for anything: such purposes are not choices. */
const NON_CHOICE_BASES: ReadonlySet<Basis> = new Set<Basis>(["contract", "legal_obligation"]);

type ConsentFields = Pick<Purpose, "bases" | "basisIn" | "needsConsent" | "consentMode">;

/** Whether consent or an objection matters to a purpose at all: it rests on consent, or its mode asks. */
export function consentRelevant(p: Pick<Purpose, "needsConsent" | "consentMode">): boolean {
  return p.needsConsent || p.consentMode !== "notice";
}

/** Whether a consent record holds the person's choice about a (leaf) purpose (`purposes` of consent.schema.json). */
export function isChoice(p: ConsentFields): boolean {
  const asksNothing = p.bases.length > 0 && everyBasis(p).every((b) => NON_CHOICE_BASES.has(b));
  return consentRelevant(p) && !asksNothing;
}

/**
 * Whether that choice can be explicit (`explicit: true`): an opt-in purpose, or one with an
 * explicit-consent basis. Where it cannot, `explicit_consent` never holds for the purpose.
 */
export function canBeExplicit(p: ConsentFields): boolean {
  return isChoice(p) && (p.consentMode === "opt_in" || everyBasis(p).includes("explicit_consent"));
}
