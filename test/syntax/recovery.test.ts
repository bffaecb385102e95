/** Error recovery: one run reports every independent syntax error, each once, in place. */
import { describe, expect, it } from "vitest";
import { parseSource } from "../../src/syntax/parse.js";
import { lineColumn } from "../../src/diagnostics/source.js";
import { fixtures } from "./helpers.js";

function at(text: string, offset: number): string {
  const { line, column } = lineColumn(text, offset);
  return `${line}:${column}`;
}

describe("error recovery", () => {
  it("reports all three of three independent syntax errors", () => {
    const fixture = fixtures("invalid").find((f) => f.name === "three-errors");
    if (!fixture) throw new Error("fixture three-errors is missing");
    const { diagnostics } = parseSource(fixture.path, fixture.text);
    expect(diagnostics.map((d) => `${d.code}@${at(fixture.text, d.span?.start ?? 0)}`)).toEqual([
      "PC1001@4:1",
      "PC1001@6:1",
      "PC1001@8:51",
    ]);
  });

  it("keeps the declarations around a broken one", () => {
    const text = [
      'category a "A" { class personal }',
      "purpose b { uses a, }",
      'category c "C" { class sensitive }',
    ].join("\n");
    const { file, diagnostics } = parseSource("x.policy", text);
    expect(diagnostics.map((d) => d.code)).toEqual(["PC1001"]);
    expect(file.decls.map((d) => d.kind)).toEqual(["Category", "Purpose", "Category"]);
  });

  it("reports a misspelt field and a misspelt enum value in one run, with suggestions", () => {
    const { diagnostics } = parseSource("x.policy", 'purpose p "P" { basis consnt  usse a }');
    expect(diagnostics.map((d) => [d.code, d.help])).toEqual([
      ["PC1015", "did you mean `consent`?"],
      ["PC1010", "did you mean `uses`?"],
    ]);
  });

  it("points at the end of the text when the file ends early", () => {
    const text = 'purpose p "P" {\n  uses a\n';
    const { diagnostics } = parseSource("x.policy", text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.message).toBe("expected `}` to close the body of `purpose p`, found the end of the file");
    expect(diagnostics[0]?.span).toEqual({ file: "x.policy", start: text.length, end: text.length });
    expect(diagnostics[0]?.related.map((r) => r.span.start)).toEqual([14]);
  });
});
