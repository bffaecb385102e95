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

/** A regular expression for one segment of a pattern. */
function segmentRegex(segment: string): RegExp {
  let re = "";
  for (const ch of segment) {
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else re += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** Whether a `/`-separated relative path matches a pattern. */
export function matchesPattern(pattern: string, path: string): boolean {
  const p = pattern.split("/").filter((s) => s !== "" && s !== ".");
  const s = path.split("/").filter((x) => x !== "" && x !== ".");
  const match = (i: number, j: number): boolean => {
    if (i === p.length) return j === s.length;
    const seg = p[i] ?? "";
    if (seg === "**") {
      for (let k = j; k <= s.length; k++) if (match(i + 1, k)) return true;
      return false;
    }
    if (j === s.length) return false;
    return segmentRegex(seg).test(s[j] ?? "") && match(i + 1, j + 1);
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
  const walk = (i: number, rel: string[]): void => {
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
    const re = segmentRegex(seg);
    const last = i === segments.length - 1;
    for (const e of entries(here)) {
      if (hidden(e.name) && !seg.startsWith(".")) continue;
      if (re.test(e.name) && (last ? !e.dir : e.dir)) walk(i + 1, [...rel, e.name]);
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
