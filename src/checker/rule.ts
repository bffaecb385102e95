/**
 * What a checker rule sees and how it reports. Rules read the normalized model and the decision
 * table; they never see syntax. Spans come from the maps the model builder keeps.
 */
import type { DiagnosticOptions, MessageArgs } from "../diagnostics/diagnostic.js";
import type { PolicyModel } from "../model/types.js";
import type { Span } from "../syntax/ast.js";
import type { DecisionTable } from "../semantics/table.js";

export interface CheckContext {
  readonly model: PolicyModel;
  /** Built on first use and cached. */
  table(): DecisionTable;
  /** Span of a declaration's name, by `kind:id` (`purpose:marketing.direct`). */
  declSpan(kind: string, id: string): Span | undefined;
  /** Span of a rule or assertion by model id. */
  ruleSpan(id: string): Span | undefined;
  /** The policy header's name, the fallback location for policy-wide findings. */
  readonly headerSpan: Span | undefined;
  /** The earlier versions whose consent records the policy accepts (`accepts_consent_from`), compiled without errors. */
  readonly earlier: readonly { readonly shown: string; readonly span: Span; readonly model: PolicyModel }[];
  /** Regulatory profiles in force. */
  readonly profiles: ReadonlySet<"gdpr" | "ccpa">;
  report(code: string, args: MessageArgs, span: Span | undefined, options?: DiagnosticOptions): void;
}

export interface CheckerRule {
  /** The codes this rule can report (each in the catalogue). */
  readonly codes: readonly string[];
  readonly check: (ctx: CheckContext) => void;
}

/** `x` in backticks, the house style for user input in messages. */
export const q = (s: string): string => `\`${s}\``;

/** Names in backticks, the first `shown` of them: "`a`, `b`, `c` and 4 more". */
export function qList(names: readonly string[], shown = 3): string {
  return names.slice(0, shown).map(q).join(", ") + (names.length > shown ? ` and ${names.length - shown} more` : "");
}
