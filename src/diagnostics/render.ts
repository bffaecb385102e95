/**
 * Diagnostics as text: `formatPretty` for people at a terminal (code frame, underline, help and
 * related locations, optional ANSI colours), `formatBaseline` for golden test files in the style
 * of TypeScript's error baselines (every line of the source, `~~~` under each span, so a diff
 * shows exactly what changed for the user).
 *
 * Pipeline position: the very end; the CLI and the tests call it. Positions are computed here
 * from the spans' offsets (`source.ts`).
 */
import type { Span } from "../syntax/ast.js";
import type { Diagnostic } from "./diagnostic.js";
import { sortDiagnostics } from "./diagnostic.js";
import { LineMaps, type LineMap } from "./source.js";

export interface PrettyOptions {
  /** Emit ANSI colour escapes. */
  readonly color: boolean;
}

/** The most lines of one span shown in a code frame; longer spans show the first ones and `...`. */
const MAX_FRAME_LINES = 4;

const ANSI = {
  reset: "\u001b[0m",
  bold: "\u001b[1m",
  dim: "\u001b[2m",
  red: "\u001b[31m",
  yellow: "\u001b[33m",
  blue: "\u001b[34m",
  cyan: "\u001b[36m",
  grey: "\u001b[90m",
} as const;

type Style = keyof typeof ANSI;

function painter(color: boolean): (text: string, ...styles: Style[]) => string {
  return (text, ...styles) => (color && text !== "" ? `${styles.map((s) => ANSI[s]).join("")}${text}${ANSI.reset}` : text);
}

/** The part of `[start, end)` on one line, as columns `[from, to)` of that line's text. */
function lineSlice(map: LineMap, span: Span, line: number): { from: number; to: number } {
  const lineStart = map.lineStart(line);
  const lineEnd = lineStart + map.lineText(line).length;
  const from = Math.max(span.start, lineStart) - lineStart;
  const to = Math.min(span.end, lineEnd) - lineStart;
  return { from, to: Math.max(to, from) };
}

/** Spaces up to `column`, keeping tabs so the marker lines up under tab-indented text. */
function padTo(lineText: string, column: number): string {
  let out = "";
  for (let i = 0; i < column; i++) out += lineText[i] === "\t" ? "\t" : " ";
  return out;
}

/** The underline for one line of a span: `~~~`, or `^` for an empty span. */
function marker(map: LineMap, span: Span, line: number): string {
  const text = map.lineText(line);
  const { from, to } = lineSlice(map, span, line);
  if (span.start === span.end) return `${padTo(text, from)}^`;
  return `${padTo(text, from)}${"~".repeat(Math.max(1, to - from))}`;
}

function clampSpan(span: Span, map: LineMap): Span {
  const length = map.text.length;
  const start = Math.max(0, Math.min(span.start, length));
  const end = Math.max(start, Math.min(span.end, length));
  return { file: span.file, start, end };
}

/** The lines a span covers (a span ending at the start of a line does not cover that line). */
function spanLines(map: LineMap, span: Span): { first: number; last: number } {
  const first = map.position(span.start).line;
  const endPos = map.position(span.end);
  const last = span.end > span.start && endPos.column === 1 && endPos.line > first ? endPos.line - 1 : endPos.line;
  return { first, last };
}

function location(map: LineMap | undefined, span: Span): string {
  if (!map) return span.file;
  const { line, column } = map.position(span.start);
  return `${span.file}:${line}:${column}`;
}

/**
 * `file:line:col - error PC1234: message`, then the source lines of the span with line numbers
 * and an underline, the `help:` line, and each related location with its own frame.
 */
