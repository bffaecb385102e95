/**
 * PC3026, PC3027: `accepts_consent_from` keeps the consent records of an earlier version valid,
 * so that a change to the policy does not send everyone through the consent banner again. That
 * is sound only when this version allows no more under such a record than the earlier one did;
 * the compiler proves it here instead of trusting the author.
 *
 * The proof runs over the finite domain of the decision tables. For every request of this
 * version, every context (the places, ages and flags the two versions tell apart) and every
 * combination of consents a record of the earlier version can hold, this version may allow the
 * request only if the earlier version allowed it under the same record, or if it would allow it
 * anyway: under a stale record (whatever the consents: a consent record then changes nothing), or
 * for a person with no record at all (an opt-out purpose nobody has objected to yet).
 *
 * The consents mean the same in both versions only when each choice is asked the same way: a
 * purpose in both has the same consent mode, explicit consent, objections (interest-based
 * advertising, channels), and a recipient in both is covered by the same choices (PC3027). A
 * record of the earlier version holds no choice that only this version offers (the guards and the
 * consent schema refuse one that does), so a purpose that only this version has is, under such a
 * record, not consented to (opt-in), or consented to unless objected to (opt-out).
 */
import type { PolicyModel } from "../../model/types.js";
import { ageFacts, agesTested, AGE_OF_MAJORITY, MAX_AGE } from "../../model/ages.js";
import { placesWithin, regionsOf } from "../../model/rights.js";
import { planConsent, FLAG_ATOMS, type ConsentPlan, type PurposePlan } from "../../emit/guards/plan.js";
import { decisionTableOf, isAllowed, lookupVerdict, someCell, type DecisionTable, type Verdict } from "../../semantics/table.js";
import { FLOW_ACTIONS } from "../../semantics/evaluate.js";
import type { Action, Span } from "../../syntax/ast.js";
import { q, type CheckContext, type CheckerRule } from "../rule.js";
import { CATALOGUE } from "../../diagnostics/catalogue.js";

/** A context of the guards, reduced to what the two tables can tell apart. */
interface Context {
  readonly jurisdiction: string | null;
  readonly age: number | null;
  readonly flags: readonly string[];
  /** Its facts as a mask over each table's atoms. */
  readonly now: number;
  readonly then: number;
}

/** The bits of the consent atoms in a table (0 for one it never tests). */
interface ConsentBits {
  readonly consent: number;
  readonly explicit: number;
  readonly recipient: number;
}

interface TableBits {
  readonly mask: (facts: Iterable<string>) => number;
  readonly consent: ConsentBits;
}

function bitsOf(table: DecisionTable): TableBits {
  const index = new Map(table.atoms.map((a, i) => [a, 1 << i]));
  const mask = (facts: Iterable<string>) => {
    let m = 0;
    for (const f of facts) m |= index.get(f) ?? 0;
    return m;
  };
  return { mask, consent: { consent: index.get("consent") ?? 0, explicit: index.get("explicit_consent") ?? 0, recipient: index.get("recipient_consent") ?? 0 } };
}

/**
 * Contexts that reach every combination of place, age and flag atoms either table tests: each
 * place the tables name, the places within them and one outside all; each age just under and at
 * every limit either tests, and none; every combination of the flags. Deduplicated by the pair of
 * masks they make.
 */
function contexts(now: PolicyModel, then: PolicyModel, nowTable: DecisionTable, thenTable: DecisionTable, a: TableBits, b: TableBits): Context[] {
  const named = [...nowTable.atoms, ...thenTable.atoms].filter((a) => a.startsWith("in:")).map((a) => a.slice(3));
  const places = new Set<string | null>([null, "ZZ", ...placesWithin(named).keys()]);
  for (const p of named) if (!p.includes("-")) places.add(`${p}-ZZ`);
  const limits = [...new Set([...agesTested(now.rules, now.assertions), ...agesTested(then.rules, then.assertions), AGE_OF_MAJORITY])];
  const ages = new Set<number | null>([null, 0, MAX_AGE]);
  for (const n of limits) for (const a of [n - 1, n]) if (a >= 0 && a <= MAX_AGE) ages.add(a);
  const out = new Map<string, Context>();
  for (const jurisdiction of places) {
    const where = jurisdiction === null ? [] : regionsOf(jurisdiction).map((r) => `in:${r}`);
    for (const age of ages) {
      for (let f = 0; f < 1 << FLAG_ATOMS.length; f++) {
        const flags = FLAG_ATOMS.filter((_, i) => (f & (1 << i)) !== 0);
        // as the guards read a context (ageFacts): an age under 18 makes a minor; without an age, a minor is under every limit
        const facts = [...where, ...flags, ...ageFacts(age ?? undefined, flags.includes("minor"), limits)];
        const ctx: Context = { jurisdiction, age, flags, now: a.mask(facts), then: b.mask(facts) };
        const key = `${ctx.now}:${ctx.then}`;
        if (!out.has(key)) out.set(key, ctx);
      }
    }
  }
  return [...out.values()];
}

