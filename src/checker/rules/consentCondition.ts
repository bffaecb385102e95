/**
 * A rule that tests `consent` for purposes that ask for none. `consent` is the person's choice
 * about the request's purpose: for a purpose with `consent notice` (no choice offered: a contract,
 * a legal obligation, legitimate interests) it always holds, so `when consent` lets the rule
 * decide there unconditionally, and `unless consent` keeps it from ever applying there. The
 * published policy says "with your consent" all the same, and an assertion `unless consent`
 * holds by it: the author meant consent the policy never asks for (PC3034).
 *
 * The other way round for `explicit_consent`: it holds only where a consent record's choice can
 * be explicit (an opt-in purpose, or one with an explicit-consent basis). For any other purpose
 * `when explicit_consent` never holds, and the published "with your explicit consent" is a
 * promise of a consent no one can give (PC3040).
 */
import { canBeExplicit } from "../../model/bases.js";
import type { Rule } from "../../model/types.js";
import { q, qList, type CheckerRule } from "../rule.js";
import { describeRule } from "./scope.js";

const verb = (r: Rule): string => (r.effect === "allow" ? "allows" : "denies");


export const consentCondition: CheckerRule = {
  codes: ["PC3034", "PC3040"],
  check(ctx) {
    const leaves = ctx.model.purposes.filter((p) => p.children.length === 0);
    const notice = new Set(leaves.filter((p) => p.consentMode === "notice").map((p) => p.id));
    // explicit consent holds only where a record's choice can say so
    const noExplicit = new Set(leaves.filter((p) => !canBeExplicit(p)).map((p) => p.id));
    if (notice.size === 0 && noExplicit.size === 0) return;
    const visit = (r: Rule): void => {
      // (a deny `unless explicit_consent` denies always there, which is what it promises)
      const explicit = r.conditions.find((l) => l.atom === "explicit_consent" && !(l.negated && r.effect === "deny"));
      const never = explicit ? r.purposes.filter((p) => noExplicit.has(p)) : [];
      if (explicit && never.length > 0) {
        const them = never.length > 1 ? "them" : "it";
        ctx.report(
          "PC3040",
          {
            rule: describeRule(r),
            test: explicit.negated ? "`unless explicit_consent`" : "`when explicit_consent`",
            purposes: qList(never),
            outcome: explicit.negated ? `the rule ${verb(r)} ${them} unconditionally` : `the rule never applies to ${them}`,
          },
          ctx.ruleSpan(r.id),
        );
      }
      const literal = r.conditions.find((l) => l.atom === "consent");
      const purposes = literal ? r.purposes.filter((p) => notice.has(p)) : [];
      if (literal && purposes.length > 0) {
        ctx.report(
          "PC3034",
          {
            rule: describeRule(r),
            test: literal.negated ? "`unless consent`" : "`when consent`",
            purposes: qList(purposes),
            outcome: literal.negated ? `the rule never applies to ${purposes.length > 1 ? "them" : "it"}` : `the rule ${verb(r)} ${purposes.length > 1 ? "them" : "it"} unconditionally`,
          },
          ctx.ruleSpan(r.id),
          {
            help:
              purposes.length === r.purposes.length
                ? "to wait for the person's consent, give the purpose `basis consent` and `consent opt_in`; for consent to the recipient, give it `needs_consent yes` and test `recipient_consent`; or drop the condition"
                : "limit the rule with `for` to the purposes that ask for consent, or give these `basis consent` and `consent opt_in`; for consent to the recipient, give it `needs_consent yes` and test `recipient_consent`",
          },
        );
      }
      r.exceptions.forEach(visit);
    };
    for (const r of ctx.model.rules) if (r.origin === "rule") visit(r);
  },
};
