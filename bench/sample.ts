/**
 * The query sample of the decision benchmark: requests x consent states, each with the facts the
 * reference mapping (`factsFromContext`) derives and the reference evaluator's answer.
 *
 * Requests: one in the scope of every flat rule the engines get and of every model rule and
 * exception, then random requests of the domain, up to `requests`. Consent states: no record; everything granted (explicitly) in each
 * jurisdiction; everything granted without `explicit`; everything withdrawn; a minor; the law
 * requires / permits; anonymised and aggregated data with opt-outs; and random records. A state
 * that gives no place is given one in none of the policy's jurisdictions.
 */
import type { PolicyModel, Rule } from "../src/model/types.js";
import { ACTIONS } from "../src/syntax/ast.js";
import { evaluate, FLOW_ACTIONS, leafIds, type Request } from "../src/semantics/evaluate.js";
import { factsFromContext, planConsent } from "../src/emit/guards/index.js";
import { rng, type Rng } from "./lib/random.js";

export interface Query {
  readonly req: Request;
  /** The runtime context the generated guards receive. */
  readonly ctx: object;
  /** Index of `ctx` in `Sample.contexts`. */
  readonly ctxIndex: number;
  /** Atoms that hold: what the other engines receive. */
  readonly facts: ReadonlySet<string>;
  /** The reference evaluator's answer. */
  readonly expected: boolean;
}

export interface Sample {
  readonly requests: readonly Request[];
  readonly contexts: readonly object[];
  /** Every request under every context, in a shuffled (deterministic) order. */
  readonly queries: readonly Query[];
  readonly allowedShare: number;
}

const AT = "2024-05-01T12:00:00Z";

/** The internalized copy of `s` (property names are internalized strings). */
export const intern = (s: string): string => Object.keys({ [s]: 0 })[0]!;

/** Every rule and exception, depth first. */
export function allNodes(rules: readonly Rule[], out: Rule[] = []): Rule[] {
  for (const r of rules) {
    out.push(r);
    allNodes(r.exceptions, out);
  }
  return out;
}

function contexts(model: PolicyModel, r: Rng): object[] {
  const plan = planConsent(model);
  const record = (purpose: (explicitAllowed: boolean, i: number) => object | null, recipient: (i: number) => object | null, optOuts?: object) => {
    const purposes: Record<string, object> = {};
    plan.choices.forEach((c, i) => {
      const e = purpose(c.explicit, i);
      if (e) purposes[c.id] = e;
    });
    const recipients: Record<string, object> = {};
    plan.recipientChoices.forEach((c, i) => {
      const e = recipient(i);
      if (e) recipients[c.id] = e;
    });
    return {
      policy: plan.policyId,
      consentHash: plan.consentHash,
      subject: "user-42",
      createdAt: AT,
      updatedAt: AT,
      purposes,
      recipients,
      ...(optOuts ? { optOuts } : {}),
    };
  };
  const granted = (explicit: boolean) => ({ status: "granted", at: AT, method: "web_form", ...(explicit ? { explicit: true } : {}) });
  const withdrawn = { status: "withdrawn", at: AT, method: "email" };
  const optOut = (optedOut: boolean) => ({ optedOut, at: AT, method: "web_form" });
  const optOuts = () => ({
    channels: Object.fromEntries(plan.channels.map((c) => [c.name, optOut(r.chance(0.5))])),
    ...(plan.iba ? { interestBasedAdvertising: optOut(r.chance(0.5)) } : {}),
  });
  const jurisdictions = model.header.jurisdictions;
  const out: object[] = [{}];
  for (const j of jurisdictions) out.push({ jurisdiction: j, record: record((x) => granted(x), () => granted(false)) });
  out.push({ record: record(() => granted(false), () => granted(false)) });
  out.push({ record: record(() => withdrawn, () => withdrawn) });
  out.push({ minor: true, record: record((x) => granted(x), () => granted(false)) });
  out.push({ required_by_law: true });
  out.push({ permitted_by_law: true, at_request: true, jurisdiction: jurisdictions[0] ?? null });
  out.push({ anonymised: true, aggregated: true, record: record(() => granted(false), () => null, optOuts()) });
  for (let k = 0; k < 3; k++) {
    const pick = (explicitAllowed: boolean) => {
      const x = r.int(3);
      return x === 0 ? null : x === 1 ? granted(explicitAllowed && r.chance(0.5)) : withdrawn;
    };
    const flags = Object.fromEntries(
      ["required_by_law", "permitted_by_law", "anonymised", "aggregated", "at_request", "minor"].filter(() => r.chance(0.2)).map((f) => [f, true]),
    );
    out.push({
      ...flags,
      ...(jurisdictions.length && r.chance(0.7) ? { jurisdiction: r.pick(jurisdictions) } : {}),
      record: record((x) => pick(x), () => pick(false), optOuts()),
    });
  }
  // a person whose place is not given is not known to be anywhere, and the guards refuse what
  // depends on it (\`unknownJurisdiction\`), which the other engines, given facts, cannot say:
  // every state without a place is one in none of the policy's jurisdictions
  // (a country's code: a code of no place, \`ZZ\`, is no place given to the guards)
  const outside = ["JP", "BR", "IN"].find((c) => !jurisdictions.includes(c))!;
  // likewise a minor of no given age, where the policy's ages tell minors apart (\`unknownAge\`):
  // every minor is given an age, 0, under every limit, as a minor of no age once was
  const placed = out.map((ctx) => ("jurisdiction" in ctx && (ctx as { jurisdiction: unknown }).jurisdiction !== null ? ctx : { ...ctx, jurisdiction: outside }));
  return placed.map((ctx) => ((ctx as { minor?: unknown }).minor === true && !("age" in ctx) ? { ...ctx, age: 0 } : ctx));
}

