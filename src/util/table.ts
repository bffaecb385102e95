/**
 * Lookup tables keyed by words from the input (field names, action and condition words, units).
 * A plain object literal answers `toString`, `constructor` or `__proto__` from its prototype: a
 * field named `toString` crashed the lowering, and `allow toString a` was taken as an action. A
 * table made here has no prototype, so such a word is no key, for `table[word]` and `word in
 * table` alike. Frozen: nothing adds to it at run time.
 */
export function table<K extends string, V>(entries: Readonly<Record<K, V>>): Readonly<Record<K, V>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<K, V>, entries));
}
