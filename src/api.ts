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
import { resolve } from "node:path";
import { runBuild, type BuildResult } from "./build/build.js";
import { CONFIG_FILE, loadConfig, validateConfig, type BuildConfig, type ConfigFile } from "./build/config.js";
import type { BuildFs } from "./build/fs.js";
import { packageVersion, docsUri } from "./util/package-info.js";
import { createDiagnostic, dedupeDiagnostics, hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { renderReport, type OutputFormat } from "./diagnostics/formats/index.js";
import { diffVersions, type DiffOptions, type DiffResult } from "./diff/diff.js";
import { readVersion, VersionError, type PolicyVersion } from "./diff/source.js";
import { EMITTERS } from "./emit/registry.js";
import { formatText, type FormatOptions, type FormatResult } from "./format/format.js";
import { compile, compileTexts, readTexts, type CompileOptions } from "./program.js";
import { nodeHost } from "./semantics/loader.js";

export { compile };
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
export type { BuildConfig, ConfigFile } from "./build/config.js";
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
  const list = Array.isArray(files) ? (files as readonly (string | SourceText)[]) : [files as string | SourceText];
  const cwd = options.cwd ?? process.cwd();
  const unreadable: Diagnostic[] = [];
  const roots: [string, string][] = [];
  for (const file of list) {
    if (typeof file !== "string") {
      roots.push([file.path, file.text]);
      continue;
    }
    const read = readTexts([file], cwd);
    roots.push(...read.texts);
    unreadable.push(...read.unreadable);
  }
  const { diagnostics, sources } = compileTexts(roots, { ...options, cwd });
  const sorted = sortDiagnostics(dedupeDiagnostics([...unreadable, ...diagnostics]));
  return { ok: !hasErrors(sorted), diagnostics: sorted, sources };
}

/**
 * Formats a policy's text canonically, keeping every comment. The result is verified (parsed
 * again: same model hash, syntax tree and comments) before it is returned; `ok: false` with
 * `reason: "syntax"` means the input has syntax errors, `"meaning"` that formatting would have
 * changed it (a bug, reported as PC9009).
 */
export function format(text: string, options: FormatOptions = {}): FormatResult {
  return formatText(text, options);
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
}

/**
 * `policyc build`: compiles every input of the configuration and writes all outputs atomically
 * (or, with `check`, compares them with the disk). See `BuildResult.status` and `exitCode`.
 */
export function build(options: BuildOptions = {}): BuildResult | ConfigFailure {
  const cwd = options.cwd ?? process.cwd();
  const names = EMITTERS.map((e) => e.name);
  let config: BuildConfig;
  if (typeof options.config === "object") {
    const { root, ...content } = options.config;
    const checked = validateConfig(content, names);
    if (!checked.config) return { status: "invalid-config", exitCode: 2, diagnostics: checked.diagnostics };
    config = { ...checked.config, path: null, root: resolve(cwd, root ?? ".") };
  } else {
    const loaded = loadConfig(options.config ?? CONFIG_FILE, cwd, names);
    if (!loaded.config) return { status: "invalid-config", exitCode: 2, diagnostics: loaded.diagnostics };
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

/** Diagnostics as text: `pretty` (no colours), `json` or `sarif`, as the CLI prints them. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, format: OutputFormat = "pretty", cwd: string = process.cwd()): string {
  return renderReport(diagnostics, sources, { format, color: false, cwd, toolVersion: packageVersion(), docsUri: docsUri(), fileCount: 1 });
}
