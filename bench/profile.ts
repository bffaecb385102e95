/**
 * CPU profiles with source lines. tsx runs each module as one line of JavaScript, so a profile
 * taken under tsx names functions but not lines; `run` therefore bundles bench/workloads.ts with
 * esbuild (source map alongside, in bench/.prof/), profiles the bundle and maps every frame back
 * to `src/...ts:line`. Self time and total (inclusive) time per function, in percent of the
 * profile; recursion is counted once per stack for total time.
 *
 *   node --import tsx bench/profile.ts run compile 3000 one --emit     # profile a workload
 *   node --import tsx bench/profile.ts run --script <file.mjs> [args]   # profile a bundled entry
 *   node --import tsx bench/profile.ts cli check examples/xiaomi.policy # the bundled CLI, cold
 *   node --import tsx bench/profile.ts <file.cpuprofile>... [--top 25] [--filter src/]
 *
 * `--under <text>` keeps only the samples with a frame whose label contains the text (what a
 * function's time is made of, percentages still of the whole profile); `--from <seconds>` drops
 * the samples of the profile's first seconds (a warm-up).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleCli } from "../scripts/bundle.js";
import { readSourceMap, type SourceMap } from "./lib/sourcemap.js";

const BENCH = dirname(fileURLToPath(import.meta.url));
export const PROF_DIR = join(BENCH, ".prof");

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  readonly fn: string;
  readonly selfPct: number;
  readonly totalPct: number;
  readonly selfMs: number;
  readonly totalMs: number;
}

const maps = new Map<string, SourceMap | null>();
function mapFor(file: string): SourceMap | null {
  if (!maps.has(file)) maps.set(file, existsSync(file + ".map") ? readSourceMap(file + ".map") : null);
  return maps.get(file)!;
}

function label(n: Node, root: string): string {
  const f = n.callFrame as Node["callFrame"] & { columnNumber?: number };
  let url = f.url.replace(/^file:\/\//, "");
  let line = f.lineNumber;
  const m = url.startsWith("/") ? mapFor(url) : null;
  if (m) {
    const hit = m.lookup(f.lineNumber, f.columnNumber ?? 0);
    if (hit) {
      url = hit.file;
      line = hit.line;
    }
  }
  if (url.startsWith("/")) url = relative(root, url);
  const name = f.functionName || "(anonymous)";
  return url ? `${url}:${line + 1} ${name}` : name;
}

/** Bundles `entry` (with its source map) into bench/.prof and returns the bundle's path. */
export async function bundle(entry: string, name: string): Promise<string> {
  const esbuild = await import("esbuild");
  mkdirSync(PROF_DIR, { recursive: true });
  const outfile = join(PROF_DIR, `${name}.mjs`);
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "external",
    logLevel: "error",
  });
  return outfile;
}

/** Runs `node --cpu-prof script args` and returns the largest profile written. */
export function profileRun(script: string, args: readonly string[], nodeArgs: readonly string[] = []): string {
  const dir = join(PROF_DIR, `run-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, ...nodeArgs, script, ...args], { stdio: ["ignore", "inherit", "inherit"] });
  if (r.error) throw r.error;
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).map((f) => join(dir, f));
  if (files.length === 0) throw new Error("no profile was written");
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
}

export interface SummaryOptions {
  /** Only samples with a frame whose label contains this. */
  readonly under?: string;
  /** Samples from this many seconds into the profile on. */
  readonly fromMs?: number;
}

export function printSummary(file: string, top: number, filter = "", options: SummaryOptions = {}): void {
  const { totalMs, lines } = summarize(file, process.cwd(), options);
  const keep = (l: ProfileLine) => !filter || l.fn.includes(filter);
  console.log(`\n${file}: ${(totalMs / 1000).toFixed(2)} s sampled`);
  console.log("\nby self time:");
  for (const l of lines.filter(keep).sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) console.log(`  ${l.selfPct.toFixed(1).padStart(5)}% self ${l.totalPct.toFixed(1).padStart(5)}% total  ${l.fn}`);
  console.log("\nby total time:");
  for (const l of lines.filter(keep).sort((a, b) => b.totalMs - a.totalMs).slice(0, top)) console.log(`  ${l.totalPct.toFixed(1).padStart(5)}% total ${l.selfPct.toFixed(1).padStart(5)}% self  ${l.fn}`);
}

export function summarize(path: string, root = process.cwd(), options: SummaryOptions = {}): { totalMs: number; lines: ProfileLine[] } {
  const p = JSON.parse(readFileSync(path, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // time per sample: the delta to the next sample
  const selfUs = new Map<number, number>();
  let at = 0;
  let allUs = 0;
  for (let i = 0; i < p.samples.length; i++) {
    at += p.timeDeltas[i] ?? 0;
    const dt = p.timeDeltas[i + 1] ?? 0;
    if (options.fromMs !== undefined && at < options.fromMs * 1000) continue;
    allUs += dt;
    selfUs.set(p.samples[i]!, (selfUs.get(p.samples[i]!) ?? 0) + dt);
  }
  const totalUs = allUs || 1;
  if (options.under !== undefined) {
    const under = options.under;
    const inside = (id: number): boolean => {
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) if (label(byId.get(cur)!, root).includes(under)) return true;
      return false;
    };
    for (const id of [...selfUs.keys()]) if (!inside(id)) selfUs.delete(id);
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const key = label(n, root);
    self.set(key, (self.get(key) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(byId.get(cur)!, root);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
  }
  const lines = [...total.keys()].map((fn) => ({
    fn,
    selfMs: (self.get(fn) ?? 0) / 1000,
    totalMs: total.get(fn)! / 1000,
    selfPct: (100 * (self.get(fn) ?? 0)) / totalUs,
    totalPct: (100 * total.get(fn)!) / totalUs,
  }));
  return { totalMs: totalUs / 1000, lines };
}

if (/[\\/]profile\.(ts|mjs)$/.test(process.argv[1] ?? "")) {
  const args = process.argv.slice(2);
  const opt = (name: string) => (args.includes(name) ? args.splice(args.indexOf(name), 2)[1] : undefined);
  const top = Number(opt("--top") ?? 30);
  const filter = opt("--filter") ?? "";
  const under = opt("--under");
  const from = opt("--from");
  const summary: SummaryOptions = { ...(under !== undefined ? { under } : {}), ...(from !== undefined ? { fromMs: Number(from) * 1000 } : {}) };
  if (args[0] === "cli") {
    // the CLI bundled as `npm run build` does (scripts/bundle.ts), but readable and with a source map
    const outdir = join(PROF_DIR, "cli-prof");
    const launcher = await bundleCli(outdir, { readable: true });
    // one run first, which makes the launcher's code cache (as after the first run of an install)
    spawnSync(process.execPath, [launcher, ...args.slice(1)], { stdio: "ignore" });
    printSummary(profileRun(launcher, args.slice(1), ["--cpu-prof-interval", "100"]), top, filter, summary);
  } else if (args[0] === "run") {
    const script = opt("--script");
    const entry = script ?? join(BENCH, "workloads.ts");
    const bundled = entry.endsWith(".mjs") ? entry : await bundle(entry, "workloads");
    printSummary(profileRun(bundled, args.slice(1)), top, filter, summary);
  } else {
    for (const file of args) printSummary(file, top, filter, summary);
  }
}
