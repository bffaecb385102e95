/**
 * A region of the business's own (`EMEA`, `DACH`) holds no countries policyc knows: a rule `when
 * in EMEA` is met only by a context that names `EMEA` itself, never by one in Germany, and the
 * guards, told the finest place known, would pass over it.
 */
import { q, type CheckerRule } from "../rule.js";
import { BUSINESS_REGIONS } from "../../model/codes.js";
import type { Rule } from "../../model/types.js";

export const businessRegion: CheckerRule = {
  codes: ["PC2029"],
  check(ctx) {
    const reported = new Set<string>();
    const visit = (r: Rule): void => {
      for (const l of r.conditions) {
        const region = l.atom.startsWith("in:") ? l.atom.slice(3) : "";
        if (!BUSINESS_REGIONS.has(region) || reported.has(region)) continue;
        reported.add(region);
        ctx.report("PC2029", { region: q(region) }, ctx.ruleSpan(r.id) ?? ctx.headerSpan);
      }
      r.exceptions.forEach(visit);
    };
    ctx.model.rules.forEach(visit);
  },
};
