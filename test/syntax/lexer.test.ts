/** The lexer: keywords against names, literals, and the tokens that exist for better messages. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lex } from "../../src/syntax/lexer.js";
import { PlainString, UnterminatedString } from "../../src/syntax/tokens.js";

function kinds(text: string): string[] {
  return lex("x.policy", text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

function codes(text: string): string[] {
  return lex("x.policy", text).diagnostics.map((d) => d.code);
}

describe("lexer", () => {
  it("rejects raw bidi embeddings, overrides and isolates anywhere, each at its place", () => {
    const text = 'category c "Email\u202E" // \u2066 note\n/* \u202A */ purpose p "ok \\u{202E}"\n';
    const found = lex("x.policy", text).diagnostics.map((d) => [d.code, d.message, d.span!.start, d.help]);
    expect(found).toEqual([
      ["PC1027", "invisible text-direction character U+202E", text.indexOf("\u202E"), expect.stringContaining("`\\u{202E}`")],
      ["PC1027", "invisible text-direction character U+2066", text.indexOf("\u2066"), expect.stringContaining("`\\u{2066}`")],
      ["PC1027", "invisible text-direction character U+202A", text.indexOf("\u202A"), expect.stringContaining("`\\u{202A}`")],
    ]);
    // the marks (U+200E, U+200F) reorder nothing, and an escape is visible: both are accepted
    expect(codes('category c "a\u200Fb \\u{202E}"')).toEqual([]);
  });

  it("tells keywords from names that start with one", () => {
    expect(kinds("policy policyholder allow allows allowance as assert asserts in interest not notify")).toEqual([
      "Policy:policy",
      "Identifier:policyholder",
      "Allow:allow",
      "Allows:allows",
      "Identifier:allowance",
      "As:as",
      "Assert:assert",
      "Identifier:asserts",
      "In:in",
      "Identifier:interest",
      "Not:not",
      "Identifier:notify",
    ]);
  });

  it("reads keywords case-sensitively", () => {
    expect(kinds("Purpose IN")).toEqual(["Identifier:Purpose", "Identifier:IN"]);
  });

  it("reads durations, and a number followed by a field as two tokens", () => {
    expect(kinds("30 days 6mo 1y 2\tweeks 30 dayz")).toEqual([
      "Duration:30 days",
      "Duration:6mo",
      "Duration:1y",
      "Duration:2\tweeks",
      "Duration:30 dayz",
    ]);
    expect(kinds("age_under 13  collect no")).toEqual(["Identifier:age_under", "Number:13", "Identifier:collect", "Identifier:no"]);
    expect(kinds("30\ndays")).toEqual(["Number:30", "Identifier:days"]);
  });

  it("reads dates, language tags, hyphenated and dotted names", () => {
    expect(kinds("2024-01-31 @zh-Hans US-CA contact.email")).toEqual([
      "Date:2024-01-31",
      "LangTag:@zh-Hans",
      "Identifier:US-CA",
      "Identifier:contact",
      "Dot:.",
      "Identifier:email",
    ]);
  });

  it("keeps comments out of the token stream but returns them", () => {
    const result = lex("x.policy", "a // line\n/* block\n */ b");
    expect(result.tokens.map((t) => t.image)).toEqual(["a", "b"]);
    expect(result.comments.map((t) => t.image)).toEqual(["// line", "/* block\n */"]);
  });

  it("reads strings, triple strings and the unterminated kinds", () => {
    expect(kinds('"a \\"b\\"" """x\ny"""')).toEqual(['PlainString:"a \\"b\\""', 'TripleString:"""x\ny"""']);
    expect(kinds('"open\nnext')).toEqual(['UnterminatedString:"open', "Identifier:next"]);
    expect(kinds('{ prose "open }')).toEqual(["LCurly:{", "Identifier:prose", 'UnterminatedString:"open', "RCurly:}"]);
    expect(kinds('"label { x }')).toEqual(['UnterminatedString:"label { x }']);
    // an opening brace at the end of the line opens the body, as it was meant to
    expect(kinds('category c "Label {\n  class personal\n}')).toEqual([
      "Category:category", "Identifier:c", 'UnterminatedString:"Label', "LCurly:{", "Identifier:class", "Identifier:personal", "RCurly:}",
    ]);
    expect(kinds('"{')).toEqual(['UnterminatedString:"{']);
    expect(codes('"open')).toEqual(["PC1002"]);
    expect(codes('"""open')).toEqual(["PC1002"]);
    expect(codes("/* open")).toEqual(["PC1003"]);
  });

  it("reports characters that start no token, each run once", () => {
    const result = lex("x.policy", "a ; b ## c");
    expect(result.diagnostics.map((d) => [d.code, d.message, d.span?.start, d.span?.end])).toEqual([
      ["PC1004", "invalid character `;`", 2, 3],
      ["PC1004", "invalid character `##`", 6, 8],
    ]);
    expect(result.tokens.map((t) => t.image)).toEqual(["a", "b", "c"]);
  });

  it("names a Cyrillic or Greek letter that looks like an ASCII one, which the message alone cannot show", () => {
    const help = (text: string) => lex("x.policy", text).diagnostics.map((d) => d.help);
    expect(help("purpose m\u0430rketing")).toEqual(["this is U+0430, not the ASCII letter `a` it looks like: type it again"]);
    expect(help("category \u03bfnline")).toEqual(["this is U+03BF, not the ASCII letter `o` it looks like: type it again"]);
    // a letter that looks like no ASCII one keeps the general help
    expect(help("category caf\u00e9")).toEqual(["names use ASCII letters, digits, `_` and `-`; put other text inside a string"]);
  });

  it("scans a string as the regular expressions it replaced matched it, closed or not", () => {
    // the patterns before the scanner, which overflowed the regex engine's stack on millions of
    // characters; without braces, an unterminated string's image is the pattern's match unchanged
    const closed = /"(?:[^"\\\n\r]|\\[^\n\r])*"/y;
    const open = /"(?:[^"\\\n\r]|\\[^\n\r]?)*/y;
    const match = (pattern: unknown, text: string) => (pattern as (text: string, offset: number) => [string] | null)(text, 0)?.[0] ?? null;
    const chars = fc.constantFrom('"', "\\", "a", " ", "\n", "\r", "\u00e9");
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }), (rest) => {
        const text = `"${rest.join("")}`;
        closed.lastIndex = 0;
        const plain = closed.exec(text)?.[0] ?? null;
        expect(match(PlainString.PATTERN, text)).toBe(plain);
        open.lastIndex = 0;
        if (plain === null) expect(match(UnterminatedString.PATTERN, text)).toBe(open.exec(text)![0]);
      }),
      { numRuns: 5000 },
    );
  });

  it("accepts single and curly quotes as strings but reports them", () => {
    expect(kinds("'a' “b”")).toEqual(["MisquotedString:'a'", "MisquotedString:“b”"]);
    expect(codes("'a'")).toEqual(["PC1004"]);
  });
});
