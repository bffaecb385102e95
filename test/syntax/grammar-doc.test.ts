/**
 * The language reference (grammar/README.md) and the implementation describe the same language:
 * the EBNF productions are the parser's rules, its token productions are real tokens, its keyword
 * lists are the lexer's, and its field tables are the ones lowering checks against.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_CODES } from "../../src/diagnostics/catalogue.js";
import { BLOCKS } from "../../src/syntax/fields.js";
import { getParser } from "../../src/syntax/parser.js";
import { allTokens, BLOCK_KEYWORDS, KEYWORDS } from "../../src/syntax/tokens.js";
import { FIXTURES } from "./helpers.js";

const README = readFileSync(join(FIXTURES, "..", "..", "..", "grammar", "README.md"), "utf8");

function ebnf(): string {
  const m = /```ebnf\n([\s\S]*?)```/.exec(README);
  if (!m?.[1]) throw new Error("grammar/README.md has no ```ebnf block");
  return m[1];
}

/** Production name to right-hand side. */
function productions(): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of ebnf().split("\n")) {
    const m = /^([A-Za-z][A-Za-z0-9]*)\s*::=\s*(.*)$/.exec(line);
    if (m?.[1]) out.set(m[1], m[2] ?? "");
  }
  return out;
}

function quoted(rhs: string): string[] {
  return [...rhs.matchAll(/"([a-z]+)"/g)].map((m) => m[1] ?? "");
}

describe("grammar/README.md", () => {
  it("names exactly the parser's rules in its EBNF", () => {
    const documented = [...productions().keys()].filter((n) => /^[a-z]/.test(n)).sort();
    const rules = Object.keys(getParser().getGAstProductions()).sort();
    expect(documented).toEqual(rules);
  });

  it("defines only real tokens, and every token the syntactic rules use", () => {
    const tokenNames = new Set(allTokens.map((t) => t.name));
    const all = productions();
    const lexical = [...all.keys()].filter((n) => /^[A-Z]/.test(n));
    expect(lexical.filter((n) => !tokenNames.has(n))).toEqual([]);
    const used = new Set(
      [...all.entries()]
        .filter(([name]) => /^[a-z]/.test(name))
        .flatMap(([, rhs]) => [...rhs.matchAll(/\b([A-Z][A-Za-z]*)\b/g)].map((m) => m[1] ?? "")),
    );
    expect([...used].filter((n) => !all.has(n) && !tokenNames.has(n))).toEqual([]);
  });

  it("lists the lexer's keywords", () => {
    const all = productions();
    expect(quoted(all.get("BlockKeyword") ?? "").sort()).toEqual([...BLOCK_KEYWORDS].sort());
    const other = quoted(all.get("Keyword") ?? "");
    expect([...BLOCK_KEYWORDS, ...other].sort()).toEqual([...KEYWORDS.keys()].sort());
  });

  it("lists every syntax diagnostic, by code and name", () => {
    const rows = [...README.matchAll(/^\| (PC1\d{3}) \| `([a-z0-9-]+)` \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(ALL_CODES.filter((c) => c.code.startsWith("PC1")).map((c) => `${c.code} ${c.name}`));
  });

  it("has the field table of every block", () => {
    for (const [word, spec] of Object.entries(BLOCKS)) {
      const section = new RegExp(`### \`${word}\`\\n\\n\\| field[^\\n]*\\n[^\\n]*\\n((?:\\|[^\\n]*\\n)*)`).exec(README);
      expect(section, `no field table for \`${word}\``).not.toBeNull();
      const fields = [...(section?.[1] ?? "").matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
      expect(fields, `fields of \`${word}\``).toEqual(Object.keys(spec.fields));
    }
  });
});
