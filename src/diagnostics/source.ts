/**
 * Line and column lookup for diagnostics. Spans hold offsets only; positions people read
 * (1-based line and column, in UTF-16 code units) are computed here when a diagnostic is shown.
 *
 * A byte order mark (U+FEFF) at offset 0 is not part of line 1: editors neither show nor count
 * it, so line 1's columns start after it and its text leaves it out. Offsets are unchanged (the
 * mark is still character 0 of the text).
 */

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units. */
  readonly column: number;
}

/** Precomputed line starts of one text; `\n` and `\r\n` end a line. */
export class LineMap {
  readonly text: string;
  private readonly starts: number[];

  constructor(text: string) {
    this.text = text;
    // Line 1 starts after a byte order mark, as it does in an editor.
    this.starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The position of `offset`, clamped to the text (the end of the text is a valid position). */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? offset : this.text.length, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    // `max`: the byte order mark itself (offset 0, before line 1's start) is at column 1.
    return { line: lo + 1, column: Math.max(0, o - (this.starts[lo] ?? 0)) + 1 };
  }

  /** The offset of a 1-based line and column (the inverse of `position`); undefined past the text. */
  offsetAt(line: number, column: number): number | undefined {
    if (line < 1 || line > this.starts.length) return undefined;
    const offset = this.lineStart(line) + column - 1;
    return offset <= this.text.length ? offset : undefined;
  }

  /** Offset of the first character of a 1-based line (1 for line 1 after a byte order mark). */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] ?? 0;
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line < this.starts.length ? (this.starts[line] ?? this.text.length) : this.text.length;
    let end = next;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }
}

/** 1-based line and column of `offset` in `text`. Builds a map: use `LineMap` for many lookups. */
export function lineColumn(text: string, offset: number): Position {
  return new LineMap(text).position(offset);
}

/** One line map per file of `sources`, made on first use; undefined for a file whose text is not known. */
export class LineMaps {
  private readonly maps = new Map<string, LineMap | undefined>();
  constructor(private readonly sources: ReadonlyMap<string, string>) {}

  get(file: string): LineMap | undefined {
    if (!this.maps.has(file)) {
      const text = this.sources.get(file);
      this.maps.set(file, text === undefined ? undefined : new LineMap(text));
    }
    return this.maps.get(file);
  }
}