/** How a purpose's consent is asked: equal in both versions, or its records mean something else. */
function asked(plan: ConsentPlan, p: PurposePlan): string {
  const choice = p.choice >= 0 ? plan.choices[p.choice]! : undefined;
  return JSON.stringify([p.mode, choice !== undefined, choice?.explicit ?? false, p.iba, p.channels.map((i) => plan.channels[i]!.name).sort()]);
}

function describeAsked(plan: ConsentPlan, p: PurposePlan): string {
  const choice = p.choice >= 0 ? plan.choices[p.choice]! : undefined;
  const parts = [p.mode === "notice" ? "no consent" : `consent ${p.mode.replace("_", "-")}`];
  if (p.mode !== "notice" && !choice) parts.push("no choice in the record");
  if (choice?.explicit) parts.push("explicit consent possible");
  if (p.iba) parts.push("objection by the interest-based advertising opt-out");
  const channels = p.channels.map((i) => plan.channels[i]!.name).sort();
  if (channels.length > 0) parts.push(`objection by opting out of ${channels.join(", ")}`);
  return parts.join("; ");
}

/** One combination of the consent atoms a record can make hold for one request. */
interface Consents {
  readonly consent: boolean;
  readonly explicit: boolean;
  readonly recipient: boolean;
}

function bits(c: Consents, b: ConsentBits): number {
  return (c.consent ? b.consent : 0) | (c.explicit ? b.explicit : 0) | (c.recipient ? b.recipient : 0);
}

/** Every combination of the values given; `reachable`: only those a record can make hold (explicit consent is consent). */
function combinations(consent: readonly boolean[], explicit: readonly boolean[], recipient: readonly boolean[], reachable: boolean): Consents[] {
  const out: Consents[] = [];
  for (const c of consent) for (const e of explicit) for (const r of recipient) if (!reachable || !e || c) out.push({ consent: c, explicit: e, recipient: r });
  return out;
}

interface Widening {
  readonly action: Action;
  readonly category: string;
  readonly purpose: string;
  readonly recipient: string | null;
  readonly ctx: Context;
  readonly consents: Consents;
  /** The earlier version offered no choice for the purpose: its records have no entry for it. */
  readonly unasked: boolean;
}

function describe(w: Widening): string {
  const request = `${q(w.action)} ${q(w.category)} for ${q(w.purpose)}${w.recipient !== null ? ` with ${q(w.recipient)}` : ""}`;
  const record: string[] = [];
  if (w.unasked) record.push(w.consents.consent ? `no entry for ${q(w.purpose)} (an opt-out purpose it never offered, so consented to)` : `no entry for ${q(w.purpose)}`);
  else record.push(w.consents.consent ? `consent to ${q(w.purpose)}` : `no consent to ${q(w.purpose)}`);
  if (w.consents.explicit) record.push("given explicitly");
  if (w.recipient !== null && w.consents.recipient) record.push(`consent to sharing with ${q(w.recipient)}`);
  const where: string[] = [];
  where.push(w.ctx.jurisdiction === null ? "no place given" : `in ${q(w.ctx.jurisdiction)}`);
  if (w.ctx.age !== null) where.push(`aged ${w.ctx.age}`);
  for (const f of w.ctx.flags) where.push(f === "minor" ? "a minor" : f.replace(/_/g, " "));
  return `${request}, for a record with ${record.join(", ")} (${where.join(", ")})`;
}

/** How many widened requests besides the first PC3026's help names. */
const MORE_EXAMPLES = 3;

