/**
 * `policyc build [--check] [--watch]`: compiles the inputs of `policyc.config.json` and writes
 * every output at once (src/build/). Diagnostics go to stdout in the chosen format, progress to
 * stderr (so that `--format json` and `--format sarif` print one document and nothing else).
 */
import { join, resolve } from "node:path";
import { Command, Option } from "commander";
import type { BuildResult, InputBuild } from "../build/build.js";
import { KEPT_FILE } from "../build/kept.js";
import { loadConfig, withOverrides, type ConfigOverrides } from "../build/config.js";
import type { WatchOutcome } from "../build/watch.js";
import type { OutputFormat } from "../diagnostics/formats/index.js";
import { escapeControls } from "../diagnostics/render.js";
import { shownPath } from "../util/shown-path.js";
import { EXIT_TOOL, type CommandContext } from "./io.js";
import { configOption, DEFAULT_CONFIG, formatOption, jsonOption, refuseJsonWithOtherFormat, maxWarningsOption, report, warningLimitNote } from "./options.js";
import { shellWord } from "../util/shell-word.js";

interface BuildCliOptions {
  readonly config: string;
  readonly check?: boolean;
  readonly watch?: boolean;
  readonly format: OutputFormat;
  readonly maxWarnings?: number;
  readonly templates?: string;
  readonly withSources?: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : word === "policy" ? "policies" : `${word}s`}`;
}

/**
 * For a watch session: a file whose warnings are exactly those the last build printed is not
 * printed again (a label edit in one policy would otherwise reprint every other policy's
 * warnings), only named; errors are always printed. `printed` is updated to this build's.
 */
export function foldUnchanged(result: BuildResult, printed: Map<string, string>): { shown: BuildResult["diagnostics"]; unchanged: { file: string; count: number }[] } {
  const byFile = new Map<string, BuildResult["diagnostics"][number][]>();
  for (const d of result.diagnostics) {
    const file = d.span?.file;
    if (file === undefined) continue;
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    list.push(d);
  }
  const fold = new Set<string>();
  const unchanged: { file: string; count: number }[] = [];
  for (const [file, list] of byFile) {
    const key = JSON.stringify(list.map((d) => [d.code, d.severity, d.message, d.span?.start, d.span?.end]));
    if (printed.get(file) === key && list.every((d) => d.severity !== "error")) {
      fold.add(file);
      unchanged.push({ file, count: list.length });
    }
    printed.set(file, key);
  }
  for (const file of [...printed.keys()]) if (!byFile.has(file)) printed.delete(file);
  return { shown: result.diagnostics.filter((d) => d.span === undefined || !fold.has(d.span.file)), unchanged };
}

/**
 * The line printed to stderr after a build; `opts` as given, for the command it suggests: the
 * configuration and the settings that change the outputs (`--templates`, `--with-sources`).
 */
function describeBuild(result: BuildResult, cwd: string, opts: BuildCliOptions): string {
  const rebuild = [
    "policyc build",
    ...(opts.config === DEFAULT_CONFIG ? [] : [`--config ${shellWord(opts.config)}`]),
    ...(opts.templates !== undefined ? [`--templates ${shellWord(opts.templates)}`] : []),
    ...(opts.withSources ? ["--with-sources"] : []),
  ].join(" ");
  const where = shownPath(result.outDir, cwd);
  const inputs = plural(result.inputs.length, "policy");
  // the outputs: the output folder's own package.json is the user's, kept, not counted
  const count = plural(result.files.size - (result.files.has(KEPT_FILE) ? 1 : 0), "file");
  switch (result.status) {
    case "written":
      return `wrote ${count} for ${inputs} to ${where}/`;
    case "unchanged":
      return `${where}/ is up to date (${count} for ${inputs}); nothing written`;
    case "up-to-date":
      return `${where}/ is up to date (${count} for ${inputs})`;
    case "stale":
      return (result.foreign ?? []).length > 0
        ? `${where}/ is out of date: move out the files policyc did not write, then run \`${rebuild}\``
        : `${where}/ is out of date: run \`${rebuild}\``;
    case "failed":
      if (result.exitCode !== 1) return "nothing was written";
      // exit 1 without errors: only --max-warnings stopped the build
      return result.diagnostics.some((d) => d.severity === "error") ? "nothing was written: fix the errors above" : "nothing was written: fix the warnings above";
  }
}

function printResult(ctx: CommandContext, result: BuildResult, opts: BuildCliOptions, printed?: Map<string, string>): void {
  const { shown, unchanged } = printed && opts.format === "pretty" ? foldUnchanged(result, printed) : { shown: result.diagnostics, unchanged: [] };
  for (const u of unchanged) ctx.io.stdout.write(`${escapeControls(`${u.file}: ${plural(u.count, "warning")} as in the last build, not repeated`)}\n\n`);
  // the closing line counts every warning, the ones not repeated too
  report(ctx.io, shown, result.sources, opts.format, result.inputs.length, result.diagnostics, opts.config);
  const note = warningLimitNote(result.diagnostics, opts.maxWarnings);
  if (note) ctx.io.stderr.write(`${note}\n`);
  // file names are the user's: a control character in one must not reach the terminal
  if (opts.format === "pretty" || result.status !== "failed") ctx.io.stderr.write(`${escapeControls(describeBuild(result, ctx.io.cwd, opts))}\n`);
  if (opts.format === "pretty" && result.status === "written") {
    for (const input of result.inputs) ctx.io.stderr.write(escapeControls(`  ${shownPath(resolve(result.config.root, input.input), ctx.io.cwd)} -> ${outputFolder(result, input, ctx.io.cwd)} (${plural(input.files.length, "file")})`) + "\n");
  }
}

