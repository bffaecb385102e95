/**
 * What `formatPretty` (and `formatBaseline`) print of a hostile or huge file: control characters
 * and bidi overrides from the source or a message are shown as escapes, never as they are; the
 * underline stays under the span as printed; and a very long line is cut to a window around the
 * span, so one diagnostic stays small.
 */
import { describe, expect, it } from "vitest";
import { createDiagnostic, type Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { formatJson } from "../../src/diagnostics/formats/json.js";
import { formatSarif } from "../../src/diagnostics/formats/sarif.js";
import { formatBaseline, formatPretty, MAX_FRAME_WIDTH } from "../../src/diagnostics/render.js";
import { parseSource } from "../../src/syntax/parse.js";

/** Characters that must never reach the terminal raw (tab is allowed). */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function pretty(text: string, diagnostics?: readonly Diagnostic[], file = "x.policy"): string {
  const ds = diagnostics ?? parseSource(file, text).diagnostics;
  return formatPretty(ds, new Map([[file, text]]), { color: false });
}

/**
 * For each code frame of `out` (a source line `  N | text` and its underline `    | ~~~`), the
 * printed text the underline is under: the gutters have the same width, so columns match.
 */
function underlined(out: string): string[] {
  const lines = out.split("\n");
  const found: string[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const source = /^(\s*\d+ \| )(.*)$/.exec(lines[i] ?? "");
    const under = /^(\s*\| )(\s*)([~^]+)$/.exec(lines[i + 1] ?? "");
    if (!source || !under) continue;
    expect(under[1]?.length).toBe(source[1]?.length);
    const from = under[2]?.length ?? 0;
    const marks = under[3] ?? "";
    found.push(marks === "^" ? `^${(source[2] ?? "").slice(from, from + 1)}` : (source[2] ?? "").slice(from, from + marks.length));
  }
  return found;
}

describe("control characters in formatPretty", () => {
  it("shows an ESC sequence from the source as \\x1b in the code frame, the underline still under the span", () => {
    const text = 'policy p "P" { x = "\u001b[2J\u001b]0;pwned\u0007" ; }\n';
    const out = pretty(text);
    expect(out).not.toMatch(RAW);
    expect(out).toContain('  1 | policy p "P" { x = "\\x1b[2J\\x1b]0;pwned\\x07" ; }');
    // `x`, `=` and `;` are reported; each underline is under its character as printed.
    expect(underlined(out)).toEqual(["x", "=", ";"]);
    // Positions still count the source's characters, as editors do.
    expect(out).toContain("x.policy:1:37 - error PC1004: invalid character `;`");
  });

  it("escapes every C0 control but tab, DEL, every C1 control and the bidi overrides and isolates", () => {
    const unsafe = [
      ...Array.from({ length: 0x20 }, (_, i) => i).filter((c) => c !== 0x09 && c !== 0x0a),
      0x7f,
      ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
      0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
    ];
    for (const code of unsafe) {
      const char = String.fromCharCode(code);
      const text = `a "${char}${char}" ;\n`;
      const d = createDiagnostic("PC1004", { char: "`;`" }, { file: "x.policy", start: text.indexOf(";"), end: text.indexOf(";") + 1 });
      const out = pretty(text, [d]);
      const shown = code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
      expect(out, `U+${code.toString(16)}`).not.toMatch(RAW);
      expect(out, `U+${code.toString(16)}`).toContain(`  1 | a "${shown}${shown}" ;`);
      expect(underlined(out), `U+${code.toString(16)}`).toEqual([";"]);
    }
  });

  it("keeps tabs, so the underline lines up under tab-indented text", () => {
    const text = 'purpose p "P" {\n\t\u001b uses ;\n}\n';
    const d = createDiagnostic("PC1004", { char: "`;`" }, { file: "x.policy", start: text.indexOf(";"), end: text.indexOf(";") + 1 });
    const out = pretty(text, [d]);
    expect(out).toContain("  2 | \t\\x1b uses ;\n    | \t          ~\n");
    expect(underlined(out)).toEqual([";"]);
  });

  it("underlines a span made of control characters as printed, and puts a caret after them", () => {
    const text = "ab\u001b\u009bcd\n";
    const span = { file: "x.policy", start: 2, end: 4 };
    expect(underlined(pretty(text, [createDiagnostic("PC1004", { char: "`x`" }, span)]))).toEqual(["\\x1b\\x9b"]);
    const caret = createDiagnostic("PC1002", {}, { file: "x.policy", start: 4, end: 4 });
    expect(underlined(pretty(text, [caret]))).toEqual(["^c"]);
  });

  it("escapes control characters in the message, the help, related messages and the file name", () => {
    const text = "a ;\nb ;\n";
    const d: Diagnostic = {
      code: "PC1001",
      severity: "error",
      message: "unexpected the string `\"\u001b]0;title\u0007\u202e\"`",
      span: { file: "x\u001b[31m.policy", start: 2, end: 3 },
      help: "remove `\u009b2J`\nfake: error PC0000",
      related: [{ message: "also `\u2066here\u2069`", span: { file: "x\u001b[31m.policy", start: 6, end: 7 } }],
    };
    const out = formatPretty([d], new Map([["x\u001b[31m.policy", text]]), { color: false });
    expect(out).not.toMatch(RAW);
    expect(out).toContain('x\\x1b[31m.policy:1:3 - error PC1001: unexpected the string `"\\x1b]0;title\\x07\\u202e"`');
    // A newline in a message cannot start a line that looks like another diagnostic.
    expect(out).toContain("help: remove `\\x9b2J`\\x0afake: error PC0000");
    expect(out).toContain("x\\x1b[31m.policy:2:3 - also `\\u2066here\\u2069`");
    expect(underlined(out)).toEqual([";", ";"]);
  });

  it("still colours its own output when asked (only the file's escapes are escaped)", () => {
    const out = formatPretty(parseSource("x.policy", 'policy p "P" { x = "\u001b[2J" }\n').diagnostics, new Map([["x.policy", 'policy p "P" { x = "\u001b[2J" }\n']]), {
      color: true,
    });
    expect(out).toContain("\u001b[31m");
    expect(out).not.toContain("\u001b[2J");
    expect(out).toContain("\\x1b[2J");
  });
});

describe("long lines in formatPretty", () => {
  const LINE = 200_000;

  it("prints a window of a 200,000-character line around the span, the underline under it", () => {
    for (const at of [5, 1_000, 100_000, LINE - 10, LINE - 1]) {
      const text = `${"a".repeat(at)};${"b".repeat(LINE - at - 1)}\n`;
      const d = createDiagnostic("PC1004", { char: "`;`" }, { file: "x.policy", start: at, end: at + 1 });
      const out = pretty(text, [d]);
      expect(out.length, `at ${at}`).toBeLessThan(1_000);
      expect(underlined(out), `at ${at}`).toEqual([";"]);
      const shown = /\n {2}1 \| (.*)\n/.exec(out)?.[1] ?? "";
      expect(shown.length, `at ${at}`).toBeLessThanOrEqual(MAX_FRAME_WIDTH + 2);
      expect(shown.startsWith("…"), `at ${at}`).toBe(at > 40);
      expect(shown.endsWith("…"), `at ${at}`).toBe(at < LINE - 1 - 120);
      // Some text before the span is kept when the line is cut in front of it.
      if (at > 40 && at < LINE - 120) expect(shown.indexOf(";"), `at ${at}`).toBe(41);
    }
  });

  it("bounds the underline of a span longer than the window, and a quoted name in the message", () => {
    const name = "n".repeat(LINE);
    const text = `policy p "P" { ${name} }\n`;
    const out = pretty(text);
    expect(out).toContain("error PC1010: unknown field `");
    expect(out.length).toBeLessThan(2_000);
    const frame = /\n {2}1 \| (.*)\n\s*\| (\s*)(~+)\n/.exec(out);
    expect(frame?.[2]).toBe(" ".repeat(15));
    expect(frame?.[3]?.length).toBe(MAX_FRAME_WIDTH - 15);
    expect(frame?.[1]?.endsWith("…")).toBe(true);
    expect(out).toMatch(/unknown field `n{49}…n{49}` in `policy p`/);
  });

  it("cuts a line full of escaped characters by printed width, never inside an escape", () => {
    const text = `${"\u001b".repeat(50_000)};${"\u009b".repeat(50_000)}\n`;
    const d = createDiagnostic("PC1004", { char: "`;`" }, { file: "x.policy", start: 50_000, end: 50_001 });
    const out = pretty(text, [d]);
    expect(out).not.toMatch(RAW);
    expect(underlined(out)).toEqual([";"]);
    const shown = /\n {2}1 \| (.*)\n/.exec(out)?.[1] ?? "";
    expect(shown).toMatch(/^…(\\x1b)+;(\\x9b)+…$/);
    expect(shown.length).toBeLessThanOrEqual(MAX_FRAME_WIDTH + 2);
  });

  it("never shows half of a surrogate pair at the edge of the window", () => {
    const text = `${"😀".repeat(1_000)};${"😀".repeat(1_000)}\n`;
    for (const at of [text.indexOf(";"), 1]) {
      const d = createDiagnostic("PC1004", { char: "`x`" }, { file: "x.policy", start: at, end: at + 1 });
      const shown = /\n {2}1 \| (.*)\n/.exec(pretty(text, [d]))?.[1] ?? "";
      expect(shown).toMatch(/^…?(😀)*;?(😀)*…$/u);
    }
  });

  it("leaves short lines without control characters exactly as they were", () => {
    const text = 'policy p "P" { x "y" }\n';
    const out = pretty(text);
    expect(out).toContain('  1 | policy p "P" { x "y" }\n    |                ~\n');
  });
});

describe("control characters in formatBaseline", () => {
  it("escapes them like formatPretty, keeps the underline under the span, and never cuts a line", () => {
    const long = "c".repeat(500);
    const text = `a "\u001b[2J\u202e" ;\n${long} ;\n`;
    const first = createDiagnostic("PC1004", { char: "`;`" }, { file: "x.policy", start: text.indexOf(";"), end: text.indexOf(";") + 1 });
    const second = createDiagnostic("PC1004", { char: "`;`" }, { file: "x.policy", start: text.lastIndexOf(";"), end: text.lastIndexOf(";") + 1 });
    const out = formatBaseline([first, second], new Map([["x.policy", text]]));
    expect(out).not.toMatch(RAW);
    expect(out).toContain('    a "\\x1b[2J\\u202e" ;\n                      ~\n');
    expect(out).toContain(`    ${long} ;\n    ${" ".repeat(501)}~\n`);
  });
});

describe("control characters in the JSON and SARIF formats", () => {
  it("are written as \\u escapes where JSON would leave them raw, and the value is unchanged", () => {
    const sources = new Map([["x.policy", "policy p {\n"]]);
    const hostile = "a\u007f\u0085\u202e\u2066b";
    const diagnostics = [createDiagnostic("PC1004", { char: hostile }, { file: "x.policy", start: 0, end: 1 })];
    for (const out of [formatJson(diagnostics, sources), formatSarif(diagnostics, sources, { cwd: process.cwd(), toolVersion: "0.0.0", docsUri: "https://example.test/d.md" })]) {
      expect(out).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(out).toContain("a\\u007f\\u0085\\u202e\\u2066b");
    }
    const report = JSON.parse(formatJson(diagnostics, sources)) as { diagnostics: { message: string }[] };
    expect(report.diagnostics[0]!.message).toContain(hostile);
  });
});
