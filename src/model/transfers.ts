/** What a policy says about transfers of data to other countries (GDPR Art. 13(1)(f)). */
import type { PolicyModel, Rule } from "./types.js";

/**
 * Whether the policy says anything about transfers abroad: a recipient's `transfers`, a rule or
 * exception that allows or denies a `transfer`, or an assertion about one. Silence is what the
 * GDPR notice check reports (PC4012) and the published policy says it is silent about.
 */
export function statesTransfers(model: PolicyModel): boolean {
  if (model.recipients.some((r) => r.transfers.length > 0)) return true;
  const transfers = (r: Rule): boolean => r.action === "transfer" || r.exceptions.some(transfers);
  return model.rules.some((r) => r.origin === "rule" && transfers(r)) || model.assertions.some((a) => a.action === "transfer");
}
