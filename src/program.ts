/**
 * The compiler pipeline, as named stages: load (parse each file) -> bind -> build the model ->
 * check -> (emit, in build.ts). Every stage returns diagnostics as values. Emitters run only on a
 * model whose diagnostics have no errors.
 */
import { readTextFile } from "./util/read-text.js";
import { pushAll } from "./util/arrays.js";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { alwaysError, CATALOGUE, CATALOGUE_BY_NAME, type Severity } from "./diagnostics/catalogue.js";
import { createDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { buildModel } from "./model/build.js";
import type { AcceptedConsent, PolicyModel, Rule } from "./model/types.js";
import { planConsent } from "./emit/guards/plan.js";
import { ccpaApplies, gdprApplies } from "./model/rights.js";
import { bind } from "./semantics/binder.js";
import { loadProgram, outsideDiagnostic, readableFolders, type Host } from "./semantics/loader.js";
import { decisionTableOf, MAX_TABLE_CELLS, MAX_TABLE_ENTRIES, tableEntries, tableSize, type DecisionTable } from "./semantics/table.js";
import { CHECKER_RULES } from "./checker/registry.js";
import type { CheckContext } from "./checker/rule.js";
import { wholeFile, type PolicyDecl, type Span } from "./syntax/ast.js";
import type { Memo } from "./util/memo.js";
import { readErrorReason } from "./util/read-error.js";
import { shownPath } from "./util/shown-path.js";

/** The codes the checks report, which run only on a policy without errors. */
const CHECKER_CODES: ReadonlySet<string> = new Set(CHECKER_RULES.flatMap((r) => r.codes));

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
  /** Kept between compiles of one session: parsed files (see `LoadOptions.memo`) and decision tables (`decisionTableOf`). */
  readonly memo?: Memo;
  /** Absolute paths of the later versions compiling this one (`accepts_consent_from`), to refuse a cycle. */
  readonly laterVersions?: readonly string[];
  /**
   * The earlier versions already compiled for this compile, by absolute path: a version that
   * several others accept is compiled once (versions that each accept all the ones before them
   * were compiled once per path to them, 2^n times).
   */
  readonly versionCache?: Map<string, CompileResult>;
  /** The folders policies may be read from (`readableFolders`; default: `cwd` and the root file's folder). */
  readonly within?: readonly string[];
}

export interface CompileResult {
  /** Undefined when the program could not be built at all (syntax or name errors). */
  readonly model: PolicyModel | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Display name -> text of every file read, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
  /** Display names of every file the compilation read (root and imports). */
  readonly files: readonly string[];
  /** Absolute paths of the same files, in the same order (what a watcher watches); with the earlier versions' (`accepts_consent_from`). */
  readonly paths: readonly string[];
  /** Absolute paths of imports that could not be read (PC2006), which a watcher also waits for. */
  readonly missingImports: readonly string[];
  /** The root file's name in spans; undefined when it could not be read. */
  readonly rootName: string | undefined;
  /** The decision table, when a model was built (computed lazily). */
  table(): DecisionTable | undefined;
  /** Spans of model rules by id, for `explain`. */
  readonly ruleSpans: ReadonlyMap<string, Span>;
  /** The earlier versions whose consent records it accepts, those they accept in turn included. */
  readonly earlierVersions: readonly EarlierVersion[];
}

