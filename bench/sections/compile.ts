/**
 * Section 3: compile throughput on generated policies of 1k, 10k and 100k declarations, as one
 * file and as many files: parse alone (`parseSource`), and the full compile with every emitter
 * (`compile` + `EMITTERS`), against js-yaml `load` and `JSON.parse` of the same declarations.
 *
 * Parse, YAML and JSON run in this process (medians of 3 or more runs after a warm-up); beside
 * them, chevrotain's floor under parse alone (`lib/floor.ts`) runs in a child process. Full
 * compiles run in child processes (bench/workloads.ts) that are stopped after `capMs`: a size
 * that takes longer is reported as capped, with how far it got, and larger sizes are not run.
 */
import { load } from "js-yaml";
import { cellBases } from "../../src/semantics/table.js";
import { parseSource } from "../../src/syntax/parse.js";
import { runWorkload, type ChildRun, type StageLine } from "../lib/child.js";
import { median, timeMediansInTurns } from "../lib/measure.js";
import { fmtMs } from "../lib/report.js";
import { corpus, jsonText, policyFiles, policyOneFile, yamlText } from "../corpus.js";

export interface Rate {
  readonly ms: number;
  readonly declsPerSec: number;
  readonly mbPerSec: number;
  readonly runs: number;
}

export interface FullCompile {
  readonly status: "ok" | "capped" | "crashed" | "not run";
  /** Median total (compile + every emitter), when every stage finished. */
  readonly ms: number | null;
  readonly declsPerSec: number | null;
  readonly mbPerSec: number | null;
  /** Median time per stage that finished (compile, emit:model, emit:document, ...). */
  readonly stages: Readonly<Record<string, number>>;
  /** For capped and crashed runs: the time until then (a lower bound of the total). */
  readonly atLeastMs: number | null;
  readonly runs: number;
  readonly note: string | null;
}

export interface SizeResult {
  readonly decls: number;
  readonly policyBytes: number;
  readonly files: number;
  readonly yamlBytes: number;
  readonly jsonBytes: number;
  readonly parseOne: Rate;
  readonly parseFiles: Rate;
  readonly yaml: Rate;
  readonly json: Rate;
  readonly fullOne: FullCompile;
  readonly fullFiles: FullCompile;
  /** chevrotain's floor under parse alone (one file), from a process of its own; null if it failed. */
  readonly floor: Floor | null;
}

/**
 * chevrotain's lexer alone, and its lexer plus recognizer building nothing (`lib/floor.ts`), in
 * turns with js-yaml on the same declarations, in a child process: the fastest any parser on
 * chevrotain could be, against js-yaml measured alongside it.
 */
export interface Floor {
  readonly lex: Rate;
  readonly recognize: Rate;
  readonly yaml: Rate;
  /** recognize decls/s over js-yaml decls/s, both from the child. */
  readonly vsYaml: number;
}

export interface GrowthResult {
  readonly label: string;
  readonly from: string;
  readonly to: string;
  readonly inputRatio: number;
  /** Time ratio; a lower bound when `lowerBound` (the larger size was capped or crashed). */
  readonly timeRatio: number | null;
  readonly lowerBound: boolean;
  readonly fromMs: number | null;
  readonly toMs: number | null;
  readonly note: string | null;
}

export interface CompileSectionResult {
  readonly capMs: number;
  readonly sizes: readonly SizeResult[];
  readonly growth: { readonly filesTenX: GrowthResult; readonly oneFile10to100KB: GrowthResult; readonly parseOneFile: GrowthResult; readonly parseFilesTenX: GrowthResult };
  /** A full compile between the sizes: does every emitter cope (the guards emitter once did not)? */
  readonly probe: { readonly decls: number; readonly cells: number; readonly full: FullCompile } | null;
  readonly oneFileKB: { readonly small: { decls: number; bytes: number; full: FullCompile }; readonly large: { decls: number; bytes: number; full: FullCompile } };
}

const rate = (decls: number, bytes: number, ms: number, runs: number): Rate => ({ ms, declsPerSec: decls / (ms / 1000), mbPerSec: bytes / 1e6 / (ms / 1000), runs });

