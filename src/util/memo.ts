/**
 * What a long-lived session (`policyc build --watch`) remembers between builds so that a rebuild
 * after an edit redoes only what the edit changed: parsed files by text, document sections (the
 * tree of each, checked against the parts of the model it read: `getValid`) and their rendered
 * text by tree, the page around them, the content hash's text of each part of the model by the
 * part's content, and the decision table and the guards files by the model but for its version.
 * Keys, and for `getValid` the check, carry everything a value depends on, so a hit is always the
 * value a fresh computation would give; outputs never depend on whether a memo is passed. A
 * one-off compile or build passes none.
 *
 * Memory stays at about what one build needs, kept between builds: values that are replaced
 * rather than added to (a policy's decision table, its guards) are one entry per policy, the old
 * one dropped before the new one is made (`replacing`); after each build the session calls `sweep()`,
 * which forgets every entry that build did not use (the parse of a file's previous text, the
 * sections an edit replaced). `limit` bounds the entries within one build; least recently used
 * go first. The emitters' process-wide caches (parsed prose, generated consent validators) are
 * memos that are never swept: only `limit` bounds them.
 */
export class Memo {
  private readonly entries = new Map<string, { value: unknown; generation: number }>();
  private generation = 0;

  constructor(readonly limit = 4096) {}

  /** The value stored under `key`, computed by `make` when there is none. */
  get<T>(key: string, make: () => T): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      hit.generation = this.generation;
      return hit.value as T;
    }
    const value = make();
    this.entries.set(key, { value, generation: this.generation });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /**
   * Like `get`, for values whose key cannot name everything they depend on (a document section
   * reads parts of the model found only while writing it): a stored value is used while
   * `valid(value)` holds, and made again (replacing it) when it does not.
   */
  getValid<T>(key: string, valid: (value: T) => boolean, make: () => T): T {
    const hit = this.entries.get(key);
    if (hit !== undefined && !valid(hit.value as T)) this.entries.delete(key);
    return this.get(key, make);
  }

  /**
   * One value per `slot` (a policy's decision table), made for `key`: the stored one while it was
   * made for the same key, else a new one, the old one dropped before it is made (a value that
   * can run to hundreds of megabytes is not kept beside its replacement).
   */
  replacing<T>(slot: string, key: string, make: () => T): T {
    return this.getValid<{ readonly key: string; readonly value: T }>(slot, (entry) => entry.key === key, () => ({ key, value: make() })).value;
  }

  /** The value stored under `key`, if any, without using it (for tests and diagnostics of the memo itself). */
  peek(key: string): unknown {
    return this.entries.get(key)?.value;
  }

  /** How many entries have keys starting with `prefix` (for tests and diagnostics of the memo itself). */
  count(prefix: string): number {
    let n = 0;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) n += 1;
    return n;
  }

  /** Ends a build: forgets what it did not use, and starts counting the next one. */
  sweep(): void {
    for (const [key, entry] of this.entries) if (entry.generation !== this.generation) this.entries.delete(key);
    this.generation += 1;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
  }
}

/** A cache that outlives a build: what `clearProcessCaches` empties. */
export interface ProcessCache {
  clear(): void;
  readonly size: number;
}

const processCaches = new Map<string, ProcessCache>();

/**
 * Registers one of the process-wide caches that outlive a build (parsed prose, compiled wording
 * packs, generated consent validators, compiled guards parts) under a name, for
 * `clearProcessCaches` and `processCacheSizes`.
 */
export function registerProcessCache(name: string, cache: ProcessCache): void {
  processCaches.set(name, cache);
}

/**
 * Empties every process-wide cache, so that the next build in this process does all the work a
 * one-off `policyc build` does (the benchmark times full compiles this way). Outputs never
 * depend on these caches, only the time does.
 */
export function clearProcessCaches(): void {
  for (const cache of processCaches.values()) cache.clear();
}

/** How many entries each process-wide cache holds, by name. */
export function processCacheSizes(): Record<string, number> {
  return Object.fromEntries([...processCaches].map(([name, cache]) => [name, cache.size]).sort());
}
