/**
 * Flattens the model's rules (trees of exceptions under deny-overrides, grammar/semantics.md)
 * into flat rules that every engine can express: an effect, an action, the categories,
 * purposes and recipients it covers, and a conjunction of condition literals. Combined by
 * deny-overrides (allowed iff some flat allow matches and no flat deny does), they decide
 * exactly as the reference evaluator: the benchmark checks this on every query of the sample
 * before timing anything.
 *
 * Written independently of src/semantics/table.ts: a top-level rule's scope is cut into blocks
 * in which every node of its exception tree is either wholly in or wholly out of scope, and in
 * each block the rule's outcome is computed as DNF formulas over the atoms.
 */
import type { Action, Literal, PolicyModel, Rule } from "../../src/model/types.js";
import { FLOW_ACTIONS } from "../../src/semantics/evaluate.js";
import { allNodes } from "../sample.js";

export interface FlatRule {
  /** The top-level rule it comes from, for messages. */
  readonly source: string;
  readonly effect: "allow" | "deny";
  readonly action: Action;
  readonly categories: readonly string[];
  readonly purposes: readonly string[];
  /** Empty for collect and use. */
  readonly recipients: readonly string[];
  /** Atoms that must hold (`consent`, `in:EU`...). */
  readonly pos: readonly string[];
  /** Atoms that must not hold. */
  readonly neg: readonly string[];
}


/** A conjunction over atom bits; a DNF is an array of them (empty: false). */
interface Conj {
  readonly pos: number;
  readonly neg: number;
}

function subsumes(a: Conj, b: Conj): boolean {
  // a is weaker (fewer literals) and every literal of a is in b: a ∨ b = a
  return (a.pos & b.pos) === a.pos && (a.neg & b.neg) === a.neg;
}

function norm(d: Conj[]): Conj[] {
  const out: Conj[] = [];
  for (const c of d) {
    if ((c.pos & c.neg) !== 0) continue;
    if (out.some((o) => subsumes(o, c))) continue;
    for (let i = out.length - 1; i >= 0; i--) if (subsumes(c, out[i]!)) out.splice(i, 1);
    out.push(c);
  }
  return out;
}
const or = (a: Conj[], b: Conj[]): Conj[] => norm([...a, ...b]);
function and(a: Conj[], b: Conj[]): Conj[] {
  const out: Conj[] = [];
  for (const x of a) for (const y of b) out.push({ pos: x.pos | y.pos, neg: x.neg | y.neg });
  return norm(out);
}
function not(d: Conj[]): Conj[] {
  let acc: Conj[] = [{ pos: 0, neg: 0 }];
  for (const c of d) {
    const lits: Conj[] = [];
    for (let b = 0; b < 31; b++) {
      const bit = 1 << b;
      if (c.pos & bit) lits.push({ pos: 0, neg: bit });
      if (c.neg & bit) lits.push({ pos: bit, neg: 0 });
    }
    acc = and(acc, lits);
  }
  return acc;
}

/** Splits `values` into classes of values that belong to exactly the same nodes. */
function classes(values: readonly string[], lists: readonly (readonly string[])[]): string[][] {
  const sets = lists.map((l) => new Set(l));
  const bySig = new Map<string, string[]>();
  for (const v of values) {
    const sig = sets.map((s) => (s.has(v) ? "1" : "0")).join("");
    const c = bySig.get(sig);
    if (c) c.push(v);
    else bySig.set(sig, [v]);
  }
  return [...bySig.values()];
}

export function flatten(model: PolicyModel): FlatRule[] {
  const atoms: string[] = [];
  const bitOf = (atom: string): number => {
    let i = atoms.indexOf(atom);
    if (i < 0) {
      atoms.push(atom);
      i = atoms.length - 1;
    }
    if (i > 30) throw new Error("too many atoms");
    return 1 << i;
  };
  const conj = (ls: readonly Literal[]): Conj[] => {
    let pos = 0;
    let neg = 0;
    for (const l of ls) {
      if (l.negated) neg |= bitOf(l.atom);
      else pos |= bitOf(l.atom);
    }
    return norm([{ pos, neg }]);
  };
  const names = (mask: number): string[] => atoms.filter((_, i) => (mask & (1 << i)) !== 0);

  const out: FlatRule[] = [];
  for (const top of model.rules) {
    const all = allNodes([top]);
    const flow = FLOW_ACTIONS.has(top.action);
    const catClasses = classes(top.categories, all.map((n) => n.categories));
    const purClasses = classes(top.purposes, all.map((n) => n.purposes));
    const recClasses = flow ? classes(top.recipients, all.map((n) => n.recipients)) : [[]];
    for (const cats of catClasses) {
      for (const purs of purClasses) {
        for (const recs of recClasses) {
          // one representative decides membership for the whole block
          const c = cats[0]!;
          const p = purs[0]!;
          const rc = recs[0];
          const inScope = (n: Rule) =>
            n.action === top.action && n.categories.includes(c) && n.purposes.includes(p) && (!flow || (rc !== undefined && n.recipients.includes(rc)));
          const outcome = (n: Rule): { allow: Conj[]; deny: Conj[]; applies: Conj[] } => {
            let allow: Conj[] = [];
            let deny: Conj[] = [];
            let earlier: Conj[] = [];
            for (const e of n.exceptions) {
              if (!inScope(e)) continue;
              const f = outcome(e);
              const notEarlier = not(earlier);
              allow = or(allow, and(notEarlier, f.allow));
              deny = or(deny, and(notEarlier, f.deny));
              earlier = or(earlier, f.applies);
            }
            // nothing of a rule, its exceptions included, applies outside its own conditions
            const own = conj(n.conditions);
            allow = and(own, allow);
            deny = and(own, deny);
            const mine = and(own, not(earlier));
            if (n.effect === "allow") allow = or(allow, mine);
            else deny = or(deny, mine);
            return { allow, deny, applies: own };
          };
          if (!inScope(top)) continue;
          const f = outcome(top);
          for (const [effect, dnf] of [["deny", f.deny], ["allow", f.allow]] as const) {
            for (const t of dnf) {
              out.push({ source: top.id, effect, action: top.action, categories: cats, purposes: purs, recipients: recs, pos: names(t.pos), neg: names(t.neg) });
            }
          }
        }
      }
    }
  }
  return out;
}

type FlatRequest = { action: string; category: string; purpose: string; recipient: string | null };

/** Whether flat rule `r` applies to the request under `facts` (its effect aside). */
export function flatRuleApplies(r: FlatRule, req: FlatRequest, facts: ReadonlySet<string>): boolean {
  if (r.action !== req.action || !r.categories.includes(req.category) || !r.purposes.includes(req.purpose)) return false;
  if (FLOW_ACTIONS.has(r.action) && (req.recipient === null || !r.recipients.includes(req.recipient))) return false;
  return r.pos.every((a) => facts.has(a)) && !r.neg.some((a) => facts.has(a));
}

/** Deny-overrides over flat rules: the semantics every engine encodes (a self-check). */
export function decideFlat(rules: readonly FlatRule[], req: FlatRequest, facts: ReadonlySet<string>): boolean {
  let allowed = false;
  for (const r of rules) {
    if (!flatRuleApplies(r, req, facts)) continue;
    if (r.effect === "deny") return false;
    allowed = true;
  }
  return allowed;
}
