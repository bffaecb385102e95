/**
 * What the fast paths of the front end rely on, checked against the slow ways they replace:
 *
 * - the lexer and parser run without chevrotain's definition checks (`skipValidations`), so the
 *   checks run here, on instances built with them;
 * - both are built on first use, not when their modules are imported;
 * - lowering reads spans from the CST nodes' `location` (chevrotain's node location tracking)
 *   instead of collecting the tokens of each subtree: the two must agree on every node;
 * - `parseSource` lowers each declaration as soon as it is parsed and drops its CST: the result
 *   must be that of lowering the whole CST afterwards.
 */
import { CstParser, Lexer, type CstNode, type IToken } from "chevrotain";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLexer, getLexer, lex } from "../../src/syntax/lexer.js";
import { FileLowerer, lowerFile } from "../../src/syntax/lower.js";
import { getParser, parseTokens, PolicyParser } from "../../src/syntax/parser.js";
import { allTokens } from "../../src/syntax/tokens.js";
import { fixtures } from "./helpers.js";

const ALL = [...fixtures("valid"), ...fixtures("invalid")];

const WORDS = [
  "policy", "category", "purpose", "recipient", "allow", "deny", "except", "to", "with", "for",
  "when", "unless", "as", "assert", "never", "not", "in", "import", "uses", "basis", "share",
  "contact.email", "EU", "30 days", "2024-01-01", "13", "{", "}", ",", ".", "@de", '"text"',
  '"open', '"""', "//", "/*", "\n", "'", "é", "// policyc-ignore PC3001: why\n",
];

/** A valid fixture with some of its tokens deleted, duplicated or swapped for a word above. */
const damaged = fc
  .tuple(
    fc.constantFrom(...fixtures("valid")),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("delete", "duplicate", "replace"), fc.constantFrom(...WORDS)), {
      minLength: 1,
      maxLength: 6,
    }),
  )
  .map(([fixture, edits]) => {
    const tokens = lex(fixture.path, fixture.text).tokens;
    let text = fixture.text;
    // Edits from the end, so that earlier offsets stay valid.
    const targets = edits
      .map(([i, op, word]) => ({ token: tokens[i % Math.max(1, tokens.length)], op, word }))
      .filter((e): e is { token: IToken; op: "delete" | "duplicate" | "replace"; word: string } => e.token !== undefined)
      .sort((a, b) => b.token.startOffset - a.token.startOffset);
    let last = Infinity;
    for (const { token, op, word } of targets) {
      const start = token.startOffset;
      const end = start + token.image.length;
      if (end > last) continue;
      last = start;
      const replacement = op === "delete" ? "" : op === "duplicate" ? `${token.image} ${token.image}` : word;
      text = text.slice(0, start) + replacement + text.slice(end);
    }
    return text;
  });

const inputs = fc.oneof(
  damaged,
  fc.array(fc.constantFrom(...WORDS), { maxLength: 60 }).map((parts) => parts.join(" ")),
);

describe("the grammar, checked by chevrotain", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("has token patterns that pass the lexer's validations, without warnings", () => {
    const warn = vi.spyOn(console, "warn");
    const lexer = createLexer();
    expect(lexer.lexerDefinitionErrors).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("has rules that pass the parser's validations (ambiguities, left recursion, ...)", () => {
    // With the validations on, chevrotain throws "Parser Definition Errors detected" on any.
    let validated: PolicyParser | undefined;
    expect(() => (validated = new PolicyParser())).not.toThrow();
    if (!validated) return;
    // The parser in use is built without them: it must be the same grammar.
    expect(getParser().getSerializedGastProductions()).toEqual(validated.getSerializedGastProductions());
  });

  it("lexes the same with and without the validations", () => {
    const validated = createLexer();
    for (const fixture of ALL) {
      const a = validated.tokenize(fixture.text);
      const b = getLexer().tokenize(fixture.text);
      expect(b.tokens).toEqual(a.tokens);
      expect(b.groups).toEqual(a.groups);
      expect(b.errors).toEqual(a.errors);
    }
  });
});

describe("building the lexer and the parser", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("waits for the first use, then reuses one instance", async () => {
    vi.resetModules();
    const analyse = vi.spyOn(CstParser.prototype as unknown as { performSelfAnalysis(): void }, "performSelfAnalysis");
    const tokenize = vi.spyOn(Lexer.prototype, "tokenize");
    const fresh = await import("../../src/syntax/parse.js");
    const freshParser = await import("../../src/syntax/parser.js");
    const freshLexer = await import("../../src/syntax/lexer.js");
    expect(analyse).not.toHaveBeenCalled();
    fresh.parseSource("a.policy", "purpose a");
    fresh.parseSource("b.policy", "purpose b");
    expect(analyse).toHaveBeenCalledTimes(1);
    expect(freshParser.getParser()).toBe(freshParser.getParser());
    expect(freshLexer.getLexer()).toBe(freshLexer.getLexer());
    expect(new Set(tokenize.mock.contexts).size).toBe(1);
  });

});

