/**
 * Contradictions in the manner of PolicyLint: a positive statement (allow) against a negative one
 * (deny) over the same action, whose data, recipients and purposes overlap, under conditions that
 * can hold together. Classified by how the allow's scope relates to the deny's: equal (PC3010),
 * narrower (PC3011), broader (PC3012) or overlapping (PC3013). An exception of the deny that
 * allows the overlap under conditions the allow already requires carves it out.
 */
import type { Rule } from "../../model/types.js";
import type { CheckerRule } from "../rule.js";
import { compatible, describeRule, isFlow, literalsSubset, relate, RulesByData, type Relation } from "./scope.js";

function carvedOut(allow: Rule, deny: Rule): boolean {
  const carve = deny.exceptions.filter((e) => e.effect === "allow" && literalsSubset(e.conditions, allow.conditions));
  if (carve.length === 0) return false;
  const cats = allow.categories.filter((c) => deny.categories.includes(c));
  const purps = allow.purposes.filter((p) => deny.purposes.includes(p));
  const recs = isFlow(allow) ? allow.recipients.filter((r) => deny.recipients.includes(r)) : [null];
  for (const c of cats)
    for (const p of purps)
      for (const r of recs)
        if (!carve.some((e) => e.categories.includes(c) && e.purposes.includes(p) && (r === null || e.recipients.includes(r))))
          return false;
  return true;
}

export const contradictions: CheckerRule = {
  codes: ["PC3010", "PC3011", "PC3012", "PC3013"],
  check(ctx) {
    const explicit = ctx.model.rules.filter((r) => r.origin === "rule");
    // Only a deny of the same action that shares data with the allow (or has none, as the allow
    // has none) can contradict it.
    const denies = new RulesByData(explicit.filter((r) => r.effect === "deny"));
    for (const allow of explicit) {
      if (allow.effect !== "allow") continue;
      for (const deny of denies.sharingData(allow)) {
        const dims: [string, Relation][] = [
          ["data", relate(allow.categories, deny.categories)],
          ["purposes", relate(allow.purposes, deny.purposes)],
        ];
        if (isFlow(allow)) dims.push(["recipients", relate(allow.recipients, deny.recipients)]);
        if (dims.some(([, r]) => r === "disjoint")) continue;
        if (!compatible(allow.conditions, deny.conditions)) continue;
        if (carvedOut(allow, deny)) continue;
        const rels = new Set(dims.map(([, r]) => r));
        const which = (r: Relation) => dims.filter(([, x]) => x === r).map(([d]) => d).join(" and ");
        const args = { allow: describeRule(allow), deny: describeRule(deny) };
        const span = ctx.ruleSpan(allow.id);
        const related = [{ message: "the deny it contradicts", span: ctx.ruleSpan(deny.id)! }];
        if (rels.size === 1 && rels.has("equal")) ctx.report("PC3010", args, span, { related });
        else if (!rels.has("overlap") && !rels.has("broader")) ctx.report("PC3011", { ...args, detail: which("narrower") }, span, { related });
        else if (!rels.has("overlap") && !rels.has("narrower")) ctx.report("PC3012", { ...args, detail: which("broader") }, span, { related });
        else ctx.report("PC3013", { ...args, detail: dims.filter(([, r]) => r !== "equal").map(([d]) => d).join(" and ") }, span, { related });
      }
    }
  },
};
