/**
 * Section 2: a guard decision does not get slower when the policy grows 10x (categories and
 * rules), and it allocates nothing per call (heap growth and garbage collections over 1e6
 * decisions, with --expose-gc).
 */
import { PerformanceObserver } from "node:perf_hooks";
import { buildGuards, loadGuards, type GuardsModule } from "../engines/guards.js";
import { gc, median, throughputInTurns } from "../lib/measure.js";
import { buildSample, type Sample } from "../sample.js";
import type { PolicyUnderTest } from "./decisions.js";

export interface ScalingResult {
  readonly small: { policy: string; categories: number; rules: number; decisionsPerSec: number; nsPerDecision: number };
  readonly large: { policy: string; categories: number; rules: number; decisionsPerSec: number; nsPerDecision: number };
  /** ns per decision of the large policy over the small one, same run (<= 1.5 is flat). */
  readonly slowdown: number;
  readonly rawSlowdown: number;
}

export interface AllocationResult {
  readonly mode: string;
  readonly decisions: number;
  /** heapUsed after minus before, without a collection in between (bytes). */
  readonly heapGrowthBytes: number;
  readonly bytesPerDecision: number;
  /** Garbage collections that ran during the loop (any would hide allocations from heapUsed). */
  readonly gcs: number;
  readonly repeats: number;
}

export async function benchScaling(small: PolicyUnderTest, large: PolicyUnderTest, options: { requests: number; rounds: number; targetMs: number }): Promise<ScalingResult> {
  const gs = await loadGuards(small.model, "scale-small");
  const gl = await loadGuards(large.model, "scale-large");
  const ss = buildSample(small.model, { requests: options.requests, seed: 11 });
  const sl = buildSample(large.model, { requests: options.requests, seed: 11 });
  const loops = [
    { name: "small", batch: buildGuards(gs, ss.queries, ss.contexts, "prepared").batch },
    { name: "large", batch: buildGuards(gl, sl.queries, sl.contexts, "prepared").batch },
    { name: "small-raw", batch: buildGuards(gs, ss.queries, ss.contexts, "raw").batch },
    { name: "large-raw", batch: buildGuards(gl, sl.queries, sl.contexts, "raw").batch },
  ];
  const [s, l, sr, lr] = throughputInTurns(loops, options.rounds, options.targetMs);
  const entry = (p: PolicyUnderTest, t: { opsPerSec: number }) => ({
    policy: p.key,
    categories: p.counts.categories,
    rules: p.counts.rules,
    decisionsPerSec: t.opsPerSec,
    nsPerDecision: 1e9 / t.opsPerSec,
  });
  return { small: entry(small, s!), large: entry(large, l!), slowdown: s!.opsPerSec / l!.opsPerSec, rawSlowdown: sr!.opsPerSec / lr!.opsPerSec };
}

/** Runs `n` decisions of `g` over the sample and measures the heap around them. */
export async function measureAllocation(g: GuardsModule, sample: Sample, mode: "prepared" | "raw", n: number, repeats = 3): Promise<AllocationResult> {
  const engine = buildGuards(g, sample.queries, sample.contexts, mode);
  engine.batch(200_000); // optimize first: the interpreter and the JIT allocate while warming up
  const growth: number[] = [];
  const gcCounts: number[] = [];
  for (let i = 0; i < repeats; i++) {
    let gcs = 0;
    const obs = new PerformanceObserver((list) => {
      gcs += list.getEntries().length;
    });
    gc();
    gc();
    obs.observe({ entryTypes: ["gc"] });
    const before = process.memoryUsage().heapUsed;
    engine.batch(n);
    const after = process.memoryUsage().heapUsed;
    // Node queues gc entries for the observer's callback a turn or more later, and `disconnect`
    // drops what is still queued: take those records first, or a collection goes uncounted.
    await new Promise((r) => setImmediate(r));
    gcs += obs.takeRecords().length;
    obs.disconnect();
    growth.push(after - before);
    gcCounts.push(gcs);
  }
  const g0 = median(growth);
  return {
    mode: mode === "prepared" ? "decide(..., prepareContext(ctx))" : "decide(..., ctx)",
    decisions: n,
    heapGrowthBytes: g0,
    bytesPerDecision: g0 / n,
    gcs: Math.max(...gcCounts),
    repeats,
  };
}
