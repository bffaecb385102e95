/** Lowering details that the baselines show only indirectly. */
import { describe, expect, it } from "vitest";
import type { PurposeDecl, RuleDecl, SectionDecl } from "../../src/syntax/ast.js";
import { dedent } from "../../src/syntax/lower.js";
import { parseSource } from "../../src/syntax/parse.js";
import { compileText, HEADER } from "../helpers.js";

function parse(text: string) {
  const result = parseSource("x.policy", text);
  return { ...result, codes: result.diagnostics.map((d) => d.code) };
}

describe("line endings", () => {
  it("reads LF and CRLF alike, and refuses a carriage return alone with one PC1034 at the first", () => {
    const lf = 'category c "C"\n// note\ncategory d "D"\n';
    expect(parse(lf).codes).toEqual([]);
    expect(parse(lf.replace(/\n/g, "\r\n")).codes).toEqual([]);
    const cr = parse(lf.replace(/\n/g, "\r"));
    expect(cr.codes).toEqual(["PC1034"]);
    expect(cr.diagnostics[0]!.span).toEqual({ file: "x.policy", start: lf.indexOf("\n"), end: lf.indexOf("\n") + 1 });
    expect(cr.diagnostics[0]!.message).toContain("and 2 more times");
    // one alone in a CRLF file, as a paste leaves it
    expect(parse('category c "C"\r\ncategory d "D"\rcategory e "E"\r\n').diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["PC1034", "a carriage return without a line feed ends a line here: policyc reads LF and CRLF line endings"],
    ]);
  });
});

describe("triple-quoted strings", () => {
  it("replaces an escaped NUL with U+FFFD, as Markdown and HTML would; a raw one is PC1028", () => {
    const r = compileText(HEADER + 'category c "a\\u{0}b" { prose "c\\u{0}d" }\npurpose p "P" { basis contract  uses c }\n');
    const c = r.model!.categories.find((x) => x.id === "c")!;
    expect([c.label.text, c.prose!.text]).toEqual(["a\uFFFDb", "c\uFFFDd"]);
    expect(parse('category c "a\u0000b"').codes).toEqual(["PC1028"]);
  });

  it("refuses half of a surrogate pair (a text handed to the API), and keeps a whole pair", () => {
    expect(parse('category c "a\uD800b"').codes).toEqual(["PC1028"]);
    expect(parse('category c "a\uDC00"').codes).toEqual(["PC1028"]);
    expect(parse('category c "a\uD83D\uDE00b"').codes).toEqual([]);
  });

  it("drop the blank first and last lines and the common indentation", () => {
    expect(dedent("\n    a\n      b\n\n    c\n  ")).toBe("a\n  b\n\nc");
  });
  it("keep text on the opening line", () => {
    expect(dedent("first\n  second\n  third")).toBe("first\nsecond\nthird");
    expect(dedent("  one line  ")).toBe("one line");
  });
  it("normalise line breaks", () => {
    expect(dedent("\r\n  a\r\n  b\r\n")).toBe("a\nb");
  });
});

describe("rules", () => {
  it("read `unless a, b` as the conjunction `not a, not b`", () => {
    const { file, codes } = parse("deny use personal for ads unless consent, not minor");
    expect(codes).toEqual([]);
    const rule = file.decls[0] as RuleDecl;
    expect(rule.conditions.map((c) => [c.atom, c.negated])).toEqual([
      ["consent", true],
      ["minor", false],
    ]);
  });

  it("bind a nested except to the innermost rule", () => {
    const { file } = parse("deny share a except allow when consent except deny when minor");
    const rule = file.decls[0] as RuleDecl;
    expect(rule.exceptions).toHaveLength(1);
    expect(rule.exceptions[0]?.exceptions.map((e) => e.effect.value)).toEqual(["deny"]);
  });

  it("let exceptions inherit the action and the data, but not top-level rules", () => {
    expect(parse("deny share a except allow personal").codes).toEqual([]);
    expect(parse("allow personal").codes).toEqual(["PC1019"]);
    expect(parse("allow share").codes).toEqual(["PC1020"]);
  });

  it("map alias words to their action and condition", () => {
    const { file } = parse("allow disclose a when anonymized");
    const rule = file.decls[0] as RuleDecl;
    expect(rule.action?.value).toBe("share");
    expect(rule.conditions[0]?.atom).toBe("anonymised");
  });
});

describe("blocks", () => {
  it("accept a block keyword as a name, and a declaration without a body", () => {
    const { file, codes } = parse('purpose security "Security"\ncategory x\nallow use x for security');
    expect(codes).toEqual([]);
    expect(file.decls.map((d) => d.kind)).toEqual(["Purpose", "Category", "Rule"]);
    expect((file.decls[2] as RuleDecl).purposes.map((p) => p.path)).toEqual(["security"]);
  });

  it("give lists an empty array when absent", () => {
    const { file } = parse('purpose p "P"');
    const purpose = file.decls[0] as PurposeDecl;
    expect(purpose.uses).toEqual([]);
    expect(purpose.basisIn).toEqual([]);
  });

  it("keep a declaration whose name is missing, with an empty name", () => {
    const { file, codes } = parse('section { prose "x" }');
    expect(codes).toEqual(["PC1001"]);
    const section = file.decls[0] as SectionDecl;
    expect(section.name.path).toBe("");
    expect(section.prose?.value).toBe("x");
  });
});

describe("suppressions", () => {
  it("target the next declaration, or the one they are inside", () => {
    const text = [
      "// policyc-ignore PC3002: one",
      "deny sell a",
      "deny share a except {",
      "  // policyc-ignore PC3002: two",
      "  allow when consent",
      "}",
    ].join("\n");
    const { file, codes } = parse(text);
    expect(codes).toEqual([]);
    expect(file.suppressions.map((s) => [s.code, s.reason, s.target])).toEqual([
      ["PC3002", "one", text.indexOf("deny sell")],
      ["PC3002", "two", text.indexOf("deny share")],
    ]);
  });

  it("accept several codes and diagnostic names", () => {
    const { file, codes } = parse("// policyc-ignore PC3002, unused-category: why\ndeny sell a");
    expect(codes).toEqual([]);
    expect(file.suppressions.map((s) => s.code)).toEqual(["PC3002", "PC3002"]);
  });

  it("refuse a syntax or name error: it stops the compile, nothing can be suppressed past it", () => {
    const { file, codes, diagnostics } = parse("// policyc-ignore PC1018, PC2001: why\ndeny sell a");
    expect(codes).toEqual(["PC1026", "PC1026"]);
    expect(diagnostics[0]!.help).toContain("syntax and name errors stop the compile");
    expect(file.suppressions).toEqual([]);
  });
});

it("a name of more than 32 parts is refused before anything is built from it (PC1033)", () => {
  const ok = compileText(`policy s "S" { controller "C" { email "a@b.example" } }\ncategory ${Array.from({ length: 32 }, (_, i) => `p${i}`).join(".")} { class personal }\n`);
  expect(ok.diagnostics.map((d) => d.code)).not.toContain("PC1033");
  // 16001 parts: once quadratic in the inheritance lookups (seconds); now refused at the name
  const deep = compileText(`policy s "S" { controller "C" { email "a@b.example" } }\ncategory ${"a.".repeat(16000)}a { class personal }\n`);
  expect(deep.diagnostics.map((d) => d.code)).toEqual(["PC1033"]);
  expect(deep.diagnostics[0]!.message).toContain("has 16001 parts; policyc reads names of at most 32");
  expect(deep.model).toBeUndefined();
});
