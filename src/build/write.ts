/**
 * Writing a build's outputs all at once or not at all.
 *
 * The whole output folder is written to a temporary sibling (`.policyc-tmp-<name>-new-<pid>-<n>`),
 * each file flushed to disk, and then swapped in with two renames: the old folder aside
 * (`.policyc-tmp-<name>-old-<pid>-<n>`), the new one into place; the old one is removed last. A
 * failure before the swap removes the temporary folder and leaves the old outputs untouched; a
 * failure of the second rename puts the old folder back. A process killed at any point leaves
 * either the old or the new outputs in place, plus temporary folders that the next build removes
 * (`recoverOutDir`); killed between the two renames, it leaves no output folder but the old one
 * aside, which the next build puts back before doing anything else.
 */
import { basename, dirname, join } from "node:path";
import type { BuildFs } from "./fs.js";

const PREFIX = ".policyc-tmp-";

let counter = 0;

function tempName(outDir: string, kind: "new" | "old"): string {
  counter += 1;
  return join(dirname(outDir), `${PREFIX}${basename(outDir)}-${kind}-${process.pid}-${Date.now().toString(36)}${counter}`);
}

interface TempDir {
  readonly path: string;
  readonly kind: "new" | "old";
  readonly pid: number;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return false; // our own leftovers: builds in one process run one at a time
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Temporary folders a build of `outDir` left next to it, whose process is gone. */
function staleTemps(fs: BuildFs, outDir: string): TempDir[] {
  const parent = dirname(outDir);
  if (!fs.isDirectory(parent)) return [];
  const start = `${PREFIX}${basename(outDir)}-`;
  const out: TempDir[] = [];
  for (const e of fs.readdir(parent)) {
    if (!e.isDirectory || !e.name.startsWith(start)) continue;
    const m = /^(new|old)-(\d+)-/.exec(e.name.slice(start.length));
    if (!m) continue;
    const pid = Number(m[2]);
    if (!isAlive(pid)) out.push({ path: join(parent, e.name), kind: m[1] as "new" | "old", pid });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Whether a build of \`outDir\` was killed between its two renames: no output folder, the old one aside. */
export function interruptedSwap(fs: BuildFs, outDir: string): boolean {
  return !fs.exists(outDir) && staleTemps(fs, outDir).some((t) => t.kind === "old");
}

/**
 * Undoes what an interrupted build left: puts the previous outputs back if a build was killed
 * between its two renames, and removes temporary folders. Returns the folders removed.
 */
export function recoverOutDir(fs: BuildFs, outDir: string): string[] {
  const temps = staleTemps(fs, outDir);
  if (!fs.exists(outDir)) {
    const old = temps.filter((t) => t.kind === "old").at(-1);
    if (old) {
      fs.rename(old.path, outDir);
      fs.fsyncDir(dirname(outDir));
    }
  }
  const removed: string[] = [];
  for (const t of temps) {
    if (!fs.exists(t.path)) continue;
    fs.remove(t.path);
    removed.push(t.path);
  }
  return removed;
}

/** A folder among the previous outputs that this process cannot change (absolute paths). */
export class ReadOnlyOutputs extends Error {
  constructor(
    readonly outDir: string,
    readonly locked: string,
  ) {
    super(`${locked} is read-only`);
  }
  /** Why, with paths as the user sees them (\`shown\`: relative to the working folder). */
  reason(shown: (path: string) => string): string {
    return `\`${shown(this.locked)}\` is read-only, and a build replaces the whole folder: make it writable (\`chmod -R u+w ${shown(this.outDir)}\`) and build again`;
  }
}

/**
 * Replaces `outDir` with exactly `files` (paths relative to it, `/`-separated), atomically as
 * described above. Throws on failure, after restoring the previous state.
 */
export function writeTreeAtomically(fs: BuildFs, outDir: string, files: ReadonlyMap<string, string>): void {
  const parent = dirname(outDir);
  // the previous outputs are removed once the new ones are in place: a read-only folder among
  // them would be left behind, so it stops the build before anything changes
  const locked = fs.exists(outDir) ? fs.readOnlyDir?.(outDir) : undefined;
  if (locked !== undefined) throw new ReadOnlyOutputs(outDir, locked);
  fs.mkdirp(parent);
  const fresh = tempName(outDir, "new");
  try {
    fs.mkdirp(fresh);
    const dirs = new Set<string>([fresh]);
    for (const [rel, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      // every output stays inside the new folder, whatever the plan holds (PC9011 stops `...policy`)
      if (rel.split("/").some((part) => part === "" || part === "." || part === "..")) throw new Error(`internal: output path ${JSON.stringify(rel)} leaves the output folder`);
      const target = join(fresh, ...rel.split("/"));
      const dir = dirname(target);
      if (!dirs.has(dir)) {
        fs.mkdirp(dir);
        dirs.add(dir);
      }
      fs.writeFileDurable(target, content);
    }
    for (const dir of [...dirs].sort().reverse()) fs.fsyncDir(dir);
  } catch (error) {
    tryRemove(fs, fresh);
    throw error;
  }

  if (!fs.exists(outDir)) {
    try {
      fs.rename(fresh, outDir);
    } catch (error) {
      tryRemove(fs, fresh);
      throw error;
    }
    fs.fsyncDir(parent);
    return;
  }

  const aside = tempName(outDir, "old");
  try {
    fs.rename(outDir, aside);
  } catch (error) {
    tryRemove(fs, fresh);
    throw error;
  }
  try {
    fs.rename(fresh, outDir);
  } catch (error) {
    fs.rename(aside, outDir);
    tryRemove(fs, fresh);
    throw error;
  }
  fs.fsyncDir(parent);
  tryRemove(fs, aside);
}

function tryRemove(fs: BuildFs, path: string): void {
  try {
    fs.remove(path);
  } catch {
    // left for the next build's recoverOutDir
  }
}
