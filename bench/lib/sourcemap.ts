/** A minimal source map (v3) reader: generated (line, column) to original file and line. */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...B64].map((c, i) => [c, i]));

interface Segment {
  readonly col: number;
  readonly source: number;
  readonly line: number;
}

export interface SourceMap {
  /** Original absolute path and 0-based line of a generated 0-based position, or null. */
  lookup(line: number, column: number): { file: string; line: number } | null;
}

function decodeVlq(s: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of s) {
    const d = DIGIT.get(ch)!;
    value += (d & 31) << shift;
    if (d & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

export function readSourceMap(mapPath: string): SourceMap {
  const raw = JSON.parse(readFileSync(mapPath, "utf8")) as { sources: string[]; sourceRoot?: string; mappings: string };
  const base = resolve(dirname(mapPath), raw.sourceRoot ?? "");
  const sources = raw.sources.map((s) => resolve(base, s));
  const lines: Segment[][] = [];
  let source = 0;
  let oline = 0;
  for (const lineText of raw.mappings.split(";")) {
    const segs: Segment[] = [];
    let col = 0;
    for (const seg of lineText.split(",")) {
      if (!seg) continue;
      const v = decodeVlq(seg);
      col += v[0]!;
      if (v.length >= 4) {
        source += v[1]!;
        oline += v[2]!;
        segs.push({ col, source, line: oline });
      }
    }
    lines.push(segs);
  }
  return {
    lookup(line, column) {
      const segs = lines[line];
      if (!segs || segs.length === 0) return null;
      let best: Segment | undefined;
      for (const s of segs) {
        if (s.col <= column) best = s;
        else break;
      }
      best ??= segs[0]!;
      return { file: sources[best.source]!, line: best.line };
    },
  };
}
