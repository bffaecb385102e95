/** Error recovery: one run reports every independent syntax error, each once, in place. */
import { describe, expect, it } from "vitest";
import { MAX_NESTING, parseSource } from "../../src/syntax/parse.js";
import { MAX_SYNTAX_ERRORS } from "../../src/syntax/parser.js";
import { loadProgram } from "../../src/semantics/loader.js";
import { lineColumn } from "../../src/diagnostics/source.js";
import { fixtures } from "./helpers.js";
import { formatText } from "../../src/format/format.js";
import { compileText } from "../helpers.js";

function at(text: string, offset: number): string {
  const { line, column } = lineColumn(text, offset);
  return `${line}:${column}`;
}

describe("error recovery", () => {
  it("drops only the echoes: other blocks on the line, real value errors and indented fields keep theirs", () => {
    const codes = (text: string) => parseSource("x.policy", text).diagnostics.map((d) => d.code);
    expect(codes('purpose a "A" { uses x y }  purpose b "B" { basis consnt }\n')).toEqual(["PC1010", "PC1015"]);
    expect(codes('retention r "R" { applies_to c  period "thirty"\u00A0}\n').sort()).toEqual(["PC1004", "PC1011"]);
    expect(codes('purpose p "P" {\n\u00A0\u00A0usse contact\n}\n')).toEqual(["PC1004", "PC1010"]);
    // siblings with exceptions of their own, in one block, are not deep
    const siblings = "deny share c with r except {\n" + "  allow when consent except deny when minor\n".repeat(70) + "}\n";
    expect(codes(siblings)).not.toContain("PC1029");
  });

  it("a field without its value, followed on its line by another field: the missing value, and the rest read as written", () => {
    const parsed = parseSource("x.policy", 'audience kids "Kids" { age_under  collect no }\npurpose news "News" { consent  marketing yes  basis consent }\nretention r { applies_to c  period  end delete }\n');
    expect(parsed.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["PC1012", "expected a number after `age_under`"],
      ["PC1012", "expected one of `opt_in`, `opt_out`, `notice` after `consent`"],
      ["PC1012", "expected a duration such as `30 days`, or `indefinite` after `period`"],
    ]);
    const [kids, news, r] = parsed.file.decls as unknown as Record<string, { value?: unknown; kind?: string }[] & { value?: unknown }>[];
    expect((kids!["collect"] as { value?: unknown }).value).toBe(false);
    expect((news!["marketing"] as { value?: unknown }).value).toBe(true);
    expect((news!["basis"] as unknown as { atom?: unknown }[]).length).toBe(1);
    expect((r!["end"] as unknown as { value: string }[]).map((e) => e.value)).toEqual(["delete"]);
    // a field's name that the split-off field takes as a word is its value: `gate opt_out`, `basis consent`
    const one = (text: string) => parseSource("x.policy", text).diagnostics.map((d) => d.code);
    expect(one('tracker x "X" { type  gate opt_out }\n')).toEqual(["PC1012"]);
    expect(one('purpose p "P" { marketing  basis consent  uses account }\n')).toEqual(["PC1012"]);
    // a text, number or duration the parser could not pair is its error, not also a missing value
    expect(one('audience x "X" { age_under  collect no  prose "x" }\n')).toEqual(["PC1012", "PC1001"]);
    // where the field taken for a value cannot get one, the fields stay as the parser read them
    expect(parseSource("x.policy", 'retention m { applies_to c  end  max "soon" }\n').diagnostics.map((d) => d.code)).toEqual(["PC1015", "PC1001"]);
  });

  it("one error at one place: an unterminated string, and the parser's repeated expectation", () => {
    const check = (text: string) => parseSource("x.policy", text).diagnostics.map((d) => [d.code, text.slice(d.span!.start, d.span!.end)]);
    expect(check('section s "L" { prose "a" "b }\n')).toEqual([["PC1002", '"b']]);
    expect(check('section s "L" { prose "x", "unterminated }\n')).toEqual([["PC1002", '"unterminated']]);
    const tag = parseSource("x.policy", 'category x "L" { examples "a" @de , }\n').diagnostics;
    expect(tag.map((d) => [d.code, d.message])).toEqual([["PC1001", "expected a string after `@de`, found `,`"]]);
  });

  it("suggests the field another word means: `legal_basis`, `retain`, `description`, `vendor`", () => {
    const helps = (text: string) => parseSource("x.policy", text).diagnostics.map((d) => [d.code, d.help]);
    expect(helps('purpose p "P" { legal_basis contract  data contact.email  description "x" }\n')).toEqual([
      ["PC1010", "did you mean `basis`?"],
      ["PC1010", "did you mean `uses`?"],
      ["PC1010", "did you mean `prose`?"],
    ]);
    expect(helps("retention x { categories contact.email  retain 30 days  after account_deletion }\n")).toEqual([
      ["PC1010", "did you mean `applies_to`?"],
      ["PC1010", "did you mean `period`?"],
      ["PC1010", "did you mean `from`?"],
    ]);
    expect(helps('tracker t "T" { vendor p  data contact.email }\n')).toEqual([
      ["PC1010", "did you mean `providers`?"],
      ["PC1010", "did you mean `collects`?"],
    ]);
    // spelling first: `perod` is `period`, whatever the other words
    expect(helps("retention x { perod 30 days }\n")).toEqual([["PC1010", "did you mean `period`?"]]);
  });

  it("says what was meant: `nevr`, `zh_Hans`, a run of non-ASCII letters, an unclosed label before `{`", () => {
    const check = (text: string) => parseSource("x.policy", text).diagnostics.map((d) => [d.code, d.message, d.help]);
    expect(check("assert nevr sell personal to anyone\n")).toEqual([["PC1001", "expected `never` or `allows` after `assert`, found `nevr`", "did you mean `never`?"]]);
    expect(check('policy p "P" { languages en, zh_Hans }\n')).toEqual([["PC1006", "invalid language tag `zh_Hans`", "subtags are separated by `-`: `zh-Hans`"]]);
    expect(check('category \u8054\u7cfb.email "E"\n')[0]!.slice(0, 2)).toEqual(["PC1004", "invalid character `\u8054\u7cfb`"]);
    expect(check('category contact.email "Email address {\n  class personal\n}\n').map(([c]) => c)).toEqual(["PC1002"]);
  });

  it("one mistake, one error: a missing `}` in the header, a missing `,`, a stray look-alike character", () => {
    const check = (text: string) => parseSource("x.policy", text).diagnostics.map((d) => [d.code, text.slice(d.span!.start, d.span!.end), d.help ?? ""]);
    const unclosed = 'policy acme "A" {\n  controller "Acme" { email "p@x.example"\n  version "1"\n  effective 2024-01-01\n  languages en\n}\n';
    expect(check(unclosed)).toEqual([
      ["PC1010", "version", "`version` is a field of `policy`: is the `}` that closes `controller` missing?"],
      ["PC1001", "", ""],
    ]);
    expect(check('purpose u "U" { basis contract  uses contact.email contact.name }\n')).toEqual([
      ["PC1010", "contact", "is a `,` missing before `contact`? the values of `uses` are separated by `,`"],
    ]);
    expect(check('purpose u "U" { uses contact.email \uFF0C contact.name }\n')).toEqual([
      ["PC1004", "\uFF0C", "values are separated by an ASCII comma: `,`"],
    ]);
    expect(check('retention r "R" { applies_to contact  period 30\u00A0days }\n')).toEqual([
      ["PC1004", "\u00A0", "this is not a plain space: replace it with an ASCII space"],
    ]);
    expect(check('purpose u "U" { uses contact.em\u200Bail }\n')).toEqual([["PC1004", "\u200B", "an invisible zero-width character: remove it"]]);
    // a misspelt field on the next line is still a misspelt field
    expect(check('purpose u "U" {\n  uses contact.email\n  usse contact.name\n}\n').map(([c, w, h]) => [c, w, (h ?? "").slice(0, 20)])).toEqual([["PC1010", "usse", "did you mean `uses`?"]]);
  });

  it("a misspelt word inside a rule is one error with the rule word it was meant to be", () => {
    const text = [
      "allow share contact.email with sp unles consent",
      "allow share contact.email wiht sp",
      "deny share contact.email with sp exept allow when consent",
      "assert never sell personal to anyone unles required_by_law",
      'category c "C" { class personal }',
      "purpse p",
    ].join("\n");
    const found = parseSource("x.policy", text).diagnostics.map((d) => [d.code, text.slice(d.span!.start, d.span!.end), d.help?.split("?")[0]]);
    expect(found).toEqual([
      ["PC1009", "unles", "did you mean `unless`"],
      ["PC1009", "wiht", "did you mean `with`"],
      ["PC1009", "exept", "did you mean `except`"], // and no PC1019/PC1020 for the exception after it
      ["PC1009", "unles", "did you mean `unless`"],
      ["PC1009", "purpse", "did you mean `purpose`"], // after a block, a declaration word
    ]);
    // after a declaration without a body, a misspelt keyword on the next line is one too, not a missing `{`
    for (const word of ["purpos", "alow", "asert", "recipeint"]) {
      const after = parseSource("x.policy", `category contact.email\n${word} x\n`).diagnostics.map((d) => [d.code, d.help]);
      expect(after, word).toEqual([["PC1009", expect.stringMatching(/^did you mean `(purpose|allow|assert|recipient)`\?$/)]]);
    }
    // on the same line it is still the unquoted label it looks like
    expect(parseSource("x.policy", "category health.weight Body weight\n").diagnostics[0]?.help).toContain('a label is text in quotes');
  });

  it("says how a rule writes the conditions other languages write with `if`, `and` and `or`", () => {
    const text = [
      "allow share health with uni for research if explicit_consent",
      "allow share health with uni for research when consent and explicit_consent",
      "allow share health with uni for research when consent or at_request",
    ].join("\n");
    const found = parseSource("x.policy", text).diagnostics.map((d) => [d.code, text.slice(d.span!.start, d.span!.end), d.help]);
    expect(found).toEqual([
      ["PC1009", "if", "a rule's conditions follow `when` (`when explicit_consent`), or `unless` for what must not hold"],
      ["PC1009", "and", "a rule's conditions are separated by commas, and all must hold: `when consent, explicit_consent`"],
      ["PC1009", "or", "a rule's conditions must all hold; where either one is enough, write a rule for each"],
    ]);
    // outside a rule, `if` is an unknown declaration like any other word
    expect(parseSource("x.policy", "if x\n").diagnostics[0]?.help ?? "").not.toContain("when");
    // a second clause: one `when`, every condition in it
    const twice = parseSource("x.policy", "deny sell c to r when in US-CA unless at_request\n").diagnostics;
    expect(twice.map((d) => [d.code, d.help])).toEqual([
      ["PC1001", "a rule has one `when` (or `unless`) clause: put every condition in it, separated by commas, with `not` for one that must not hold (`when in US-CA, not at_request`)"],
    ]);
    // ages are tested from below: `age_over 16` is `not age_under 16`
    expect(parseSource("x.policy", "allow use c when age_over 16\n").diagnostics.map((d) => [d.code, d.help])).toEqual([
      ["PC1031", "for those 16 or older, write `not age_under 16` (or `unless age_under 16`)"],
    ]);
  });

  it("refuses nesting deeper than MAX_NESTING at the first token past it, instead of overflowing the stack", () => {
    const chain = (n: number) => "deny share c with r" + Array.from({ length: n }, (_, i) => (i % 2 ? " except deny" : " except allow")).join("") + "\n";
    const braces = (n: number) => "deny share c with r" + " except { allow".repeat(n) + " }".repeat(n) + "\n";
    const blocks = (n: number) => 'policy q "Q" { controller "x" ' + "{ a ".repeat(n) + "} ".repeat(n) + "}\n";
    for (const [name, make] of [["chain", chain], ["braces", braces], ["blocks", blocks]] as const) {
      const deep = make(1000);
      const r = parseSource("x.policy", deep);
      expect(r.diagnostics.map((d) => d.code), name).toEqual(["PC1029"]);
      const d = r.diagnostics[0]!;
      expect(d.message).toBe(`this is nested too deeply: policyc reads at most ${MAX_NESTING} levels of blocks and exceptions`);
      expect(deep.slice(d.span!.start, d.span!.end), name).toMatch(/^(except|\{)$/);
      // as deep as allowed: no PC1029 (and no crash)
      expect(parseSource("x.policy", make(name === "braces" ? MAX_NESTING / 2 : MAX_NESTING - 1)).diagnostics.map((x) => x.code), name).not.toContain("PC1029");
    }
    // many statements, each with a few exceptions, are not deep
    const many = Array.from({ length: 200 }, () => "deny share c with r except allow when consent except deny when minor").join("\n");
    expect(parseSource("x.policy", many).diagnostics).toEqual([]);
  });

  it("reports all three of three independent syntax errors", () => {
    const fixture = fixtures("invalid").find((f) => f.name === "three-errors");
    if (!fixture) throw new Error("fixture three-errors is missing");
    const { diagnostics } = parseSource(fixture.path, fixture.text);
    expect(diagnostics.map((d) => `${d.code}@${at(fixture.text, d.span?.start ?? 0)}`)).toEqual([
      "PC1001@3:21",
      // a recipient missing at the end of line 5 is reported at its `with`, not at the next line
      "PC1001@5:21",
      "PC1001@8:51",
    ]);
  });

  it("points at a word that lacks its value at the end of a line, and at a wrong value on the next", () => {
    const head = "allow share contact.email with partners for\n";
    const at = (text: string) => parseSource("x.policy", text).diagnostics.map((d) => [d.code, d.span?.start, d.help]);
    // the next line starts a declaration: the value is missing, at `for`
    expect(at(`${head}\npurpose p "P"\n`)).toEqual([["PC1001", head.indexOf("for"), undefined]]);
    // the next line holds a value, wrongly written: that is where to look
    expect(at(`${head}  "ads"\n`)).toEqual([["PC1001", head.length + 2, "a name is written without quotes: `ads`"]]);
  });

  it("says `allows` for `assert allow`, and a field of another block is not taken for a missing comma", () => {
    const assertion = parseSource("x.policy", "assert allow share contact.email with partners\n").diagnostics;
    expect(assertion.map((d) => [d.code, d.help])).toEqual([["PC1001", "did you mean `allows`?"]]);
    const field = parseSource("x.policy", "retention r { applies_to contact  period 2 years  end delete uses contact }\n").diagnostics;
    expect(field.map((d) => [d.code, d.help])).toEqual([["PC1010", "`uses` is a field of `purpose`, not of `retention`"]]);
  });

  it("says once that a name takes no quotes, in single, double or curly quotes", () => {
    for (const [name, inner] of [["'single'", "single"], ['"double"', "double"], ["\u201ccurly\u201d", "curly"]] as const) {
      const { diagnostics } = parseSource("x.policy", `category ${name} { class personal }\n`);
      expect(diagnostics.map((d) => [d.code, d.help]), name).toEqual([["PC1001", `a name is written without quotes: \`${inner}\``]]);
    }
  });

  it("says that an empty import names no file, not that it leads outside the project", () => {
    const { diagnostics } = parseSource("x.policy", 'import ""\nimport "  "\n');
    expect(diagnostics.map((d) => [d.code, d.message, d.span?.start])).toEqual([
      ["PC1012", "expected the path of a file, such as `std/taxonomy` or `./shared.policy` after `import`", 7],
      ["PC1012", "expected the path of a file, such as `std/taxonomy` or `./shared.policy` after `import`", 17],
    ]);
  });

  it("reports an audience's age out of range with the other syntax errors, in one run", () => {
    const { diagnostics } = parseSource("x.policy", 'audience kids "Kids" { age_under 0 }\npurpose p "P" { consent maybe }\n');
    expect(diagnostics.map((d) => d.code)).toEqual(["PC1031", "PC1015"]);
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

describe("inputs of many errors, and long import chains", () => {
  it("a file of 150,000 lines the lexer cannot read reports the first MAX_SYNTAX_ERRORS, says where it stopped (PC1032), without overflowing the stack", () => {
    const text = '"\n'.repeat(150_000);
    const r = parseSource("q.policy", text);
    expect(r.diagnostics.filter((d) => d.code === "PC1002")).toHaveLength(MAX_SYNTAX_ERRORS);
    expect(r.diagnostics.some((d) => d.code === "PC1099")).toBe(false);
    const stop = r.diagnostics.filter((d) => d.code === "PC1032");
    expect(stop).toHaveLength(1);
    // at the first error not reported: line MAX_SYNTAX_ERRORS + 1
    expect(stop[0]!.span!.start).toBe(2 * MAX_SYNTAX_ERRORS);
    // whole-program loading collects them too (it spread them as arguments, and threw)
    const loaded = loadProgram("q.policy", { rootText: text, cwd: "/p" });
    expect(loaded.diagnostics.length).toBeGreaterThan(MAX_SYNTAX_ERRORS);
  }, 60_000);

  // Each of these threw "Maximum call stack size exceeded" (PC1099, an internal error in
  // check, PC9009 in fmt): a spread passed every line, child or name as an argument.
  it("a text of 200,000 lines in triple quotes is read, its common indentation removed", () => {
    const r = parseSource("t.policy", `section s "S" {\n  prose """\n${"    a\n  b\n".repeat(100_000)}  """\n}\n`);
    expect(r.diagnostics).toEqual([]);
    const prose = (r.file.decls[0] as { prose: { value: string } }).prose.value;
    expect(prose.startsWith("  a\nb\n  a\n")).toBe(true);
    expect(prose.split("\n")).toHaveLength(200_000);
  }, 60_000);

  it("a one-line text of 10 million characters, millions of them escapes, is one string, closed or not", () => {
    // characters and escapes: a pattern that repeats over either overflows the regex engine's stack
    const body = `${"a".repeat(5_000_000)}${"\\t".repeat(2_500_000)}\\"b\\\\`;
    const r = parseSource("t.policy", `section s "S" { prose "${body}" }\n`);
    expect(r.diagnostics).toEqual([]);
    expect((r.file.decls[0] as { prose: { value: string } }).prose.value).toBe(`${"a".repeat(5_000_000)}${"\t".repeat(2_500_000)}"b\\`);
    // never closed: one PC1002 at its opening quote, not an internal error
    const open = parseSource("t.policy", `section s "S" { prose "${body}\n}\n`);
    expect(open.diagnostics.map((d) => d.code)).toEqual(["PC1002"]);
  }, 60_000);

  it("a category of 150,000 subcategories, named by its parent, is checked", () => {
    const subs = Array.from({ length: 150_000 }, (_, i) => `category big.c${i} "C${i}"\n`).join("");
    const r = compileText(
      `policy p "P" { controller "Acme" { email "privacy@acme.example" } }\ncategory big "Big"\n${subs}` +
        `purpose x "X" { basis contract  uses big }\nretention r "R" { applies_to big  period 1 year }\n`,
    );
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(r.model!.categories.filter((c) => c.id.startsWith("big.c"))).toHaveLength(150_000);
  }, 60_000);

  it("a rule naming 150,000 categories is formatted", () => {
    const r = formatText(`deny sell ${Array.from({ length: 150_000 }, () => "contact.email").join(", ")}\n`);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.text.split("contact.email")).toHaveLength(150_001);
  }, 60_000);

  it("a 4 MB file of characters the lexer cannot read stops at MAX_SYNTAX_ERRORS of them (it once grew a report no string could hold)", () => {
    const r = parseSource("e.policy", 'policy p "P" {}\n' + "= ".repeat(2_000_000));
    expect(r.diagnostics.filter((d) => d.code === "PC1004")).toHaveLength(MAX_SYNTAX_ERRORS);
    expect(r.diagnostics.at(-1)!.code).toBe("PC1032");
  }, 60_000);

  it("after MAX_SYNTAX_ERRORS parse errors the parser stops, says where (PC1032), and keeps what it found", () => {
    const r = parseSource("r.policy", "allow share x when consent for p\n".repeat(5000));
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).not.toContain("PC1099");
    expect(codes.filter((c) => c === "PC1032")).toHaveLength(1);
    expect(codes.filter((c) => c === "PC1001").length).toBeGreaterThanOrEqual(MAX_SYNTAX_ERRORS);
    const stop = r.diagnostics.find((d) => d.code === "PC1032")!;
    expect(stop.message).toBe(`more than ${MAX_SYNTAX_ERRORS} syntax errors: the file is not read past this point`);
    // fewer errors than that: no PC1032, the whole file is read
    const few = parseSource("f.policy", "allow share x when consent for p\n".repeat(50));
    expect(few.diagnostics.map((d) => d.code)).not.toContain("PC1032");
    expect(few.diagnostics.filter((d) => d.code === "PC1001")).toHaveLength(50);
  });

  it("a chain of 6,000 imports loads (the loader keeps its own stack)", () => {
    const files = new Map<string, string>();
    for (let i = 0; i < 6000; i++) files.set(`/p/c${i}.policy`, i < 5999 ? `import "./c${i + 1}.policy"\n` : 'category leaf "Leaf"\n');
    const loaded = loadProgram("/p/c0.policy", { cwd: "/p", host: { readFile: (abs) => files.get(abs) } });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.files).toHaveLength(6000);
    // dependencies first, as before
    expect(loaded.files[0]!.name).toBe("c5999.policy");
    expect(loaded.files.at(-1)!.name).toBe("c0.policy");
  });
});
