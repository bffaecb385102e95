/**
 * The compiler pipeline, as named stages: load (parse each file) -> bind -> build the model ->
 * check -> (emit, in build.ts). Every stage returns diagnostics as values. Emitters run only on a
 * model whose diagnostics have no errors.
 */
import { readTextFile } from "./util/read-text.js";
import { pushAll } from "./util/arrays.js";
import { resolve } from "node:path";
import { CATALOGUE, CATALOGUE_BY_NAME, stopsCompile, type Severity } from "./diagnostics/catalogue.js";
import { createDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { buildModel } from "./model/build.js";
import type { PolicyModel } from "./model/types.js";
import { ccpaApplies, gdprApplies } from "./model/rights.js";
import { bind } from "./semantics/binder.js";
import { loadProgram, type Host } from "./semantics/loader.js";
import { decisionTableOf, type DecisionTable } from "./semantics/table.js";
import { CHECKER_RULES } from "./checker/registry.js";
import type { CheckContext } from "./checker/rule.js";
import type { Span } from "./syntax/ast.js";
import type { Memo } from "./util/memo.js";
import { readErrorReason } from "./util/read-error.js";

export type Profile = "gdpr" | "ccpa";
export type SeveritySetting = Severity | "off";

export interface CompileOptions {
  readonly host?: Host;
  readonly cwd?: string;
  /** Use this text for the root file instead of reading it. */
  readonly rootText?: string;
  /** Regulatory profiles to force on, in addition to those the jurisdictions turn on. */
  readonly profiles?: readonly Profile[];
  /** Per-code (`PC3002`) or per-name (`unused-category`) severity overrides. */
  readonly severities?: Readonly<Record<string, SeveritySetting>>;
  /** Parsed files kept between compiles of one session (see `LoadOptions.memo`). */
  readonly memo?: Memo;
}

export interface CompileResult {
  /** Undefined when the program could not be built at all (syntax or name errors). */
  readonly model: PolicyModel | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Display name -> text of every file read, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
  /** Display names of every file the compilation read (root and imports). */
  readonly files: readonly string[];
  /** Absolute paths of the same files, in the same order (what a watcher watches). */
  readonly paths: readonly string[];
  /** Absolute paths of imports that could not be read (PC2006), which a watcher also waits for. */
  readonly missingImports: readonly string[];
  /** The root file's name in spans; undefined when it could not be read. */
  readonly rootName: string | undefined;
  /** The decision table, when a model was built (computed lazily). */
  table(): DecisionTable | undefined;
  /** Spans of model rules by id, for `explain`. */
  readonly ruleSpans: ReadonlyMap<string, Span>;
}

/** Compiles one root policy file with its imports. Never throws for problems in the input. */
export function compile(rootPath: string, options: CompileOptions = {}): CompileResult {
  const loaded = loadProgram(rootPath, {
    ...(options.host ? { host: options.host } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.rootText !== undefined ? { rootText: options.rootText } : {}),
    ...(options.memo ? { memo: options.memo } : {}),
  });
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const files = loaded.files.map((f) => f.name);
  const paths = loaded.files.map((f) => f.absolutePath);
  // Syntax errors stop the pipeline: names on a broken line would only add follow-on noise.
  const syntaxErrors = diagnostics.some((d) => d.severity === "error" && d.code.startsWith("PC1"));
  if (!loaded.root || syntaxErrors) {
    return { model: undefined, diagnostics: sortDiagnostics(diagnostics), sources: loaded.sources, files, paths, missingImports: loaded.missing, rootName: loaded.root?.name, table: () => undefined, ruleSpans: new Map() };
  }
  const bound = bind(loaded);
  pushAll(diagnostics, bound.diagnostics);
  const built = buildModel(bound, loaded.sources, loaded.root.name);
  pushAll(diagnostics, built.diagnostics);
  const model = built.model;

  const getTable = (): DecisionTable => decisionTableOf(model);

  const structural = hasErrors(diagnostics);
  if (!structural) {
    const profiles = new Set<Profile>(options.profiles ?? []);
    if (model.header.jurisdictions.some(gdprApplies)) profiles.add("gdpr");
    if (model.header.jurisdictions.some(ccpaApplies)) profiles.add("ccpa");
    const ctx: CheckContext = {
      model,
      table: getTable,
      declSpan: (kind, id) => built.declSpans.get(`${kind}:${id}`),
      ruleSpan: (id) => built.ruleSpans.get(id),
      headerSpan: bound.policy?.name.span,
      profiles,
      report: (code, args, span, opts) => diagnostics.push(createDiagnostic(code, args, span, opts)),
    };
    for (const rule of CHECKER_RULES) rule.check(ctx);
  }

  const final = applySuppressions(applySeverities(diagnostics, options.severities ?? {}), loaded);
  return {
    model,
    diagnostics: sortDiagnostics(final),
    sources: loaded.sources,
    files,
    paths,
    missingImports: loaded.missing,
    rootName: loaded.root.name,
    table: () => (structural ? undefined : getTable()),
    ruleSpans: built.ruleSpans,
  };
}

/**
 * Reads root files by path (relative to `cwd`): the text of each, and PC9001 for each that cannot
 * be read. What `policyc check`, `fmt` and the API's `check()` start from.
 */
export function readTexts(paths: Iterable<string>, cwd: string = process.cwd()): { texts: Map<string, string>; unreadable: Diagnostic[] } {
  const texts = new Map<string, string>();
  const unreadable: Diagnostic[] = [];
  for (const path of paths) {
    try {
      texts.set(path, readTextFile(resolve(cwd, path)));
    } catch (error) {
      unreadable.push(createDiagnostic("PC9001", { path: `\`${path}\`: ${readErrorReason(error)}` }, undefined));
    }
  }
  return { texts, unreadable };
}

/**
 * Compiles each root file from its text (with its imports) and merges what they found: every
 * diagnostic, in compile order (the caller dedupes and sorts them with whatever else it reports),
 * and the text of every file read. What `policyc check` and the API's `check()` report.
 */
export function compileTexts(
  roots: Iterable<readonly [path: string, text: string]>,
  options: CompileOptions = {},
): { diagnostics: Diagnostic[]; sources: Map<string, string>; models: { readonly model: PolicyModel; readonly rootName: string }[] } {
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const models: { model: PolicyModel; rootName: string }[] = [];
  for (const [path, text] of roots) {
    const result = compile(path, { ...options, rootText: text });
    for (const [name, t] of result.sources) sources.set(name, t);
    pushAll(diagnostics, result.diagnostics);
    // the models a build would emit from, with the root file's name in spans
    if (result.model && !hasErrors(result.diagnostics)) models.push({ model: result.model, rootName: result.rootName ?? path });
  }
  return { diagnostics, sources, models };
}

/** Syntax and name errors cannot be silenced, by severity settings or `policyc-ignore`: the model would be wrong. */
const cannotBeSilenced = (d: Diagnostic): boolean => d.severity === "error" && stopsCompile(d.code);

/** Severity settings (by code or name) applied to diagnostics; the build applies them to the emitters' too. */
export function applySeverities(diagnostics: readonly Diagnostic[], settings: Readonly<Record<string, SeveritySetting>>): Diagnostic[] {
  const byCode = new Map<string, SeveritySetting>();
  for (const [key, value] of Object.entries(settings)) {
    const info = CATALOGUE.get(key) ?? CATALOGUE_BY_NAME.get(key);
    if (info) byCode.set(info.code, value);
  }
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const s = byCode.get(d.code);
    if (s === undefined || cannotBeSilenced(d)) out.push(d);
    else if (s !== "off") out.push({ ...d, severity: s });
  }
  return out;
}

function applySuppressions(diagnostics: readonly Diagnostic[], loaded: ReturnType<typeof loadProgram>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const used = new Set<object>();
  const targets: { file: string; code: string; start: number; end: number; supp: object; span: Span }[] = [];
  const extra: Diagnostic[] = [];
  for (const f of loaded.files) {
    for (const s of f.ast.suppressions) {
      if (!CATALOGUE.has(s.code)) continue; // reported by the parser (PC1023)
      const decl = f.ast.decls.find((d) => d.span.start === s.target);
      if (decl) targets.push({ file: f.name, code: s.code, start: decl.span.start, end: decl.span.end, supp: s, span: s.span });
    }
  }
  for (const d of diagnostics) {
    const hit = d.span
      ? targets.find((t) => t.code === d.code && t.file === d.span!.file && d.span!.start >= t.start && d.span!.start < t.end)
      : undefined;
    if (hit && !cannotBeSilenced(d)) used.add(hit.supp);
    else out.push(d);
  }
  for (const t of targets) if (!used.has(t.supp)) extra.push(createDiagnostic("PC2015", { code: `\`${t.code}\`` }, t.span));
  return [...out, ...extra];
}
