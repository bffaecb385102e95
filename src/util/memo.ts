/**
 * What a long-lived session (`policyc build --watch`) remembers between builds so that a rebuild
 * after an edit redoes only what the edit changed: parsed files by text, rendered document
 * sections by tree. Keys carry everything the value depends on, so a hit is always the value a
 * fresh computation would give; outputs never depend on whether a memo is passed. A one-off
 * compile or build passes none. Least recently used entries go first once `limit` is reached.
 */
export class Memo {
  private readonly entries = new Map<string, unknown>();

  constructor(readonly limit = 4096) {}

  /** The value stored under `key`, computed by `make` when there is none. */
  get<T>(key: string, make: () => T): T {
    if (this.entries.has(key)) {
      const hit = this.entries.get(key) as T;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = make();
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