/** Compiles one root policy file with its imports. Never throws for problems in the input. */
export function compile(rootPath: string, options: CompileOptions = {}): CompileResult {
  const within = options.within ?? readableFolders(options.cwd ?? process.cwd(), rootPath);
  const loaded = loadProgram(rootPath, {
    within,
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
    return { model: undefined, diagnostics: sortDiagnostics(diagnostics), sources: loaded.sources, files, paths, missingImports: loaded.missing, rootName: loaded.root?.name, table: () => undefined, ruleSpans: new Map(), earlierVersions: [] };
  }
  const bound = bind(loaded);
  pushAll(diagnostics, bound.diagnostics);
  // the earlier versions whose consent records this one accepts, each compiled on its own
  const policyAbs = loaded.files.find((f) => f.name === bound.policyFile)?.absolutePath ?? loaded.root.absolutePath;
  const versionFiles = { read: [] as string[], missing: [] as string[] };
  const earlier = compileEarlierVersions(bound.policy, policyAbs, { ...options, within }, diagnostics, versionFiles);
  for (const p of versionFiles.read) if (!paths.includes(p)) paths.push(p);
  const missingImports = [...loaded.missing, ...versionFiles.missing.filter((p) => !loaded.missing.includes(p))];
  const built = buildModel(bound, loaded.sources, loaded.root.name, acceptedConsents(earlier), options.memo);
  pushAll(diagnostics, built.diagnostics);
  const model = built.model;

  const getTable = (): DecisionTable => decisionTableOf(model, options.memo);

  // a table too large to build stops here, before the checks build it (and run out of memory)
  const size = tableSize(model);
  if (size.cells > MAX_TABLE_CELLS) {
    const n = (x: number) => x.toLocaleString("en-US");
    diagnostics.push(
      createDiagnostic(
        "PC2027",
        { cells: n(size.cells), categories: n(size.categories), purposes: n(size.purposes), recipients: n(size.recipients), max: n(MAX_TABLE_CELLS) },
        bound.policy?.name.span,
      ),
    );
  } else {
    const entries = tableEntries(model);
    if (entries > MAX_TABLE_ENTRIES) {
      const n = (x: number) => x.toLocaleString("en-US");
      const rules = model.rules.filter((r) => r.origin === "rule").length;
      diagnostics.push(createDiagnostic("PC2031", { entries: n(entries), rules: n(rules), max: n(MAX_TABLE_ENTRIES) }, bound.policy?.name.span));
    }
  }
  // exceptions whose conditions combine beyond what the table can compute in time (PC2030)
  for (const rule of model.rules) pushAll(diagnostics, exceptionLimit(rule, built.ruleSpans));
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
      earlier,
      profiles,
      report: (code, args, span, opts) => diagnostics.push(createDiagnostic(code, args, span, opts)),
    };
    for (const rule of CHECKER_RULES) rule.check(ctx);
  }

  const final = applySuppressions(applySeverities(diagnostics, options.severities ?? {}), loaded, !structural);
  return {
    model,
    diagnostics: sortDiagnostics(final),
    sources: loaded.sources,
    files,
    paths,
    missingImports,
    rootName: loaded.root.name,
    table: () => (structural ? undefined : getTable()),
    ruleSpans: built.ruleSpans,
    earlierVersions: earlier,
  };
}

/** An earlier version of the policy, compiled, whose consent records this one accepts. */
export interface EarlierVersion {
  /** As written in `accepts_consent_from` (of this policy, or of the version that accepts it). */
  readonly path: string;
  readonly abs: string;
  /** How messages name it: `` `v1.policy` ``, or `` `v0.policy` (accepted by `v1.policy`) `` for one accepted in turn. */
  readonly shown: string;
  /** Where this policy's `accepts_consent_from` leads to it. */
  readonly span: Span;
  readonly model: PolicyModel;
}

/**
 * The most exceptions with conditions one rule may have. "No earlier exception applies" is
 * computed for each as a sum of products, which grows with the product of their conditions:
 * 8 that share conditions pairwise take seconds, 10 take minutes.
 */
export const MAX_CONDITIONAL_EXCEPTIONS = 8;

/**
 * PC2030 for a rule with more exceptions that have conditions than that, counted at every depth:
 * an exception's own exceptions enter the formulas of its siblings too, so three exceptions, each
 * with three, nested four deep (a 5 KB file) ran for minutes under a limit counted per level.
 */
