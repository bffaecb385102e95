/** Formatting: numbers, and tables as aligned text (terminal) or GitHub Markdown (README). */

export function fmtNum(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "n/a";
  if (Math.abs(x) >= 1e6) return `${(x / 1e6).toFixed(x >= 1e8 ? 0 : 1)}M`;
  if (Math.abs(x) >= 1e4) return `${(x / 1e3).toFixed(x >= 1e6 ? 0 : 1)}k`;
  return x.toFixed(digits);
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "n/a";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${(ms * 1000).toFixed(0)} µs`;
}

export function fmtRatio(x: number | null | undefined, lowerBound = false): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "n/a";
  const s = x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2);
  return `${lowerBound ? "> " : ""}${s}x`;
}

export interface Table {
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns aligned right (numbers). */
  readonly right?: readonly number[];
  readonly notes?: readonly string[];
}

export function textTable(t: Table): string {
  const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? "").length)));
  const cell = (s: string, i: number) => (t.right?.includes(i) ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (r: readonly string[]) => "  " + r.map(cell).join("  ").trimEnd();
  const out = [t.title, line(t.head), "  " + widths.map((w) => "-".repeat(w)).join("  "), ...t.rows.map(line)];
  for (const n of t.notes ?? []) out.push(`  * ${n}`);
  return out.join("\n");
}

export function markdownTable(t: Table): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const out = [`**${t.title}**`, "", `| ${t.head.map(esc).join(" | ")} |`, `| ${t.head.map((_, i) => (t.right?.includes(i) ? "---:" : "---")).join(" | ")} |`];
  for (const r of t.rows) out.push(`| ${r.map(esc).join(" | ")} |`);
  if (t.notes?.length) {
    out.push("");
    for (const n of t.notes) out.push(`- ${n}`);
  }
  return out.join("\n");
}
