/**
 * `policyc check [files...]`: reads each file (by default the configuration's inputs), reports
 * every diagnostic, and exits 0 when there are no errors (and no more warnings than
 * `--max-warnings`), 1 otherwise, 2 when a file cannot be read or the command is misused. When `policyc.config.json` exists, its rules (severities)
 * and profiles apply, so `check` and `build` agree.
 *
 * `runCheck` is the one place that decides what "checking" means: the whole compiler pipeline up
 * to (not including) the emitters, for each file with its imports, plus the one emitter finding
 * that needs no emitting: a document language without a wording pack (PC5002), an error that
 * would stop the build.
 */
import { wholeFile } from "../syntax/ast.js";
import { existsSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { configProblems, loadConfig, templatesDirOf, type BuildConfig } from "../build/config.js";
import { nodeFs } from "../build/fs.js";
import { documentLanguages, missingPack, packDirs } from "../emit/document/packs.js";
import { locateEmitted, type LocatedDiagnostic } from "../emit/types.js";
import type { PolicyModel } from "../model/types.js";
import { inputFiles } from "../build/glob.js";
import { createDiagnostic, dedupeDiagnostics, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { lineColumn } from "../diagnostics/source.js";
import { exitCodeFor, type OutputFormat } from "../diagnostics/formats/index.js";
import { applySeverities, compileTexts, readTexts, type CompileOptions, type Profile } from "../program.js";
import { EXIT_TOOL, type CommandContext } from "./io.js";
import { configOption, formatOption, jsonOption, refuseJsonWithOtherFormat, maxWarningsOption, report, warningLimitNote } from "./options.js";


export interface CheckResult {
  readonly diagnostics: readonly Diagnostic[];
  /** The text of every file read, by the path used in the diagnostics' spans. */
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * Checks the files and returns what was found. A file that cannot be read is reported as PC9001
 * and the others are checked all the same; `toolProblems` (PC9xxx found before checking, such as
 * the configuration's) are reported with them. `toolFailures` counts both: any makes the exit 2.
 */
export function runCheck(
  paths: readonly string[],
  options: CompileOptions = {},
  config?: BuildConfig,
  toolProblems: readonly Diagnostic[] = [],
): CheckResult & { readonly toolFailures: number } {
  const read = readTexts(paths, options.cwd);
  const unreadable = [...toolProblems, ...read.unreadable];
  const { diagnostics, sources, models } = compileTexts(read.texts, options);
  const wording = applySeverities(
    models.flatMap(({ model, rootName }) => locateEmitted(missingWording(model, config, options.cwd), sources, rootName)),
    options.severities ?? {},
  );
  return { diagnostics: sortDiagnostics(dedupeDiagnostics([...unreadable, ...diagnostics, ...wording])), sources, toolFailures: unreadable.length };
}

/**
 * PC5002 as the build would report it: a language the documents are written in (the
 * configuration's `languages`, or the policy's own) with no wording pack, built-in or in the
 * templates folder. Only a build with the document emitter writes documents.
 */
function missingWording(model: PolicyModel, config: BuildConfig | undefined, cwd: string = process.cwd()): LocatedDiagnostic[] {
  if (config?.emitters && !config.emitters.includes("document")) return [];
  const templatesDir = config ? templatesDirOf(config) : undefined;
  if (templatesDir !== undefined && !nodeFs.isDirectory(templatesDir)) return []; // PC9010 says it
  return documentLanguages(model, config?.languages)
    .filter((lang) => packDirs(lang, templatesDir).length === 0)
    .map((lang) => missingPack(model, lang, templatesDir, config?.languages, cwd));
}

/**
 * The configuration for a command that can use one: undefined when absent and not asked for, or
 * the problems that make it unusable (PC9001, PC9002), which `onInvalid` reports.
 */
export function optionalConfig(
  ctx: CommandContext,
  path: string,
  explicit: boolean,
  onInvalid: (problems: readonly Diagnostic[], sources: ReadonlyMap<string, string>) => void = (problems, sources) => {
    for (const d of problems) {
      const text = d.span && !d.span.whole ? sources.get(d.span.file) : undefined;
      const at = d.span ? (text !== undefined ? (({ line, column }) => `${d.span!.file}:${line}:${column}: `)(lineColumn(text, d.span.start)) : `${d.span.file}: `) : "";
      ctx.io.stderr.write(`policyc: ${at}error ${d.code}: ${d.message}\n`);
    }
  },
): BuildConfig | undefined | "invalid" {
  const abs = resolve(ctx.io.cwd, path);
  if (!explicit && !existsSync(abs)) return undefined;
  const loaded = loadConfig(explicit ? path : abs, ctx.io.cwd);
  if (!loaded.config) {
    onInvalid(loaded.diagnostics, loaded.sources ?? new Map());
    return "invalid";
  }
  return loaded.config;
}

/**
 * The inputs of a configuration (the files `policyc build` compiles), relative to `cwd`, and the
 * patterns that matched none.
 */
export function configInputs(config: BuildConfig, cwd: string): { paths: string[]; unmatched: string[] } {
  const { files, unmatched } = inputFiles(config.inputs, config.root);
  return { paths: files.map((m) => relative(cwd, resolve(config.root, m)).split(sep).join("/")), unmatched };
}

interface CheckOptions {
  readonly format: OutputFormat;
  readonly maxWarnings?: number;
  readonly config: string;
  readonly profile?: readonly Profile[];
}

export function checkCommand(ctx: CommandContext): Command {
  return new Command("check")
    .description("check .policy files and report every problem found")
    .argument("[files...]", "the .policy files to check (default: the inputs of policyc.config.json)")
    .addOption(formatOption())
    .addOption(jsonOption())
    .addOption(maxWarningsOption())
    .addOption(configOption())
    .addOption(
      new Option("--profile <profiles>", "regulatory profiles (gdpr, ccpa; comma-separated) to check besides those the jurisdictions turn on").argParser(
        (value: string): Profile[] => {
          const list = value.split(",").map((x) => x.trim());
          for (const p of list) if (p !== "gdpr" && p !== "ccpa") throw new InvalidArgumentError(`unknown profile \`${p}\` (gdpr, ccpa)`);
          return list as Profile[];
        },
      ),
    )
    .addHelpText(
      "after",
      `
With no files, checks the inputs of policyc.config.json (as \`policyc build\` compiles them).

Exit codes: 0 no errors, 1 errors (or more warnings than --max-warnings), 2 a file cannot be read
(PC9001, reported in the chosen format; the other files are still checked), the configuration
would stop a build (an input that matches no file, PC9004; a missing templates folder, PC9010),
or the command is misused.

Examples:
  $ policyc check privacy.policy
  $ policyc check --format sarif > policyc.sarif    # the configuration's inputs, for code scanning
  $ policyc check --format json policies/*.policy
  $ policyc check --max-warnings 0 privacy.policy
  $ policyc check --profile ccpa privacy.policy   # CCPA notice items too
`,
    )
    .hook("preAction", refuseJsonWithOtherFormat)
    .action((files: string[], opts: CheckOptions, command: Command) => {
      const explicit = command.getOptionValueSource("config") === "cli";
      // A configuration that cannot be used is reported in the chosen format, as `build` does: a
      // CI step reading JSON or SARIF gets a document, not an empty file.
      const unusable = (problems: readonly Diagnostic[], sources: ReadonlyMap<string, string> = new Map()) => report(ctx.io, problems, sources, opts.format, 0, undefined, opts.config);
      const config = optionalConfig(ctx, opts.config, explicit, unusable);
      if (config === "invalid") return ctx.exit(EXIT_TOOL);
      let paths = files;
      let unmatched: readonly string[] = [];
      if (paths.length === 0) {
        if (!config) {
          // nothing to check: PC9001 for the configuration, like any file that cannot be read
          const detail = `\`${opts.config}\`: no such file (name the files to check, or create it with \`policyc init\`)`;
          unusable([createDiagnostic("PC9001", { path: detail }, wholeFile(opts.config))]);
          return ctx.exit(EXIT_TOOL);
        }
        ({ paths, unmatched } = configInputs(config, ctx.io.cwd));
      }
      const result = runCheck(paths, {
        cwd: ctx.io.cwd,
        ...(config?.rules ? { severities: config.rules } : {}),
        ...(config?.profiles || opts.profile
          ? { profiles: [...new Set([...(config?.profiles ?? []), ...(opts.profile ?? [])])] }
          : {}),
      }, config, config ? configProblems(config, ctx.io.cwd, unmatched) : []);
      report(ctx.io, result.diagnostics, result.sources, opts.format, paths.length, undefined, opts.config);
      const note = warningLimitNote(result.diagnostics, opts.maxWarnings);
      if (note) ctx.io.stderr.write(`${note}\n`);
      ctx.exit(result.toolFailures > 0 ? EXIT_TOOL : exitCodeFor(result.diagnostics, opts.maxWarnings));
    });
}
