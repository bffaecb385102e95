/**
 * GDPR Art. 9(1)-(2): special categories need explicit consent or another Art. 9(2) condition.
 * Reads the decision table: any allow term for a sensitive category that requires neither
 * `explicit_consent` nor `required_by_law` is a finding, unless it comes from a purpose whose
 * basis is vital interests (Art. 9(2)(c)) and nothing else: beside another basis, the other
 * may be what the processing rests on; or from a purpose that states another Art. 9(2) condition
 * (`special_condition health_care`), which covers its use and its disclosures, never a sale.
 */
import { q, type CheckerRule } from "../rule.js";
import { someCell, type Term } from "../../semantics/table.js";

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
    const conditioned = new Set(ctx.model.purposes.filter((p) => p.specialCondition !== null).map((p) => p.id));
    const seen = new Set<string>();
    someCell(table, (verdict, action, category, purpose) => {
      if (action === "collect" || !sensitive.has(category) || vital.has(purpose)) return false;
      if (conditioned.has(purpose) && action !== "sell") return false;
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
        action === "sell" && conditioned.has(purpose)
          ? `${q(purpose)}'s \`special_condition\` covers its use and disclosures, not a sale: add \`when explicit_consent\` to this rule, or do not sell it`
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
    });
  },
};
