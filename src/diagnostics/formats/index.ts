/**
 * The output formats of `check` and `build`: `pretty` for people (code frames, colours on a
 * terminal), `json` for scripts, `sarif` for code-scanning services, `github` for annotations in
 * GitHub Actions; and the rule that turns
 * diagnostics into an exit code (`--max-warnings`).
 */
import { countSeverities, type Diagnostic } from "../diagnostic.js";
import { formatPretty } from "../render.js";
import { formatJson } from "./json.js";
import { formatSarif } from "./sarif.js";
import { formatGithub } from "./github.js";

export { formatJson, toJsonReport, type JsonReport, type JsonDiagnostic, type JsonPosition } from "./json.js";
export { formatSarif, toSarif, docsAnchor, slug, type SarifOptions } from "./sarif.js";

export const OUTPUT_FORMATS = ["pretty", "json", "sarif", "github"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface ReportOptions {
  readonly format: OutputFormat;
  /** ANSI colours, for `pretty` only. */
  readonly color: boolean;
  readonly cwd: string;
  readonly toolVersion: string;
  readonly docsUri: string;
  /** How many files were looked at, for the closing line of `pretty`. */
  readonly fileCount: number;
  /** For \`sarif\`: the configuration file, where a diagnostic without a place is placed. */
  readonly projectFile?: string;
  /**
   * What `pretty`'s closing line counts, when more than what it prints (a watch session names
   * a file's unchanged warnings instead of printing them again).
   */
  readonly counted?: readonly Diagnostic[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * The closing line of `pretty`: `found 2 errors and 1 warning in 1 file`, counting the files the
 * diagnostics are in; a problem of no file (the output folder, the configuration's shape) counts
 * none. `fileCount`, the files read, only for a run that found nothing.
 */
export function summary(diagnostics: readonly Diagnostic[], fileCount: number): string {
  const { errors, warnings } = countSeverities(diagnostics);
  const parts = [errors > 0 ? plural(errors, "error") : "", warnings > 0 ? plural(warnings, "warning") : ""].filter((p) => p);
  const files = diagnostics.length > 0 ? new Set(diagnostics.flatMap((d) => (d.span ? [d.span.file] : []))).size : fileCount;
  return `found ${parts.join(" and ") || "no problems"}${files > 0 ? ` in ${plural(files, "file")}` : ""}`;
}

/**
 * The report in the chosen format. `pretty` prints nothing at all for a clean run (silence is
 * success); `json` and `sarif` always print a whole document; `github` a line per diagnostic.
 */
export function renderReport(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, options: ReportOptions): string {
  switch (options.format) {
    case "json":
      return formatJson(diagnostics, sources);
    case "sarif":
      return formatSarif(diagnostics, sources, options);
    case "github":
      return formatGithub(diagnostics, sources);
    case "pretty": {
      const counted = options.counted ?? diagnostics;
      if (counted.length === 0) return "";
      const body = diagnostics.length > 0 ? `${formatPretty(diagnostics, sources, { color: options.color })}\n` : "";
      return `${body}${summary(counted, options.fileCount)}\n`;
    }
  }
}

/**
 * 0 when there is no error and at most `maxWarnings` warnings (no limit when undefined), 1
 * otherwise. Info diagnostics never fail a run.
 */
export function exitCodeFor(diagnostics: readonly Diagnostic[], maxWarnings?: number): 0 | 1 {
  const { errors, warnings } = countSeverities(diagnostics);
  if (errors > 0) return 1;
  return maxWarnings !== undefined && warnings > maxWarnings ? 1 : 0;
}
