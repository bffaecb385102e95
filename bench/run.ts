/**
 * The policyc benchmark: `npm run bench` (node --expose-gc --import tsx bench/run.ts).
 * Prints the tables and the targets, writes bench/results.json and refreshes the figures in
 * bench/README.md. Not part of `npm test`. See bench/README.md.
 *
 * Options: --quick (fewer rounds, sizes 1k and 10k, cap 20 s), --cap <seconds> (full-compile
 * cap, default 180), --only decisions,scaling,compile,latency, --no-readme.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, type as osType, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanupGuards } from "./engines/guards.js";
import { fmtMs, fmtNum, fmtRatio, markdownTable, textTable, type Table } from "./lib/report.js";
import { benchCompile, type CompileSectionResult, type FullCompile } from "./sections/compile.js";
import { benchDecisions, compilePolicy, type DecisionsResult } from "./sections/decisions.js";
import { benchLatency, type LatencyResult } from "./sections/latency.js";
import { benchScaling, measureAllocation, type AllocationResult, type ScalingResult } from "./sections/scaling.js";
import { syntheticPolicy } from "./synthetic.js";
import { VDIR } from "./workloads.js";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, "..");

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const capAt = args.indexOf("--cap");
const capMs = (capAt >= 0 ? Number(args[capAt + 1]) : quick ? 20 : 180) * 1000;
const onlyAt = args.indexOf("--only");
const only = new Set(onlyAt >= 0 ? args[onlyAt + 1]!.split(",") : ["decisions", "scaling", "compile", "latency"]);
// Only a full run (every section, full rounds and sizes) rewrites the README's figures.
const writeReadme = !args.includes("--no-readme") && only.size === 4 && !quick;

const started = Date.now();
const loadAtStart = loadavg();
const log = (s: string) => process.stderr.write(`${s}\n`);
if (!(globalThis as { gc?: unknown }).gc) log("warning: run with --expose-gc (npm run bench does) for the allocation figures");
if (loadAtStart[0]! > 0.7) log(`warning: the machine is busy (load average ${loadAtStart[0]!.toFixed(2)}): absolute figures will be noisy; ratios are measured in turns`);

interface Target {
  readonly id: string;
  readonly description: string;
  readonly figure: number | null;
  readonly unit: string;
  readonly threshold: string;
  readonly met: boolean;
  readonly note: string | null;
}

const tables: Table[] = [];
const targets: Target[] = [];
const results: Record<string, unknown> = {};

function machine() {
  let model = cpus()[0]?.model ?? "unknown";
  try {
    const m = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) model = m[1]!.trim();
  } catch {
    /* not Linux */
  }
  return { nproc: cpus().length, cpu: model, node: process.version, os: `${osType()} ${release()}`, memoryGB: Math.round(totalmem() / 2 ** 30) };
}

// ---- 1 + 2: decisions ----------------------------------------------------------------------------
let decisions: DecisionsResult[] = [];
let scaling: ScalingResult | undefined;
let allocation: AllocationResult[] = [];
if (only.has("decisions") || only.has("scaling")) {
  const virtual = (key: string, text: string) =>
    compilePolicy(key, key, `${VDIR}/${key}.policy`, { cwd: VDIR, rootText: text, host: { readFile: () => undefined } });
  log("compiling the policies under test");
  const synthetic = virtual("synthetic", syntheticPolicy({ categories: 20, rules: 40 }));
  const synthetic10 = virtual("synthetic-10x", syntheticPolicy({ categories: 200, rules: 400 }));
  const flagship = compilePolicy("xiaomi", "flagship (examples/xiaomi.policy)", "examples/xiaomi.policy", { cwd: ROOT });
  const rounds = quick ? 5 : 7;
  if (only.has("decisions")) {
    for (const p of [synthetic, flagship]) {
      log(`decisions: ${p.key} (agreement check, then ${rounds} rounds per engine, in turns)`);
      const { result, guards, sample } = await benchDecisions(p, { requests: 400, rounds, targetMs: quick ? 60 : 120, slowTargetMs: quick ? 100 : 200, log });
      decisions.push(result);
      if (p.key === "xiaomi" && only.has("scaling")) {
        log("allocation: 1e6 decisions per mode, heap measured around them");
        allocation = [await measureAllocation(guards, sample, "prepared", 1_000_000), await measureAllocation(guards, sample, "raw", 1_000_000)];
      }
    }
  }
  if (only.has("scaling")) {
    log(`scaling: guards of ${synthetic.counts.categories} vs ${synthetic10.counts.categories} categories (${synthetic.counts.rules} vs ${synthetic10.counts.rules} rules)`);
    scaling = await benchScaling(synthetic, synthetic10, { requests: 400, rounds, targetMs: quick ? 60 : 120 });
  }
  cleanupGuards();
  results["decisions"] = decisions;
  results["scaling"] = scaling;
  results["allocation"] = allocation;
}

