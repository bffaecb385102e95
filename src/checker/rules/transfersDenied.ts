/**
 * A recipient said to transfer data abroad (`transfers`), which the published policy tells
 * people with its safeguards, receives it by `share` rules alone: no rule allows `transfer` of
 * that data to it, so a service that asks `mayTransfer` before sending data there is denied what
 * the policy publishes (PC3042).
 */
import { canBeExplicit } from "../../model/bases.js";
import { lookupVerdict, someInScope, type Term } from "../../semantics/table.js";
import { q, type CheckerRule } from "../rule.js";

export const transfersDenied: CheckerRule = {
  codes: ["PC3042"],
  check(ctx) {
    const abroad = ctx.model.recipients.filter((r) => r.transfers.length > 0);
    if (abroad.length === 0) return;
    const table = ctx.table();
    // a share only explicit consent allows, for a purpose no record can hold it for, never happens (PC3040)
    const explicit = table.atoms.indexOf("explicit_consent");
    const noExplicit = new Set(ctx.model.purposes.filter((p) => !canBeExplicit(p)).map((p) => p.id));
    const possible = (t: Term, purpose: string) => explicit < 0 || (t.pos & (1 << explicit)) === 0 || !noExplicit.has(purpose);
    for (const r of abroad) {
      // the first request shared with it that no transfer rule allows
      let example: string | undefined;
      someInScope(table, { action: "share", categories: table.categories, purposes: table.purposes, recipients: r.leaves }, (verdict, category, purpose, recipient) => {
        if (recipient === null || verdict.outcome === "deny" || !verdict.allow.some((t) => possible(t, purpose))) return false;
        const transfer = lookupVerdict(table, { action: "transfer", category, purpose, recipient });
        if (transfer && transfer.outcome !== "deny") return false;
        example = `${q(category)} for ${q(purpose)}${r.leaves.length > 1 ? ` to ${q(recipient)}` : ""}`;
        return true;
      });
      if (example === undefined) continue;
      ctx.report(
        "PC3042",
        { recipient: q(r.id), places: r.transfers.map((t) => `“${t.text}”`).join(", "), example },
        ctx.declSpan("recipient", r.id),
      );
    }
  },
};
