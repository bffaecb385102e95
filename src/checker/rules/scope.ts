/** Set relations between rule scopes, shared by the rules that compare two statements. */
import type { Literal, Rule } from "../../model/types.js";
import { isFlowAction } from "../../syntax/ast.js";

export type Relation = "equal" | "narrower" | "broader" | "overlap" | "disjoint";

export function relate(a: readonly string[], b: readonly string[]): Relation {
  const sb = new Set(b);
  const common = a.filter((x) => sb.has(x)).length;
  if (common === 0) return a.length === 0 && b.length === 0 ? "equal" : "disjoint";
  if (common === a.length && common === b.length) return "equal";
  if (common === a.length) return "narrower";
  if (common === b.length) return "broader";
  return "overlap";
}

export const isFlow = (r: Rule): boolean => isFlowAction(r.action);

/** Literal set inclusion: every literal of `a` is in `b` (so `b` implies `a`). */
export function literalsSubset(a: readonly Literal[], b: readonly Literal[]): boolean {
  return a.every((l) => b.some((m) => m.atom === l.atom && m.negated === l.negated));
}

/** Can both conjunctions hold at once? */
export function compatible(a: readonly Literal[], b: readonly Literal[]): boolean {
  return !a.some((l) => b.some((m) => m.atom === l.atom && m.negated !== l.negated));
}

export function describeRule(r: Rule): string {
  if (r.id.startsWith("rule:")) return `the ${r.effect} rule at line ${r.sourceRef.line}`;
  if (r.id.startsWith("except:")) return `the exception at line ${r.sourceRef.line}`;
  return `rule \`${r.id}\``;
}
