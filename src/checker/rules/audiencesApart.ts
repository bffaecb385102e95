/**
 * The guards are told whether a person is a `minor`, not their age: every restriction of every
 * audience applies to every minor. Where audiences differ (children under 13 whose data is not
 * collected, teenagers under 16 who get no marketing), members of one get the other's
 * restrictions too. Safe, but more than the published policy says, so it is worth knowing.
 */
import { q, type CheckerRule } from "../rule.js";
import type { Audience, PolicyModel } from "../../model/types.js";

/** What an audience keeps from its members' data: `collect no`, `marketing no`, the purposes that exclude it. */
function restrictions(model: PolicyModel, a: Audience): string[] {
  const out: string[] = [];
  if (!a.collect) out.push("`collect no`");
  if (!a.marketing) out.push("`marketing no`");
  for (const p of model.purposes) if (p.children.length === 0 && p.excludes.includes(a.id)) out.push(`its exclusion from ${q(p.id)}`);
  return out;
}

/** Whether everyone in `inner` is in `outer` by age: then `outer`'s restrictions are theirs anyway. */
const within = (inner: Audience, outer: Audience): boolean =>
  outer.ageUnder === null || (inner.ageUnder !== null && inner.ageUnder <= outer.ageUnder);

export const audiencesApart: CheckerRule = {
  codes: ["PC3023"],
  check(ctx) {
    const { audiences } = ctx.model;
    if (audiences.length < 2) return;
    const own = new Map(audiences.map((a) => [a.id, restrictions(ctx.model, a)]));
    for (const a of audiences) {
      const mine = own.get(a.id)!;
      if (mine.length === 0) continue;
      for (const b of audiences) {
        if (b === a || within(b, a)) continue;
        const extra = mine.filter((r) => !own.get(b.id)!.includes(r));
        if (extra.length === 0) continue;
        ctx.report("PC3023", { audience: q(a.id), restrictions: extra.join(" and "), other: q(b.id) }, ctx.declSpan("audience", a.id), {
          related: [{ message: "the other audience", span: ctx.declSpan("audience", b.id)! }],
        });
        break; // once per audience: the first other one shows it
      }
    }
  },
};
