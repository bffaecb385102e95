/**
 * Section 4: latency a user feels.
 *
 * - Cold `policyc check examples/xiaomi.policy` (a new process each time) vs bare `node -e 0`,
 *   in turns: through bin/policyc.js as it is (it runs dist/policyc.cjs when `npm run build`
 *   has made it, else the sources through tsx), and through the bundle `npm run build` makes
 *   (dist/ when it exists; otherwise `bundleCli` of scripts/bundle.ts into bench/.prof/cli/, so
 *   that dist/ is left alone): its launcher, which keeps V8's code cache, and the bundle alone.
 * - A `policyc build --watch` rebuild of the flagship after an edit: the watcher's own "built in
 *   N ms" and the time from the write to that line; and, always, an in-process recompile + every
 *   emitter after a text edit (what the watcher does), measured in this process.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { bundleCli } from "../../scripts/bundle.js";
import { timeSpawn } from "../lib/child.js";
import { median, now } from "../lib/measure.js";
import { flagshipEditLoop } from "../workloads.js";
import { withVersion } from "../../test/helpers.js";

/** What bin/policyc.js decides in a checkout: whether src/ is newer than the bundle. */
const { sourcesNewer } = createRequire(import.meta.url)("../../bin/sources-newer.js") as { sourcesNewer: (root: string) => boolean };

export interface ColdStart {
  readonly label: string;
  readonly command: string;
  readonly ms: number | null;
  readonly runs: number;
  /** Over `node -e 0`, same run. */
  readonly ratio: number | null;
  readonly works: boolean;
  readonly note: string | null;
}

export interface WatchResult {
  readonly available: boolean;
  readonly note: string | null;
  /** The watcher's own "built in N ms" after an edit (median over every edit). */
  readonly reportedMs: number | null;
  /** The same over the first 3 edits (code not yet optimized) and over the last half (steady state). */
  readonly firstEditsMs: number | null;
  readonly steadyMs: number | null;
  readonly allReportedMs: readonly number[];
  /** From writing the edited file to the watcher's line (includes file-event latency and its 50 ms debounce). */
  readonly endToEndMs: number | null;
  readonly edits: number;
  /** In-process: compile + every emitter on the edited text (what a rebuild does), median. */
  readonly inProcessMs: number;
  readonly inProcessStages: Readonly<Record<string, number>>;
  readonly inProcessRuns: number;
}

export interface LatencyResult {
  readonly nodeBaselineMs: number;
  readonly cold: readonly ColdStart[];
  /** Which cold start the target is judged on. */
  readonly judged: string;
  readonly watch: WatchResult;
}

