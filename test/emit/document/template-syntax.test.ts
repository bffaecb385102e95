/**
 * A wording template Handlebars cannot parse is explained in words, with its line and column:
 * legal edits these files and should not have to read parser tokens.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinTemplatesDir } from "../../../src/emit/document/packs.js";
import { explainTemplateSyntax, syntaxMistake } from "../../../src/emit/document/template-syntax.js";

const Handlebars = createRequire(import.meta.url)("handlebars") as typeof import("handlebars");

/** What policyc says about `source`, which Handlebars must refuse. */
function explain(source: string): string {
  let error: unknown;
  try {
    Handlebars.parse(source);
  } catch (e) {
    error = e;
  }
  expect(error, `Handlebars accepts ${source}`).toBeDefined();
  const found = explainTemplateSyntax(source, error);
  return found ? `${found.line ?? "?"}:${found.column ?? "?"} ${found.message}` : "(none)";
}

describe("a template that does not parse", () => {
  const cases: [string, string][] = [
    ["{{#if act.share}}x{{/if", "1:19 this `{{` is not closed with `}}`"],
    ["We {{list purposes}.", "1:4 this `{{` is not closed with `}}`"],
    ["{{#if x}}\nabc", "1:1 `{{#if}}` is never closed: end it with `{{/if}}`"],
    ["{{#each purposes}}{{this}}{{/if}}", "1:27 `{{/if}}` closes `{{#each}}`, opened at line 1, column 1: write `{{/each}}`"],
    ["{{#if a}}\n  {{#unless b}}x{{/if}}\n{{/unless}}", "2:17 `{{/if}}` closes `{{#unless}}`, opened at line 2, column 3: write `{{/unless}}`"],
    ["{{}}", "1:1 this `{{}}` names nothing: write a field or a helper between the braces"],
    ["a\n{{#if x}}b{{else}}c{{else}}d{{/if}}", "2:20 this `{{else}}` is the second one in `{{#if}}`: a block has one, last"],
    ["{{list (quoted x}}", "1:8 this `(` is not closed with `)`"],
    ["{{list quoted x)}}", "1:16 this `)` closes no `(`"],
    ["{{/if}}", "1:1 `{{/if}}` closes no block"],
    ["{{#if x}}{{/if}}{{else}}", "1:17 this `{{else}}` is outside any block"],
    ["{{!-- note", "1:1 this comment is not closed with `--}}`"],
    ["{{{name}}", "1:1 this `{{{` is closed with `}}`: close it with `}}}`, or open it with `{{`"],
    ["{{name}}}", "1:1 this `{{` is closed with `}}}`: close it with `}}`"],
    // none of the usual mistakes: Handlebars' own finding, its tokens in words
    ["{{list x=}}", "1:? expected `(`, a name, a text in quotes, a number, `true` or `false` or an `@` name here, not `}}`"],
  ];
  for (const [source, said] of cases) {
    it(JSON.stringify(source), () => expect(explain(source)).toBe(said));
  }

  it("an `{{else if}}` chain, `{{else}}` inside `{{#each}}`, `\\{{` and parentheses in quotes are not mistakes", () => {
    for (const ok of ['{{#if a}}x{{else if b}}y{{else if c}}z{{else}}w{{/if}}', "{{#each xs}}{{this}}{{else}}none{{/each}}", "\\{{ literal", '{{#if (startsWith x "(")}}y{{/if}}', "{{{raw}}}"]) {
      expect(() => Handlebars.parse(ok), ok).not.toThrow();
      expect(syntaxMistake(ok), ok).toBeUndefined();
    }
  });

  it("finds none of its mistakes in the built-in templates", () => {
    const root = builtinTemplatesDir();
    let count = 0;
    for (const lang of readdirSync(root)) {
      if (lang.includes(".")) continue;
      for (const name of readdirSync(join(root, lang)).filter((n) => n.endsWith(".hbs"))) {
        expect(syntaxMistake(readFileSync(join(root, lang, name), "utf8")), `${lang}/${name}`).toBeUndefined();
        count++;
      }
    }
    expect(count).toBeGreaterThan(100);
  });

  it("leaves an error that is not about the syntax to its caller", () => {
    expect(explainTemplateSyntax("{{x}}", new Error("EISDIR: illegal operation on a directory, read"))).toBeUndefined();
  });
});