for (const d of decisions) {
  tables.push({
    title: `Decisions per second: ${d.title}: ${d.counts.categories} categories x ${d.counts.purposes} purposes x ${d.counts.recipients} recipients, ${d.counts.rules} model rules (${d.counts.nodes} with exceptions), ${d.flatRules} flat rules; sample ${d.sample.requests} requests x ${d.sample.contexts} consent states (${(d.sample.allowedShare * 100).toFixed(0)}% allowed)`,
    head: ["engine", "encoding", "agrees", "decisions/s", "ns/decision", "guards (prepared) / engine"],
    right: [3, 4, 5],
    rows: d.engines.map((e) => [
      e.engine,
      e.info,
      e.agrees ? "yes" : "NO",
      e.decisionsPerSec ? fmtNum(e.decisionsPerSec) : "not reported",
      e.decisionsPerSec ? (1e9 / e.decisionsPerSec).toFixed(0) : "",
      fmtRatio(d.ratios[e.engine]),
    ]),
    notes: [
      `the sample's power: of the ${d.samplePower.rules} flat rules, ${d.samplePower.matter} decide some answer alone in the whole domain under the sample's consent states (the others are covered by another rule of the same effect, or decide only under facts no consent state produces); dropping any one of those changes an answer to the sample's own queries for ${d.samplePower.caught} of them`,
      ...d.engines.filter((e) => e.excluded).map((e) => `${e.engine} not reported: ${e.excluded}`),
    ],
  });
}
if (decisions.length) {
  for (const [engine, need, id] of [
    ["casbin", 1000, "guard-vs-casbin"],
    ["@cedar-policy/cedar-wasm", 100, "guard-vs-cedar"],
    ["@casl/ability", 3, "guard-vs-casl"],
  ] as const) {
    const per = decisions.map((d) => ({ policy: d.policy, ratio: d.ratios[engine] ?? null }));
    const known = per.filter((p) => p.ratio !== null);
    const worst = known.length ? Math.min(...known.map((p) => p.ratio!)) : null;
    targets.push({
      id,
      description: `guard decisions/s >= ${need}x ${engine} (prepared context; every policy)`,
      figure: worst,
      unit: "x",
      threshold: `>= ${need}x`,
      met: known.length === per.length && worst !== null && worst >= need,
      note: per.map((p) => `${p.policy} ${fmtRatio(p.ratio)}`).join(", ") + (known.length < per.length ? " (an engine was not reported)" : ""),
    });
  }
}
if (scaling) {
  tables.push({
    title: "Scaling: guard decision time when the policy grows 10x (same run, in turns)",
    head: ["policy", "categories", "rules", "decisions/s", "ns/decision"],
    right: [1, 2, 3, 4],
    rows: [scaling.small, scaling.large].map((s) => [s.policy, String(s.categories), String(s.rules), fmtNum(s.decisionsPerSec), s.nsPerDecision.toFixed(1)]),
    notes: [`slowdown (large / small time per decision): ${fmtRatio(scaling.slowdown)} with prepared contexts, ${fmtRatio(scaling.rawSlowdown)} with raw contexts`],
  });
  targets.push({
    id: "decision-flat",
    description: "decision time flat when the policy grows 10x (prepared context)",
    figure: scaling.slowdown,
    unit: "x",
    threshold: "<= 1.5x",
    met: scaling.slowdown <= 1.5,
    note: `raw context: ${fmtRatio(scaling.rawSlowdown)}`,
  });
}
if (allocation.length) {
  tables.push({
    title: "Allocation: heap growth over 1e6 guard decisions (flagship, optimized code, no GC in between)",
    head: ["call", "decisions", "heap growth", "bytes/decision", "GCs during loop"],
    right: [1, 2, 3, 4],
    rows: allocation.map((a) => [a.mode, fmtNum(a.decisions), `${(a.heapGrowthBytes / 1024).toFixed(1)} KiB`, a.bytesPerDecision.toFixed(3), String(a.gcs)]),
  });
  const worst = Math.max(...allocation.map((a) => a.bytesPerDecision));
  const anyGc = allocation.some((a) => a.gcs > 0);
  targets.push({
    id: "no-allocation",
    description: "the guard allocates nothing per call (1e6 decisions, prepared and raw contexts)",
    figure: worst,
    unit: "bytes/decision",
    threshold: "< 0.05 bytes/decision and no GC",
    met: worst < 0.05 && !anyGc,
    note: allocation.map((a) => `${a.mode}: ${a.bytesPerDecision.toFixed(3)} B/decision, ${a.gcs} GCs`).join("; "),
  });
}

