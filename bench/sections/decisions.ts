/**
 * Section 1: decisions per second of the generated guards vs casbin, CASL and cedar-wasm on the
 * same policy, after checking that every engine answers every query of the sample as the
 * reference evaluator does.
 */
import type { PolicyModel } from "../../src/model/types.js";
import { factsFromContext } from "../../src/emit/guards/index.js";
import { compile } from "../../src/program.js";
import { allRequests, leafIds, type Request } from "../../src/semantics/evaluate.js";
import { AtomIndex } from "../../src/semantics/table.js";
import { buildCasbin } from "../engines/casbin.js";
import { buildCasl } from "../engines/casl.js";
import { buildCedar } from "../engines/cedar.js";
import { decideFlat, flatRuleApplies, flatten, type FlatRule } from "../engines/flatten.js";
import { buildGuards, loadGuards, PREPARED_GUARDS, type GuardsModule } from "../engines/guards.js";
import type { BuiltEngine, EngineInput } from "../engines/types.js";
import { throughputInTurns } from "../lib/measure.js";
import { allNodes, buildSample, type Sample } from "../sample.js";

export interface PolicyUnderTest {
  readonly key: string;
  readonly title: string;
  readonly model: PolicyModel;
  readonly counts: { categories: number; purposes: number; recipients: number; rules: number; nodes: number };
}

export interface EngineResult {
  readonly engine: string;
  readonly info: string;
  readonly agrees: boolean;
  /** Why the engine is not reported, when it disagrees or fails. */
  readonly excluded: string | null;
  readonly decisionsPerSec: number | null;
  readonly rounds: readonly number[];
}

export interface DecisionsResult {
  readonly policy: string;
  readonly title: string;
  readonly counts: PolicyUnderTest["counts"];
  readonly sample: { requests: number; contexts: number; queries: number; allowedShare: number };
  readonly flatRules: number;
  /** How many flat rules decide some answer alone, and how many of those the sample catches being dropped (`samplePower`). */
  readonly samplePower: { readonly rules: number; readonly matter: number; readonly caught: number };
  readonly engines: readonly EngineResult[];
  /** guard (prepared) decisions/s divided by each engine's, same run. */
  readonly ratios: Readonly<Record<string, number | null>>;
}


export function compilePolicy(key: string, title: string, path: string, options: Parameters<typeof compile>[1]): PolicyUnderTest {
  const r = compile(path, options);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (!r.model || errors.length) throw new Error(`${key} does not compile: ${errors.slice(0, 3).map((d) => `${d.code} ${d.message}`).join("; ")}`);
  const m = r.model;
  return {
    key,
    title,
    model: m,
    counts: {
      categories: leafIds(m.categories).length,
      purposes: leafIds(m.purposes).length,
      recipients: leafIds(m.recipients).length,
      rules: m.rules.length,
      nodes: allNodes(m.rules).length,
    },
  };
}

export function engineInput(model: PolicyModel, flat: readonly FlatRule[], sample: Sample): EngineInput {
  const atoms = new Set(new AtomIndex(model).atoms);
  for (const q of sample.queries) for (const f of q.facts) atoms.add(f);
  for (const f of flat) for (const a of [...f.pos, ...f.neg]) atoms.add(a);
  return {
    model,
    flat,
    queries: sample.queries,
    atoms: [...atoms],
    leaves: { categories: leafIds(model.categories), purposes: leafIds(model.purposes), recipients: leafIds(model.recipients) },
  };
}

/** Number of queries on which `decide` differs from the reference, with the first few. */
/** The rules whose removal changes the answer to `applying` (the indices of the rules that apply). */
function decidingAlone(flat: readonly FlatRule[], applying: readonly number[]): number | undefined {
  let allows = 0;
  let denies = 0;
  let lastAllow = -1;
  let lastDeny = -1;
  for (const k of applying) {
    if (flat[k]!.effect === "deny") (denies++, (lastDeny = k));
    else (allows++, (lastAllow = k));
  }
  // deny-overrides: the one deny where an allow applies too, or the one allow where no deny does
  if (denies === 1 && allows > 0) return lastDeny;
  if (denies === 0 && allows === 1) return lastAllow;
  return undefined;
}

/**
 * The sample's power to catch a translation that loses a rule. `matter`: the flat rules whose
 * removal changes some answer anywhere in the domain (every action, category, purpose and
 * recipient) under one of the sample's consent states; the others never decide alone there
 * (another rule of the same effect covers them, or they decide only under fact combinations no
 * consent state produces). `caught`: those whose removal changes the answer to one of the
 * sample's own queries.
 */
export function samplePower(model: PolicyModel, flat: readonly FlatRule[], sample: Sample): { readonly rules: number; readonly matter: number; readonly caught: number } {
  const applying = (req: Request, facts: ReadonlySet<string>) => flat.flatMap((r, k) => (flatRuleApplies(r, req, facts) ? [k] : []));
  const caught = new Set<number>();
  for (const q of sample.queries) {
    const k = decidingAlone(flat, applying(q.req, q.facts));
    if (k !== undefined) caught.add(k);
  }
  const matter = new Set<number>();
  const actions = new Set<string>(flat.map((r) => r.action));
  for (const req of allRequests(model)) {
    if (!actions.has(req.action)) continue; // no flat rule applies to it
    for (const ctx of sample.contexts) {
      const f = factsFromContext(model, req, ctx);
      if (!f.ok) continue;
      const k = decidingAlone(flat, applying(req, f.facts));
      if (k !== undefined) matter.add(k);
    }
  }
  return { rules: flat.length, matter: matter.size, caught: caught.size };
}