/** The first request this version allows under a record of `then` that `then` did not allow, and how many there are. */
function widenings(now: PolicyModel, then: PolicyModel): { first: Widening; count: number; others: Widening[] } | undefined {
  const nowTable = decisionTableOf(now);
  const thenTable = decisionTableOf(then);
  const nowPlan = planConsent(now);
  const thenPlan = planConsent(then);
  const nowBits = bitsOf(nowTable);
  const thenBits = bitsOf(thenTable);
  const ctxs = contexts(now, then, nowTable, thenTable, nowBits, thenBits);
  const a = nowBits.consent;
  const b = thenBits.consent;
  const thenPurposes = new Set(thenPlan.purposes.map((p) => p.id));
  const thenRecipientChoices = new Set(thenPlan.recipientChoices.map((r) => r.id));
  const purposeOf = new Map(nowPlan.purposes.map((p) => [p.id, p]));
  const recipientIndex = new Map(nowPlan.recipients.map((r, i) => [r, i]));

  // what a record of `then` can make hold, per purpose and recipient of this version
  const consentValues = (p: PurposePlan): { consent: boolean[]; explicit: boolean[] } => {
    const known = thenPurposes.has(p.id) && p.choice >= 0;
    // an entry granted with `explicit: true`, also on a notice purpose that offers an explicit choice
    const explicit = known && nowPlan.choices[p.choice]!.explicit ? [false, true] : [false];
    if (p.mode === "notice") return { consent: [true], explicit };
    // no entry: an opt-in purpose is not consented to, an opt-out one is unless objected to
    if (!known) return { consent: p.mode === "opt_in" ? [false] : [false, true], explicit: [false] };
    return { consent: [false, true], explicit };
  };
  const recipientValues = (r: string): boolean[] =>
    nowPlan.recipientCover[recipientIndex.get(r)!]!.some((c) => thenRecipientChoices.has(nowPlan.recipientChoices[c]!.id)) ? [false, true] : [false];

  // Verdicts are shared between cells: one answer per (verdict, earlier verdict, consents reachable)
  const memo = new Map<Verdict, Map<Verdict | undefined, Map<string, { ctx: Context; consents: Consents } | null>>>();
  let first: Widening | undefined;
  let count = 0;
  /** A few more: what the help names, so that the change behind them shows. */
  const others: Widening[] = [];
  someCell(nowTable, (verdict, action, category, purpose, recipient) => {
    if (verdict.allow.length === 0) return false;
    const p = purposeOf.get(purpose)!;
    const cv = consentValues(p);
    const flow = FLOW_ACTIONS.has(action);
    const rv = flow && recipient !== null ? recipientValues(recipient) : [false];
    const earlier = lookupVerdict(thenTable, { action, category, purpose, recipient });
    // everything the answer depends on besides the two verdicts: the values a record can give, the
    // purpose's mode (a stale record, and a person with no record, are read by it) and the action's kind
    const key = `${cv.consent.join()}|${cv.explicit.join()}|${rv.join()}|${p.mode}|${flow}`;
    let byEarlier = memo.get(verdict);
    if (!byEarlier) memo.set(verdict, (byEarlier = new Map()));
    let byKey = byEarlier.get(earlier);
    if (!byKey) byEarlier.set(earlier, (byKey = new Map()));
    let found = byKey.get(key);
    if (found === undefined) {
      found = null;
      const reachable = combinations(cv.consent, cv.explicit, rv, true);
      // a stale record, as the guards answer it: consent (but for a notice purpose), explicit and recipient consent may each be either
      const stale = combinations(p.mode === "notice" ? [true] : [false, true], [false, true], flow ? [false, true] : [false], false);
      // no record at all: notice and opt-out purposes hold, nothing else does
      const none = bits({ consent: p.mode !== "opt_in", explicit: false, recipient: false }, a);
      search: for (const ctx of ctxs) {
        for (const c of reachable) {
          if (!isAllowed(verdict, ctx.now | bits(c, a))) continue;
          if (earlier !== undefined && isAllowed(earlier, ctx.then | bits(c, b))) continue;
          if (stale.every((s) => isAllowed(verdict, ctx.now | bits(s, a)))) continue;
          if (isAllowed(verdict, ctx.now | none)) continue; // the record adds nothing to having none
          found = { ctx, consents: c };
          break search;
        }
      }
      byKey.set(key, found);
    }
    if (found) {
      count++;
      const w: Widening = { action, category, purpose, recipient, ...found, unasked: !(thenPurposes.has(purpose) && p.choice >= 0) && p.mode !== "notice" };
      if (first === undefined) first = w;
      else if (others.length < MORE_EXAMPLES) others.push(w);
    }
    return false;
  });
  return first ? { first, count, others } : undefined;
}

/** Leaf categories as few names as say them: a category whose leaves are all there, rather than its leaves. */
function grouped(model: PolicyModel, leafIds: readonly string[]): string[] {
  const set = new Set(leafIds);
  const out: string[] = [];
  const covered = new Set<string>();
  for (const c of model.categories) {
    if (c.leaves.length === 0 || c.leaves.some((l) => !set.has(l) || covered.has(l))) continue;
    out.push(c.id);
    for (const l of c.leaves) covered.add(l);
  }
  return out;
}