export async function benchLatency(options: { root: string; runs: number; edits: number; inProcessRuns: number; log: (s: string) => void }): Promise<LatencyResult> {
  const { root, log } = options;
  const node = process.execPath;
  const target = "examples/xiaomi.policy";
  const dist = join(root, "dist", "policyc.cjs");
  const candidates: { label: string; args: string[] }[] = [
    {
      label: !existsSync(dist)
        ? "policyc check (bin/policyc.js -> sources through tsx; no dist/ yet)"
        : sourcesNewer(root)
          ? "policyc check (bin/policyc.js -> sources through tsx; src/ is newer than dist/)"
          : "policyc check (bin/policyc.js -> dist/policyc.cjs)",
      args: ["bin/policyc.js", "check", target],
    },
  ];
  let bundleNote: string | null = null;
  // What an installed package runs is the launcher (dist/policyc.cjs), which keeps V8's compiled
  // code between runs; the first run of each candidate below makes that cache. The bundle run
  // directly, without the launcher, shows the same start without a code cache.
  if (existsSync(dist)) {
    candidates.push({ label: "policyc check (dist/policyc.cjs directly: launcher, V8 code cache)", args: [dist, "check", target] });
    candidates.push({ label: "policyc check (dist/policyc-cli.cjs directly: no code cache)", args: [join(root, "dist", "policyc-cli.cjs"), "check", target] });
  } else {
    try {
      const b = await bundleCli(join(root, "bench", ".prof", "cli"));
      candidates.push({ label: "policyc check (bundle as `npm run build` makes it, in bench/.prof/cli: launcher, V8 code cache)", args: [b, "check", target] });
      candidates.push({ label: "policyc check (the same bundle without its launcher: no code cache)", args: [join(root, "bench", ".prof", "cli", "policyc-cli.cjs"), "check", target] });
    } catch (e) {
      bundleNote = `could not bundle src/cli/main.ts: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    }
  }
  log(`  cold starts: node -e 0 and ${candidates.length} policyc check variant(s), ${options.runs} runs each, in turns`);
  // warm the OS file cache once
  timeSpawn(node, ["-e", "0"], root);
  const first = candidates.map((c) => timeSpawn(node, c.args, root));
  const base: number[] = [];
  const times = candidates.map(() => [] as number[]);
  // The timed runs take another path than the first (they read the code cache the first made),
  // so each of them must succeed too: the first that does not is kept as the failure.
  const failed: (ReturnType<typeof timeSpawn> | undefined)[] = candidates.map(() => undefined);
  // `check` exits 0 (warnings only) on the flagship; anything else, or a stack trace, is a failure
  const ok = (r: ReturnType<typeof timeSpawn>) => r.status === 0 && !/Error \[ERR_|^\s+at /m.test(r.stderr);
  for (let i = 0; i < options.runs; i++) {
    base.push(timeSpawn(node, ["-e", "0"], root).ms);
    candidates.forEach((c, k) => {
      const r = timeSpawn(node, c.args, root);
      times[k]!.push(r.ms);
      if (!ok(r)) failed[k] ??= r;
    });
  }
  const baseMs = median(base);
  const cold: ColdStart[] = candidates.map((c, k) => {
    const r = ok(first[k]!) && failed[k] ? failed[k] : first[k]!;
    const works = ok(r);
    const ms = median(times[k]!);
    return {
      label: c.label,
      command: `node ${c.args.map((a) => a.replace(root + "/", "")).join(" ")}`,
      ms: works ? ms : null,
      runs: options.runs,
      ratio: works ? ms / baseMs : null,
      works,
      note: works ? null : `exit ${r.status}: ${(r.stderr.split("\n").find((l) => /Error/.test(l)) ?? r.stderr.slice(0, 160)).trim()}`,
    };
  });
  if (bundleNote) cold.push({ label: "policyc check (bundled)", command: "", ms: null, runs: 0, ratio: null, works: false, note: bundleNote });
  const judgedEntry = cold.find((c) => c.works && c.label.includes("launcher, V8 code cache")) ?? cold.find((c) => c.works);

  const watch = await benchWatch(root, options.edits, options.inProcessRuns, log);
  return { nodeBaselineMs: baseMs, cold, judged: judgedEntry?.label ?? "none works", watch };
}

async function benchWatch(root: string, edits: number, inProcessRuns: number, log: (s: string) => void): Promise<WatchResult> {
  // in-process: what a rebuild does, warm
  log(`  in-process recompile + every emitter of the flagship after an edit (${inProcessRuns} runs after 3 warm-ups)`);
  const runs: { ms: number; stages: Record<string, number> }[] = [];
  let k = 0;
  flagshipEditLoop(inProcessRuns + 3, (ms, stages) => {
    if (k++ >= 3) runs.push({ ms, stages });
  });
  const stageNames = Object.keys(runs[0]?.stages ?? {});
  const inProcessStages = Object.fromEntries(stageNames.map((s) => [s, median(runs.map((r) => r.stages[s]!))]));
  const inProcessMs = median(runs.map((r) => r.ms));

  const base = { inProcessMs, inProcessStages, inProcessRuns: runs.length };
  const unavailable = (note: string): WatchResult => ({ available: false, note, reportedMs: null, firstEditsMs: null, steadyMs: null, allReportedMs: [], endToEndMs: null, edits: 0, ...base });
  const help = timeSpawn(process.execPath, ["bin/policyc.js", "build", "--help"], root);
  if (help.status !== 0 || !help.stdout.includes("--watch")) {
    return unavailable(`\`policyc build --watch\` is not available (exit ${help.status}); the figure is the in-process recompile + emit`);
  }
  log(`  policyc build --watch on a copy of the flagship: ${edits} edits`);
  const dir = join(root, "bench", ".tmp", `watch-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const source = readFileSync(join(root, "examples", "xiaomi.policy"), "utf8");
  copyFileSync(join(root, "examples", "xiaomi.policy"), join(dir, "xiaomi.policy"));
  writeFileSync(join(dir, "policyc.config.json"), JSON.stringify({ inputs: ["xiaomi.policy"], outDir: "out" }, null, 2));
  const child = spawn(process.execPath, [join(root, "bin", "policyc.js"), "build", "--watch"], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  const waiters: { re: RegExp; from: number; resolve: (m: { line: string; at: number }) => void }[] = [];
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d: string) => {
    const at = now();
    stderr += d;
    for (const w of [...waiters]) {
      const m = stderr.slice(w.from).match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve({ line: m[0], at });
      }
    }
  });
  const waitFor = (re: RegExp, ms: number) =>
    new Promise<{ line: string; at: number } | null>((resolve) => {
      const from = stderr.length;
      const timer = setTimeout(() => {
        const i = waiters.findIndex((w) => w.resolve === done);
        if (i >= 0) waiters.splice(i, 1);
        resolve(null);
      }, ms);
      const done = (m: { line: string; at: number }) => {
        clearTimeout(timer);
        resolve(m);
      };
      waiters.push({ re, from, resolve: done });
    });
  const built = /built in (\d+) ms[^\n]*\n/;
  try {
    const initial = await waitFor(built, 30_000);
    if (!initial) {
      return unavailable(`the watcher printed no "built in N ms" within 30 s: ${stderr.slice(0, 300)}`);
    }
    await new Promise((r) => setTimeout(r, 300));
    const reported: number[] = [];
    const e2e: number[] = [];
    for (let i = 0; i < edits; i++) {
      const p = waitFor(built, 10_000);
      const t = now();
      writeFileSync(join(dir, "xiaomi.policy"), withVersion(source, `1.0.${i + 1}`));
      const m = await p;
      if (!m) break;
      reported.push(Number(built.exec(m.line)![1]));
      e2e.push(m.at - t);
      await new Promise((r) => setTimeout(r, 250)); // let chokidar settle between saves
    }
    if (reported.length === 0) return unavailable("the watcher did not rebuild after an edit within 10 s");
    return {
      available: true,
      note: null,
      reportedMs: median(reported),
      firstEditsMs: median(reported.slice(0, 3)),
      steadyMs: median(reported.slice(Math.floor(reported.length / 2))),
      allReportedMs: reported,
      endToEndMs: median(e2e),
      edits: reported.length,
      ...base,
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("close", r));
    rmSync(dir, { recursive: true, force: true });
  }
}
