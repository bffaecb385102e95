/**
 * Diagnostics as text: `formatPretty` for people at a terminal (code frame, underline, help and
 * related locations, optional ANSI colours), `formatBaseline` for golden test files in the style
 * of TypeScript's error baselines (every line of the source, `~~~` under each span, so a diff
 * shows exactly what changed for the user).
 *
 * Pipeline position: the very end; the CLI and the tests call it. Positions are computed here
 * from the spans' offsets (`source.ts`).
 *
 * Source text and messages (which quote source text) are shown through `escapeControls`: a
 * control character or a bidi override from a hostile file must not reach the terminal as it is
 * (it could clear the screen, set the title or reorder what is shown), so it is printed as an
 * escape such as `\x1b`. Underlines are measured on the text as printed, and a long line is
 * shown as a window around the span (`…` marks what was cut), so one diagnostic stays small.
 */
import { eastAsianWidth } from "get-east-asian-width";
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

/** The widest excerpt of one source line in a code frame, in printed columns (not counting the `…` marks). */
export const MAX_FRAME_WIDTH = 160;

/** How many printed columns of a cut line are shown before the span, when there are that many. */
const FRAME_LEAD = 40;

/** The longest text between backticks in a message of `formatPretty`, in characters; longer ones keep their ends. */
const MAX_QUOTE_LENGTH = 100;

/** Marks where a long line or quote was cut. */
const ELLIPSIS = "…";

/**
 * The characters a terminal acts on besides the C0 controls (which JSON escapes by itself): DEL
 * and the C1 controls, the bidi marks, embeddings, overrides and isolates, and the line and
 * paragraph separators; a regular-expression class body. The JSON formats escape these too.
 */
export const UNSAFE_BEYOND_C0 = "\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069";

/**
 * Characters never printed as they are: C0 controls but tab, DEL and C1 controls (terminal
 * commands), bidi marks, embeddings, overrides and isolates ("Trojan Source"), the line and
 * paragraph separators, and the zero-width no-break space (invisible: it would shift the underline).
 */
const UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000a-\\u001f${UNSAFE_BEYOND_C0}\\ufeff]`);
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");

function escapeChar(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `text` with each unsafe character (see `UNSAFE`) written as `\x1b` or `\u202e`; tabs stay. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE_ALL, escapeChar);
}

/** `text` with its lines kept and every other unsafe character escaped (`escapeControls`). */
export function escapeControlsInLines(text: string): string {
  return text.split("\n").map(escapeControls).join("\n");
}

/** How many columns code unit `i` of `text` takes once escaped. */
function printedWidth(text: string, i: number): number {
  const char = text[i] ?? "";
  return UNSAFE.test(char) ? escapeChar(char).length : 1;
}

function isLowSurrogate(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code >= 0xdc00 && code <= 0xdfff;
}

/** One source line as printed in a code frame, and the span's columns `[from, to)` in that text. */
interface LineView {
  readonly text: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Line `text` as printed, with source columns `[from, to)` moved to printed columns: escaped
 * (`escapeControls`) and, when wider than `maxWidth`, cut to a window that starts a little before
 * `from`, with `…` where text was left out.
 */
function lineView(text: string, from: number, to: number, maxWidth: number): LineView {
  if (text.length <= maxWidth && !UNSAFE.test(text)) return { text, from, to };
  let start = Math.max(0, Math.min(from, text.length));
  let width = 0;
  while (start > 0 && width + printedWidth(text, start - 1) <= Math.min(FRAME_LEAD, maxWidth)) width += printedWidth(text, --start);
  let end = start;
  width = 0;
  while (end < text.length && width + printedWidth(text, end) <= maxWidth) width += printedWidth(text, end++);
  // Near the end of the line: use the room left for more text before the span.
  while (start > 0 && width + printedWidth(text, start - 1) <= maxWidth) width += printedWidth(text, --start);
  // Never show half of a surrogate pair.
  if (start > 0 && isLowSurrogate(text, start)) start++;
  if (end < text.length && isLowSurrogate(text, end)) end--;
  const head = start > 0 ? ELLIPSIS : "";
  const tail = end < text.length ? ELLIPSIS : "";
  const column = (c: number): number =>
    head.length + escapeControls(text.slice(start, Math.max(start, Math.min(c, end)))).length;
  return { text: `${head}${escapeControls(text.slice(start, end))}${tail}`, from: column(from), to: column(to) };
}

/**
 * A message as printed by `formatPretty`: escaped, and each text between backticks longer than
 * `MAX_QUOTE_LENGTH` shortened to its two ends around `…` (messages quote the source, and a
 * name can be a whole line long).
 */
function showMessage(message: string): string {
  const keep = Math.floor((MAX_QUOTE_LENGTH - ELLIPSIS.length) / 2);
  const shortened = message.replace(/`([^`]*)`/g, (whole, quoted: string) => {
    if (quoted.length <= MAX_QUOTE_LENGTH) return whole;
    let head = keep;
    let tail = quoted.length - keep;
    if (isLowSurrogate(quoted, head)) head--;
    if (isLowSurrogate(quoted, tail)) tail++;
    return `\`${quoted.slice(0, head)}${ELLIPSIS}${quoted.slice(tail)}\``;
  });
  return escapeControls(shortened);
}

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

// Compiled on the first line that is not plain ASCII: a start-up that prints nothing pays nothing.
let zeroWidth: RegExp | undefined;
let pictograph: RegExp | undefined;

/**
 * Columns a character takes on a terminal: none for combining marks and invisible characters, two
 * for wide and fullwidth ones (East Asian Width, from `get-east-asian-width`) and for emoji, one
 * otherwise. A tab counts one (the frame keeps tabs as they are).
 */
