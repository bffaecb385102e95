/**
 * The input patterns of `policyc.config.json`: plain paths, or patterns where `*` matches any
 * characters of one path segment except `/`, `?` one such character, and `**` any number of
 * folders (Node 20 has no `fs.glob`). Folders whose names start with `.` and `node_modules` are
 * never entered by `*` or `**`.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Whether a pattern (or one segment of it) has a wildcard. */
export function isPattern(segment: string): boolean {
  return /[*?]/.test(segment);
}

/**
 * A matcher for one segment of a pattern (`*`: any characters, `?`: one). Not a regular
 * expression: `*a*a*a*a*a*a*a*a*b` made the backtracking one take minutes on a long file name.
 * This one remembers only the last `*` and moves its start on, so it takes at most the product
 * of the two lengths.
 */
function segmentMatcher(segment: string): (name: string) => boolean {
  const pat = [...segment];
  return (name: string): boolean => {
    const str = [...name];
    let p = 0;
    let n = 0;
    let star = -1;
    let mark = 0;
    while (n < str.length) {
      if (p < pat.length && (pat[p] === "?" || (pat[p] !== "*" && pat[p] === str[n]))) {
        p++;
        n++;
      } else if (p < pat.length && pat[p] === "*") {
        star = p++;
        mark = n;
      } else if (star >= 0) {
        p = star + 1;
        n = ++mark;
      } else return false;
    }
    while (p < pat.length && pat[p] === "*") p++;
    return p === pat.length;
  };
}

/** Whether a `/`-separated relative path matches a pattern. */
export function matchesPattern(pattern: string, path: string): boolean {
  const p = pattern.split("/").filter((s) => s !== "" && s !== ".");
  const s = path.split("/").filter((x) => x !== "" && x !== ".");
  // each (pattern segment, path segment) pair answered once: `**/**/**/...` tried every split again
  const known = new Map<number, boolean>();
  const matchers = p.map((seg) => (seg === "**" ? undefined : segmentMatcher(seg)));
  const match = (i: number, j: number): boolean => {
    const key = i * (s.length + 1) + j;
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    let result: boolean;
    if (i === p.length) result = j === s.length;
    else {
      const seg = p[i] ?? "";
      if (seg === "**") {
        result = false;
        for (let k = j; k <= s.length && !result; k++) result = match(i + 1, k);
      } else result = j < s.length && matchers[i]!(s[j] ?? "") && match(i + 1, j + 1);
    }
    known.set(key, result);
    return result;
  };
  return match(0, 0);
}

function entries(dir: string): { name: string; dir: boolean }[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, dir: e.isDirectory() }));
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function hidden(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

/**
 * The files a pattern names, as `/`-separated paths relative to `root`, sorted. A pattern
 * without wildcards names itself when the file exists.
 */
export function expandPattern(pattern: string, root: string): string[] {
  const segments = pattern.split("/").filter((s) => s !== "" && s !== ".");
  const absolute = pattern.startsWith("/");
  const base = absolute ? "/" : root;
  const out = new Set<string>();
  // each (segment, folder) once: `**/**/...` reaches the same folder by many splits
  const visited = new Set<string>();
  const walk = (i: number, rel: string[]): void => {
    const visit = `${i}\u0000${rel.join("/")}`;
    if (visited.has(visit)) return;
    visited.add(visit);
    const here = join(base, ...rel);
    if (i === segments.length) {
      if (isFile(here)) out.add((absolute ? "/" : "") + rel.join("/"));
      return;
    }
    const seg = segments[i] ?? "";
    if (seg === "**") {
      walk(i + 1, rel);
      for (const e of entries(here)) if (e.dir && !hidden(e.name)) walk(i, [...rel, e.name]);
      return;
    }
    if (!isPattern(seg)) {
      walk(i + 1, [...rel, seg]);
      return;
    }
    const matches = segmentMatcher(seg);
    const last = i === segments.length - 1;
    for (const e of entries(here)) {
      if (hidden(e.name) && !seg.startsWith(".")) continue;
      if (matches(e.name) && (last ? !e.dir : e.dir)) walk(i + 1, [...rel, e.name]);
    }
  };
  walk(0, []);
  return [...out].sort();
}

/** The folder a pattern's matches lie under (the segments before the first wildcard), for watching. */
export function patternBase(pattern: string): string {
  const segments = pattern.split("/");
  const fixed: string[] = [];
  for (const s of segments) {
    if (isPattern(s)) break;
    fixed.push(s);
  }
  if (fixed.length === segments.length) fixed.pop();
  return fixed.join("/") || ".";
}

/**
 * The input files of a configuration's patterns, each once, in pattern order: every match of a
 * plain path, and the `.policy` files among a wildcard's matches; also the patterns that
 * matched nothing.
 */
export function inputFiles(patterns: readonly string[], root: string): { files: string[]; unmatched: string[] } {
  const files: string[] = [];
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const matches = expandPattern(pattern, root).filter((m) => m.endsWith(".policy") || !isPattern(pattern));
    if (matches.length === 0) unmatched.push(pattern);
    for (const m of matches) if (!files.includes(m)) files.push(m);
  }
  return { files, unmatched };
}
