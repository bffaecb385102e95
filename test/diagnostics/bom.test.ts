/**
 * A byte order mark at the start of a file (which the lexer skips) is not a column: line 1's
 * columns count from the character after it, in every output format, as editors count them.
 * Offsets are unchanged.
 */
import { describe, expect, it } from "vitest";
import { renderReport, type ReportOptions } from "../../src/diagnostics/formats/index.js";
import { formatBaseline } from "../../src/diagnostics/render.js";
import { LineMap, lineColumn } from "../../src/diagnostics/source.js";
import { parseSource } from "../../src/syntax/parse.js";
import { policyc, project } from "../tooling/helpers.js";

const BOM = "\ufeff";
const TEXT = `${BOM}policy p "P" { ; }`;
const SEMICOLON = TEXT.indexOf(";");

const OPTIONS: Omit<ReportOptions, "format"> = {
  color: false,
  cwd: "/project",
  toolVersion: "0.0.0",
  docsUri: "https://example.test/diagnostics.md",
  fileCount: 1,
};

interface Json {
  diagnostics: { code: string; start: { line: number; column: number; offset: number }; end: { line: number; column: number; offset: number } }[];
}
interface Sarif {
  runs: { results: { locations: { physicalLocation: { region: Record<string, number> } }[] }[] }[];
}

describe("a byte order mark at offset 0", () => {
  it("is not counted in line 1's columns, and is left out of line 1's text", () => {
    expect(lineColumn(`${BOM}ab`, 1)).toEqual({ line: 1, column: 1 });
    expect(lineColumn(`${BOM}ab`, 2)).toEqual({ line: 1, column: 2 });
    expect(lineColumn(`${BOM}ab`, 3)).toEqual({ line: 1, column: 3 });
    // The mark itself is at column 1 too, not column 0.
    expect(lineColumn(`${BOM}ab`, 0)).toEqual({ line: 1, column: 1 });
    const map = new LineMap(`${BOM}ab\ncd`);
    expect(map.lineText(1)).toBe("ab");
    expect(map.lineStart(1)).toBe(1);
    expect(map.position(4)).toEqual({ line: 2, column: 1 });
    expect(map.position(6)).toEqual({ line: 2, column: 3 });
    expect(new LineMap(BOM).lineText(1)).toBe("");
    expect(new LineMap(`${BOM}\nx`).position(2)).toEqual({ line: 2, column: 1 });
  });

  it("is counted anywhere else, like any other character", () => {
    expect(lineColumn(`a${BOM}b`, 2)).toEqual({ line: 1, column: 3 });
    expect(lineColumn(`a\n${BOM}b`, 3)).toEqual({ line: 2, column: 2 });
    expect(lineColumn(" \ufeffb", 2)).toEqual({ line: 1, column: 3 });
  });

  it("gives the same column in pretty, JSON and SARIF, with the offsets unchanged", () => {
    const { diagnostics } = parseSource("b.policy", TEXT);
    expect(diagnostics.map((d) => [d.code, d.span?.start])).toEqual([["PC1004", SEMICOLON]]);
    const sources = new Map([["b.policy", TEXT]]);

    const pretty = renderReport(diagnostics, sources, { ...OPTIONS, format: "pretty" });
    expect(pretty).toContain("b.policy:1:16 - error PC1004: invalid character `;`");
    // The frame leaves the (invisible) mark out, so the underline is under the `;` on screen.
    expect(pretty).toContain('  1 | policy p "P" { ; }\n    |                ~\n');

    const json = JSON.parse(renderReport(diagnostics, sources, { ...OPTIONS, format: "json" })) as Json;
    expect(json.diagnostics[0]?.start).toEqual({ line: 1, column: 16, offset: SEMICOLON });
    expect(json.diagnostics[0]?.end).toEqual({ line: 1, column: 17, offset: SEMICOLON + 1 });

    const sarif = JSON.parse(renderReport(diagnostics, sources, { ...OPTIONS, format: "sarif" })) as Sarif;
    expect(sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.region).toEqual({
      startLine: 1,
      startColumn: 16,
      endLine: 1,
      endColumn: 17,
      charOffset: SEMICOLON,
      charLength: 1,
    });

    expect(formatBaseline(diagnostics, sources)).toContain("b.policy(1,16): error PC1004");
  });

  it("is not counted by `policyc check` reading the file from disk", async () => {
    const dir = project({ "b.policy": TEXT });
    const pretty = await policyc(["check", "b.policy"], { cwd: dir });
    expect(pretty.code).toBe(1);
    expect(pretty.stdout).toContain("b.policy:1:16 - error PC1004: invalid character `;`");
    const json = await policyc(["check", "--format", "json", "b.policy"], { cwd: dir });
    const report = JSON.parse(json.stdout) as Json;
    expect(report.diagnostics[0]?.start).toEqual({ line: 1, column: 16, offset: SEMICOLON });
  });
});

describe("LineMap.offsetAt", () => {
  it("is the inverse of position, a byte order mark and CRLF line ends included", () => {
    for (const text of ["\ufeffpolicy p {\r\n  x\n}\n", "a\n\nbc\r\nd", ""]) {
      const map = new LineMap(text);
      for (let offset = text.charCodeAt(0) === 0xfeff ? 1 : 0; offset <= text.length; offset++) {
        const { line, column } = map.position(offset);
        expect(map.offsetAt(line, column), `${JSON.stringify(text)} @${offset}`).toBe(offset);
      }
      expect(map.offsetAt(map.lineCount + 1, 1)).toBeUndefined();
      expect(map.offsetAt(map.lineCount, text.length + 2)).toBeUndefined();
    }
  });
});
