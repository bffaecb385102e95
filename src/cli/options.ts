/** Options shared by several commands: the output format, `--max-warnings`, `--config`. */
import { resolve } from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import { packageVersion, docsUri } from "../util/package-info.js";
import { OUTPUT_FORMATS, renderReport, type OutputFormat } from "../diagnostics/formats/index.js";
import { countSeverities, type Diagnostic } from "../diagnostics/diagnostic.js";
import { useColor, type Io } from "./io.js";

export function formatOption(): Option {
  return new Option("--format <format>", "how to print diagnostics").choices([...OUTPUT_FORMATS]).default("pretty");
}

/** `--json`, the same as `--format json`: the spelling `explain` takes, accepted everywhere. */
export function jsonOption(): Option {
  return new Option("--json", "the same as --format json").implies({ format: "json" });
}

/**
 * Refuses `--json` beside another `--format` (`--format sarif --json`), which would otherwise print
 * the other format: a command with both options adds this before its action.
 */
export function refuseJsonWithOtherFormat(command: Command): void {
  const opts = command.opts<{ json?: boolean; format?: string }>();
  if (opts.json === true && command.getOptionValueSource("format") === "cli" && opts.format !== "json") {
    command.error(`error: option '--json' cannot be used with option '--format ${opts.format}'`, { exitCode: 2, code: "policyc.conflictingFormats" });
  }
}

export function maxWarningsOption(): Option {
  return new Option("--max-warnings <n>", "fail (exit 1) when there are more than n warnings").argParser((value: string) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number of warnings, such as 0");
    return Number(value);
  });
}

/** The configuration file a command reads when `-c` is not given. */
export const DEFAULT_CONFIG = "policyc.config.json";

export function configOption(): Option {
  return new Option("-c, --config <file>", "the configuration file").default(DEFAULT_CONFIG);
}

/** Prints diagnostics to stdout in the chosen format. */
export function report(
  io: Io,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  format: OutputFormat,
  fileCount: number,
  counted?: readonly Diagnostic[],
  /** The configuration file (for \`sarif\`: where a diagnostic about the project is placed). */
  projectFile?: string,
): void {
  io.stdout.write(
    renderReport(diagnostics, sources, {
      format,
      color: useColor(io.stdout, io.env),
      cwd: io.cwd,
      toolVersion: packageVersion(),
      docsUri: docsUri(),
      fileCount,
      ...(counted !== undefined ? { counted } : {}),
      ...(projectFile !== undefined ? { projectFile: resolve(io.cwd, projectFile) } : {}),
    }),
  );
}

/** `too many warnings: 12, at most 0 allowed (--max-warnings)`, when that is why a run fails. */
export function warningLimitNote(diagnostics: readonly Diagnostic[], maxWarnings: number | undefined): string | undefined {
  const { errors, warnings } = countSeverities(diagnostics);
  if (maxWarnings === undefined || errors > 0) return undefined;
  return warnings > maxWarnings ? `policyc: too many warnings: ${warnings}, at most ${maxWarnings} allowed (--max-warnings)` : undefined;
}
