/** A small deterministic PRNG (mulberry32) and helpers, so every generated input is reproducible. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  /** `k` distinct elements, in the order of `xs`. */
  sample<T>(xs: readonly T[], k: number): T[];
  chance(p: number): boolean;
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(xs: readonly T[]) => xs[int(xs.length)]!,
    sample: <T>(xs: readonly T[], k: number) => {
      const idx = xs.map((_, i) => i);
      for (let i = idx.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [idx[i], idx[j]] = [idx[j]!, idx[i]!];
      }
      return idx
        .slice(0, Math.min(k, xs.length))
        .sort((x, y) => x - y)
        .map((i) => xs[i]!);
    },
    chance: (p: number) => next() < p,
  };
}
