/**
 * The reference evaluator: the decision semantics of grammar/semantics.md, implemented once,
 * directly and without precomputation, over the normalized model. The decision table
 * (table.ts) and the generated guards are tested against it.
 *
 * A request names an action, a leaf category, a leaf purpose and (for share, sell and transfer)
 * a leaf recipient; `facts` is the set of condition atoms that hold for it (`consent` means the
 * person has consented to the request's purpose, `in:EU` that the person is in the EU...).
 *
 *  1. Default deny.
 *  2. A rule *applies* when the request is in its scope (action, categories, purposes,
 *     recipients) and all of its conditions hold. Then the first of its exceptions that applies
 *     decides (its own effect, recursively), or, when none does, the rule's own effect: an
 *     exception carves a part out of its rule, and never reaches past the rule's conditions.
 *  3. Deny overrides: if any applying rule's effective outcome is deny, the request is denied;
 *     otherwise, if any is allow, it is allowed.
 */
import type { Action, Literal, PolicyModel, Rule } from "../model/types.js";
import { ACTIONS, FLOW_ACTIONS } from "../syntax/ast.js";

export interface Request {
  readonly action: Action;
  readonly category: string;
  readonly purpose: string;
  /** Required for share, sell and transfer; null otherwise. */
  readonly recipient: string | null;
}

export type Facts = ReadonlySet<string>;

export interface Step {
  readonly rule: Rule;
  readonly effect: "allow" | "deny";
  /** The chain from the top-level rule to the exception that decided, outermost first. */
  readonly chain: readonly Rule[];
}

export interface Decision {
  readonly allowed: boolean;
  /** The rule that decided, or null for the default deny. */
  readonly decidedBy: Step | null;
  /** Every applying rule's outcome, in model order. */
  readonly applied: readonly Step[];
}

export { FLOW_ACTIONS };

export function literalHolds(l: Literal, facts: Facts): boolean {
  return facts.has(l.atom) !== l.negated;
}

export function inScope(rule: Rule, req: Request): boolean {
  if (rule.action !== req.action) return false;
  if (!rule.categories.includes(req.category)) return false;
  if (!rule.purposes.includes(req.purpose)) return false;
  if (FLOW_ACTIONS.has(req.action)) {
    if (req.recipient === null || !rule.recipients.includes(req.recipient)) return false;
  }
  return true;
}

/** The effective outcome of one rule for a request, or null when it does not apply. */
export function applyRule(rule: Rule, req: Request, facts: Facts, chain: readonly Rule[] = []): Step | null {
  if (!inScope(rule, req) || !rule.conditions.every((l) => literalHolds(l, facts))) return null;
  const here = [...chain, rule];
  for (const e of rule.exceptions) {
    const step = applyRule(e, req, facts, here);
    if (step) return step;
  }
  return { rule, effect: rule.effect, chain: here };
}

export function evaluate(model: PolicyModel, req: Request, facts: Facts): Decision {
  const applied: Step[] = [];
  for (const rule of model.rules) {
    const step = applyRule(rule, req, facts);
    if (step) applied.push(step);
  }
  const deny = applied.find((s) => s.effect === "deny");
  if (deny) return { allowed: false, decidedBy: deny, applied };
  const allow = applied.find((s) => s.effect === "allow");
  return { allowed: allow !== undefined, decidedBy: allow ?? null, applied };
}

/** The ids of the declarations without children, in model order: the axes of the decision domain. */
export function leafIds(xs: readonly { readonly id: string; readonly children: readonly string[] }[]): string[] {
  return xs.filter((x) => x.children.length === 0).map((x) => x.id);
}

/** Every request of the model's domain, in a fixed order. */
export function* allRequests(model: PolicyModel): Generator<Request> {
  const cats = leafIds(model.categories);
  const purps = leafIds(model.purposes);
  const recs = leafIds(model.recipients);
  // the order of ACTIONS is the layout of the decision table
  for (const action of ACTIONS) {
    for (const category of cats) {
      for (const purpose of purps) {
        if (FLOW_ACTIONS.has(action)) {
          for (const recipient of recs) yield { action, category, purpose, recipient };
        } else {
          yield { action, category, purpose, recipient: null };
        }
      }
    }
  }
}
