/**
 * The three-way comparison behind the differential tests: generated guards (as imported from
 * guards.js), the reference evaluator over the reference facts, and the decision table.
 */
import fc from "fast-check";
import type { Refusal } from "../../../src/emit/guards/index.js";
import { referenceDecision } from "../../../src/emit/guards/index.js";
import type { PolicyModel, Rule } from "../../../src/model/types.js";
import type { Request } from "../../../src/semantics/evaluate.js";
import { AtomIndex, decideCell, someCell, type DecisionTable } from "../../../src/semantics/table.js";
import type { Compiled, GuardsModule } from "./helpers.js";

export const REFUSAL_KEY: Readonly<Record<Refusal, string>> = {
  "unknown-action": "unknownAction",
  "unknown-category": "unknownCategory",
  "unknown-purpose": "unknownPurpose",
  "unknown-recipient": "unknownRecipient",
  "unexpected-recipient": "unexpectedRecipient",
  "malformed-context": "malformedContext",
  "malformed-record": "malformedRecord",
  "stale-record": "staleRecord",
  "unknown-jurisdiction": "unknownJurisdiction",
  "unknown-age": "unknownAge",
};

export interface Arbitraries {
  readonly contextArb: fc.Arbitrary<unknown>;
  readonly badContextArb: fc.Arbitrary<unknown>;
  readonly unknownIdArb: (known: readonly string[]) => fc.Arbitrary<string>;
}

function rulesById(model: PolicyModel): Map<string, Rule> {
  const out = new Map<string, Rule>();
  const visit = (r: Rule) => {
    out.set(r.id, r);
    r.exceptions.forEach(visit);
  };
  model.rules.forEach(visit);
  return out;
}

export interface Stats {
  checked: number;
  /** Requests where the evaluator and the table name different deciding rules (same outcome). */
  attributionDiffers: number;
  examples: string[];
}

/**
 * Compares the three implementations on `requests` × `contexts`. Returns the mismatches found
 * (empty when they agree) and statistics.
 */
/** The position of every cell by its request as JSON, in the order `someCell` visits them. */
function cellPositions(table: DecisionTable): Map<string, number> {
  const out = new Map<string, number>();
  someCell(table, (_verdict, action, category, purpose, recipient) => {
    out.set(JSON.stringify({ action, category, purpose, recipient }), out.size);
    return false;
  });
  return out;
}

const indexes = new WeakMap<Compiled, { atoms: AtomIndex; byId: Map<string, Rule>; cellIndex: Map<string, number> }>();
function indexOf(c: Compiled) {
  let x = indexes.get(c);
  if (!x) {
    x = {
      atoms: new AtomIndex(c.model),
      byId: rulesById(c.model),
      cellIndex: cellPositions(c.table),
    };
    indexes.set(c, x);
  }
  return x;
}

export function compare(c: Compiled, guards: GuardsModule, requests: readonly Request[], contexts: readonly unknown[], stats: Stats): string[] {
  const { atoms, byId, cellIndex } = indexOf(c);
  const problems: string[] = [];
  for (const ctx of contexts) {
    const prepared = guards.prepareContext(ctx);
    for (const req of requests) {
      stats.checked++;
      const g = guards.decide(req.action, req.category, req.purpose, req.recipient, ctx);
      const gp = guards.decide(req.action, req.category, req.purpose, req.recipient, prepared);
      const ref = referenceDecision(c.model, req, ctx);
      const where = () => `${JSON.stringify(req)} under ${JSON.stringify(ctx)}`;
      if (gp !== g) problems.push(`prepared context differs: ${gp.reason} vs ${g.reason} for ${where()}`);
      if (ref.refusal !== null) {
        const expected = guards.REFUSALS[REFUSAL_KEY[ref.refusal]];
        if (g !== expected) problems.push(`expected refusal ${ref.refusal}, guards: ${g.reason} for ${where()}`);
        continue;
      }
      const i = cellIndex.get(JSON.stringify(req));
      if (i === undefined) {
        problems.push(`no cell for ${where()}`);
        continue;
      }
      const dc = decideCell(c.table.verdicts[i]!, atoms.mask(ref.facts!));
      if (g.allowed !== ref.allowed || g.allowed !== dc.allowed) {
        problems.push(`guards ${g.allowed} (${g.reason}), evaluator ${ref.allowed} (${ref.ruleId}), table ${dc.allowed} (${dc.rule}) for ${where()}`);
        continue;
      }
      if (g.ruleId !== dc.rule) problems.push(`guards name ${g.ruleId}, the table ${dc.rule} for ${where()}`);
      const rule = dc.rule === null ? undefined : byId.get(dc.rule);
      const ref2 = rule ? `${rule.sourceRef.file}:${rule.sourceRef.line}` : null;
      if (g.rule !== ref2) problems.push(`guards say rule ${g.rule}, expected ${ref2} for ${where()}`);
      if (ref.ruleId !== dc.rule) {
        stats.attributionDiffers++;
        if (stats.examples.length < 3) stats.examples.push(`${JSON.stringify(req)} facts ${[...ref.facts!].join(",")}: evaluator ${ref.ruleId}, table ${dc.rule}`);
      }
      const facts = guards.factsOf(req.purpose, req.recipient, ctx);
      // under a stale record the consents are not known, nor the place in a context without one: the guards give no facts
      const expectedFacts = ref.stale || ref.unknownPlace === true ? null : c.table.atoms.filter((a) => ref.facts!.has(a));
      if (JSON.stringify(facts) !== JSON.stringify(expectedFacts)) {
        problems.push(`facts ${JSON.stringify(facts)} vs reference ${JSON.stringify(expectedFacts)} for ${where()}`);
      }
    }
    if (problems.length > 20) break;
  }
  return problems;
}

/** Unknown and hostile ids in every position, plus recipients where none belongs. */
export function oddRequests(c: Compiled, arbs: Arbitraries, seed: number): Request[] {
  const out: Request[] = [];
  const [cat] = c.table.categories;
  const [pur] = c.table.purposes;
  const [rec] = c.table.recipients;
  const unknown = (known: readonly string[]) => fc.sample(arbs.unknownIdArb(known), { numRuns: 6, seed });
  if (cat === undefined || pur === undefined) return out;
  for (const x of unknown(c.table.categories)) out.push({ action: "use", category: x, purpose: pur, recipient: null });
  for (const x of unknown(c.table.purposes)) out.push({ action: "collect", category: cat, purpose: x, recipient: null });
  for (const x of unknown(c.table.recipients)) out.push({ action: "share", category: cat, purpose: pur, recipient: x });
  for (const x of unknown(["collect", "use", "share", "sell", "transfer"])) out.push({ action: x as Request["action"], category: cat, purpose: pur, recipient: null });
  if (rec !== undefined) out.push({ action: "use", category: cat, purpose: pur, recipient: rec });
  out.push({ action: "share", category: cat, purpose: pur, recipient: null });
  return out;
}

