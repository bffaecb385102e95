/** Timing helpers: medians over repeated runs, and throughput of competing loops measured in turns. */

export const now = (): number => performance.now();

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
}

/**
 * The median time of each of several contenders, measured in turns (a warm-up of each, then
 * round 1 of each, round 2 of each, ...), with a collection before each run, so that a slow phase
 * of the machine hits all of them alike.
 */
export function timeMediansInTurns<K extends string>(fns: Readonly<Record<K, () => unknown>>, runs: number, warmup = 1): Record<K, { ms: number; all: number[] }> {
  const names = Object.keys(fns) as K[];
  for (let i = 0; i < warmup; i++) for (const name of names) fns[name]();
  const all = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      gc();
      const t = now();
      fns[name]();
      all[name].push(now() - t);
    }
  }
  return Object.fromEntries(names.map((name) => [name, { ms: median(all[name]), all: all[name] }])) as Record<K, { ms: number; all: number[] }>;
}

/** How many iterations of `batch` take about `targetMs`. */
function calibrate(batch: (n: number) => unknown, targetMs: number): number {
  let n = 1;
  for (;;) {
    const t = now();
    batch(n);
    const ms = now() - t;
    if (ms >= targetMs / 8 || n >= 1 << 30) return Math.max(1, Math.round((n * targetMs) / Math.max(ms, 1e-3)));
    n *= 4;
  }
}

export interface Throughput {
  readonly name: string;
  /** Median operations per second. */
  readonly opsPerSec: number;
  /** Every round's operations per second. */
  readonly rounds: readonly number[];
  readonly perRound: number;
}

/**
 * Measures loops that compete for the same comparison in turns (round 1 of each, round 2 of each,
 * ...), so that a slow phase of the machine hits all of them alike. Each round of a loop lasts
 * about its own `targetMs`, or the common one. Returns the median operations per second of each.
 */
export function throughputInTurns(loops: readonly { name: string; batch: (n: number) => number; targetMs?: number }[], rounds: number, targetMs: number): Throughput[] {
  const sizes = loops.map((l) => {
    const ms = l.targetMs ?? targetMs;
    l.batch(Math.max(1, calibrate(l.batch, ms / 4))); // warm up and settle the JIT
    return calibrate(l.batch, ms);
  });
  const results = loops.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    loops.forEach((l, i) => {
      const n = sizes[i]!;
      const t = now();
      l.batch(n);
      const ms = now() - t;
      results[i]!.push((n * 1000) / ms);
    });
  }
  return loops.map((l, i) => ({ name: l.name, opsPerSec: median(results[i]!), rounds: results[i]!, perRound: sizes[i]! }));
}
