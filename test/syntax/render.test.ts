/** Rendering diagnostics for people (`formatPretty`) and for baselines (`formatBaseline`). */
import { describe, expect, it } from "vitest";
import { createDiagnostic } from "../../src/diagnostics/diagnostic.js";
import { formatBaseline, formatPretty } from "../../src/diagnostics/render.js";
import { LineMap, lineColumn } from "../../src/diagnostics/source.js";
import { parseSource } from "../../src/syntax/parse.js";

const TEXT = 'purpose p "P" {\n  usse a\n  uses b\n  uses c\n}\n';
const sources = new Map([["x.policy", TEXT]]);

describe("source positions", () => {
  it("are 1-based lines and columns, with the end of the text a valid position", () => {
    expect(lineColumn("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn("ab\ncd", 3)).toEqual({ line: 2, column: 1 });
    expect(lineColumn("ab\ncd", 5)).toEqual({ line: 2, column: 3 });
    expect(lineColumn("ab\n", 3)).toEqual({ line: 2, column: 1 });
    const map = new LineMap("a\r\nb");
    expect(map.lineText(1)).toBe("a");
    expect(map.lineText(2)).toBe("b");
  });
});

describe("formatPretty", () => {
  const { diagnostics } = parseSource("x.policy", TEXT);

  it("shows the location, the code frame, the help and the related location", () => {
    expect(formatPretty(diagnostics, sources, { color: false })).toBe(
      [
        "x.policy:2:3 - error PC1010: unknown field `usse` in `purpose p`",
        "",
        "  2 |   usse a",
        "    |   ~~~~",
        "",
        "  help: did you mean `uses`?",
        "",
        "x.policy:4:3 - error PC1018: duplicate field `uses` in `purpose p`",
        "",
        "  4 |   uses c",
        "    |   ~~~~",
        "",
        "  help: write the field once; a list field takes several values separated by `,`",
        "",
        "  x.policy:3:3 - first written here",
        "    3 |   uses b",
        "      |   ~~~~",
        "",
      ].join("\n"),
    );
  });

  it("colours only when asked", () => {
    expect(formatPretty(diagnostics, sources, { color: false })).not.toContain("\u001b[");
    expect(formatPretty(diagnostics, sources, { color: true })).toContain("\u001b[31m");
  });

  it("marks an empty span with a caret and shows at most four lines of a long span", () => {
    const long = "a\nb\nc\nd\ne\nf\n";
    const d = createDiagnostic("PC1003", {}, { file: "y.policy", start: 0, end: long.length - 1 });
    const out = formatPretty([d], new Map([["y.policy", long]]), { color: false });
    expect(out).toContain("  ... | ");
    const eof = createDiagnostic("PC1002", {}, { file: "y.policy", start: 1, end: 1 });
    expect(formatPretty([eof], new Map([["y.policy", long]]), { color: false })).toContain("    |  ^");
  });

  it("lines the underline up under wide (CJK, emoji) and combining characters, and under tabs", () => {
    const text = 'category c "电子邮件 e\u0301 🎉" {\tclas personal }\n';
    const at = text.indexOf("clas");
    const d = createDiagnostic("PC1010", { field: "`clas`", block: "`category c`" }, { file: "z.policy", start: at, end: at + 4 });
    const lines = formatPretty([d], new Map([["z.policy", text]]), { color: false }).split("\n");
    const [source, marker] = [lines[2]!, lines[3]!];
    // 4 wide characters (2 columns each), e + combining acute (1), the emoji (2): the marker
    // starts as many columns in as `clas` is printed, and keeps the tab
    expect(source).toBe('  1 | category c "电子邮件 e\u0301 🎉" {\tclas personal }');
    expect(marker).toBe("    | " + " ".repeat('category c "'.length + 8 + 1 + 1 + 1 + 2 + 3) + "\t~~~~");
  });

  it("prints a diagnostic without a span as a single line", () => {
    const d = createDiagnostic("PC1001", { expected: "`{`", found: "`}`" }, undefined);
    expect(formatPretty([d], new Map(), { color: false })).toBe("error PC1001: expected `{`, found `}`\n");
  });
});

describe("formatBaseline", () => {
  it("lists the diagnostics, then the file with ~~~ under each span", () => {
    const { diagnostics } = parseSource("x.policy", TEXT);
    expect(formatBaseline(diagnostics, sources)).toBe(
      [
        "x.policy(2,3): error PC1010: unknown field `usse` in `purpose p`",
        "x.policy(4,3): error PC1018: duplicate field `uses` in `purpose p`",
        "",
        "",
        "==== x.policy (2 errors) ====",
        '    purpose p "P" {',
        "      usse a",
        "      ~~~~",
        "!!! error PC1010: unknown field `usse` in `purpose p`",
        "!!! help: did you mean `uses`?",
        "      uses b",
        "      uses c",
        "      ~~~~",
        "!!! error PC1018: duplicate field `uses` in `purpose p`",
        "!!! help: write the field once; a list field takes several values separated by `,`",
        "!!! related: x.policy(3,3): first written here",
        "    }",
        "",
      ].join("\n"),
    );
  });

  it("is empty when there is nothing to report", () => {
    expect(formatBaseline([], sources)).toBe("");
  });
});
