/**
 * `mkdir -p`, a folder at a time. Node's `mkdirSync(path, { recursive: true })` never returns
 * under `/proc` (it gets ENOENT back and retries forever) and reports a read-only filesystem as
 * ENOENT; creating each missing folder in turn fails at the first one that cannot be made, with
 * that folder's own error (EROFS, EACCES, ENOTDIR...).
 */
import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";

/** Creates `path` and its missing parents; returns the first folder made, or undefined when it existed. */
export function makeDirs(path: string, mode?: number): string | undefined {
  const missing: string[] = [];
  let dir = path;
  for (;;) {
    try {
      if (statSync(dir).isDirectory()) break;
      // a file where a folder must go: the path itself is EEXIST (as mkdir says it), a parent
      // makes the next mkdir fail with ENOTDIR
      if (dir === path) throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${path}'`), { code: "EEXIST" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of missing.reverse()) mkdirSync(d, mode === undefined ? {} : { mode });
  return missing[0];
}

/** The nearest existing path at or above `path` when it is not a folder (so no folder can be made there). */
export function fileInTheWay(path: string): string | undefined {
  for (let p = path; ; p = dirname(p)) {
    try {
      return statSync(p).isDirectory() ? undefined : p;
    } catch (error) {
      // Not there (or under a file): look at the parent. Anything else (no permission...) is left to mkdir.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== "ENOENT" && code !== "ENOTDIR") || dirname(p) === p) return undefined;
    }
  }
}