function exceptionLimit(rule: Rule, spans: ReadonlyMap<string, Span>): Diagnostic[] {
  const count = (r: Rule): number => r.exceptions.reduce((n, e) => n + (e.conditions.length > 0 ? 1 : 0) + count(e), 0);
  const conditional = count(rule);
  return conditional > MAX_CONDITIONAL_EXCEPTIONS
    ? [createDiagnostic("PC2030", { count: conditional, max: MAX_CONDITIONAL_EXCEPTIONS }, spans.get(rule.id))]
    : [];
}

/**
 * Compiles each file of `accepts_consent_from` (relative to the policy's file) as a program of
 * its own; PC2023 for one that cannot be used (missing, broken, another policy, a cycle).
 */
function compileEarlierVersions(
  policy: PolicyDecl | undefined,
  policyAbs: string,
  options: CompileOptions,
  diagnostics: Diagnostic[],
  /**
   * Every file the versions were compiled from, usable or not, and those missing: a watcher
   * watches them (a broken version's fix must rebuild this policy).
   */
  versionFiles: { readonly read: string[]; readonly missing: string[] },
): EarlierVersion[] {
  const out: EarlierVersion[] = [];
  if (!policy || policy.acceptsConsentFrom.length === 0) return out;
  const later = [...(options.laterVersions ?? []), policyAbs];
  const cache = options.versionCache ?? new Map<string, CompileResult>();
  const seen = new Set<string>();
  for (const text of policy.acceptsConsentFrom) {
    const abs = resolve(dirname(policyAbs), text.value);
    const path = `\`${text.value}\``;
    const unusable = (reason: string, help?: string) => diagnostics.push(createDiagnostic("PC2023", { path, reason }, text.span, help ? { help } : {}));
    if (seen.has(abs)) {
      unusable("it is named twice");
      continue;
    }
    // as imports: only policy files are read, never another file whose text an error would show
    if (!abs.endsWith(".policy")) {
      unusable("it is not a `.policy` file", "an earlier version is the `.policy` file it was published from (`archive/privacy-2024.policy`)");
      continue;
    }
    seen.add(abs);
    const outside = outsideDiagnostic(text.value, abs, options.within ?? [], options.cwd ?? process.cwd(), text.span);
    if (outside) {
      diagnostics.push(outside);
      continue;
    }
    if (later.includes(abs)) {
      unusable(abs === policyAbs ? "it is this file" : "it accepts the consent records of this version in turn", "an earlier version names versions before it, never a later one");
      continue;
    }
    if (later.length > 32) {
      unusable("more than 32 versions lead to it", "accept the records of recent versions only");
      continue;
    }
    let result = cache.get(abs);
    if (!result) {
      result = compile(abs, {
        ...(options.host ? { host: options.host } : {}),
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.profiles ? { profiles: options.profiles } : {}),
        ...(options.memo ? { memo: options.memo } : {}),
        laterVersions: later,
        versionCache: cache,
        ...(options.within ? { within: options.within } : {}),
      });
      cache.set(abs, result);
    }
    // (its paths include those of the versions it accepts in turn)
    for (const p of result.paths) if (!versionFiles.read.includes(p)) versionFiles.read.push(p);
    for (const p of result.missingImports) if (!versionFiles.missing.includes(p)) versionFiles.missing.push(p);
    if (result.rootName === undefined) {
      if (!existsSync(abs) && !versionFiles.missing.includes(abs)) versionFiles.missing.push(abs);
      const looked = `\`${shownPath(abs, options.cwd ?? process.cwd())}\``;
      unusable(existsSync(abs) ? `${looked} cannot be read as a policy` : `there is no such file (looked for ${looked})`, "the path is relative to the file that names it");
      continue;
    }
    // what the checker finds in a published version (PC3xxx, PC4xxx) is that version's concern,
    // kept as it was published: only a version that does not parse or bind cannot be used
    const errors = result.diagnostics.filter((d) => d.severity === "error" && !/^PC[34]/.test(d.code));
    if (!result.model || errors.length > 0) {
      const first = errors[0];
      unusable(`it does not compile (${errors.length} ${errors.length === 1 ? "error" : "errors"}${first ? `, the first: ${first.code} ${first.message}` : ""})`, "check it with `policyc check` on its own");
      continue;
    }
    if (result.model.header.id !== (policy.name.path ?? "")) {
      unusable(`it is the policy \`${result.model.header.id}\`, not \`${policy.name.path}\``, "a consent record names its policy: only an earlier version of this one can be accepted");
      continue;
    }
    const shown = `\`${text.value}\``;
    const known = (e: string) => out.some((o) => o.abs === e);
    // named here and accepted in turn by another version named before: known by its name here
    const direct: EarlierVersion = { path: text.value, abs, shown, span: text.span, model: result.model };
    const at = out.findIndex((o) => o.abs === abs);
    if (at >= 0) out[at] = direct;
    else out.push(direct);
    // the versions it accepts in turn: their records reach this version's guards too, so each is
    // proved against it as well, once (several versions may accept the same one)
    for (const inner of result.earlierVersions) {
      if (known(inner.abs)) continue;
      out.push({ ...inner, shown: `\`${shownPath(inner.abs, options.cwd ?? process.cwd())}\` (accepted by ${shown})`, span: text.span });
    }
  }
  return out;
}