export function disagreements(decide: (i: number) => boolean, sample: Sample, limit = 3): { count: number; examples: string[] } {
  let count = 0;
  const examples: string[] = [];
  sample.queries.forEach((q, i) => {
    let got: boolean | string;
    try {
      got = decide(i);
    } catch (e) {
      got = `threw ${e instanceof Error ? e.message : String(e)}`;
    }
    if (got !== q.expected) {
      count++;
      if (examples.length < limit) {
        examples.push(`${q.req.action} ${q.req.category} for ${q.req.purpose}${q.req.recipient ? ` with ${q.req.recipient}` : ""} when {${[...q.facts].join(", ")}}: expected ${q.expected}, got ${got}`);
      }
    }
  });
  return { count, examples };
}

export interface DecisionsOptions {
  readonly requests: number;
  readonly rounds: number;
  readonly targetMs: number;
  /** Rounds of the slow engines (casbin, Cedar: ~1000x slower), longer so that a round holds enough decisions. */
  readonly slowTargetMs: number;
  readonly log: (line: string) => void;
}

export async function benchDecisions(p: PolicyUnderTest, options: DecisionsOptions): Promise<{ result: DecisionsResult; guards: GuardsModule; sample: Sample }> {
  const { log } = options;
  const flat = flatten(p.model);
  // for each flat rule, a request where it makes the difference under one of the consent states
  const without = new Map<number, FlatRule[]>();
  const decisive = (i: number, req: Request, facts: ReadonlySet<string>) => {
    let w = without.get(i);
    if (!w) without.set(i, (w = flat.filter((_, j) => j !== i)));
    return decideFlat(w, req, facts) !== decideFlat(flat, req, facts);
  };
  const sample = buildSample(p.model, { requests: options.requests, seed: 7, scopes: flat, decisive });
  const input = engineInput(p.model, flat, sample);
  const guards = await loadGuards(p.model, p.key);

  const flatCheck = disagreements((i) => decideFlat(flat, sample.queries[i]!.req, sample.queries[i]!.facts), sample);
  const power = samplePower(p.model, flat, sample);
  const built: { engine: BuiltEngine | null; name: string; error?: string }[] = [];
  built.push({ name: "guards-prepared", engine: buildGuards(guards, sample.queries, sample.contexts, "prepared") });
  built.push({ name: "guards-raw", engine: buildGuards(guards, sample.queries, sample.contexts, "raw") });
  built.push({ name: "guards-json", engine: buildGuards(guards, sample.queries, sample.contexts, "json") });
  for (const [name, make] of [
    ["casbin", () => buildCasbin(input)],
    ["@casl/ability", async () => buildCasl(input)],
    ["@cedar-policy/cedar-wasm", async () => buildCedar(input)],
  ] as const) {
    try {
      built.push({ name, engine: await make() });
    } catch (e) {
      built.push({ name, engine: null, error: `could not be loaded with the policy: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  const checked = built.map((b) => {
    if (!b.engine) return { ...b, excluded: b.error ?? "failed" };
    const d = disagreements(b.engine.decide, sample);
    let excluded: string | null = null;
    if (d.count) {
      excluded = `disagrees with the reference evaluator on ${d.count} of ${sample.queries.length} queries, e.g. ${d.examples.join("; ")}`;
      if (flatCheck.count && !b.name.startsWith("guards")) excluded += ` (the flattened rules themselves disagree on ${flatCheck.count}: a bench translation bug)`;
    }
    return { ...b, excluded };
  });
  for (const c of checked) {
    if (c.excluded) log(`  ! ${c.engine?.name ?? c.name} on ${p.key} is not reported: ${c.excluded}`);
  }

  const timed = checked.filter((c) => c.engine && !c.excluded).map((c) => c.engine!);
  // every engine in the same turns; the slow ones get longer rounds, so that a round holds enough decisions
  const slow = new Set(["casbin", "@cedar-policy/cedar-wasm"]);
  const measured = throughputInTurns(
    timed.map((e) => ({ name: e.name, batch: e.batch, ...(slow.has(e.name) ? { targetMs: options.slowTargetMs } : {}) })),
    options.rounds,
    options.targetMs,
  );
  const byName = new Map(measured.map((m) => [m.name, m]));

  const engines: EngineResult[] = checked.map((c) => {
    const name = c.engine?.name ?? c.name;
    const m = byName.get(name);
    return {
      engine: name,
      info: c.engine?.info ?? "",
      agrees: !c.excluded,
      excluded: c.excluded,
      decisionsPerSec: m ? m.opsPerSec : null,
      rounds: m ? m.rounds : [],
    };
  });
  // every engine's time per decision over the prepared guards' (1 for those themselves)
  const guard = engines.find((e) => e.engine === PREPARED_GUARDS)?.decisionsPerSec ?? null;
  const ratios: Record<string, number | null> = {};
  for (const e of engines) ratios[e.engine] = guard !== null && e.decisionsPerSec ? guard / e.decisionsPerSec : null;
  return {
    result: {
      policy: p.key,
      title: p.title,
      counts: p.counts,
      sample: { requests: sample.requests.length, contexts: sample.contexts.length, queries: sample.queries.length, allowedShare: sample.allowedShare },
      flatRules: flat.length,
      samplePower: power,
      engines,
      ratios,
    },
    guards,
    sample,
  };
}