function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x7f) return 1;
  zeroWidth ??= /^[\p{Mark}\p{Default_Ignorable_Code_Point}\p{Control}]$/u;
  if (zeroWidth.test(char)) return 0;
  pictograph ??= /^\p{Extended_Pictographic}$/u;
  if (pictograph.test(char) && code > 0x2fff) return 2;
  return eastAsianWidth(code);
}

/** Columns `text` takes on a terminal (see `charWidth`). */
function displayWidth(text: string): number {
  if (/^[\x20-\x7e\t]*$/.test(text)) return text.length;
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** Blanks as wide as `lineText` up to `column`, keeping tabs so the marker lines up under tab-indented text. */
function padTo(lineText: string, column: number): string {
  let out = "";
  for (const char of lineText.slice(0, column)) out += char === "\t" ? "\t" : " ".repeat(charWidth(char));
  return out;
}

/**
 * One line of a span as printed (`lineView`, at most `maxWidth` columns of source) and its
 * underline: `~~~`, or `^` for an empty span, measured on the printed text.
 */
function frameLine(map: LineMap, span: Span, line: number, maxWidth: number): { text: string; marker: string } {
  const { from, to } = lineSlice(map, span, line);
  const view = lineView(map.lineText(line), from, to, maxWidth);
  const pad = padTo(view.text, view.from);
  const marker = span.start === span.end ? `${pad}^` : `${pad}${"~".repeat(Math.max(1, displayWidth(view.text.slice(view.from, view.to))))}`;
  return { text: view.text, marker };
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

/** The line map a span's place is read in: none for a span of a whole file (`Span.whole`). */
function placeMap(maps: LineMaps, span: Span): LineMap | undefined {
  return span.whole ? undefined : maps.get(span.file);
}

function location(map: LineMap | undefined, span: Span): string {
  const file = escapeControls(span.file);
  if (!map) return file;
  const { line, column } = map.position(span.start);
  return `${file}:${line}:${column}`;
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
    const map = placeMap(maps, span);
    if (!map) return [];
    const s = clampSpan(span, map);
    const { first, last } = spanLines(map, s);
    const shown: number[] = [];
    for (let line = first; line <= last && shown.length < MAX_FRAME_LINES; line++) shown.push(line);
    const width = String(last).length;
    const gutter = (n: string): string => paint(`${indent}${n.padStart(width)} | `, "grey");
    const out: string[] = [];
    for (const line of shown) {
      const { text, marker } = frameLine(map, s, line, MAX_FRAME_WIDTH);
      out.push(`${gutter(String(line))}${text}`);
      out.push(`${gutter("")}${paint(marker, underline, "bold")}`);
    }
    if (shown.length < last - first + 1) out.push(`${gutter("...")}`);
    return out;
  };

  for (const d of diagnostics) {
    const severityStyle: Style = d.severity === "error" ? "red" : d.severity === "warning" ? "yellow" : "blue";
    const lines: string[] = [];
    const where = d.span ? `${paint(location(placeMap(maps, d.span), d.span), "cyan")} - ` : "";
    lines.push(`${where}${paint(d.severity, severityStyle, "bold")} ${paint(d.code, "grey")}: ${showMessage(d.message)}`);
    if (d.span) {
      const f = frame(d.span, severityStyle, "  ");
      if (f.length > 0) lines.push("", ...f);
    }
    if (d.help) lines.push("", `  ${paint("help", "cyan", "bold")}: ${showMessage(d.help)}`);
    for (const r of d.related) {
      lines.push("", `  ${paint(location(placeMap(maps, r.span), r.span), "cyan")} - ${showMessage(r.message)}`);
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
    const where = d.span ? `${baselineLocation(placeMap(maps, d.span), d.span)}: ` : "";
    out.push(`${where}${d.severity} ${d.code}: ${escapeControls(d.message)}`);
  }

  const files = [...new Set(sorted.flatMap((d) => (d.span ? [d.span.file] : [])))].filter((f) => sources.has(f));
  for (const file of files) {
    const map = maps.get(file);
    if (!map) continue;
    const inFile = sorted.filter((d) => d.span?.file === file);
    out.push("", "", `==== ${file} (${countLabel(inFile)}) ====`);
    const placed = inFile.flatMap((d) => {
      if (!d.span || d.span.whole) return [];
      const span = clampSpan(d.span, map);
      return [{ d, span, ...spanLines(map, span) }];
    });
    // The empty line after a final line break is shown only when a diagnostic points at it.
    const pointsAtEnd = placed.some((p) => p.last === map.lineCount);
    const lastLine = map.lineText(map.lineCount) === "" && !pointsAtEnd ? map.lineCount - 1 : map.lineCount;
    // Lines are escaped like `formatPretty`'s but never cut: a baseline shows the whole file.
    for (let line = 1; line <= lastLine; line++) {
      out.push(`    ${escapeControls(map.lineText(line))}`.trimEnd());
      for (const p of placed) {
        if (p.first <= line && line <= p.last) out.push(`    ${frameLine(map, p.span, line, Infinity).marker}`);
      }
      for (const p of placed) {
        if (p.last !== line) continue;
        out.push(`!!! ${p.d.severity} ${p.d.code}: ${escapeControls(p.d.message)}`);
        if (p.d.help) out.push(`!!! help: ${escapeControls(p.d.help)}`);
        for (const r of p.d.related) out.push(`!!! related: ${baselineLocation(placeMap(maps, r.span), r.span)}: ${escapeControls(r.message)}`);
      }
    }
  }
  return `${out.join("\n")}\n`;
}
