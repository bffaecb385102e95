/**
 * Diagnostics are values. Every phase returns them alongside its result; nothing in the compiler
 * throws for a problem in the user's input (an exception is a compiler bug).
 */
import type { Span } from "../syntax/ast.js";
import { CATALOGUE, type CodeInfo, type Severity } from "./catalogue.js";

export type { Severity } from "./catalogue.js";

export interface Related {
  readonly message: string;
  readonly span: Span;
}

export interface Diagnostic {
  /** Stable code, e.g. `PC1001`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Absent only for diagnostics about the invocation itself (no file involved). */
  readonly span?: Span;
  readonly help?: string;
  readonly related: readonly Related[];
}

export type MessageArgs = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders; user input is expected to arrive already wrapped in backticks. */
export function formatTemplate(template: string, args: MessageArgs): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(args, key) ? String(args[key]) : whole,
  );
}

export interface DiagnosticOptions {
  readonly help?: string;
  readonly related?: readonly Related[];
  readonly severity?: Severity;
}

/** Builds a diagnostic from the catalogue. An unknown code is a compiler bug. */
export function createDiagnostic(
  code: string,
  args: MessageArgs,
  span: Span | undefined,
  options: DiagnosticOptions = {},
): Diagnostic {
  const info: CodeInfo | undefined = CATALOGUE.get(code);
  if (!info) throw new Error(`internal: unknown diagnostic code ${code}`);
  const help = options.help ?? (info.help ? formatTemplate(info.help, args) : undefined);
  return {
    code,
    severity: options.severity ?? info.severity,
    message: formatTemplate(info.message, args),
    ...(span ? { span } : {}),
    ...(help ? { help } : {}),
    related: options.related ?? [],
  };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** How many errors and warnings (info does not count). */
export function countSeverities(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
  }
  return { errors, warnings };
}

/**
 * The diagnostics without repeats (same code, file, position and message), first occurrences in
 * order: a file imported by several compiled roots reports its problems once.
 */
export function dedupeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}|${d.span?.file}|${d.span?.start}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Orders diagnostics by file, position and code so output never depends on discovery order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.span?.file ?? "";
    const fb = b.span?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const sa = a.span?.start ?? -1;
    const sb = b.span?.start ?? -1;
    if (sa !== sb) return sa - sb;
    if (a.code !== b.code) return a.code < b.code ? -1 : 1;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}