/** Largest number of declarations whose one-file text is at most `bytes`. */
function declsForBytes(bytes: number): number {
  let lo = 26;
  let hi = 2000;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (Buffer.byteLength(policyOneFile(corpus(mid))) <= bytes) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function fullFrom(run: ChildRun, decls: number, bytes: number, warmupRuns: number, capMs: number): FullCompile {
  const totals = run.lines.filter((l) => l.stage === "total" && (l.run ?? 0) >= warmupRuns);
  const crash = run.lines.find((l) => l.stage === "crash");
  const stageNames = [...new Set(run.lines.filter((l) => l.run !== undefined && !["start", "total", "crash"].includes(l.stage)).map((l) => l.stage))];
  const lastStart = run.lines.filter((l) => l.stage === "start").at(-1);
  // Stages come from the timed runs, or, when a run did not finish, from that run alone (a
  // finished warm-up would otherwise fill in the stages the stopped run never reached).
  const unfinished = crash?.run ?? (totals.length === 0 ? lastStart?.run : undefined);
  const counted = (l: StageLine) => (unfinished !== undefined ? l.run === unfinished : (l.run ?? 0) >= warmupRuns);
  const stages: Record<string, number> = {};
  for (const s of stageNames) {
    const xs = run.lines.filter((l) => l.stage === s && counted(l)).map((l) => l.ms);
    if (xs.length) stages[s] = median(xs);
  }
  if (crash) {
    return {
      status: "crashed",
      ms: null,
      declsPerSec: null,
      mbPerSec: null,
      stages,
      atLeastMs: crash.ms,
      runs: 1,
      note: `${String(crash["at"] ?? "a stage")} threw: ${String(crash["error"]).replace(/^emitter \w+ threw: /, "")}`,
    };
  }
  if (totals.length === 0) {
    // The run that did not finish has taken at least the time from its start (as the parent read
    // it) to the kill, and at least the sum of its finished stages.
    const finished = lastStart === undefined ? [] : run.lines.filter((l) => l.run === lastStart.run && stageNames.includes(l.stage));
    const sofar = finished.reduce((a, l) => a + l.ms, 0);
    const elapsed = lastStart?.atMs !== undefined ? Math.max(sofar, run.wallMs - lastStart.atMs) : null;
    return {
      status: run.timedOut ? "capped" : "crashed",
      ms: null,
      declsPerSec: null,
      mbPerSec: null,
      stages,
      atLeastMs: elapsed,
      runs: 1,
      note: run.timedOut
        ? `stopped after ${fmtMs(capMs)} (cap)${lastStart === undefined ? " before its first compile began" : finished.length ? `; finished: ${finished.map((l) => l.stage).join(", ")}` : "; `compile` itself had not finished"}`
        : `exited with ${run.code}: ${run.stderr.split("\n").find((l) => /Error/.test(l)) ?? run.stderr.slice(0, 200)}`,
    };
  }
  // Timed runs that finished are reported even if the cap stopped a later one.
  const note = run.timedOut ? `the cap stopped the run after ${totals.length} timed compile${totals.length === 1 ? "" : "s"}` : null;
  return { status: "ok", ...rate(decls, bytes, median(totals.map((l) => l.ms)), totals.length), stages, atLeastMs: null, note };
}

const notRun = (note: string): FullCompile => ({ status: "not run", ms: null, declsPerSec: null, mbPerSec: null, stages: {}, atLeastMs: null, runs: 0, note });

function growth(label: string, from: string, to: string, inputRatio: number, a: number | null, b: number | null, bLowerBound: boolean, note: string | null = null): GrowthResult {
  return {
    label,
    from,
    to,
    inputRatio,
    timeRatio: a !== null && b !== null ? b / a : null,
    lowerBound: bLowerBound,
    fromMs: a,
    toMs: b,
    note,
  };
}

const fullMs = (f: FullCompile): { ms: number | null; lower: boolean } => (f.status === "ok" ? { ms: f.ms, lower: false } : { ms: f.atLeastMs, lower: true });

export async function benchCompile(options: {
  sizes: readonly number[];
  /** Declarations of the extra full-compile probe (one file), or 0 for none. */
  probe: number;
  capMs: number;
  cwd: string;
  log: (line: string) => void;
}): Promise<CompileSectionResult> {
  const { log, capMs, cwd } = options;
  const workload = (args: string[], cap = capMs) => runWorkload(["--import", "tsx", "bench/workloads.ts", ...args], cap, cwd);
  const sizes: SizeResult[] = [];
  let stopFull: string | null = null;
  for (const n of options.sizes) {
    const c = corpus(n);
    const one = policyOneFile(c);
    const files = policyFiles(c);
    const y = yamlText(c);
    const j = jsonText(c);
    const bytes = Buffer.byteLength(one);
    const filesBytes = [...files.values()].reduce((a, s) => a + Buffer.byteLength(s), 0);
    const runs = n >= 100_000 ? 3 : n >= 10_000 ? 5 : 9;
    const warm = n >= 100_000 ? 0 : 1;
    log(`  ${n} declarations: parse, YAML, JSON (${runs} runs each)`);
    const fileList = [...files.entries()];
    // Timing a parse that reports errors would time error recovery: the corpus must be clean.
    for (const [path, text] of [["big.policy", one] as const, ...fileList]) {
      const bad = parseSource(path, text).diagnostics[0];
      if (bad) throw new Error(`the ${n}-declaration corpus does not parse: ${path}: ${bad.code} ${bad.message}`);
    }
    const timed = timeMediansInTurns(
      {
        parseOne: () => parseSource("big.policy", one),
        parseFiles: () => {
          for (const [path, text] of fileList) parseSource(path, text);
        },
        yaml: () => load(y),
        json: () => JSON.parse(j),
      },
      runs,
      warm,
    );
    const parseOne = timed.parseOne.ms;
    const parseFiles = timed.parseFiles.ms;
    const yaml = timed.yaml.ms;
    const json = timed.json.ms;

    let fullOne: FullCompile;
    let fullFiles: FullCompile;
    if (stopFull) {
      fullOne = notRun(stopFull);
      fullFiles = notRun(stopFull);
    } else {
      // Every size that is timed more than once gets the same warm-up run, so that the growth
      // ratios compare warm with warm (a cold 10k against a warm 1k charged the 10k with JIT
      // warm-up and the first compile of the fixed-size consent schema).
      const fullRuns = n >= 100_000 ? 1 : n >= 10_000 ? 3 : 4;
      const warmup = fullRuns > 1 ? 1 : 0;
      log(`  ${n} declarations: full compile, one file (child process, ${fullRuns} run${fullRuns > 1 ? "s, first is warm-up" : ""}, cap ${(capMs / 1000).toFixed(0)} s)`);
      fullOne = fullFrom(await workload(["compile", String(n), "one", "--emit", "--runs", String(fullRuns)]), n, bytes, warmup, capMs);
      log(`  ${n} declarations: full compile, ${files.size} files`);
      fullFiles = fullFrom(await workload(["compile", String(n), "files", "--emit", "--runs", String(fullRuns)]), n, filesBytes, warmup, capMs);
      if (fullOne.status !== "ok" && fullFiles.status !== "ok") {
        stopFull = `not run: ${n} declarations already ${fullOne.status === "capped" ? `took more than the ${(capMs / 1000).toFixed(0)} s cap` : "failed"} (one file: ${fullOne.status}, many files: ${fullFiles.status})`;
      }
    }
    log(`  ${n} declarations: chevrotain's floor (lexer, recognizer without a tree) against js-yaml (child process, ${runs} runs each)`);
    const floorRun = await runWorkload(["--expose-gc", "--import", "tsx", "bench/workloads.ts", "floor", String(n), "--runs", String(runs)], capMs, cwd);
    const floorOf = (stage: string, size: number) => {
      const xs = floorRun.lines.filter((l) => l.stage === stage).map((l) => l.ms);
      return xs.length === runs ? rate(n, size, median(xs), runs) : null;
    };
    const [fLex, fRec, fYaml] = [floorOf("lex", bytes), floorOf("floor", bytes), floorOf("yaml", Buffer.byteLength(y))];
    const floor = fLex && fRec && fYaml ? { lex: fLex, recognize: fRec, yaml: fYaml, vsYaml: fRec.declsPerSec / fYaml.declsPerSec } : null;
    if (!floor) log(`  (the floor did not finish: ${floorRun.timedOut ? "capped" : floorRun.stderr.split("\n").find((l) => /Error/.test(l)) ?? `exit ${floorRun.code}`})`);
    sizes.push({
      decls: n,
      policyBytes: bytes,
      files: files.size,
      yamlBytes: Buffer.byteLength(y),
      jsonBytes: Buffer.byteLength(j),
      parseOne: rate(n, bytes, parseOne, runs),
      parseFiles: rate(n, filesBytes, parseFiles, runs),
      yaml: rate(n, Buffer.byteLength(y), yaml, runs),
      json: rate(n, Buffer.byteLength(j), json, runs),
      fullOne,
      fullFiles,
      floor,
    });
  }

  // one file, 10 KB -> 100 KB
  const smallN = declsForBytes(10 * 1024);
  const largeN = declsForBytes(100 * 1024);
  log(`  one file of 10 KB (${smallN} declarations) and 100 KB (${largeN}): full compile (child process, 8 runs after a warm-up)`);
  const smallBytes = Buffer.byteLength(policyOneFile(corpus(smallN)));
  const largeBytes = Buffer.byteLength(policyOneFile(corpus(largeN)));
  const smallFull = fullFrom(await workload(["compile", String(smallN), "one", "--emit", "--runs", "9"]), smallN, smallBytes, 1, capMs);
  const largeFull = fullFrom(await workload(["compile", String(largeN), "one", "--emit", "--runs", "9"]), largeN, largeBytes, 1, capMs);

  let probe: CompileSectionResult["probe"] = null;
  if (options.probe > 0) {
    const n = options.probe;
    const c = corpus(n);
    const leaves = c.decls.filter((d) => d.kind === "category" && d.id.includes(".")).length;
    log(`  probe: full compile of ${n} declarations, one file (${leaves} leaf categories)`);
    const full = fullFrom(await workload(["compile", String(n), "one", "--emit"]), n, Buffer.byteLength(policyOneFile(c)), 0, capMs);
    // 10 leaf purposes and 8 leaf recipients (the corpus's core): the table's layout
    probe = { decls: n, cells: cellBases(leaves, 10, 8).at(-1)!, full };
  }

  const at = (n: number) => sizes.find((s) => s.decls === n);
  const s1 = at(1000);
  const s10 = at(10_000);
  const f1 = s1 ? fullMs(s1.fullFiles) : { ms: null, lower: false };
  const f10 = s10 ? fullMs(s10.fullFiles) : { ms: null, lower: false };
  const ks = fullMs(smallFull);
  const kl = fullMs(largeFull);
  const s100 = at(100_000);
  return {
    capMs,
    sizes,
    growth: {
      filesTenX: growth(
        "10x input in 10x files (full compile)",
        s1 ? `1k declarations in ${s1.files} files` : "1k",
        s10 ? `10k declarations in ${s10.files} files` : "10k",
        10,
        f1.ms,
        f10.ms,
        f10.lower,
        s10 && s10.fullFiles.status !== "ok" ? `10k: ${s10.fullFiles.status}${s10.fullFiles.note ? ` (${s10.fullFiles.note})` : ""}` : null,
      ),
      oneFile10to100KB: growth("one file 10 KB -> 100 KB (full compile)", `${(smallBytes / 1024).toFixed(1)} KB, ${smallN} declarations`, `${(largeBytes / 1024).toFixed(1)} KB, ${largeN} declarations`, largeBytes / smallBytes, ks.ms, kl.ms, kl.lower),
      parseOneFile: growth("parse alone, one file 10k -> 100k declarations", "10k", "100k", 10, s10?.parseOne.ms ?? null, s100?.parseOne.ms ?? null, false),
      parseFilesTenX: growth("parse alone, 10x input in 10x files", s1 ? `1k in ${s1.files} files` : "1k", s10 ? `10k in ${s10.files} files` : "10k", 10, s1?.parseFiles.ms ?? null, s10?.parseFiles.ms ?? null, false),
    },
    probe,
    oneFileKB: { small: { decls: smallN, bytes: smallBytes, full: smallFull }, large: { decls: largeN, bytes: largeBytes, full: largeFull } },
  };
}