export function formatPretty(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  options: PrettyOptions,
): string {
  const paint = painter(options.color);
  const maps = new LineMaps(sources);
  const blocks: string[] = [];

  const frame = (span: Span, underline: Style, indent: string): string[] => {
    const map = maps.get(span.file);
    if (!map) return [];
    const s = clampSpan(span, map);
    const { first, last } = spanLines(map, s);
    const shown: number[] = [];
    for (let line = first; line <= last && shown.length < MAX_FRAME_LINES; line++) shown.push(line);
    const width = String(last).length;
    const gutter = (n: string): string => paint(`${indent}${n.padStart(width)} | `, "grey");
    const out: string[] = [];
    for (const line of shown) {
      out.push(`${gutter(String(line))}${map.lineText(line)}`);
      out.push(`${gutter("")}${paint(marker(map, s, line), underline, "bold")}`);
    }
    if (shown.length < last - first + 1) out.push(`${gutter("...")}`);
    return out;
  };

  for (const d of diagnostics) {
    const severityStyle: Style = d.severity === "error" ? "red" : d.severity === "warning" ? "yellow" : "blue";
    const lines: string[] = [];
    const where = d.span ? `${paint(location(maps.get(d.span.file), d.span), "cyan")} - ` : "";
    lines.push(`${where}${paint(d.severity, severityStyle, "bold")} ${paint(d.code, "grey")}: ${d.message}`);
    if (d.span) {
      const f = frame(d.span, severityStyle, "  ");
      if (f.length > 0) lines.push("", ...f);
    }
    if (d.help) lines.push("", `  ${paint("help", "cyan", "bold")}: ${d.help}`);
    for (const r of d.related) {
      lines.push("", `  ${paint(location(maps.get(r.span.file), r.span), "cyan")} - ${r.message}`);
      lines.push(...frame(r.span, "cyan", "    "));
    }
    blocks.push(lines.join("\n"));
  }
  return blocks.length > 0 ? `${blocks.join("\n\n")}\n` : "";
}

function baselineLocation(map: LineMap | undefined, span: Span): string {
  if (!map) return span.file;
  const { line, column } = map.position(span.start);
  return `${span.file}(${line},${column})`;
}

function countLabel(diagnostics: readonly Diagnostic[]): string {
  const parts: string[] = [];
  for (const severity of ["error", "warning", "info"] as const) {
    const n = diagnostics.filter((d) => d.severity === severity).length;
    if (n > 0) parts.push(`${n} ${severity}${n === 1 ? "" : "s"}`);
  }
  return parts.join(", ");
}

/**
 * TypeScript-baseline text: one `file(line,col): error PC1234: message` line per diagnostic, then
 * each file in full, indented by four spaces, with `~~~` under each span followed by `!!!` lines
 * for the message, its help and its related locations.
 */
export function formatBaseline(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  if (diagnostics.length === 0) return "";
  const maps = new LineMaps(sources);
  const sorted = sortDiagnostics(diagnostics);
  const out: string[] = [];
  for (const d of sorted) {
    const where = d.span ? `${baselineLocation(maps.get(d.span.file), d.span)}: ` : "";
    out.push(`${where}${d.severity} ${d.code}: ${d.message}`);
  }

  const files = [...new Set(sorted.flatMap((d) => (d.span ? [d.span.file] : [])))].filter((f) => sources.has(f));
  for (const file of files) {
    const map = maps.get(file);
    if (!map) continue;
    const inFile = sorted.filter((d) => d.span?.file === file);
    out.push("", "", `==== ${file} (${countLabel(inFile)}) ====`);
    const placed = inFile.flatMap((d) => {
      if (!d.span) return [];
      const span = clampSpan(d.span, map);
      return [{ d, span, ...spanLines(map, span) }];
    });
    // The empty line after a final line break is shown only when a diagnostic points at it.
    const pointsAtEnd = placed.some((p) => p.last === map.lineCount);
    const lastLine = map.lineText(map.lineCount) === "" && !pointsAtEnd ? map.lineCount - 1 : map.lineCount;
    for (let line = 1; line <= lastLine; line++) {
      out.push(`    ${map.lineText(line)}`.trimEnd());
      for (const p of placed) {
        if (p.first <= line && line <= p.last) out.push(`    ${marker(map, p.span, line)}`);
      }
      for (const p of placed) {
        if (p.last !== line) continue;
        out.push(`!!! ${p.d.severity} ${p.d.code}: ${p.d.message}`);
        if (p.d.help) out.push(`!!! help: ${p.d.help}`);
        for (const r of p.d.related) out.push(`!!! related: ${baselineLocation(maps.get(r.span.file), r.span)}: ${r.message}`);
      }
    }
  }
  return `${out.join("\n")}\n`;
}