/** What the guards accept of the earlier versions (those accepted in turn included): each one's consentHash and choices. */
function acceptedConsents(earlier: readonly EarlierVersion[]): AcceptedConsent[] {
  const out = new Map<string, AcceptedConsent>();
  for (const e of earlier) {
    if (out.has(e.model.consentHash)) continue;
    const plan = planConsent(e.model);
    out.set(e.model.consentHash, {
      path: e.path,
      consentHash: e.model.consentHash,
      purposes: plan.choices.map((c) => c.id),
      recipients: plan.recipientChoices.map((r) => r.id),
    });
  }
  return [...out.values()];
}

/**
 * Reads root files by path (relative to `cwd`): the text of each, and PC9001 for each that cannot
 * be read. What `policyc check`, `fmt` and the API's `check()` start from.
 */
export function readTexts(paths: Iterable<string>, cwd: string = process.cwd()): { texts: Map<string, string>; unreadable: Diagnostic[] } {
  const texts = new Map<string, string>();
  const unreadable: Diagnostic[] = [];
  for (const path of paths) {
    const abs = resolve(cwd, path);
    // a root that is a link to a file elsewhere is not read (`readableFolders`)
    const outside = outsideDiagnostic(path, abs, readableFolders(cwd, abs), cwd, wholeFile(path));
    if (outside) {
      unreadable.push(outside);
      continue;
    }
    try {
      texts.set(path, readTextFile(abs));
    } catch (error) {
      const folder = (error as NodeJS.ErrnoException).code === "EISDIR";
      // a folder: the shell names its files (`policies/*.policy`)
      const help = folder ? { help: `name the files in it: \`${path.replace(/[\\/]+$/, "")}/*.policy\`` } : {};
      // about that file as a whole: code scanning places it there (a result needs a location)
      unreadable.push(createDiagnostic("PC9001", { path: `\`${path}\`: ${readErrorReason(error)}` }, wholeFile(path), help));
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
const cannotBeSilenced = (d: Diagnostic): boolean => d.severity === "error" && alwaysError(d.code);

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

/**
 * Drops the diagnostics a `policyc-ignore` comment silences, and reports a comment that silences
 * nothing (PC2015); not one for a check that did not run (`checked` false: errors stopped the
 * checks), which cannot be called stale until they run.
 */
function applySuppressions(diagnostics: readonly Diagnostic[], loaded: ReturnType<typeof loadProgram>, checked: boolean): Diagnostic[] {
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
  for (const t of targets) if (!used.has(t.supp) && (checked || !CHECKER_CODES.has(t.code))) extra.push(createDiagnostic("PC2015", { code: `\`${t.code}\`` }, t.span));
  return [...out, ...extra];
}
