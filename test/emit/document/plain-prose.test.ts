/**
 * A paragraph of prose with no Markdown in it gets its tree without micromark
 * (`plainParagraph`): the tree must be the one remark would give, positions and all, and
 * anything that could read as Markdown must still go to remark.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseProseParagraph, plainParagraph } from "../../../src/emit/document/context.js";
import { compile } from "../../../src/program.js";
import { FIXTURES, ROOT } from "../../tooling/helpers.js";


/** Plain characters, with every character that takes part in some construct mixed in. */
const PIECES = [
  ..."abcdefwW .,;!?()'\"-+#|=1234567890%$^{}/",
  "é", "Ü", "联系", "😀", "\u00a0", "\u3000", "\u200b", "\ud800",
  ..."\\`*_~[]<>&:@\n\r\t\u000b\u000c\u0000\u007f\u0085\u2028\u2029",
  "www.", "WWW.", "http://", "https://x.y", "mailto:", "a@b.co", "&amp;", "&#35;", "  \n", "\\\n", "![", "[^1]", "<b>",
];
const textArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((xs) => xs.join(""));
/** A small alphabet, so that constructs (`a*b*`, `[a](b)`, `x@y.z`) come up often. */
const denseArb = fc
  .array(fc.constantFrom(..."ab *_~`[]()!<>&;:@\\\n.w/#", "ht", "tp", "s:", "//", "ww", "o."), { maxLength: 16 })
  .map((xs) => xs.join(""));
const plainArb = fc
  .array(fc.constantFrom(..."abcdefgh .,;!?()'\"-+#|=1%$/", "é", "联系", "😀", "\u00a0", "x\ny", "\n- ", "\n# ", "\n===", "\n1. "), { minLength: 1, maxLength: 40 })
  .map((xs) => xs.join(""))
  .filter((s) => /^\S/.test(s) && /\S$/.test(s) && !/\s\n|\n\s/.test(s));

describe("a paragraph of prose without Markdown", () => {
  it("gets exactly the tree remark gives it, on random texts", () => {
    fc.assert(
      fc.property(fc.oneof(textArb, denseArb, fc.string({ unit: "binary", maxLength: 30 }), plainArb), (source) => {
        const plain = plainParagraph(source);
        if (plain !== undefined) expect(plain).toEqual(parseProseParagraph(source));
      }),
      { numRuns: 4000 },
    );
  });

  it("takes the short way for text with no Markdown in it", () => {
    fc.assert(
      fc.property(plainArb, (source) => {
        expect(plainParagraph(source)).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  it("leaves to remark everything that could be Markdown, and white space a paragraph trims", () => {
    for (const source of [
      "a *b*", "a _b_", "a ~b~", "a `b`", "a [b](c)", "a ![b](c)", "a \\* b", "a &amp; b", "a <b>", "a <https://x.example>",
      "see www.x.example", "see WWW.x.example", "see https://x.example", "mail a@b.example", "line \nbreak", "line\n break", "line  \nbreak", "line\\\nbreak", "line\tbreak\nx", "one\n\ntwo", "line\rbreak", "line\r\nbreak",
      "a\tb", " leading", "trailing ", "trailing\u00a0", "x\u2028y", "",
    ]) {
      expect(plainParagraph(source), JSON.stringify(source)).toBeUndefined();
    }
  });

  it("gets the same tree both ways for every text of the examples, and most of them take the short way", () => {
    const texts = new Set<string>();
    const collect = (v: unknown): void => {
      if (typeof v === "string") for (const p of v.split(/\n[ \t]*\n/)) if (/\S/.test(p)) texts.add(p);
      if (v && typeof v === "object") for (const x of Object.values(v)) collect(x);
    };
    for (const example of ["xiaomi", "taskflow", "pixelquest"]) {
      const { model } = compile(`examples/${example}.policy`, { cwd: ROOT });
      expect(model).toBeDefined();
      collect(model);
    }
    let plain = 0;
    for (const source of texts) {
      const tree = plainParagraph(source);
      if (tree === undefined) continue;
      plain++;
      expect(tree, source).toEqual(parseProseParagraph(source));
    }
    expect(texts.size).toBeGreaterThan(500);
    expect(plain / texts.size).toBeGreaterThan(0.5);
  });

  it("gets the same tree both ways for every line of the test fixtures, hostile ones included", () => {
    let plain = 0;
    let lines = 0;
    for (const path of readdirSync(FIXTURES, { recursive: true, encoding: "utf8" }).filter((p) => p.endsWith(".policy") && statSync(join(FIXTURES, p)).isFile())) {
      for (const line of readFileSync(join(FIXTURES, path), "utf8").split("\n")) {
        lines++;
        for (const source of [line, line.trim(), ...(line.match(/"[^"]*"/g) ?? []).map((q) => q.slice(1, -1))]) {
          const tree = plainParagraph(source);
          if (tree === undefined) continue;
          plain++;
          expect(tree, JSON.stringify(source)).toEqual(parseProseParagraph(source));
        }
      }
    }
    expect(lines).toBeGreaterThan(5000);
    expect(plain).toBeGreaterThan(1000);
  });
});
