/**
 * Declared invariants, checked exhaustively over the decision table.
 *
 * The parser stores an assertion's conditions as the literals assumed to hold: `unless x, y`
 * becomes `not x, not y`, `when x` stays `x`.
 * `assert never A D [with R] [for P] [unless/when ...]`: no request in scope is allowed under any
 * assignment of the condition atoms in which the assumed literals hold.
 * `assert allows A D [with R] [for P] [when ...]`: every request in scope is allowed when exactly
 * the assumed literals hold (every other atom false).
 * A violation comes with a concrete counterexample: a request and the atoms that hold.
 */
import type { Assertion } from "../model/types.js";
import type { Request } from "./evaluate.js";
import { decideCell, isAllowed, someInScope, type DecisionTable } from "./table.js";

export interface Counterexample {
  readonly request: Request;
  /** Atoms that hold in the counterexample. */
  readonly facts: readonly string[];
  /** Rules that allow (for `never`) or the deny/default that refuses (for `allows`). */
  readonly rules: readonly string[];
}

function factsOf(mask: number, atoms: readonly string[]): string[] {
  return atoms.filter((_, i) => (mask & (1 << i)) !== 0);
}

export function checkAssertion(table: DecisionTable, a: Assertion): Counterexample | null {
  const bitOf = (atom: string): number => {
    const i = table.atoms.indexOf(atom);
    if (i < 0) throw new Error(`internal: assertion atom ${atom} is not in the decision table`);
    return 1 << i;
  };
  let fixedPos = 0;
  let fixedNeg = 0;
  // The conditions are the literals assumed to hold (`unless x` is stored as `not x`).
  for (const l of a.conditions) {
    const bit = bitOf(l.atom);
    if (l.negated) fixedNeg |= bit;
    else fixedPos |= bit;
  }
  // `unless x, not x` can never be false: vacuous
  if (a.mode !== "allows" && (fixedPos & fixedNeg) !== 0) return null;
  let found: Counterexample | null = null;
  someInScope(table, a, (cell, category, purpose, recipient) => {
    if (a.mode === "allows") {
      if (isAllowed(cell, fixedPos)) return false;
      const d = decideCell(cell, fixedPos);
      found = { request: { action: a.action, category, purpose, recipient }, facts: factsOf(fixedPos, table.atoms), rules: d.rule ? [d.rule] : [] };
      return true;
    }
    for (const t of cell.allow) {
      const pos = t.pos | fixedPos;
      const neg = t.neg | fixedNeg;
      if ((pos & neg) !== 0) continue;
      // Only atoms the deny terms mention can still change the outcome: try their assignments.
      let free = 0;
      for (const d of cell.deny) free |= (d.pos | d.neg) & ~(pos | neg);
      const bits: number[] = [];
      for (let b = 1; b !== 0 && b <= free; b <<= 1) if (free & b) bits.push(b);
      for (let k = 0; k < 1 << bits.length; k++) {
        let mask = pos;
        for (let i = 0; i < bits.length; i++) if (k & (1 << i)) mask |= bits[i]!;
        if (isAllowed(cell, mask)) {
          found = { request: { action: a.action, category, purpose, recipient }, facts: factsOf(mask, table.atoms), rules: [t.rule] };
          return true;
        }
      }
    }
    return false;
  });
  return found;
}

export function describeRequest(r: Request): string {
  const base = `${r.action} \`${r.category}\``;
  const to = r.recipient ? ` with \`${r.recipient}\`` : "";
  return `${base}${to} for \`${r.purpose}\``;
}
