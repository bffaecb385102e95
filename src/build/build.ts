/**
 * `policyc build`: compile every input of the configuration, run the emitters on each model, and
 * write all outputs at once (write.ts), or compare them with what is on disk (`--check`).
 *
 * Pipeline position: after the whole compiler (program.ts) and the emitters (emit/registry.ts);
 * the last stage, the only one that writes files. Nothing is written when any policy has an
 * error, when an emitter reports one, or when there are more warnings than allowed.
 *
 * Layout: `<outDir>/<input file name without .policy>/<emitted path>`. The build owns `outDir`:
 * it is replaced as a whole, so files the build no longer produces disappear.
 */
import { pushAll } from "../util/arrays.js";
import { basename, dirname, isAbsolute, join, resolve, sep } from "node:path";
import { createDiagnostic, dedupeDiagnostics, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { exitCodeFor } from "../diagnostics/formats/index.js";
import { EMITTERS } from "../emit/registry.js";
import { locateEmitted, type EmitOptions, type Emitter } from "../emit/types.js";
import { applySeverities, compile } from "../program.js";
import type { Host } from "../semantics/loader.js";
import { wholeFile } from "../syntax/ast.js";
import { CONFIG_FILE, configProblems, templatesDirOf, type BuildConfig } from "./config.js";
import { KEPT_FILE } from "./kept.js";
import { listTree, nodeFs, type BuildFs } from "./fs.js";
import { inputFiles } from "./glob.js";
import { interruptedSwap, ReadOnlyOutputs, recoverOutDir, writeTreeAtomically } from "./write.js";
import type { Memo } from "../util/memo.js";
import { shownPath } from "../util/shown-path.js";
import { shellWord } from "../util/shell-word.js";
import { writeErrorReason } from "../util/read-error.js";
import { fileInTheWay } from "../util/make-dirs.js";

export interface BuildOptions {
  readonly config: BuildConfig;
  /** Paths in diagnostics and messages are relative to this folder (default: the configuration's). */
  readonly cwd?: string;
  /** File operations of the write (tests replace them to inject failures). */
  readonly fs?: BuildFs;
  /** How policies are read (default: from disk). */
  readonly host?: Host;
  /** Fail (and write nothing) when there are more warnings than this. */
  readonly maxWarnings?: number;
  /** The emitters to choose from (default: the registry). */
  readonly emitters?: readonly Emitter[];
  /**
   * Results of an earlier plan to take as they are, by input, instead of compiling again (the
   * watcher passes those whose dependencies did not change). Same configuration only.
   */
  readonly reuse?: ReadonlyMap<string, InputResult>;
  /**
   * What one session (the watcher's) keeps between builds, one memo per input: parsed files,
   * document sections and their rendered text. An input taken from `reuse` does not use its memo.
   */
  readonly memoFor?: (input: string) => Memo;
}

/** Everything one input contributed to a plan. */
export interface InputResult {
  readonly build: InputBuild;
  /** Its outputs' contents, by path relative to `outDir`. */
  readonly files: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
}

export interface InputBuild {
  /** The input as the configuration names it: relative to the configuration's folder, `/`-separated. */
  readonly input: string;
  /** The folder of its outputs, relative to `outDir`. */
  readonly outDir: string;
  /** Its outputs, relative to `outDir`. */
  readonly files: readonly string[];
  /** Absolute paths of every file the compilation read (the input and its imports), and of the imports it could not find. */
  readonly dependencies: readonly string[];
}

export interface BuildPlan {
  readonly config: BuildConfig;
  /** Absolute path of the output folder. */
  readonly outDir: string;
  /** Every output, by path relative to `outDir` (`xiaomi/policy.md`). */
  readonly files: ReadonlyMap<string, string>;
  readonly inputs: readonly InputBuild[];
  /** What each input contributed, by input, for a later plan to reuse. */
  readonly byInput: ReadonlyMap<string, InputResult>;
  readonly diagnostics: readonly Diagnostic[];
  /** Texts of the files read, by the names used in the diagnostics' spans. */
  readonly sources: ReadonlyMap<string, string>;
  /** The configuration or the inputs are unusable: a misuse of the tool (exit 2) rather than a problem in a policy. */
  readonly toolFailure: boolean;
}

export type BuildStatus =
  /** The outputs were written. */
  | "written"
  /** The outputs on disk were already exactly what the build produces: nothing was touched. */
  | "unchanged"
  /** There were errors (or too many warnings): nothing was written. */
  | "failed"
  /** `--check`: nothing was written, the outputs on disk match. */
  | "up-to-date"
  /** `--check`: nothing was written, some outputs on disk differ. */
  | "stale";

export interface BuildResult extends BuildPlan {
  readonly status: BuildStatus;
  /** 0 success, 1 problems in the policies or stale outputs, 2 a misuse or failure of the tool. */
  readonly exitCode: 0 | 1 | 2;
  /** Leftovers of an interrupted build that were removed first. */
  readonly cleaned: readonly string[];
  /** (`--check`) Files in the output folder that policyc did not write, relative to it. */
  readonly foreign?: readonly string[];
}

/** Whether `child` is `parent` or inside it (absolute paths). */
export function within(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/** The lines every emitted file starts with, in the comment syntax of its format. */
function bannerFor(input: string, config: BuildConfig): string[] {
  // The command that makes these files again, from the configuration's folder: what the
  // configuration holds is read again by a plain `build`; `--with-sources` or `--templates` given
  // on the command line over it are named, so that they are not lost.
  const templates = templatesDirOf(config);
  const extra = [
    config.path !== null && basename(config.path) !== CONFIG_FILE ? ` --config ${shellWord(basename(config.path))}` : "",
    templates !== undefined && (config.fromCommandLine?.templates ?? config.path === null) ? ` --templates ${shellWord(shownPath(templates, config.root))}` : "",
    config.withSources && (config.fromCommandLine?.withSources ?? config.path === null) ? " --with-sources" : "",
  ].join("");
  return defaultBanner(input, extra);
}

/** How every banner starts, by which a build knows a file one wrote (`notOursReason`). */
const BANNER_START = "Generated by policyc from ";
/** A banner that opens a file, in a comment of its format or as it is. */
const BANNER_FIRST = new RegExp(`^(?:<!DOCTYPE html>\\n)?(?:// |# |/\\* ?|<!--[ \\n])?${BANNER_START}`);

/** The banner of a file built from `input` with the default configuration file (plus `extra` options). */
export function defaultBanner(input: string, extra = ""): string[] {
  return [`${BANNER_START}${input}. Do not edit.`, `Regenerate with: npx policyc build${extra}`];
}

function toolError(code: string, args: Record<string, string>): Diagnostic {
  return createDiagnostic(code, args, undefined);
}

/** The folder of an input's outputs under outDir: its file name without `.policy`. */
function outputFolderOf(input: string): string {
  return basename(input).replace(/\.policy$/, "");
}

export function planBuild(options: BuildOptions): BuildPlan {
  const config = options.config;
  const cwd = options.cwd ?? config.root;
  const outDir = resolve(config.root, config.outDir);
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const files = new Map<string, string>();
  const inputs: InputBuild[] = [];
  const byInput = new Map<string, InputResult>();
  const failed = (): BuildPlan => ({ config, outDir, files: new Map(), inputs, byInput, diagnostics: sortDiagnostics(diagnostics), sources, toolFailure: true });

  // The inputs, each once, in a stable order.
  const { files: found, unmatched } = inputFiles(config.inputs, config.root);
  pushAll(diagnostics, configProblems(config, cwd, unmatched));
  const byFolder = new Map<string, string>();
  for (const input of found) {
    const folder = outputFolderOf(input);
    // `...policy` would write into `outDir/..`, over the project's own files; `package.json.policy`
    // into a folder named as the output folder's own package.json, which every build keeps
    if (folder === "" || folder === "." || folder === ".." || folder === KEPT_FILE) {
      diagnostics.push(toolError("PC9011", { input: `\`${input}\``, folder: folder === "" ? "empty" : `\`${folder}\`` }));
      continue;
    }
    const other = byFolder.get(folder);
    if (other !== undefined) {
      diagnostics.push(toolError("PC9005", { first: `\`${other}\``, second: `\`${input}\``, dir: `\`${shownPath(join(outDir, folder), cwd)}/\`` }));
    } else byFolder.set(folder, input);
  }

  // The build replaces outDir as a whole: it must hold nothing but outputs.
  const templatesDir = templatesDirOf(config);
  const unsafe =
    within(config.root, outDir)
      ? "it contains the project (the folder of the configuration)"
      : config.path !== null && within(config.path, outDir)
        ? "it contains the configuration file"
        : found.some((i) => within(resolve(config.root, i), outDir))
          ? "it contains an input"
          : templatesDir !== undefined && (within(templatesDir, outDir) || within(outDir, templatesDir))
            ? "it overlaps the templates folder"
            : undefined;
  // a file where one of its folders must go (`outDir: "notes/generated"`, `notes` a file): said
  // as such, not as the write's "something of that name already exists"
  const blocker = unsafe === undefined ? fileInTheWay(dirname(outDir)) : undefined;
  const refused = unsafe ?? (blocker !== undefined ? `\`${shownPath(blocker, cwd)}\` is a file, not a folder` : undefined);
  if (refused) diagnostics.push(toolError("PC9006", { dir: `\`${shownPath(outDir, cwd)}\``, reason: refused }));
  if (diagnostics.length > 0) return failed();

  const wanted = config.emitters;
  const available = options.emitters ?? EMITTERS;
  const emitters = wanted ? available.filter((e) => wanted.includes(e.name)) : available;
  const rules = config.rules ?? {};

  for (const input of found) {
    const earlier = options.reuse?.get(input);
    if (earlier) {
      for (const [name, text] of earlier.sources) sources.set(name, text);
      for (const [rel, content] of earlier.files) files.set(rel, content);
      pushAll(diagnostics, earlier.diagnostics);
      inputs.push(earlier.build);
      byInput.set(input, earlier);
      continue;
    }
    const own: Diagnostic[] = [];
    const ownFiles = new Map<string, string>();
    const abs = resolve(config.root, input);
    const memo = options.memoFor?.(input);
    const result = compile(abs, {
      cwd,
      ...(options.host ? { host: options.host } : {}),
      ...(config.profiles ? { profiles: config.profiles } : {}),
      severities: rules,
      ...(memo ? { memo } : {}),
    });
    const ownSources = new Map(result.sources);
    pushAll(own, result.diagnostics);
    // what the input read, and the imports it could not: their creation must rebuild it
    const dependencies = [...result.paths, ...result.missingImports];
    const folder = outputFolderOf(input);
    const produced: string[] = [];
    if (result.model && !hasErrors(result.diagnostics)) {
      const emitOptions: EmitOptions = {
        banner: bannerFor(input, config),
        cwd,
        ...(templatesDir ? { templatesDir } : {}),
        ...(config.languages ? { languages: config.languages } : {}),
        ...(config.withSources ? { withSources: true } : {}),
        ...(memo ? { memo } : {}),
      };
      for (const emitter of emitters) {
        const emitted = emitter.emit(result.model, emitOptions);
        for (const [name, text] of emitted.sources ?? []) if (!ownSources.has(name)) ownSources.set(name, text);
        pushAll(own, applySeverities(locateEmitted(emitted.diagnostics, result.sources, result.rootName ?? input), rules));
        for (const file of emitted.files) {
          if (isAbsolute(file.path) || file.path.split("/").some((s) => s === ".." || s === "")) {
            throw new Error(`internal: emitter ${emitter.name} produced the path ${JSON.stringify(file.path)}`);
          }
          const rel = `${folder}/${file.path}`;
          if (files.has(rel)) throw new Error(`internal: two emitters produced ${rel}`);
          files.set(rel, file.content);
          ownFiles.set(rel, file.content);
          produced.push(rel);
        }
      }
    }
    for (const [name, text] of ownSources) sources.set(name, text);
    const build: InputBuild = { input, outDir: folder, files: produced, dependencies };
    inputs.push(build);
    pushAll(diagnostics, own);
    byInput.set(input, { build, files: ownFiles, diagnostics: own, sources: ownSources });
  }
  return { config, outDir, files, inputs, byInput, diagnostics: sortDiagnostics(dedupeDiagnostics(diagnostics)), sources, toolFailure: false };
}

/** How the output folder on disk differs from the plan: missing, stale and extra files. */
type OutputProblem =
  | "is missing"
  | "is out of date"
  | "is out of date, and policyc did not write it"
  | "is not produced by the build"
  | "is not produced by the build, and policyc did not write it";

function compareOutputs(plan: BuildPlan, fs: BuildFs = nodeFs): { path: string; problem: OutputProblem }[] {
  const onDisk = listTree(fs, plan.outDir);
  const out: { path: string; problem: OutputProblem }[] = [];
  for (const [rel, content] of plan.files) {
    const text = fs.readText(join(plan.outDir, ...rel.split("/")));
    if (text === undefined) out.push({ path: rel, problem: "is missing" });
    else if (text !== content) {
      // a file of the user's in the build's place: build refuses to replace it (PC9006)
      out.push({ path: rel, problem: writtenByPolicyc(fs, plan.outDir, rel) ? "is out of date" : "is out of date, and policyc did not write it" });
    }
  }
  for (const rel of onDisk) {
    if (plan.files.has(rel)) continue;
    out.push({ path: rel, problem: writtenByPolicyc(fs, plan.outDir, rel) ? "is not produced by the build" : "is not produced by the build, and policyc did not write it" });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface RunBuildOptions extends BuildOptions {
  /** Compare with the outputs on disk instead of writing. */
  readonly check?: boolean;
  /**
   * The outputs the previous build of this session left in `outDir` (the watcher's). When this
   * build's differ from them, what is on disk cannot be this build's (short of a hand edit to
   * exactly these contents, which rewriting leaves as it is), so the build writes without
   * reading every output back first.
   */
  readonly previousFiles?: ReadonlyMap<string, string>;
}

/** Do two sets of outputs differ in any path or content? */
function differ(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return true;
  for (const [path, content] of a) if (b.get(path) !== content) return true;
  return false;
}

/**
 * What marks a file as one a build wrote: the banner every output starts with, where the output's
 * format puts it (a file that only mentions the words, such as notes about the build, is not
 * one), or, for the model's JSON (whose format leaves no room for one), its schema.
 */
function carriesMark(head: string): boolean {
  // the first line, as it is or in a comment of the format (TypeScript and JavaScript `//`,
  // Markdown `<!--`, HTML the same after its doctype; `#` and `/*` for emitters of other formats)
  if (BANNER_FIRST.test(head)) return true;
  // JSON: the model's schema first (model/build.ts), or a schema's `$comment` among its first members
  if (head.startsWith('{\n  "$schema": "https://policyc.dev/schema/policy-model-')) return true;
  const lines = head.split("\n", 5);
  return lines[0] === "{" && lines.slice(1).some((l) => l.startsWith(`  "$comment": "${BANNER_START}`));
}
/** Files that file managers and placeholders leave in any folder: a build may remove them. */
const DISPOSABLE = new Set([".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep", ".keep"]);
/** How much of a file is read for that mark (it comes first, after at most a long schema `$id`). */
const HEAD_BYTES = 16 * 1024;

/**
 * Why the build must not replace `outDir`, judged on the disk: it is a file, or it holds files
 * that no build wrote (a build replaces the whole folder, so they would be deleted or
 * overwritten), at a path this build produces or not. Files an earlier build wrote and this one
 * no longer produces are the build's to remove.
 */
function notOursReason(
  fs: BuildFs,
  plan: BuildPlan,
  writing: boolean,
  previous?: ReadonlyMap<string, string>,
): { reason: string; foreign?: readonly string[]; help?: string } | undefined {
  // a link to a folder: the swap would put a folder where the link was, and the folder it names
  // would keep the old outputs (a dangling link is no folder either)
  const link = fs.linkTarget?.(plan.outDir);
  if (link !== undefined) return { reason: `it is a symbolic link (to \`${link}\`), which a build would replace with a folder`, help: `set \`outDir\` to the folder the link points to` };
  if (!fs.exists(plan.outDir)) return undefined;
  if (!fs.isDirectory(plan.outDir)) return { reason: "it is a file, not a folder" };
  if (!writing) return undefined; // `--check` names such files itself (PC9003)
  // Every file on disk, at a path the build produces or not, must carry the mark, except those
  // the previous build of a watch session wrote.
  // the kept package.json only when it is one (a regular file, read): a link or a pipe so named is not
  const kept = (rel: string) => rel === KEPT_FILE && plan.files.has(KEPT_FILE);
  const foreign = listTree(fs, plan.outDir).filter((rel) => !kept(rel) && !previous?.has(rel) && !writtenByPolicyc(fs, plan.outDir, rel));
  if (foreign.length === 0) return undefined;
  const more = foreign.length > 1 ? ` (and ${foreign.length - 1} more)` : "";
  return { reason: `it holds \`${foreign[0]}\`${more}, which policyc did not write, and a build replaces the whole folder`, foreign };
}

/**
 * Whether a file in the output folder is a build's to replace or remove: it carries the mark
 * every output starts with, or file managers leave it in any folder. Only the head of a regular
 * file is read: a pipe, a device or a link is never a build's, and a build never reads through one.
 */
function writtenByPolicyc(fs: BuildFs, outDir: string, rel: string): boolean {
  if (DISPOSABLE.has(rel.slice(rel.lastIndexOf("/") + 1))) return true;
  const head = fs.readHead(join(outDir, ...rel.split("/")), HEAD_BYTES);
  return head !== undefined && carriesMark(head);
}

/** The text of the output folder's own `package.json` (a regular file), if it has one. */
function keptFile(fs: BuildFs, outDir: string): string | undefined {
  if (!fs.isDirectory(outDir)) return undefined;
  const path = join(outDir, KEPT_FILE);
  return fs.readHead(path, 1) === undefined ? undefined : fs.readText(path);
}

/** Plans the build, then writes it atomically (or, with `check`, compares it with the disk). */
export function runBuild(options: RunBuildOptions): BuildResult {
  const fs = options.fs ?? nodeFs;
  const planned = planBuild(options);
  const kept = planned.toolFailure ? undefined : keptFile(fs, planned.outDir);
  const plan = kept === undefined ? planned : { ...planned, files: new Map([...planned.files, [KEPT_FILE, kept]]) };
  const cwd = options.cwd ?? plan.config.root;
  if (plan.toolFailure) return { ...plan, status: "failed", exitCode: 2, cleaned: [] };
  const verdict = exitCodeFor(plan.diagnostics, options.maxWarnings);
  if (verdict !== 0) return { ...plan, status: "failed", exitCode: 1, cleaned: [] };
  const notOurs = notOursReason(fs, plan, !options.check, options.previousFiles);
  if (notOurs !== undefined) {
    const dir = `\`${shownPath(plan.outDir, cwd)}\``;
    // files of the user's in a folder of the build's: they are what to move, not the folder
    const help = notOurs.foreign ? `move what policyc did not write out of ${dir} (the build would remove it), or set \`outDir\` to another folder` : notOurs.help;
    const refusal = createDiagnostic("PC9006", { dir, reason: notOurs.reason }, undefined, help ? { help } : {});
    return { ...plan, diagnostics: [...plan.diagnostics, refusal], status: "failed", exitCode: 2, cleaned: [] };
  }

  if (options.check) {
    const differences = compareOutputs(plan, fs);
    const foreign = differences.filter((d) => d.problem.endsWith("did not write it")).map((d) => d.path);
    // the command the banners name (with the options given over the configuration), from its folder
    const command = bannerFor("", plan.config)[1]!.replace(/^Regenerate with: /, "");
    const from = plan.config.root !== resolve(cwd) ? ` in \`${shownPath(plan.config.root, cwd)}\`` : "";
    // killed between its two renames, a build left the previous outputs aside: the next one puts them back
    const rebuild = interruptedSwap(fs, plan.outDir)
      ? { help: `a build was interrupted while it replaced the outputs: \`${command}\`${from} puts the previous ones back or writes new ones` }
      : { help: `run \`${command}\`${from} and commit the result` };
    const stale = differences.map((d) =>
      createDiagnostic(
        "PC9003",
        { path: `\`${shownPath(join(plan.outDir, d.path), cwd)}\``, problem: d.problem },
        // the file as a whole: a CI annotation lands on it
        wholeFile(shownPath(join(plan.outDir, d.path), cwd)),
        // a build refuses to replace a folder that holds a file of the user's (PC9006)
        foreign.includes(d.path) ? { help: `move it out of \`${shownPath(plan.outDir, cwd)}\`: \`policyc build\` will not remove a file it did not write` } : rebuild,
      ),
    );
    return {
      ...plan,
      diagnostics: [...plan.diagnostics, ...stale],
      status: stale.length > 0 ? "stale" : "up-to-date",
      exitCode: stale.length > 0 ? 1 : 0,
      cleaned: [],
      foreign,
    };
  }

  let cleaned: string[] = [];
  try {
    cleaned = recoverOutDir(fs, plan.outDir);
    const changed = options.previousFiles !== undefined && differ(plan.files, options.previousFiles);
    if (!changed && compareOutputs(plan, fs).length === 0) return { ...plan, status: "unchanged", exitCode: 0, cleaned };
    writeTreeAtomically(fs, plan.outDir, plan.files);
  } catch (error) {
    const reason = error instanceof ReadOnlyOutputs ? error.reason((path) => shownPath(path, cwd)) : writeErrorReason(error, (path) => shownPath(path, cwd));
    const failure = toolError("PC9007", { dir: `\`${shownPath(plan.outDir, cwd)}\``, reason });
    return { ...plan, diagnostics: [...plan.diagnostics, failure], status: "failed", exitCode: 2, cleaned };
  }
  return { ...plan, status: "written", exitCode: 0, cleaned };
}

/** Absolute paths whose change affects the build: configuration, inputs, imports and templates. */
export function watchedPaths(plan: BuildPlan): { files: string[]; dirs: string[] } {
  const files = new Set<string>();
  if (plan.config.path) files.add(plan.config.path);
  for (const input of plan.inputs) for (const d of input.dependencies) files.add(d);
  const dirs = new Set<string>();
  const templates = templatesDirOf(plan.config);
  if (templates !== undefined) dirs.add(templates);
  return { files: [...files].sort(), dirs: [...dirs].sort() };
}