/** Choices asked differently, or offered only by the earlier version (its records would be refused). */
function differences(now: PolicyModel, then: PolicyModel): string[] {
  const nowPlan = planConsent(now);
  const thenPlan = planConsent(then);
  const out: string[] = [];
  const thenPurposes = new Map(thenPlan.purposes.map((p) => [p.id, p]));
  for (const p of nowPlan.purposes) {
    const old = thenPurposes.get(p.id);
    if (old && asked(nowPlan, p) !== asked(thenPlan, old)) {
      out.push(`the purpose ${q(p.id)} is asked differently (there: ${describeAsked(thenPlan, old)}; here: ${describeAsked(nowPlan, p)})`);
    }
  }
  const nowRecipients = new Map(nowPlan.recipients.map((r, i) => [r, nowPlan.recipientCover[i]!.map((c) => nowPlan.recipientChoices[c]!.id).sort()]));
  thenPlan.recipients.forEach((r, i) => {
    const cover = nowRecipients.get(r);
    const old = thenPlan.recipientCover[i]!.map((c) => thenPlan.recipientChoices[c]!.id).sort();
    if (cover && cover.join() !== old.join()) {
      const say = (xs: string[]) => (xs.length === 0 ? "no choice" : xs.map(q).join(", "));
      out.push(`consent to sharing with ${q(r)} is given by other choices (there: ${say(old)}; here: ${say(cover)})`);
    }
  });
  const offered = (kind: string, before: readonly string[], after: readonly string[]) => {
    for (const k of before) if (!after.includes(k)) out.push(`its records may hold a choice for the ${kind} ${q(k)}, which this version does not offer, so the guards would refuse them as malformed`);
  };
  offered("purpose", thenPlan.choices.map((c) => c.id), nowPlan.choices.map((c) => c.id));
  offered("recipient", thenPlan.recipientChoices.map((c) => c.id), nowPlan.recipientChoices.map((c) => c.id));
  offered("channel", thenPlan.channels.map((c) => c.name), nowPlan.channels.map((c) => c.name));
  if (thenPlan.iba !== null && nowPlan.iba === null) {
    out.push("its records may hold the interest-based advertising opt-out, which this version does not offer, so the guards would refuse them as malformed");
  }
  // What a consent banner asked for: a consent-gated tracker that is new, or reaches further, was not agreed to.
  // (The guards do not decide trackers, so the requests compared below cannot show it.)
  const thenTrackers = new Map(then.trackers.filter((t) => t.gate === "consent").map((t) => [t.id, t]));
  for (const t of now.trackers.filter((x) => x.gate === "consent")) {
    const old = thenTrackers.get(t.id);
    if (!old) {
      out.push(`the consent-gated tracker ${q(t.id)} is new: a consent given to the earlier version did not cover it`);
      continue;
    }
    const oldCollects = new Set(old.collects); // leaf categories, as the model holds them
    const named = (one: string, many: string, xs: readonly string[]) => (xs.length === 0 ? [] : [`${xs.length === 1 ? one : many} ${xs.map(q).join(", ")}`]);
    const more = [
      ...named("the provider", "the providers", t.providers.filter((p) => !old.providers.includes(p))),
      ...named("collecting", "collecting", grouped(now, t.collects.filter((c) => !oldCollects.has(c)))),
      ...named("for the purpose", "for the purposes", t.purposes.filter((p) => !old.purposes.includes(p))),
    ];
    if (more.length > 0) out.push(`the consent-gated tracker ${q(t.id)} now reaches further (${more.join(", ")}): a consent given to the earlier version did not cover that`);
  }
  return out;
}

export const consentVersions: CheckerRule = {
  codes: ["PC3026", "PC3027"],
  check(ctx: CheckContext) {
    const seen = new Set<string>();
    for (const e of ctx.earlier) {
      const path = e.shown;
      if (e.model.consentHash === ctx.model.consentHash) continue; // nothing a record depends on changed
      if (seen.has(e.model.consentHash)) continue; // the same version, reached twice
      seen.add(e.model.consentHash);
      const span: Span = e.span;
      const differ = differences(ctx.model, e.model);
      if (differ.length > 0) {
        ctx.report("PC3027", { path, difference: differ[0]!, more: differ.length > 1 ? ` (and ${differ.length - 1} more)` : "" }, span);
        continue;
      }
      const wider = widenings(ctx.model, e.model);
      if (wider) {
        const more = wider.count > 1 ? ` (and ${wider.count - 1} more ${wider.count === 2 ? "request" : "requests"})` : "";
        // a few of the others, so that the change behind them shows
        const help = `${CATALOGUE.get("PC3026")?.help ?? ""}${wider.others.length > 0 ? `. Others it widens: ${wider.others.map((w) => describe(w)).join("; ")}${wider.count - 1 > wider.others.length ? "; ..." : ""}` : ""}`;
        ctx.report("PC3026", { path, request: describe(wider.first), more }, span, { help });
      }
    }
  },
};
