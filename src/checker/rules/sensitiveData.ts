/**
 * GDPR Art. 9(1)-(2): special categories need explicit consent or another Art. 9(2) condition.
 * Reads the decision table: any allow term for a sensitive category that requires neither
 * `explicit_consent` nor `required_by_law` is a finding, unless it comes from a purpose whose
 * basis is vital interests (Art. 9(2)(c)) and nothing else: beside another basis, the other
 * may be what the processing rests on; or from a purpose that states another Art. 9(2) condition
 * (`special_condition health_care`), which covers the special categories it `uses`: their use,
 * and their disclosure to those who process them with us or under a duty of their own
 * (`CONDITION_RECIPIENTS`), never a sale and never to advertisers or the public.
 */
import type { RecipientType } from "../../model/types.js";
import { q, type CheckerRule } from "../rule.js";
import { someInScope, type Term, type Verdict } from "../../semantics/table.js";
import { ACTIONS, type Action } from "../../syntax/ast.js";

/** Recipients a purpose's Art. 9(2) condition extends to: those acting for us, controllers alongside us, affiliates, authorities. */
const CONDITION_RECIPIENTS: ReadonlySet<RecipientType> = new Set<RecipientType>(["processor", "controller", "joint_controller", "affiliate", "authority"]);

export const sensitiveData: CheckerRule = {
  codes: ["PC3006"],
  check(ctx) {
    const table = ctx.table();
    const atoms = table.atoms;
    const explicit = 1 << atoms.indexOf("explicit_consent");
    const law = 1 << atoms.indexOf("required_by_law");
    const sensitive = new Set(ctx.model.categories.filter((c) => c.classification === "sensitive").map((c) => c.id));
    const vital = new Set(ctx.model.purposes.filter((p) => p.bases.length > 0 && p.bases.every((b) => b === "vital_interests")).map((p) => p.id));
    const consentBased = new Set(ctx.model.purposes.filter((p) => p.needsConsent).map((p) => p.id));
    // purpose -> the special categories its condition covers (those it uses)
    const conditioned = new Map(ctx.model.purposes.filter((p) => p.specialCondition !== null).map((p) => [p.id, new Set(p.uses)]));
    const recipientType = new Map(ctx.model.recipients.map((r) => [r.id, r.type]));
    const covered = (action: string, category: string, purpose: string, recipient: string | null): boolean => {
      if (!conditioned.get(purpose)?.has(category)) return false;
      if (action === "use") return true;
      const type = recipient === null ? null : recipientType.get(recipient);
      return action !== "sell" && type !== null && type !== undefined && CONDITION_RECIPIENTS.has(type);
    };
    const seen = new Set<string>();
    // the cells of the special categories only, in table order (a flagship's table has 12k cells,
    // a handful of them about special categories)
    const categories = table.categories.filter((c) => sensitive.has(c));
    const purposes = table.purposes.filter((p) => !vital.has(p));
    const visit = (action: Action) => (verdict: Verdict, category: string, purpose: string, recipient: string | null): boolean => {
      if (covered(action, category, purpose, recipient)) return false;
      const bad = verdict.allow.find((t: Term) => (t.pos & (explicit | law)) === 0);
      if (!bad) return false;
      const key = `${bad.rule}|${category}`;
      if (seen.has(key)) return false;
      seen.add(key);
      // A purpose's own `uses` takes its condition from the basis; a written rule from its `when`
      // (a purpose's basis never gates sharing: grammar/semantics.md).
      // `purpose:care:use@US-CA`: the basis of one jurisdiction's variant
      const variant = /@([^@]+)$/.exec(bad.rule)?.[1];
      const basis = variant
        ? `make the basis of ${q(purpose)} in ${variant} \`explicit_consent\` (\`{ ${variant} explicit_consent }\`)`
        : `make the basis of ${q(purpose)} \`explicit_consent\``;
      const help =
        conditioned.get(purpose)?.has(category) && action !== "use"
          ? `${q(purpose)}'s \`special_condition\` covers the use of ${q(category)} and its disclosure to processors, controllers, affiliates and authorities, not ${action === "sell" ? "a sale" : "this recipient"}: add \`when explicit_consent\` to this rule, or do not ${action} it`
          : conditioned.has(purpose)
            ? `${q(purpose)}'s \`special_condition\` covers only the special categories it uses: add ${q(category)} to its \`uses\`, or \`when explicit_consent\` to this rule`
          : bad.rule.startsWith("purpose:")
            ? consentBased.has(purpose)
              ? `${basis}; or, where the law gives another condition (health care, an employment law obligation, legal claims...), state it with \`special_condition\`; or take ${q(category)} out of its \`uses\` and allow it by a rule \`when explicit_consent\``
              : // a contract or a legal obligation: consent the person could withdraw is the wrong advice
                `state the Art. 9(2) condition ${q(purpose)} rests on with \`special_condition\` (\`health_care\`, \`employment\`, \`legal_claims\`, \`public_interest\`...); or, where only the person's explicit consent allows it, ${basis}`
            : `add \`when explicit_consent\` (or \`required_by_law\`) to this rule, or state the condition ${q(purpose)} rests on with \`special_condition\``;
      ctx.report(
        "PC3006",
        { category: q(category), action: action === "use" ? "used" : action === "share" ? "shared" : action === "sell" ? "sold" : "transferred", purpose: q(purpose) },
        ctx.ruleSpan(bad.rule),
        { help },
      );
      return false;
    };
    for (const action of ACTIONS) {
      if (action !== "collect") someInScope(table, { action, categories, purposes, recipients: table.recipients }, visit(action));
    }
  },
};
