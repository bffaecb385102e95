/**
 * The programmatic API of policyc: what the CLI does, as functions that return values. Nothing
 * here prints, exits or throws for a problem in a policy or a configuration: problems are
 * diagnostics in the result (`Diagnostic`, with a stable code documented in docs/diagnostics.md).
 *
 * ```ts
 * import { check, format, diff, build } from "policyc";
 * const { ok, diagnostics } = check("privacy.policy");
 * ```
 */
import { pushAll } from "./util/arrays.js";
import { resolve } from "node:path";
import { runBuild, type BuildResult } from "./build/build.js";
import { CONFIG_FILE, loadConfig, typeOf, validateConfig, type BuildConfig, type ConfigFile } from "./build/config.js";
import type { BuildFs } from "./build/fs.js";
import { packageVersion, docsUri } from "./util/package-info.js";
import { createDiagnostic, dedupeDiagnostics, hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { OUTPUT_FORMATS, renderReport, type OutputFormat } from "./diagnostics/formats/index.js";
import { diffVersions, type DiffOptions, type DiffResult } from "./diff/diff.js";
import { readVersion, VersionError, type PolicyVersion } from "./diff/source.js";
import { formatText, type FormatOptions, type FormatResult } from "./format/format.js";
import { compile as compileProgram, compileTexts, readTexts, type CompileOptions, type CompileResult } from "./program.js";
import { nodeHost } from "./semantics/loader.js";

export type { CompileOptions, CompileResult, Profile, SeveritySetting } from "./program.js";
export type { Diagnostic, Related, Severity } from "./diagnostics/diagnostic.js";
export type { Span } from "./syntax/ast.js";
export type { PolicyModel } from "./model/types.js";
export type { Emitter, EmitOptions, EmitResult, EmittedFile } from "./emit/types.js";
export type { FormatOptions, FormatResult } from "./format/format.js";
export type { DiffOptions, DiffResult, VersionSummary } from "./diff/diff.js";
export { ChangeId, CHANGE_INFO, type Change, type ChangeClass, type ChangeInfo } from "./diff/changes.js";
export { diffModels } from "./diff/compare.js";
export { renderMarkdown as renderDiffMarkdown, toJsonDiff, type JsonDiff } from "./diff/render.js";
export type { BuildResult, BuildStatus, BuildPlan, InputBuild } from "./build/build.js";
export type { BuildConfig, ConfigFile, ConfigResult } from "./build/config.js";
export type { BuildFs } from "./build/fs.js";
export { watchBuild, type WatchOptions, type WatchOutcome, type Watcher } from "./build/watch.js";
export { toJsonReport, toSarif, type JsonReport, type OutputFormat } from "./diagnostics/formats/index.js";
export { EMITTERS } from "./emit/registry.js";

/** A file given by its text instead of being read from disk. */
export interface SourceText {
  readonly path: string;
  readonly text: string;
}

export interface CheckOptions extends Pick<CompileOptions, "profiles" | "severities"> {
  /** The folder paths are relative to (default: the process's). */
  readonly cwd?: string;
}

export interface CheckResult {
  /** No error among the diagnostics (warnings allowed). */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** The text of every file read, by the name used in the diagnostics' spans. */
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * Checks policies: the whole compiler up to the emitters, each file with its imports. Files that
 * cannot be read are reported as PC9001 diagnostics.
 */
export function check(files: string | SourceText | readonly (string | SourceText)[], options: CheckOptions = {}): CheckResult {
  options ??= {};
  const problems = optionProblems(options);
  if (problems.length > 0) return { ok: false, diagnostics: problems, sources: new Map() };
  const list = Array.isArray(files) ? (files as readonly (string | SourceText)[]) : [files as string | SourceText];
  const cwd = options.cwd ?? process.cwd();
  const unreadable: Diagnostic[] = [];
  const roots: [string, string][] = [];
  for (const file of list) {
    if (typeof file !== "string") {
      if (!isSourceText(file)) {
        unreadable.push(invalidOption(`a file is a path or \`{ path, text }\` with two strings, found ${describeValue(file)}`));
        continue;
      }
      roots.push([file.path, file.text]);
      continue;
    }
    const read = readTexts([file], cwd);
    pushAll(roots, [...read.texts]);
    pushAll(unreadable, read.unreadable);
  }
  const { diagnostics, sources } = compileTexts(roots, { ...options, cwd });
  const sorted = sortDiagnostics(dedupeDiagnostics([...unreadable, ...diagnostics]));
  return { ok: !hasErrors(sorted), diagnostics: sorted, sources };
}

/**
 * Compiles one root policy file with its imports (`rootText` for its text instead of the file's):
 * the model, the diagnostics and what the emitters need. Options are checked first; one that is
 * not valid gives no model and PC9002 diagnostics.
 */
export function compile(rootPath: string, options: CompileOptions = {}): CompileResult {
  options ??= {};
  const problems = [
    ...(typeof rootPath === "string" ? [] : [invalidOption(`the root file is a path, found ${describeValue(rootPath)}`)]),
    ...(options.rootText === undefined || typeof options.rootText === "string" ? [] : [invalidOption(`\`rootText\` is the root file's text, found ${describeValue(options.rootText)}`)]),
    ...optionProblems(options),
  ];
  if (problems.length === 0) return compileProgram(rootPath, options);
  return { model: undefined, diagnostics: problems, sources: new Map(), files: [], paths: [], missingImports: [], rootName: undefined, table: () => undefined, ruleSpans: new Map(), earlierVersions: [] };
}

/**
 * Formats a policy's text canonically, keeping every comment. The result is verified (parsed
 * again: same model hash, syntax tree and comments) before it is returned; `ok: false` with
 * `reason: "syntax"` means the input has syntax errors, `"meaning"` that formatting would have
 * changed it (a bug, reported as PC9009).
 */
export function format(text: string, options: FormatOptions = {}): FormatResult {
  if (typeof text !== "string") throw new TypeError(`format: the text must be a string, found ${describeValue(text)}`);
  return formatText(text, options);
}

/** A misuse of the API, reported as the CLI reports an invalid setting (PC9002). */
function invalidOption(detail: string): Diagnostic {
  return { ...createDiagnostic("PC9002", { detail }, undefined), message: `invalid option: ${detail}` };
}

function describeValue(x: unknown): string {
  return x === undefined ? "nothing" : typeOf(x);
}

function isSourceText(x: unknown): x is SourceText {
  return typeof x === "object" && x !== null && typeof (x as SourceText).path === "string" && typeof (x as SourceText).text === "string";
}

/**
 * `severities` and `profiles` checked as the configuration's `rules` and `profiles` are: an
 * unknown code or name, a severity that does not exist, a syntax error turned off, an unknown
 * profile. Without this they were applied as given (a severity "loud") or silently ignored.
 */
function optionProblems(options: Pick<CompileOptions, "profiles" | "severities">): Diagnostic[] {
  if (options.severities === undefined && options.profiles === undefined) return [];
  const as = { inputs: ["-"], outDir: "-", ...(options.severities !== undefined ? { rules: options.severities } : {}), ...(options.profiles !== undefined ? { profiles: options.profiles } : {}) };
  // (a key that is no code also fails the key pattern: the message naming the key says it)
  return validateConfig(as).diagnostics.filter((d) => !d.message.includes("must match ^(PC")).map((d) =>
    invalidOption(
      d.message
        .replace(/^invalid configuration: /, "")
        .replace(/`\$\.rules\.?/g, "`severities.")
        .replace(/`\$\.profiles/g, "`profiles")
        .replace(/`severities\.`/g, "`severities`"),
    ),
  );
}

function versionOf(source: string | SourceText, cwd: string): PolicyVersion {
  if (typeof source === "string") return readVersion(source, cwd);
  return { spec: source.path, path: source.path, text: source.text, host: nodeHost };
}

/**
 * What changed in meaning between two versions of a policy. Each may be a file path, a file at a
 * git revision (`"HEAD~1:privacy.policy"`), or a text. A version that cannot be read, or that
 * has errors, gives `ok: false` with the diagnostics.
 */
export function diff(before: string | SourceText, after: string | SourceText, options: DiffOptions = {}): DiffResult {
  options ??= {};
  const problems = [...optionProblems(options), ...[before, after].filter((v) => typeof v !== "string" && !isSourceText(v)).map((v) => invalidOption(`a version is a path or \`{ path, text }\` with two strings, found ${describeValue(v)}`))];
  if (problems.length > 0) return { ok: false, diagnostics: problems, sources: new Map() };
  const cwd = options.cwd ?? process.cwd();
  try {
    return diffVersions(versionOf(before, cwd), versionOf(after, cwd), { ...options, cwd });
  } catch (error) {
    if (!(error instanceof VersionError)) throw error;
    return { ok: false, diagnostics: [createDiagnostic("PC9001", { path: error.detail }, undefined)], sources: new Map() };
  }
}

export interface BuildOptions {
  /**
   * The configuration: a path to a `policyc.config.json` (relative to `cwd`; default
   * `policyc.config.json`), or its content, whose relative paths are resolved from `root`
   * (default `cwd`).
   */
  readonly config?: string | (ConfigFile & { readonly root?: string });
  readonly cwd?: string;
  /** Compare with the outputs on disk instead of writing (`policyc build --check`). */
  readonly check?: boolean;
  /** Fail, writing nothing, with more warnings than this. */
  readonly maxWarnings?: number;
  /** Replaces the file operations of the write (for tests that inject failures). */
  readonly fs?: BuildFs;
}

/** The configuration could not be used: nothing was built. */
export interface ConfigFailure {
  readonly status: "invalid-config";
  readonly exitCode: 2;
  readonly diagnostics: readonly Diagnostic[];
  /** The configuration file's text under the name the diagnostics' spans use (for `renderDiagnostics`); empty for a configuration given as an object. */
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * `policyc build`: compiles every input of the configuration and writes all outputs atomically
 * (or, with `check`, compares them with the disk). See `BuildResult.status` and `exitCode`.
 */
export function build(options: BuildOptions = {}): BuildResult | ConfigFailure {
  options ??= {};
  if (options.maxWarnings !== undefined && !(Number.isInteger(options.maxWarnings) && options.maxWarnings >= 0)) {
    return { status: "invalid-config", exitCode: 2, diagnostics: [invalidOption(`\`maxWarnings\` must be a whole number of 0 or more, found ${describeValue(options.maxWarnings)}`)], sources: new Map() };
  }
  if (options.config !== undefined && typeof options.config !== "string" && (typeof options.config !== "object" || options.config === null)) {
    return { status: "invalid-config", exitCode: 2, diagnostics: [invalidOption(`\`config\` is a path or the configuration's content, found ${describeValue(options.config)}`)], sources: new Map() };
  }
  const cwd = options.cwd ?? process.cwd();
  let config: BuildConfig;
  if (typeof options.config === "object") {
    const { root, ...content } = options.config;
    const checked = validateConfig(content);
    if (!checked.config) return { status: "invalid-config", exitCode: 2, diagnostics: checked.diagnostics, sources: new Map() };
    config = { ...checked.config, path: null, root: resolve(cwd, root ?? ".") };
  } else {
    const loaded = loadConfig(options.config ?? CONFIG_FILE, cwd);
    if (!loaded.config) return { status: "invalid-config", exitCode: 2, diagnostics: loaded.diagnostics, sources: loaded.sources ?? new Map() };
    config = loaded.config;
  }
  return runBuild({
    config,
    cwd,
    ...(options.check ? { check: true } : {}),
    ...(options.maxWarnings !== undefined ? { maxWarnings: options.maxWarnings } : {}),
    ...(options.fs ? { fs: options.fs } : {}),
  });
}

/** Diagnostics as text: `pretty` (no colours), `json`, `sarif` or `github` (workflow commands), as the CLI prints them. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, format: OutputFormat = "pretty", cwd: string = process.cwd()): string {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) throw new RangeError(`renderDiagnostics: the format is one of ${OUTPUT_FORMATS.join(", ")}, found ${describeValue(format)}`);
  return renderReport(diagnostics, sources, { format, color: false, cwd, toolVersion: packageVersion(), docsUri: docsUri(), fileCount: 1 });
}
