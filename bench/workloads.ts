/**
 * Single workloads, run in a child process by the benchmark (for sizes that may run for a long
 * time, so that they can be stopped) and by hand under the profiler. Prints one JSON line per
 * finished stage: {"stage": "...", "ms": ...} (and a {"stage": "start"} line as each compile run begins).
 *
 *   node --import tsx bench/workloads.ts compile <decls> one|files [--emit] [--runs N]
 *   node --import tsx bench/workloads.ts parse <decls>
 *   node --expose-gc --import tsx bench/workloads.ts floor <decls> [--runs N]
 *   node --import tsx bench/workloads.ts flagship-edit [--runs N]
 *
 * Profile one:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/workloads.ts compile 3000 one --emit
 *   node --import tsx bench/profile.ts /tmp/prof/*.cpuprofile
 */
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { join } from "node:path";
import { EMITTERS } from "../src/emit/registry.js";
import { compile } from "../src/program.js";
import { parseSource } from "../src/syntax/parse.js";
import { clearProcessCaches, Memo } from "../src/util/memo.js";
import { defaultBanner } from "../src/build/build.js";
import { corpus, policyFiles, policyOneFile, yamlText } from "./corpus.js";
import { withVersion } from "../test/helpers.js";
import { lexOnly, recognize } from "./lib/floor.js";
import { now, timeMediansInTurns } from "./lib/measure.js";

const report = (stage: string, ms: number, extra: Record<string, unknown> = {}) => process.stdout.write(JSON.stringify({ stage, ms, ...extra }) + "\n");

/** An in-memory host over `files` (paths relative to `dir`). */
export function memoryHost(dir: string, files: ReadonlyMap<string, string>) {
  return { readFile: (abs: string) => (abs.startsWith(dir + "/") ? files.get(abs.slice(dir.length + 1)) : undefined) };
}

export const VDIR = "/virtual-bench";

/**
 * Compiles (and emits) a corpus; returns per-stage times. The emitters' process-wide caches are
 * emptied first, so that each call does all the work a one-off build does: a warm-up call warms
 * the JIT, not the caches (a cached consent validator made `emit:consent` ~45 ms -> ~0.5 ms).
 */
export function compileCorpus(files: ReadonlyMap<string, string>, root: string, emit: boolean, onStage?: (stage: string, ms: number) => void): { stages: Record<string, number>; errors: number } {
  const stages: Record<string, number> = {};
  const mark = (s: string, ms: number) => {
    stages[s] = ms;
    onStage?.(s, ms);
  };
  clearProcessCaches();
  let t = now();
  const r = compile(`${VDIR}/${root}`, { cwd: VDIR, host: memoryHost(VDIR, files) });
  mark("compile", now() - t);
  const errors = r.diagnostics.filter((d) => d.severity === "error").length;
  // A corpus that does not compile would be timed stopping at its errors: not what is reported.
  const firstError = r.diagnostics.find((d) => d.severity === "error");
  if (firstError) throw Object.assign(new Error(`the input has ${errors} error${errors === 1 ? "" : "s"}, the first: ${firstError.code} ${firstError.message}`), { stage: "compile" });
  if (emit && r.model) {
    for (const e of EMITTERS) {
      t = now();
      try {
        e.emit(r.model, { banner: [] });
        mark(`emit:${e.name}`, now() - t);
      } catch (err) {
        mark(`emit:${e.name}`, now() - t);
        throw Object.assign(new Error(`emitter ${e.name} threw: ${err instanceof Error ? err.message : String(err)}`), { stage: `emit:${e.name}` });
      }
    }
  }
  return { stages, errors };
}

export function corpusFiles(n: number, layout: "one" | "files"): { files: Map<string, string>; root: string } {
  const c = corpus(n);
  return layout === "one" ? { files: new Map([["big.policy", policyOneFile(c)]]), root: "big.policy" } : { files: policyFiles(c), root: "root.policy" };
}

/**
 * The flagship with a text edit: what a watcher rebuild does (recompile the edited input, emit
 * all), with the memo a watch session keeps (parsed files, rendered document sections).
 */
export function flagshipEditLoop(runs: number, onRun: (ms: number, stages: Record<string, number>) => void): void {
  const path = join(process.cwd(), "examples", "xiaomi.policy");
  const base = readFileSync(path, "utf8");
  const memo = new Memo();
  const banner = defaultBanner("examples/xiaomi.policy");
  for (let i = 0; i < runs; i++) {
    // a real edit: the version line changes on every save (the flagship states none; the first
    // save writes one)
    const text = withVersion(base, `1.0.${i}`);
    const stages: Record<string, number> = {};
    const t0 = now();
    const r = compile("examples/xiaomi.policy", { cwd: process.cwd(), rootText: text, memo });
    stages["compile"] = now() - t0;
    if (!r.model) throw new Error("the flagship does not compile");
    for (const e of EMITTERS) {
      const t = now();
      e.emit(r.model, { banner, memo });
      stages[`emit:${e.name}`] = now() - t;
    }
    memo.sweep(); // as the watcher does after each build
    onRun(now() - t0, stages);
  }
}

if (/[\\/]workloads\.(ts|mjs)$/.test(process.argv[1] ?? "")) {
  const [what, ...args] = process.argv.slice(2);
  const runsAt = args.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 1;
  if (what === "compile") {
    const n = Number(args[0]);
    const layout = args[1] === "files" ? "files" : "one";
    let t = now();
    const { files, root } = corpusFiles(n, layout);
    report("generate", now() - t, { files: files.size, bytes: [...files.values()].reduce((a, s) => a + Buffer.byteLength(s), 0) });
    for (let i = 0; i < runs; i++) {
      report("start", 0, { run: i }); // so that a run stopped by the cap can be timed from its start
      t = now();
      try {
        const { errors } = compileCorpus(files, root, args.includes("--emit"), (s, ms) => report(s, ms, { run: i }));
        report("total", now() - t, { run: i, errors });
      } catch (e) {
        report("crash", now() - t, { run: i, error: e instanceof Error ? e.message.split("\n")[0] : String(e), at: (e as { stage?: string }).stage ?? null });
        process.exitCode = 2;
        break;
      }
    }
  } else if (what === "parse") {
    const text = policyOneFile(corpus(Number(args[0])));
    for (let i = 0; i < runs; i++) {
      const t = now();
      parseSource("big.policy", text);
      report("parse", now() - t, { run: i });
    }
  } else if (what === "floor") {
    // chevrotain's floor (lib/floor.ts), in turns with js-yaml on the same declarations, in a
    // process of its own: measuring it changes the parser for the rest of the process
    const c = corpus(Number(args[0]));
    const text = policyOneFile(c);
    const yaml = yamlText(c);
    const timed = timeMediansInTurns(
      { lex: () => lexOnly("big.policy", text), floor: () => recognize("big.policy", text), yaml: () => load(yaml) },
      runs,
      Number(args[0]) >= 100_000 ? 0 : 1,
    );
    for (const [stage, { all }] of Object.entries(timed)) all.forEach((ms, run) => report(stage, ms, { run }));
  } else if (what === "flagship-edit") {
    flagshipEditLoop(runs, (ms, stages) => report("rebuild", ms, stages));
  } else {
    console.error("usage: workloads.ts compile <decls> one|files [--emit] [--runs N] | parse <decls> | floor <decls> [--runs N] | flagship-edit [--runs N]");
    process.exitCode = 1;
  }
}
