/**
 * Properties of the front end on any input: it never throws, always finishes quickly, returns a
 * tree, and rejects nothing without saying why and where. Inputs are arbitrary strings, strings
 * made of the language's own tokens, and valid fixtures with tokens deleted, duplicated or swapped.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { lex } from "../../src/syntax/lexer.js";
import { parseSource } from "../../src/syntax/parse.js";
import { fixtures } from "./helpers.js";

const RUNS = 200;

/** The properties every parse must satisfy. */
function checkParse(text: string): void {
  const started = performance.now();
  const { file, diagnostics } = parseSource("input.policy", text);
  const elapsed = performance.now() - started;
  expect(elapsed).toBeLessThan(2000);
  expect(file.kind).toBe("SourceFile");
  expect(diagnostics.filter((d) => d.code === "PC1099")).toEqual([]);
  for (const d of diagnostics) expect(inFile(d, text.length), JSON.stringify(d)).toBe(true);
}

function inFile(d: Diagnostic, length: number): boolean {
  if (!d.span) return false;
  const { start, end } = d.span;
  return Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= length;
}

const WORDS = [
  "policy", "category", "purpose", "recipient", "retention", "security", "section", "allow", "deny",
  "except", "to", "with", "for", "when", "unless", "as", "assert", "never", "allows", "not", "in",
  "import", "uses", "basis", "consent", "personal", "share", "sell", "contact.email", "EU", "yes", "none", "examples", "gate",
  "period", "30 days", "6mo", "2024-01-01", "2024-13-45", "13", "{", "}", ",", ".", ":", ";", "@de",
  "@", '"text"', '"open', '"""', '"""prose"""', "//", "/*", "*/", "\n", " ", "\t", "\\", "'", "é",
  "// policyc-ignore PC3001: why\n", "// policyc-ignore", "\u{1F512}", "\r\n",
];

const tokenSoup = fc.array(fc.constantFrom(...WORDS), { maxLength: 60 }).map((parts) => parts.join(" "));
const tokenSoupTight = fc.array(fc.constantFrom(...WORDS), { maxLength: 60 }).map((parts) => parts.join(""));

describe("the front end never throws", () => {
  it("on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: "binary" }), checkParse), { numRuns: RUNS });
  });

  it("on strings made of the language's tokens", () => {
    fc.assert(fc.property(fc.oneof(tokenSoup, tokenSoupTight), checkParse), { numRuns: RUNS });
  });

  for (const fixture of fixtures("valid").filter((f) => f.text.length > 0)) {
    const tokens = lex(fixture.path, fixture.text).tokens.map((t) => t.image);
    if (tokens.length === 0) continue;
    const mutation = fc.record({
      op: fc.constantFrom("delete", "duplicate", "swap"),
      at: fc.nat({ max: tokens.length - 1 }),
      other: fc.nat({ max: tokens.length - 1 }),
    });

    it(`on token mutations of ${fixture.name}`, () => {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          const mutated = [...tokens];
          for (const m of mutations) {
            const i = Math.min(m.at, mutated.length - 1);
            const j = Math.min(m.other, mutated.length - 1);
            if (i < 0) break;
            if (m.op === "delete") mutated.splice(i, 1);
            else if (m.op === "duplicate") mutated.splice(i, 0, mutated[i] ?? "");
            else [mutated[i], mutated[j]] = [mutated[j] ?? "", mutated[i] ?? ""];
          }
          checkParse(mutated.join(" "));
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe("rejections are explained", () => {
  it("a mutated fixture that fails to parse has a diagnostic inside the file", () => {
    const fixture = fixtures("valid").find((f) => f.name === "flagship");
    if (!fixture) throw new Error("fixture flagship is missing");
    const tokens = lex(fixture.path, fixture.text).tokens.map((t) => t.image);
    fc.assert(
      fc.property(fc.nat({ max: tokens.length - 1 }), (i) => {
        const text = [...tokens.slice(0, i), ...tokens.slice(i + 1)].join(" ");
        const { diagnostics } = parseSource("input.policy", text);
        // Deleting a token may leave a valid file (a label, a list item); when it does not, the
        // problem is reported somewhere inside the text. Without one of its braces it never is.
        if (tokens[i] === "{" || tokens[i] === "}") expect(diagnostics.filter((d) => d.severity === "error").length, `without token ${i}`).toBeGreaterThan(0);
        for (const d of diagnostics) expect(inFile(d, text.length)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("every brace of the flagship, deleted, is reported inside the file", () => {
    const fixture = fixtures("valid").find((f) => f.name === "flagship")!;
    const tokens = lex(fixture.path, fixture.text).tokens.map((t) => t.image);
    const braces = tokens.flatMap((t, i) => (t === "{" || t === "}" ? [i] : []));
    expect(braces.length).toBeGreaterThanOrEqual(10);
    for (const i of braces) {
      const text = [...tokens.slice(0, i), ...tokens.slice(i + 1)].join(" ");
      const errors = parseSource("input.policy", text).diagnostics.filter((d) => d.severity === "error");
      expect(errors.length, `without token ${i} (${tokens[i]})`).toBeGreaterThan(0);
      for (const d of errors) expect(inFile(d, text.length)).toBe(true);
    }
  });
});