// ---- 3: compile throughput -----------------------------------------------------------------------
let compileResult: CompileSectionResult | undefined;
if (only.has("compile")) {
  log(`compile throughput (full compiles capped at ${capMs / 1000} s)`);
  compileResult = await benchCompile({ sizes: quick ? [1000, 10_000] : [1000, 10_000, 100_000], probe: 1500, capMs, cwd: ROOT, log });
  results["compile"] = compileResult;
}
const fullCell = (f: FullCompile): string =>
  f.status === "ok" ? `${fmtNum(f.declsPerSec)} decl/s, ${f.mbPerSec!.toFixed(2)} MB/s (${fmtMs(f.ms)})` : f.status === "not run" ? "not run" : `${f.status} after ${fmtMs(f.atLeastMs)}`;
if (compileResult) {
  const c = compileResult;
  tables.push({
    title: "Compile throughput (declarations/s and MB/s of each format's own text; medians)",
    head: ["decls", "policy KB", "files", "parse, one file", "parse, many files", "js-yaml load", "JSON.parse", "full compile, one file", "full compile, many files"],
    right: [0, 1, 2],
    rows: c.sizes.map((s) => [
      fmtNum(s.decls),
      (s.policyBytes / 1024).toFixed(0),
      String(s.files),
      `${fmtNum(s.parseOne.declsPerSec)}/s, ${s.parseOne.mbPerSec.toFixed(2)} MB/s`,
      `${fmtNum(s.parseFiles.declsPerSec)}/s, ${s.parseFiles.mbPerSec.toFixed(2)} MB/s`,
      `${fmtNum(s.yaml.declsPerSec)}/s, ${s.yaml.mbPerSec.toFixed(2)} MB/s`,
      `${fmtNum(s.json.declsPerSec)}/s, ${s.json.mbPerSec.toFixed(1)} MB/s`,
      fullCell(s.fullOne),
      fullCell(s.fullFiles),
    ]),
    notes: c.sizes.flatMap((s) =>
      [
        ["one file", s.fullOne],
        ["many files", s.fullFiles],
      ]
        .filter(([, f]) => (f as FullCompile).note)
        .map(([k, f]) => `${fmtNum(s.decls)} ${k as string}: ${(f as FullCompile).note}`),
    ),
  });
  const floors = c.sizes.filter((s) => s.floor);
  if (floors.length) {
    tables.push({
      title: "Parse alone against chevrotain's floor (one file; the floor and its js-yaml in a process of their own, in turns)",
      head: ["decls", "chevrotain lexer", "lexer + recognizer, no tree (floor)", "js-yaml load (same process)", "floor / js-yaml", "parse alone / js-yaml"],
      right: [0, 4, 5],
      rows: floors.map((s) => {
        const f = s.floor!;
        return [
          fmtNum(s.decls),
          `${fmtNum(f.lex.declsPerSec)}/s (${fmtMs(f.lex.ms)})`,
          `${fmtNum(f.recognize.declsPerSec)}/s (${fmtMs(f.recognize.ms)})`,
          `${fmtNum(f.yaml.declsPerSec)}/s (${fmtMs(f.yaml.ms)})`,
          fmtRatio(f.vsYaml),
          fmtRatio(s.parseOne.declsPerSec / s.yaml.declsPerSec),
        ];
      }),
      notes: [
        "the floor is the project's grammar run by chevrotain with its tree building switched off: no concrete tree, no AST, so no parser on chevrotain can be faster",
        ...c.sizes.filter((s) => !s.floor).map((s) => `${fmtNum(s.decls)}: the floor did not finish`),
      ],
    });
  }
  const stageRows: string[][] = [];
  const addStages = (label: string, f: FullCompile) => {
    if (f.status === "not run") return;
    const names = ["compile", "emit:model", "emit:document", "emit:consent", "emit:guards"];
    // the first stage that did not finish shows how long it had run
    const firstMissing = names.findIndex((k) => f.stages[k] === undefined);
    const sofar = Object.values(f.stages).reduce((a, b) => a + b, 0);
    stageRows.push([
      label,
      f.status,
      ...names.map((k, i) => (f.stages[k] !== undefined ? fmtMs(f.stages[k]) + (f.status === "crashed" && i === names.length - 1 - [...names].reverse().findIndex((n) => f.stages[n] !== undefined) ? " (threw)" : "") : i === firstMissing && f.atLeastMs ? `> ${fmtMs(f.atLeastMs - sofar)}` : "")),
    ]);
  };
  for (const s of c.sizes) {
    addStages(`${fmtNum(s.decls)}, one file`, s.fullOne);
    addStages(`${fmtNum(s.decls)}, ${s.files} files`, s.fullFiles);
  }
  if (c.probe) addStages(`${fmtNum(c.probe.decls)}, one file (probe, ${fmtNum(c.probe.cells)} table cells)`, c.probe.full);
  addStages(`${(c.oneFileKB.small.bytes / 1024).toFixed(1)} KB file (${c.oneFileKB.small.decls} decls)`, c.oneFileKB.small.full);
  addStages(`${(c.oneFileKB.large.bytes / 1024).toFixed(1)} KB file (${c.oneFileKB.large.decls} decls)`, c.oneFileKB.large.full);
  tables.push({
    title: "Full compile by stage (medians; capped and crashed runs show the stages that finished)",
    head: ["input", "status", "compile", "emit:model", "emit:document", "emit:consent", "emit:guards"],
    right: [2, 3, 4, 5, 6],
    rows: stageRows,
    notes: c.probe && c.probe.full.status !== "ok" ? [`probe of ${c.probe.decls} declarations: ${c.probe.full.status}${c.probe.full.note ? `: ${c.probe.full.note}` : ""}`] : [],
  });
  const g = c.growth;
  tables.push({
    title: "Growth",
    head: ["what", "from", "to", "input", "time"],
    right: [3, 4],
    rows: [g.filesTenX, g.oneFile10to100KB, g.parseFilesTenX, g.parseOneFile].map((x) => [x.label, `${x.from} (${fmtMs(x.fromMs)})`, `${x.to} (${x.lowerBound ? "> " : ""}${fmtMs(x.toMs)})`, fmtRatio(x.inputRatio), fmtRatio(x.timeRatio, x.lowerBound)]),
    notes: [g.filesTenX.note, g.oneFile10to100KB.note].filter((n): n is string => !!n),
  });
  const s10 = c.sizes.find((s) => s.decls === 10_000);
  if (s10) {
    const full = s10.fullOne;
    const fullRate = full.status === "ok" ? full.declsPerSec : full.atLeastMs ? s10.decls / (full.atLeastMs / 1000) : null;
    targets.push({
      id: "compile-vs-yaml",
      description: "full compile (every emitter) of 10k declarations, one file: decls/s >= js-yaml load of the same as YAML",
      figure: fullRate !== null ? fullRate / s10.yaml.declsPerSec : null,
      unit: "x js-yaml",
      threshold: ">= 1x",
      met: full.status === "ok" && full.declsPerSec! >= s10.yaml.declsPerSec,
      note: `${full.status === "ok" ? "" : `${full.status}: at most `}${fmtNum(fullRate)} decl/s vs js-yaml ${fmtNum(s10.yaml.declsPerSec)} decl/s${full.note ? ` (${full.note})` : ""}`,
    });
    targets.push({
      id: "parse-vs-yaml",
      description: "parse alone of 10k declarations, one file: decls/s >= 2x js-yaml",
      figure: s10.parseOne.declsPerSec / s10.yaml.declsPerSec,
      unit: "x js-yaml",
      threshold: ">= 2x",
      met: s10.parseOne.declsPerSec >= 2 * s10.yaml.declsPerSec,
      note: `${fmtNum(s10.parseOne.declsPerSec)} decl/s vs js-yaml ${fmtNum(s10.yaml.declsPerSec)} decl/s (JSON.parse ${fmtNum(s10.json.declsPerSec)} decl/s)${s10.floor ? `; chevrotain's floor (lexer + recognizer, building nothing): ${fmtRatio(s10.floor.vsYaml)} js-yaml` : ""}`,
    });
  }
  targets.push({
    id: "files-10x",
    description: "10x input in 10x files: full compile time",
    figure: g.filesTenX.timeRatio,
    unit: "x time",
    threshold: "<= 11x",
    met: !g.filesTenX.lowerBound && g.filesTenX.timeRatio !== null && g.filesTenX.timeRatio <= 11,
    note: `${g.filesTenX.from} -> ${g.filesTenX.to}${g.filesTenX.lowerBound ? " (lower bound: the larger run did not finish)" : ""}${g.filesTenX.note ? `; ${g.filesTenX.note}` : ""}`,
  });
  targets.push({
    id: "one-file-10x",
    description: "one file 10 KB -> 100 KB: full compile time",
    figure: g.oneFile10to100KB.timeRatio,
    unit: "x time",
    threshold: "<= 12x",
    met: !g.oneFile10to100KB.lowerBound && g.oneFile10to100KB.timeRatio !== null && g.oneFile10to100KB.timeRatio <= 12,
    note: `${g.oneFile10to100KB.from} -> ${g.oneFile10to100KB.to}: ${fmtMs(g.oneFile10to100KB.fromMs)} -> ${fmtMs(g.oneFile10to100KB.toMs)}`,
  });
}