/** The span of a subtree the slow way: its first and last real tokens. */
function walkedRange(node: CstNode): { start: number; end: number } | undefined {
  let start = Infinity;
  let end = -Infinity;
  const walk = (n: CstNode): void => {
    for (const list of Object.values(n.children)) {
      for (const c of list) {
        if (!("image" in c)) walk(c);
        else if (!c.isInsertedInRecovery && Number.isFinite(c.startOffset)) {
          start = Math.min(start, c.startOffset);
          end = Math.max(end, c.startOffset + c.image.length);
        }
      }
    }
  };
  walk(node);
  return Number.isFinite(start) ? { start, end } : undefined;
}

/** Every node whose `location` disagrees with its tokens, as `rule: location vs tokens`. */
function locationMismatches(text: string): string[] {
  const tokens = lex("x.policy", text).tokens;
  const { cst } = parseTokens(tokens, text);
  const out: string[] = [];
  const visit = (n: CstNode): void => {
    const walked = walkedRange(n);
    const start = n.location?.startOffset ?? NaN;
    const end = (n.location?.endOffset ?? NaN) + 1; // chevrotain's end is inclusive
    const located = Number.isFinite(start) && Number.isFinite(end) ? { start, end } : undefined;
    if (JSON.stringify(located) !== JSON.stringify(walked)) {
      out.push(`${n.name}: ${JSON.stringify(located)} vs ${JSON.stringify(walked)}`);
    }
    for (const list of Object.values(n.children)) for (const c of list) if (!("image" in c)) visit(c);
  };
  visit(cst);
  return out;
}

describe("CST node locations", () => {
  it("come from tokens that carry their end offset", () => {
    const [first] = lex("x.policy", "purpose marketing").tokens;
    expect(first?.endOffset).toBe("purpose".length - 1);
  });

  it("agree with the tokens of every node, in every fixture", () => {
    for (const fixture of ALL) expect(locationMismatches(fixture.text), fixture.name).toEqual([]);
  });

  it("agree with the tokens of every node after error recovery", () => {
    fc.assert(
      fc.property(inputs, (text) => {
        expect(locationMismatches(text)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

/** Lowering the whole CST after parsing, and lowering each declaration as it is parsed. */
function bothWays(path: string, text: string): { whole: unknown; streamed: unknown } {
  const lexed = lex(path, text);
  const parsed = parseTokens(lexed.tokens, text);
  const whole = { errors: parsed.errors.map((e) => e.message), ...lowerFile(parsed.cst, lexed.comments, path, text) };
  const lowerer = new FileLowerer(path, text);
  const streamedParse = parseTokens(lexed.tokens, text, (node) => lowerer.item(node));
  const streamed = { errors: streamedParse.errors.map((e) => e.message), ...lowerer.finish(streamedParse.cst, lexed.comments) };
  return { whole, streamed };
}

describe("lowering each declaration as soon as it is parsed", () => {
  it("gives what lowering the whole tree gives, in every fixture", () => {
    for (const fixture of ALL) {
      const { whole, streamed } = bothWays(fixture.path, fixture.text);
      expect(streamed, fixture.name).toEqual(whole);
    }
  });

  it("gives what lowering the whole tree gives, after error recovery", () => {
    fc.assert(
      fc.property(inputs, (text) => {
        const { whole, streamed } = bothWays("x.policy", text);
        expect(streamed).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});

describe("concrete tree nodes", () => {
  const walk = (node: CstNode, visit: (n: CstNode) => void): void => {
    visit(node);
    for (const list of Object.values(node.children)) for (const c of list) if ("children" in c) walk(c, visit);
  };

  it("have plain-object children (PolicyParser overrides chevrotain's node creation)", () => {
    // chevrotain's own `Object.create(null)` children are hash tables in V8: slower, not different.
    // This fails when a chevrotain release renames the overridden method.
    let nodes = 0;
    for (const fixture of fixtures("valid")) {
      const parsed = parseTokens(lex(fixture.path, fixture.text).tokens, fixture.text);
      walk(parsed.cst, (n) => {
        nodes += 1;
        expect(Object.getPrototypeOf(n.children)).toBe(Object.prototype);
      });
    }
    expect(nodes).toBeGreaterThan(100);
  });

  it("have no rule or token named like a property every object inherits", () => {
    // plain-object children would read `children.toString` as Object.prototype's
    const names = [...Object.keys(getParser().getGAstProductions()), ...allTokens.map((t) => t.name)];
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(name in Object.prototype, name).toBe(false);
  });
});
