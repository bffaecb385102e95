/**
 * Contradictions in the manner of PolicyLint: a positive statement (allow) against a negative one
 * (deny) over the same action, whose data, recipients and purposes overlap, under conditions that
 * can hold together. Classified by how the allow's scope relates to the deny's: equal (PC3010),
 * narrower (PC3011), broader (PC3012) or overlapping (PC3013). An exception of the deny that
 * allows the overlap under conditions the allow or the deny already requires carves it out. An allow that a
 * deny overrides everywhere is PC3014's ("never takes effect"), which says more: not these.
 */
import type { Rule } from "../../model/types.js";
import type { CheckerRule } from "../rule.js";
import { overridingDeny } from "../../semantics/table.js";
import { compatible, describeRule, isFlow, literalsSubset, relate, RulesByData, type Relation } from "./scope.js";

function carvedOut(allow: Rule, deny: Rule): boolean {
  // an exception applies only where its deny's conditions hold: it carves the overlap out when
  // its own conditions are the allow's or the deny's
  const carve = deny.exceptions.filter((e) => e.effect === "allow" && literalsSubset(e.conditions, [...allow.conditions, ...deny.conditions]));
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

/** One request both rules cover: `health.heart_rate` with `insurers` for `services.health`. */
function overlapExample(allow: Rule, deny: Rule): string {
  const first = (mine: readonly string[], theirs: readonly string[]) => {
    const set = new Set(theirs);
    return mine.find((x) => set.has(x));
  };
  const category = first(allow.categories, deny.categories);
  const purpose = first(allow.purposes, deny.purposes);
  const recipient = isFlow(allow) ? first(allow.recipients, deny.recipients) : undefined;
  const parts = [`\`${category ?? "?"}\``];
  if (recipient !== undefined) parts.push(`${allow.action === "share" ? "with" : "to"} \`${recipient}\``);
  parts.push(`for \`${purpose ?? "?"}\``);
  return `such as ${allow.action} ${parts.join(" ")}`;
}

/** At most this many contradicted denies are listed as related locations of one finding. */
const MAX_RELATED = 5;

export const contradictions: CheckerRule = {
  codes: ["PC3010", "PC3011", "PC3012", "PC3013"],
  check(ctx) {
    const explicit = ctx.model.rules.filter((r) => r.origin === "rule");
    // Only a deny of the same action that shares data with the allow (or has none, as the allow
    // has none) can contradict it.
    const denies = new RulesByData(explicit.filter((r) => r.effect === "deny"));
    const table = ctx.table();
    for (const allow of explicit) {
      if (allow.effect !== "allow" || overridingDeny(table, allow) !== null) continue;
      // One finding per allow and kind: the first deny it contradicts that way, and how many more
      // (a policy that repeats a statement would otherwise get one finding per pair).
      const found = new Map<string, { deny: Rule; detail?: string; more: Rule[] }>();
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
        const [code, detail] =
          rels.size === 1 && rels.has("equal")
            ? ["PC3010", undefined]
            : !rels.has("overlap") && !rels.has("broader")
              ? ["PC3011", which("narrower")]
              : !rels.has("overlap") && !rels.has("narrower")
                ? ["PC3012", which("broader")]
                : ["PC3013", dims.filter(([, r]) => r !== "equal").map(([d]) => d).join(" and ")];
        const seen = found.get(code);
        if (seen) seen.more.push(deny);
        else found.set(code, { deny, ...(detail !== undefined ? { detail } : {}), more: [] });
      }
      for (const [code, { deny, detail, more }] of found) {
        const others = more.length === 0 ? "" : ` (and ${more.length} more deny rule${more.length === 1 ? "" : "s"})`;
        const args = {
          allow: describeRule(allow),
          deny: describeRule(deny) + others,
          ...(detail !== undefined ? { detail } : {}),
          ...(code === "PC3013" ? { example: overlapExample(allow, deny) } : {}),
        };
        const related = [deny, ...more.slice(0, MAX_RELATED - 1)].map((d) => ({ message: "the deny it contradicts", span: ctx.ruleSpan(d.id)! }));
        ctx.report(code as "PC3010", args, ctx.ruleSpan(allow.id), { related });
      }
    }
  },
};
