/**
 * Differential tests: for every request of the domain under random contexts (well-formed,
 * malformed, stale), the generated guards (guards.js, imported as Node would), the reference
 * evaluator over the reference facts (`referenceDecision`) and the decision table (`decideCell`)
 * give the same decision; the guards name the rule the table names, and refuse for the reason
 * the reference gives. Run on the xiaomi example and on random small policies.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { guardsFiles } from "../../../src/emit/guards/index.js";
import { allRequests } from "../../../src/semantics/evaluate.js";
import { compare, oddRequests, type Arbitraries, type Stats } from "./agreement.js";
import { compilePolicyText, compileXiaomi, importFile, scratch, writeFiles, type Compiled, type GuardsModule } from "./helpers.js";
import { policyTextArb } from "./random-policy.js";

let counter = 0;
async function load(c: Compiled): Promise<{ guards: GuardsModule; arbs: Arbitraries }> {
  const dir = scratch(`diff${counter++}`);
  writeFiles(dir, guardsFiles(c.model, [], c.table));
  const guards = await importFile<GuardsModule>(`${dir}/guards.js`);
  const arbs = await importFile<Arbitraries>(`${dir}/arbitraries.ts`);
  return { guards, arbs };
}

describe("generated guards agree with the reference evaluator and the decision table", () => {
  it("xiaomi: every request under random, malformed and stale contexts", async () => {
    const c = compileXiaomi();
    const { guards, arbs } = await load(c);
    const requests = [...allRequests(c.model)];
    const contexts = [
      {},
      { record: null },
      ...fc.sample(arbs.contextArb, { numRuns: 7, seed: 42 }),
      ...fc.sample(arbs.badContextArb, { numRuns: 3, seed: 43 }),
    ];
    const stats: Stats = { checked: 0, attributionDiffers: 0, examples: [] };
    const problems = compare(c, guards, requests, contexts, stats);
    // a large random sample of (request, context) pairs on top of the full sweep
    const sample = fc.sample(fc.tuple(fc.constantFrom(...requests), fc.oneof(arbs.contextArb, arbs.contextArb, arbs.badContextArb)), { numRuns: 1500, seed: 44 });
    for (const [req, ctx] of sample) problems.push(...compare(c, guards, [req], [ctx], stats));
    problems.push(...compare(c, guards, oddRequests(c, arbs, 45), fc.sample(arbs.contextArb, { numRuns: 5, seed: 46 }), stats));
    expect(problems.slice(0, 10)).toEqual([]);
    expect(stats.checked).toBeGreaterThan(requests.length * 10);
  });

  it("random policies: every request under random, malformed and stale contexts", async () => {
    const stats: Stats = { checked: 0, attributionDiffers: 0, examples: [] };
    await fc.assert(
      fc.asyncProperty(policyTextArb, fc.integer(), async (text, seed) => {
        const c = compilePolicyText(text);
        const { guards, arbs } = await load(c);
        const contexts = [
          {},
          ...fc.sample(arbs.contextArb, { numRuns: 14, seed }),
          ...fc.sample(arbs.badContextArb, { numRuns: 4, seed: seed + 1 }),
        ];
        const requests = [...allRequests(c.model), ...oddRequests(c, arbs, seed)];
        const problems = compare(c, guards, requests, contexts, stats);
        expect(problems.slice(0, 5), text).toEqual([]);
      }),
      { numRuns: 20, seed: 7 },
    );
    expect(stats.checked).toBeGreaterThan(20 * 100);
  });
});
