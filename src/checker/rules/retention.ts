/**
 * Storage limitation (GDPR Art. 5(1)(e), 13(2)(a)): every personal category in use has a
 * retention rule; periods respect their own maximum; nothing personal is kept indefinitely; a
 * period says what it counts from.
 */
import { q, qList, type CheckContext, type CheckerRule } from "../rule.js";
import type { Duration, Retention } from "../../model/types.js";
import { PERSONAL_CLASSIFICATIONS } from "../../syntax/ast.js";
import { countsFrom, EVENT_FROM, hasTimeLimit, isEvent } from "../../model/retention.js";

const show = (d: Duration) => `${d.amount} ${d.unit}${d.amount === 1 ? "" : "s"}`;

export const retention: CheckerRule = {
  codes: ["PC3007", "PC3008", "PC3009", "PC3029", "PC3030", "PC3032", "PC3041"],
  check(ctx) {
    const covered = new Set(ctx.model.retention.flatMap((r) => r.categories));
    const used = new Set(ctx.model.purposes.flatMap((p) => p.uses));
    for (const c of ctx.model.categories) {
      if (c.children.length > 0 || !used.has(c.id) || !PERSONAL_CLASSIFICATIONS.has(c.classification) || covered.has(c.id)) continue;
      ctx.report("PC3007", { category: q(c.id) }, ctx.declSpan("category", c.id));
    }
    const personal = new Set(ctx.model.categories.filter((c) => PERSONAL_CLASSIFICATIONS.has(c.classification)).map((c) => c.id));
    for (const r of ctx.model.retention) {
      const span = ctx.declSpan("retention", r.id);
      if (r.period === null && r.max === null && r.criteria.length === 0) ctx.report("PC3032", { retention: q(r.id) }, span);
      if (r.period && r.max && (r.period === "indefinite" || r.period.days > r.max.days + 1e-9)) {
        const period = r.period === "indefinite" ? "an indefinite period" : show(r.period);
        ctx.report("PC3008", { retention: q(r.id), period, max: show(r.max) }, span);
      }
      if (r.period === "indefinite" && r.categories.some((c) => personal.has(c))) {
        ctx.report("PC3009", { retention: q(r.id) }, span);
      }
      const timed = hasTimeLimit(r);
      const event = r.criteria.find(isEvent);
      if (timed && r.from === null && event !== undefined) {
        ctx.report("PC3029", { retention: q(r.id), criterion: q(event), from: EVENT_FROM[event]! }, ctx.declSpan("retention.event", r.id) ?? span);
      }
      if (!timed && r.from !== null) {
        ctx.report("PC3030", { retention: q(r.id), from: q(r.from) }, ctx.declSpan("retention.from", r.id) ?? span);
      }
    }
    overlaps(ctx);
  },
};

/** A time limit in words: `0 hours`, `20 years from contract_end`, `1 year at most`, `no time limit`. */
function limitWords(r: Retention): string {
  if (!hasTimeLimit(r)) return r.period === "indefinite" ? "indefinitely" : "no time limit";
  const parts = [r.period === null || r.period === "indefinite" ? null : show(r.period), r.max ? `${show(r.max)} at most` : null].filter((x) => x !== null);
  const from = countsFrom(r);
  return `${parts.join(", ")}${from && from !== "collection" ? ` from ${from}` : ""}`;
}

/**
 * PC3041: two time limits for the same data and purposes. Every retention rule of a category
 * applies (data kept for several purposes stays while one of them needs it), so the data is kept
 * until the later one ends: a shorter limit written for part of a broader rule's data (`0 hours`
 * for live video under `20 years` for health data) never takes effect. A rule with no time limit
 * at all (criteria only, indefinite) beside a timed one is the extreme case: the guards'
 * `isExpired` never says such data expired. Rules for different purposes are meant to overlap.
 */
function overlaps(ctx: CheckContext): void {
  // pairs where at least one has a time limit: two criteria-only rules say nothing to compare
  const rules = ctx.model.retention;
  const limits = new Map(rules.map((r) => [r, JSON.stringify([r.period, r.max, countsFrom(r)])]));
  const purposesMeet = (a: Retention, b: Retention) => a.purposes.length === 0 || b.purposes.length === 0 || a.purposes.some((p) => b.purposes.includes(p));
  // the pairs of rules that share a category, found through an index by category (not every pair)
  const byCategory = new Map<string, number[]>();
  rules.forEach((r, i) => {
    for (const c of new Set(r.categories)) {
      const list = byCategory.get(c);
      if (list) list.push(i);
      else byCategory.set(c, [i]);
    }
  });
  const pairs = new Set<number>();
  // a pair (i, j), i < j, is the number i * n + j
  const n = rules.length;
  for (const sharing of byCategory.values()) for (let x = 0; x < sharing.length; x++) for (let y = x + 1; y < sharing.length; y++) pairs.add(sharing[x]! * n + sharing[y]!);
  for (const pair of [...pairs].sort((x, y) => x - y)) {
    const [a, b] = [rules[Math.floor(pair / n)]!, rules[pair % n]!];
    // a rule without a time limit counts when nothing ends it either (criteria such as
    // `while_needed`, or indefinite); one that ends with an event (`until_account_deletion`) does not
    const open = (r: Retention) => !hasTimeLimit(r) && !r.criteria.some(isEvent);
    if (limits.get(a) === limits.get(b) || !purposesMeet(a, b) || !(hasTimeLimit(a) || open(a)) || !(hasTimeLimit(b) || open(b)) || (open(a) && open(b))) continue;
    const inB = new Set(b.categories);
    const both = a.categories.filter((c) => inB.has(c));
    // said at the narrower rule, the one written for part of the other's data
    const [narrow, broad] = a.categories.length <= b.categories.length ? [a, b] : [b, a];
    const other = ctx.declSpan("retention", broad.id);
    ctx.report(
      "PC3041",
      { categories: qList(both), fall: both.length === 1 ? "falls" : "fall", retention: q(narrow.id), limit: limitWords(narrow), other: q(broad.id), otherLimit: limitWords(broad) },
      ctx.declSpan("retention", narrow.id),
      { related: other ? [{ message: `${q(broad.id)} covers ${both.length === 1 ? "it" : "them"} too`, span: other }] : [] },
    );
  }
}
