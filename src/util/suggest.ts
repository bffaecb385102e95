/**
 * "Did you mean" suggestions: the closest candidate by edit distance, when it is close enough
 * to be a plausible typo (at most a third of the word's length, and at most 3 edits).
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  // more than `limit` apart whatever the letters: the lengths alone say so (a name of 25,000
  // letters against every other name would otherwise fill a table of 25,000 squared)
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const prev = new Array<number>(b.length + 1);
  const cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    // every later row is at least this row's least: past the limit, no need to go on
    if (rowMin > limit) return limit + 1;
    for (let j = 0; j <= b.length; j++) prev[j] = cur[j]!;
  }
  return prev[b.length]!;
}

/**
 * The best candidate for `word`, or undefined when none is close. Ties go to the first. Two
 * swapped neighbouring letters (`usse` for `uses`), the commonest typo in short words, also
 * match: plain edit distance counts them as two edits and would miss them in short words. So do
 * a name's words in another order and one word of a longer name, where only one candidate fits.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const found = nearest(word, list);
  if (found !== undefined) return found;
  const lower = word.toLowerCase();
  for (let i = 0; i + 1 < lower.length; i++) {
    const swapped = lower.slice(0, i) + (lower[i + 1] ?? "") + (lower[i] ?? "") + lower.slice(i + 2);
    const hit = list.find((c) => c.toLowerCase() === swapped);
    if (hit !== undefined) return hit;
  }
  // the same words in another order (`consent_explicit`), or one word of a longer name
  // (`deletion` for `account_deletion`): when exactly one candidate fits
  const words = (w: string) => w.toLowerCase().split("_").filter((x) => x !== "");
  const sorted = words(word).sort().join("_");
  const reordered = list.filter((c) => words(c).sort().join("_") === sorted);
  if (reordered.length === 1) return reordered[0];
  if (!word.includes("_") && word.length >= 4) {
    const containing = list.filter((c) => words(c).length > 1 && words(c).includes(lower));
    if (containing.length === 1) return containing[0];
  }
  return undefined;
}

function nearest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), limit);
    if (d < bestDistance && d <= limit) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `did you mean \`x\`?` or undefined, ready to be a diagnostic's help line. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const s = suggest(word, candidates);
  return s === undefined ? undefined : `did you mean \`${s}\`?`;
}
