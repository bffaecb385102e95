/**
 * Two `right` declarations of one type (`right access { type access }` and `right data_access {
 * type access }`): the document lists that right twice, each with its own way to exercise it, and
 * a reader cannot tell which applies (PC3043).
 */
import { q, type CheckerRule } from "../rule.js";

export const rightTypes: CheckerRule = {
  codes: ["PC3043"],
  check(ctx) {
    const first = new Map<string, string>();
    for (const r of ctx.model.rights) {
      if (r.derived || r.type === null) continue;
      const earlier = first.get(r.type);
      if (earlier === undefined) {
        first.set(r.type, r.id);
        continue;
      }
      const span = ctx.declSpan("right", earlier);
      ctx.report("PC3043", { right: q(r.id), other: q(earlier), type: q(r.type) }, ctx.declSpan("right", r.id), {
        related: span ? [{ message: `${q(earlier)} is of that type too`, span }] : [],
      });
    }
  },
};