// ---- 4: latency ------------------------------------------------------------------------------------
let latency: LatencyResult | undefined;
if (only.has("latency")) {
  log("latency");
  latency = await benchLatency({ root: ROOT, runs: quick ? 5 : 9, edits: quick ? 6 : 12, inProcessRuns: quick ? 10 : 20, log });
  results["latency"] = latency;
  tables.push({
    title: "Cold start: a new process each time, medians, in turns with `node -e 0`",
    head: ["command", "", "time", "vs node -e 0"],
    right: [2, 3],
    rows: [["node -e 0", "", fmtMs(latency.nodeBaselineMs), "1.00x"], ...latency.cold.map((c) => [c.label, c.command, c.works ? fmtMs(c.ms) : "fails", c.works ? fmtRatio(c.ratio) : ""])],
    notes: latency.cold.filter((c) => c.note).map((c) => `${c.label}: ${c.note}`),
  });
  const w = latency.watch;
  tables.push({
    title: "Rebuild of the flagship after an edit",
    head: ["what", "time"],
    right: [1],
    rows: [
      ["policyc build --watch: the watcher's own `built in N ms` (every edit)", w.available ? fmtMs(w.reportedMs) : "n/a"],
      ["  first 3 edits", w.available ? fmtMs(w.firstEditsMs) : "n/a"],
      ["  last half of the edits (optimized code)", w.available ? fmtMs(w.steadyMs) : "n/a"],
      ["policyc build --watch: from the write to that line (file events + 50 ms debounce + build)", w.available ? fmtMs(w.endToEndMs) : "n/a"],
      ["in process: compile + every emitter on the edited text (what the watcher does)", fmtMs(w.inProcessMs)],
      ...Object.entries(w.inProcessStages).map(([k, v]) => [`  of which ${k}`, fmtMs(v)]),
    ],
    notes: [w.available ? `${w.edits} edits (the version line changes), one every ~0.3 s; each: ${w.allReportedMs.map((x) => x.toFixed(0)).join(", ")} ms` : (w.note ?? "")].filter(Boolean),
  });
  const judged = latency.cold.find((c) => c.label === latency!.judged);
  targets.push({
    id: "cold-check",
    description: "cold `policyc check examples/xiaomi.policy` vs `node -e 0`",
    figure: judged?.ratio ?? null,
    unit: "x node -e 0",
    threshold: "<= 3x",
    met: judged?.ratio !== null && judged?.ratio !== undefined && judged.ratio <= 3,
    note: `judged on: ${latency.judged}; ${latency.cold.map((c) => `${c.label}: ${c.works ? fmtRatio(c.ratio) : "fails"}`).join("; ")}`,
  });
  const watchFigure = w.available ? w.reportedMs : w.inProcessMs;
  targets.push({
    id: "watch-rebuild",
    description: w.available ? "`policyc build --watch` rebuild of the flagship after an edit (the watcher's own time)" : "in-process recompile + emit of the flagship after an edit (no --watch yet)",
    figure: watchFigure,
    unit: "ms",
    threshold: "<= 50 ms",
    met: watchFigure !== null && watchFigure <= 50,
    note: w.available
      ? `median of ${w.edits} edits; steady state ${fmtMs(w.steadyMs)}; end to end (write -> rebuilt, incl. 50 ms debounce) ${fmtMs(w.endToEndMs)}; in-process compile + emit ${fmtMs(w.inProcessMs)}`
      : w.note,
  });
}

