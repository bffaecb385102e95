/**
 * What the consent checks (PC3023, PC3024) ask the decision table: which rules pass personal data
 * on (share, sell, transfer) where none of a list of facts holds. The question is an `assert
 * never` over the three flow actions, asked for every rule that breaks it, not only the first.
 */
import type { Action, Assertion, Literal, PolicyModel, SourceRef } from "../model/types.js";
import { neverViolations, type Counterexample } from "../semantics/assertions.js";
import { FLOW_ACTIONS } from "../semantics/evaluate.js";
import type { DecisionTable } from "../semantics/table.js";
import { ACTIONS, PERSONAL_CLASSIFICATIONS } from "../syntax/ast.js";

/** The leaf categories about a person (classed personal, sensitive or pseudonymous). */
/** The ids of the leaves among `decls` (categories, purposes or recipients without children). */
export function leafIds(decls: readonly { readonly id: string; readonly children: readonly string[] }[]): string[] {
  return decls.filter((d) => d.children.length === 0).map((d) => d.id);
}

export function personalLeaves(model: PolicyModel): string[] {
  return model.categories.filter((c) => c.children.length === 0 && PERSONAL_CLASSIFICATIONS.has(c.classification)).map((c) => c.id);
}

export interface FlowScope {
  readonly categories: readonly string[];
  readonly recipients: readonly string[];
  readonly purposes: readonly string[];
  /** Atoms any of which makes the flow fine (`consent`, a law, ...). */
  readonly unless: readonly string[];
  /** Literals that also hold where the question is asked (`in:EU` for a variant's jurisdiction). */
  readonly where?: readonly Literal[];
  /** Where the declaration that asks is written. */
  readonly sourceRef: SourceRef;
  /** The flow actions asked about: share, sell and transfer when absent. */
  readonly actions?: readonly Action[];
}

/**
 * Under the CCPA, who receives personal information as a "sale" or "sharing" and for what: every
 * recipient but processors and authorities, for the purposes that market (`marketing yes`).
 */
export function ccpaAudience(model: PolicyModel): { readonly thirdParties: readonly string[]; readonly advertising: readonly string[] } {
  return {
    thirdParties: model.recipients.filter((r) => r.children.length === 0 && r.type !== "processor" && r.type !== "authority").map((r) => r.id),
    advertising: model.purposes.filter((p) => p.children.length === 0 && p.marketing).map((p) => p.id),
  };
}

/** One counterexample for each rule that passes data on in `scope` though none of `unless` holds. */
export function flowsWithout(table: DecisionTable, scope: FlowScope): Counterexample[] {
  const found = new Map<string, Counterexample>();
  for (const action of scope.actions ?? ACTIONS) {
    if (!FLOW_ACTIONS.has(action)) continue;
    const claim: Assertion = {
      id: `flows:${action}`,
      mode: "never",
      action,
      categories: scope.categories,
      recipients: scope.recipients,
      purposes: scope.purposes,
      conditions: [...scope.unless.map((atom) => ({ atom: atom as Literal["atom"], negated: true })), ...(scope.where ?? [])],
      text: "",
      prose: null,
      sourceRef: scope.sourceRef,
    };
    for (const cx of neverViolations(table, claim)) if (!found.has(cx.rules[0]!)) found.set(cx.rules[0]!, cx);
  }
  return [...found.values()];
}
