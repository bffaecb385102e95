/**
 * `--format json`: diagnostics as one JSON document of a stable, versioned shape, for scripts
 * and editors. The shape is documented in README.md ("Diagnostics as JSON"); a change to it
 * bumps `version`.
 *
 * Positions are 1-based lines and columns in UTF-16 code units (as editors count them), plus the
 * 0-based offset into the file's text; the end position is exclusive.
 */
import type { Span } from "../../syntax/ast.js";
import { CATALOGUE } from "../catalogue.js";
import { countSeverities, type Diagnostic, type Severity } from "../diagnostic.js";
import { UNSAFE_BEYOND_C0 } from "../render.js";
import { LineMaps } from "../source.js";

export interface JsonPosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface JsonRelated {
  readonly message: string;
  readonly file: string;
  readonly start: JsonPosition | null;
  readonly end: JsonPosition | null;
}

export interface JsonDiagnostic {
  readonly code: string;
  /** The configuration name of the code (`unused-category`). */
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  readonly help: string | null;
  /** The file as shown in messages (relative to the working directory; `std/...` for the standard library); null for a problem with no file. */
  readonly file: string | null;
  readonly start: JsonPosition | null;
  readonly end: JsonPosition | null;
  readonly related: readonly JsonRelated[];
}

export interface JsonReport {
  readonly version: 1;
  readonly diagnostics: readonly JsonDiagnostic[];
  readonly summary: { readonly errors: number; readonly warnings: number };
}

/** Line maps of the files, built once each. */
export class Positions {
  private readonly maps: LineMaps;
  constructor(sources: ReadonlyMap<string, string>) {
    this.maps = new LineMaps(sources);
  }

  /** The position of an offset in a file, or null when the file's text is not known. */
  at(file: string, offset: number): JsonPosition | null {
    const map = this.maps.get(file);
    if (!map) return null;
    const clamped = Math.max(0, Math.min(offset, map.text.length));
    const { line, column } = map.position(clamped);
    return { line, column, offset: clamped };
  }

  range(span: Span): { start: JsonPosition | null; end: JsonPosition | null } {
    if (span.whole) return { start: null, end: null };
    return { start: this.at(span.file, span.start), end: this.at(span.file, span.end) };
  }
}

export function toJsonReport(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): JsonReport {
  const positions = new Positions(sources);
  return {
    version: 1,
    diagnostics: diagnostics.map((d) => ({
      code: d.code,
      name: CATALOGUE.get(d.code)?.name ?? d.code,
      severity: d.severity,
      message: d.message,
      help: d.help ?? null,
      file: d.span?.file ?? null,
      ...(d.span ? positions.range(d.span) : { start: null, end: null }),
      related: d.related.map((r) => ({ message: r.message, file: r.span.file, ...positions.range(r.span) })),
    })),
    summary: countSeverities(diagnostics),
  };
}

const TERMINAL_UNSAFE = new RegExp(`[${UNSAFE_BEYOND_C0}]`, "g");

/**
 * `text` with the characters JSON leaves raw but a terminal or an editor acts on (DEL, C1
 * controls, bidi marks, overrides and isolates, line and paragraph separators) written as
 * `\uXXXX`: inside a JSON or JavaScript string the same value, in a comment visible text.
 */
export function escapeUnsafe(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** JSON text that is safe to print (`escapeUnsafe`): the same JSON value. */
export function terminalSafeJson(value: unknown): string {
  return `${escapeUnsafe(JSON.stringify(value, null, 2))}\n`;
}

export function formatJson(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  return terminalSafeJson(toJsonReport(diagnostics, sources));
}