/** A rule's scope: what the sample must reach once. */
export interface Scope {
  readonly action: Request["action"];
  readonly categories: readonly string[];
  readonly purposes: readonly string[];
  readonly recipients: readonly string[];
}

/**
 * `scopes` (the flat rules the engines are given) are each reached by one request, then every
 * model rule and exception, then random requests up to `requests` in all.
 */
export function buildSample(
  model: PolicyModel,
  options: {
    requests: number;
    seed: number;
    scopes?: readonly Scope[];
    /**
     * Whether scope `i` decides `req` under `facts` (say, removing that flat rule would change the
     * answer). For each scope the sample then prefers a request where, under one of its consent
     * states, it does: a translation that loses or mangles that rule is caught.
     */
    decisive?: (i: number, req: Request, facts: ReadonlySet<string>) => boolean;
  },
): Sample {
  const r = rng(options.seed);
  const cats = leafIds(model.categories);
  const purps = leafIds(model.purposes);
  const recs = leafIds(model.recipients);
  const seen = new Set<string>();
  const requests: Request[] = [];
  const add = (req: Request) => {
    const key = `${req.action}|${req.category}|${req.purpose}|${req.recipient}`;
    if (seen.has(key)) return;
    seen.add(key);
    requests.push(req);
  };
  // Ids as an application passes them: string literals of its code, which V8 internalizes (ids
  // built by the compiler are flat strings: a Map lookup with one costs a full string compare).
  // Every engine gets the same strings.
  const request = (action: Request["action"], c: readonly string[], p: readonly string[], rc: readonly string[]): Request => ({
    action: intern(action) as Request["action"],
    category: intern(r.pick(c)),
    purpose: intern(r.pick(p)),
    recipient: FLOW_ACTIONS.has(action) ? intern(r.pick(rc)) : null,
  });
  const reach = (n: Scope) => {
    if (n.categories.length && n.purposes.length && (!FLOW_ACTIONS.has(n.action) || n.recipients.length)) add(request(n.action, n.categories, n.purposes, n.recipients));
  };
  const ctxs = contexts(model, r);
  const factsOf = (req: Request, ctx: object): ReadonlySet<string> | null => {
    const f = factsFromContext(model, req, ctx);
    return f.ok ? f.facts : null;
  };
  (options.scopes ?? []).forEach((sc, i) => {
    if (!sc.categories.length || !sc.purposes.length || (FLOW_ACTIONS.has(sc.action) && !sc.recipients.length)) return;
    let first: Request | undefined;
    for (let attempt = 0; attempt < 200; attempt++) {
      const req = request(sc.action, sc.categories, sc.purposes, sc.recipients);
      first ??= req;
      if (!options.decisive || ctxs.some((c) => {
        const f = factsOf(req, c);
        return f !== null && options.decisive!(i, req, f);
      })) {
        add(req);
        return;
      }
    }
    add(first!);
  });
  for (const n of allNodes(model.rules)) {
    if (requests.length >= options.requests * 0.75) break;
    reach(n);
  }
  for (let guard = 0; requests.length < options.requests && guard < options.requests * 20; guard++) add(request(r.pick(ACTIONS), cats, purps, recs));

  const queries: Query[] = [];
  ctxs.forEach((ctx, ctxIndex) => {
    for (const req of requests) {
      const f = factsFromContext(model, req, ctx);
      if (!f.ok) throw new Error(`sample context refused (${f.refusal}): ${JSON.stringify(ctx)}`);
      if (f.places) throw new Error(`sample context without a place: ${JSON.stringify(ctx)}`);
      queries.push({ req, ctx, ctxIndex, facts: f.facts, expected: evaluate(model, req, f.facts).allowed });
    }
  });
  for (let i = queries.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [queries[i], queries[j]] = [queries[j]!, queries[i]!];
  }
  const allowed = queries.filter((q) => q.expected).length;
  return { requests, contexts: ctxs, queries, allowedShare: allowed / queries.length };
}