// ---- output -------------------------------------------------------------------------------------
const targetTable: Table = {
  title: "Targets",
  head: ["target", "threshold", "figure", "status"],
  right: [2],
  rows: targets.map((t) => [t.description, t.threshold, t.figure === null ? "n/a" : t.unit === "ms" ? fmtMs(t.figure) : t.unit === "bytes/decision" ? `${t.figure.toFixed(3)} B` : fmtRatio(t.figure), t.met ? "met" : "MISSED"]),
  notes: targets.filter((t) => t.note).map((t) => `${t.id}: ${t.note}`),
};
const durationS = (Date.now() - started) / 1000;
const loadAtEnd = loadavg();
const meta = { date: new Date().toISOString(), machine: machine(), durationS, quick, capMs, args, loadAverage: { start: loadAtStart.map((x) => Number(x.toFixed(2))), end: loadAtEnd.map((x) => Number(x.toFixed(2))) } };
process.stdout.write("\n" + [...tables, targetTable].map(textTable).join("\n\n") + "\n");
process.stdout.write(
  `\n${targets.filter((t) => t.met).length} of ${targets.length} targets met; ${durationS.toFixed(0)} s on ${meta.machine.nproc} x ${meta.machine.cpu}, node ${meta.machine.node}; load average ${meta.loadAverage.start[0]} -> ${meta.loadAverage.end[0]}\n`,
);

const out = { meta, targets, ...results };
writeFileSync(join(BENCH, "results.json"), JSON.stringify(out, (_k, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v), 2) + "\n");
log("wrote bench/results.json");

if (writeReadme) {
  const path = join(BENCH, "README.md");
  const readme = readFileSync(path, "utf8");
  const startMark = "<!-- results:start -->";
  const endMark = "<!-- results:end -->";
  const a = readme.indexOf(startMark);
  const b = readme.indexOf(endMark);
  if (a >= 0 && b > a) {
    const m = meta.machine;
    const block = [
      startMark,
      "",
      `Run of ${meta.date.slice(0, 16).replace("T", " ")} UTC: ${m.nproc} x ${m.cpu}, ${m.memoryGB} GB, node ${m.node}, ${m.os}; ${durationS.toFixed(0)} s${quick ? " (--quick)" : ""}; load average ${meta.loadAverage.start[0]} at the start, ${meta.loadAverage.end[0]} at the end.`,
      "",
      ...[targetTable, ...tables].map((t) => markdownTable(t) + "\n"),
      endMark,
    ].join("\n");
    writeFileSync(path, readme.slice(0, a) + block + readme.slice(b + endMark.length));
    log("refreshed the figures in bench/README.md");
  }
}
