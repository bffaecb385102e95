/** OPP-115 "policy change": people learn how changes are announced. */
import type { CheckerRule } from "../rule.js";

export const policyChanges: CheckerRule = {
  codes: ["PC4011"],
  check(ctx) {
    if (ctx.profiles.size === 0) return;
    if (ctx.model.changes.length === 0) ctx.report("PC4011", {}, ctx.headerSpan);
  },
};
