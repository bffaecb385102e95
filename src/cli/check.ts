/**
 * `policyc check <files...>`: reads each file, reports every diagnostic, and exits 0 when there
 * are no errors, 1 when there are, 2 when a file cannot be read.
 *
 * `runCheck` is the one place that decides what "checking" means: the whole compiler pipeline up
 * to (not including) the emitters, for each file with its imports.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { formatPretty } from "../diagnostics/render.js";
import { compile, type CompileOptions } from "../program.js";
import { ToolError } from "./tool-error.js";

export interface CheckResult {
  readonly diagnostics: readonly Diagnostic[];
  /** The text of every file read, by the path used in the diagnostics' spans. */
  readonly sources: ReadonlyMap<string, string>;
}

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
};

/** Reads the files (all of them, or a `ToolError` naming every one that cannot be read). */
export function readSources(paths: readonly string[]): Map<string, string> {
  const sources = new Map<string, string>();
  const failures: string[] = [];
  for (const path of paths) {
    try {
      sources.set(path, readFileSync(path, "utf8"));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      failures.push(`cannot read \`${path}\`: ${READ_ERRORS[code ?? ""] ?? String(code ?? error)}`);
    }
  }
  if (failures.length > 0) throw new ToolError(failures.join("\n"));
  return sources;
}

/** Checks the files and returns what was found; throws `ToolError` for an unreadable file. */
export function runCheck(paths: readonly string[], options: CompileOptions = {}): CheckResult {
  const roots = readSources(paths);
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const [path, text] of roots) {
    const result = compile(path, { ...options, rootText: text });
    for (const [name, t] of result.sources) sources.set(name, t);
    for (const d of result.diagnostics) {
      // a file imported by several roots reports its problems once
      const key = `${d.code}|${d.span?.file}|${d.span?.start}|${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push(d);
    }
  }
  return { diagnostics: sortDiagnostics(diagnostics), sources };
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream): boolean {
  const noColor = process.env["NO_COLOR"];
  return stream.isTTY === true && (noColor === undefined || noColor === "");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The closing line: `2 errors and 1 warning in 1 file`. */
export function summary(diagnostics: readonly Diagnostic[], fileCount: number): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const parts = [errors > 0 ? plural(errors, "error") : "", warnings > 0 ? plural(warnings, "warning") : ""].filter((p) => p);
  const files = new Set(diagnostics.flatMap((d) => (d.span ? [d.span.file] : []))).size;
  return `found ${parts.join(" and ") || "no problems"} in ${plural(files || fileCount, "file")}`;
}

export function checkCommand(): Command {
  return new Command("check")
    .description("check .policy files and report every problem found")
    .argument("<files...>", "the .policy files to check")
    .action((files: string[]) => {
      const result = runCheck(files);
      if (result.diagnostics.length > 0) {
        process.stdout.write(formatPretty(result.diagnostics, result.sources, { color: useColor(process.stdout) }));
        process.stdout.write(`\n${summary(result.diagnostics, files.length)}\n`);
      }
      process.exitCode = hasErrors(result.diagnostics) ? 1 : 0;
    });
}
