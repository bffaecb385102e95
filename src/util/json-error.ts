/**
 * Where `JSON.parse` failed, as a person reads it: its message says "at position 86" (Node 20)
 * or "at position 86 (line 3 column 5)" (later versions); this gives the message without that,
 * and the 1-based line and column.
 */
import { lineColumn, type Position } from "../diagnostics/source.js";

export function jsonParseError(error: unknown, text: string): { readonly message: string; readonly at?: Position; readonly offset?: number } {
  const raw = error instanceof Error ? error.message : String(error);
  const m = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(raw);
  if (!m) return { message: raw };
  return { message: raw.slice(0, m.index), at: lineColumn(text, Number(m[1])), offset: Number(m[1]) };
}