/** The folder of the outputs of one input, for messages. */
function outputFolder(result: BuildResult, input: InputBuild, cwd: string): string {
  return `${shownPath(join(result.outDir, input.outDir), cwd)}/`;
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

export function buildCommand(ctx: CommandContext): Command {
  return new Command("build")
    .description("compile the policies of policyc.config.json and write every output, atomically")
    .addOption(configOption())
    .option("--check", "write nothing; fail when the outputs on disk differ from what the build produces")
    .addOption(new Option("--watch", "rebuild on every change of an input, an import, the configuration or a template").conflicts("check"))
    .addOption(formatOption())
    .addOption(jsonOption())
    .addOption(maxWarningsOption())
    .option("--templates <dir>", "wording templates that override the built-in ones (default: the configuration's `templates`)")
    .option("--with-sources", "annotate every statement of the Markdown and HTML with the declaration it came from (file:line)")
    .addHelpText(
      "after",
      `
Every output goes to <outDir>/<input name>/; the build owns outDir and replaces it as a whole,
so a build that fails half-way leaves the previous outputs as they were.

Exit codes: 0 success, 1 errors in a policy or more warnings than --max-warnings (nothing
written), or stale outputs (--check), 2 the configuration is invalid or the outputs cannot be
written. --watch and --check do not go together.

Examples:
  $ policyc build
  $ policyc build --check                  # in CI: are the committed outputs current?
  $ policyc build --watch
  $ policyc build --config site/policyc.config.json --format json
  $ policyc build --templates wording --with-sources
`,
    )
    .hook("preAction", refuseJsonWithOtherFormat)
    .action(async (opts: BuildCliOptions) => {
      // The emitters and what they load (Markdown, HTML, JSON Schema) are loaded only here, so
      // that the other commands start faster.
      if (opts.watch) {
        await watch(ctx, opts);
        return;
      }
      const { runBuild } = await import("../build/build.js");
      const loaded = loadConfig(opts.config, ctx.io.cwd);
      if (!loaded.config) {
        report(ctx.io, loaded.diagnostics, loaded.sources ?? new Map(), opts.format, 0, undefined, opts.config);
        return ctx.exit(EXIT_TOOL);
      }
      const config = withOverrides(loaded.config, overrides(ctx, opts));
      const result = runBuild({
        config,
        cwd: ctx.io.cwd,
        ...(opts.check ? { check: true } : {}),
        ...(opts.maxWarnings !== undefined ? { maxWarnings: opts.maxWarnings } : {}),
      });
      printResult(ctx, result, opts);
      ctx.exit(result.exitCode);
    });
}

/** The command line's settings over the configuration's (`--templates` resolved from the working directory). */
function overrides(ctx: CommandContext, opts: BuildCliOptions): ConfigOverrides {
  return {
    ...(opts.templates !== undefined ? { templates: resolve(ctx.io.cwd, opts.templates) } : {}),
    ...(opts.withSources ? { withSources: true } : {}),
  };
}

/** Runs until the process is interrupted. */
async function watch(ctx: CommandContext, opts: BuildCliOptions): Promise<void> {
  const { watchBuild } = await import("../build/watch.js");
  // the warnings printed last, by file: unchanged ones are named, not repeated
  const printed = new Map<string, string>();
  const onBuild = (outcome: WatchOutcome): void => {
    const trigger = outcome.trigger.length > 0 ? escapeControls(` (changed: ${outcome.trigger.map((t) => shownPath(t, ctx.io.cwd)).join(", ")})`) : "";
    if (outcome.kind === "config") {
      report(ctx.io, outcome.config.diagnostics, outcome.config.sources ?? new Map(), opts.format, 0, undefined, opts.config);
      ctx.io.stderr.write(`[${clock()}] the configuration is invalid; waiting for changes${trigger}\n`);
    } else if (outcome.kind === "crash") {
      const e = outcome.error;
      ctx.io.stderr.write(`[${clock()}] internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    } else {
      printResult(ctx, outcome.result, opts, printed);
      ctx.io.stderr.write(`[${clock()}] built in ${Math.round(outcome.ms)} ms${trigger}; watching for changes (Ctrl-C to stop)\n`);
    }
  };
  const watcher = watchBuild({
    configPath: opts.config,
    cwd: ctx.io.cwd,
    overrides: overrides(ctx, opts),
    onBuild,
    ...(opts.maxWarnings !== undefined ? { maxWarnings: opts.maxWarnings } : {}),
  });
  await watcher.ready;
  await new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void watcher.close().then(resolveStop);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
