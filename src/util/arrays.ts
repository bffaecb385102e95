/**
 * `out.push(...items)` without the spread: a spread passes every item as an argument, on the
 * stack, and overflows it from about 100k items (a file of 150k syntax errors did).
 */
export function pushAll<T>(out: T[], items: readonly T[]): void {
  for (const item of items) out.push(item);
}
