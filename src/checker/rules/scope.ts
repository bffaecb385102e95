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

/**
 * A rule by its id as its author knows it: `rule \`name\``, `the allow rule at line 25` for an
 * unnamed one (whose id, `rule:file:25`, the author never wrote), or the purpose a basis rule
 * comes from.
 */
export function describeRuleId(rules: readonly Rule[], id: string): string {
  const find = (rs: readonly Rule[]): Rule | undefined => {
    for (const r of rs) {
      if (r.id === id) return r;
      const inner = find(r.exceptions);
      if (inner) return inner;
    }
    return undefined;
  };
  const r = find(rules);
  if (r && r.origin === "purpose") {
    const m = /^purpose:(.+):[a-z]+(?:@.+)?$/.exec(id);
    if (m) return `the basis of purpose \`${m[1]!}\``;
  }
  return r ? describeRule(r) : `rule \`${id}\``;
}

export function describeRule(r: Rule): string {
  if (r.id.startsWith("rule:")) return `the ${r.effect} rule at line ${r.sourceRef.line}`;
  if (r.id.startsWith("except:")) return `the exception at line ${r.sourceRef.line}`;
  return `rule \`${r.id}\``;
}

/**
 * Rules by action and category, in rule order, so that a rule's candidates for a comparison come
 * from an index instead of every pair (which made a 100k-declaration policy take minutes). A rule
 * without categories is listed under the empty category.
 */
export class RulesByData {
  private readonly lists = new Map<string, Rule[]>();
  private readonly order = new Map<Rule, number>();

  constructor(rules: readonly Rule[]) {
    rules.forEach((r, i) => {
      this.order.set(r, i);
      for (const c of r.categories.length > 0 ? new Set(r.categories) : [""]) {
        const key = `${r.action}\u0000${c}`;
        const list = this.lists.get(key);
        if (list) list.push(r);
        else this.lists.set(key, [r]);
      }
    });
  }

  /** The rules of `action` listed under `category`, in rule order. */
  under(action: string, category: string): readonly Rule[] {
    return this.lists.get(`${action}\u0000${category}`) ?? [];
  }

  /** The rules of `rule`'s action that share a category with it (or, without any, have none), in rule order. */
  sharingData(rule: Rule): Rule[] {
    const found = new Set<Rule>();
    for (const c of rule.categories.length > 0 ? new Set(rule.categories) : [""]) for (const r of this.under(rule.action, c)) found.add(r);
    return [...found].sort((x, y) => this.order.get(x)! - this.order.get(y)!);
  }
}
