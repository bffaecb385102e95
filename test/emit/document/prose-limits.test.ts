/**
 * Prose is inline Markdown, read by micromark. Its block constructs are off (nested ones cost the
 * square of their depth and overflow the stack), and a paragraph with more formatting marks or
 * characters than MAX_PROSE_MARKS / MAX_PROSE_PARAGRAPH is shown as written (PC5012): pairing up
 * the marks costs the square of their number. Speed itself is not timed here; what is tested is
 * which paragraphs are read as Markdown and which are not.
 */
import { describe, expect, it } from "vitest";
import { MAX_PROSE_MARKS, MAX_PROSE_PARAGRAPH } from "../../../src/emit/document/context.js";
import { ALL_CODES } from "../../../src/diagnostics/catalogue.js";
import { compileText } from "../../helpers.js";
import { emit, file, mdText, parseHtml, parseMarkdown, textOf } from "./helpers.js";

const HEADER = 'policy p "P" { controller "Acme" { email "privacy@acme.example" } }\n';

function build(prose: string) {
  const compiled = compileText(`${HEADER}section notes "Notes" {\n  prose """\n${prose}\n"""\n}\n`);
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const result = emit(compiled.model!, { languages: ["en"] });
  const md = file(result, "policy.md");
  const tree = parseMarkdown(md);
  // the section's paragraphs: what follows its heading up to the next heading
  const start = tree.children.findIndex((n) => n.type === "heading" && mdText(n) === "Notes");
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = tree.children.slice(start + 1);
  const end = rest.findIndex((n) => n.type === "heading");
  const section = end < 0 ? rest : rest.slice(0, end);
  const warnings = result.diagnostics.filter((d) => d.code === "PC5012");
  return { section, warnings, html: file(result, "policy.html") };
}

const types = (nodes: readonly { type: string; children?: unknown[] }[]): string[] =>
  nodes.flatMap((n) => [n.type, ...types((n.children ?? []) as { type: string; children?: unknown[] }[])]);

describe("a paragraph of prose", () => {
  it(`with ${MAX_PROSE_MARKS} formatting marks is read as Markdown; with one more it is shown as written, and PC5012 says why`, () => {
    // "*a* " has two marks
    const at = build("*a* ".repeat(MAX_PROSE_MARKS / 2));
    expect(at.warnings).toEqual([]);
    expect(types(at.section).filter((t) => t === "emphasis")).toHaveLength(MAX_PROSE_MARKS / 2);

    const over = build("*a* ".repeat(MAX_PROSE_MARKS / 2) + "_");
    expect(over.warnings.map((d) => [d.severity, d.message])).toEqual([
      [
        "warning",
        `a paragraph of the \`prose\` of section \`notes\` (\`main.policy:2\`) has ${MAX_PROSE_MARKS + 1} formatting marks (\`*\`, \`_\`, \`~\`, backticks, brackets), more than ${MAX_PROSE_MARKS}: it is shown as written, without emphasis, code or links`,
      ],
    ]);
    expect((over.warnings[0] as { at?: unknown }).at).toEqual({ file: "main.policy", line: 2, column: 9 });
    expect(types(over.section)).not.toContain("emphasis");
    expect(over.section).toHaveLength(1);
    expect(mdText(over.section[0]!)).toBe(("*a* ".repeat(MAX_PROSE_MARKS / 2) + "_").trim());
  });

  it("is judged on its own: the other paragraphs of the text keep their formatting", () => {
    const r = build(`A **bold** start.\n\n${"~a".repeat(MAX_PROSE_MARKS + 1)}\n\nAn *emphasised* end with a [link](https://acme.example/).`);
    expect(r.warnings).toHaveLength(1);
    expect(r.section).toHaveLength(3);
    expect(types([r.section[0]!])).toContain("strong");
    expect(types([r.section[1]!])).not.toContain("delete");
    expect(mdText(r.section[1]!)).toBe("~a".repeat(MAX_PROSE_MARKS + 1));
    expect(types([r.section[2]!])).toEqual(expect.arrayContaining(["emphasis", "link"]));
  });

  it(`longer than ${MAX_PROSE_PARAGRAPH} characters is shown as written, its line breaks as spaces`, () => {
    const words = "word *em* ".repeat(Math.ceil((MAX_PROSE_PARAGRAPH + 1) / 10)).trim().replace(/ word/g, "\nword");
    const r = build(words);
    expect(r.warnings.map((d) => d.message)).toEqual([
      expect.stringContaining(`is ${words.length} characters long, more than ${MAX_PROSE_PARAGRAPH}: it is shown as written`),
    ]);
    expect(types(r.section)).not.toContain("emphasis");
    expect(mdText(r.section[0]!)).toBe(words.replace(/\n/g, " "));
  });

  it("with deeply nested block marks is its literal text, where it once overflowed the stack", () => {
    // 8,000 nested quotes crashed the build with "Maximum call stack size exceeded"
    for (const prose of [">".repeat(8000) + " quoted", "- ".repeat(3000) + "listed", "1. ".repeat(2500) + "numbered"]) {
      const r = build(prose);
      expect(r.warnings).toEqual([]);
      expect(r.section).toHaveLength(1);
      expect(r.section[0]!.type).toBe("paragraph");
      expect(mdText(r.section[0]!)).toBe(prose);
    }
  });

  it("that Markdown would read as a heading, list, quote, table or code block is one paragraph of its text (a fence, a code span)", async () => {
    const r = build("# Not a heading\n- not a list\n> not a quote\n\n| a | b |\n| - | - |\n\n    not code\n\n```\nnot fenced\n```");
    expect(r.section.map((n) => n.type)).toEqual(["paragraph", "paragraph", "paragraph", "paragraph"]);
    expect(r.section.map((n) => mdText(n))).toEqual([
      "# Not a heading - not a list > not a quote",
      "| a | b | | - | - |",
      "not code",
      "not fenced",
    ]);
    // a fence is a code span, as backticks are inline
    expect(types([r.section[3]!])).toEqual(["paragraph", "inlineCode"]);
    const page = await parseHtml(r.html);
    for (const words of ["Not a heading", "| a | b |", "not code", "not fenced"]) {
      const holders = page.querySelectorAll("p").filter((p) => textOf(p).includes(words));
      expect(holders, words).toHaveLength(1);
    }
    for (const tag of ["h3", "h4", "blockquote", "pre", "table"]) {
      expect(page.querySelectorAll(tag).filter((e) => /not (a heading|a quote|code|fenced)|\| a \|/.test(textOf(e))), tag).toEqual([]);
    }
  });
});

it("PC5012's description states the limits the emitter applies", () => {
  const info = ALL_CODES.find((c) => c.code === "PC5012")!;
  expect(info.description).toContain(`more than ${MAX_PROSE_MARKS} `);
  expect(info.description).toContain(`longer than ${MAX_PROSE_PARAGRAPH.toLocaleString("en")} characters`);
});

it("PC5012 names the translation when the paragraph is in one, and each text once", () => {
  const t =
    `policy p "P" @de "P" { controller "Acme" { email "privacy@acme.example" }  languages en, de }\n` +
    `section notes "Notes" @de "Hinweise" { prose "${"*a".repeat(MAX_PROSE_MARKS + 1)}" @de "Kurz." }\n` +
    `section more "More" @de "Mehr" { prose "Short." @de "${"~b".repeat(MAX_PROSE_MARKS + 2)}" }\n`;
  const compiled = compileText(t);
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const messages = emit(compiled.model!, { languages: ["en", "de"] })
    .diagnostics.filter((d) => d.code === "PC5012")
    .map((d) => d.message.replace(/: it is shown as written.*$/, ""));
  expect(messages).toEqual([
    `a paragraph of the \`prose\` of section \`notes\` (\`main.policy:2\`) has ${MAX_PROSE_MARKS + 1} formatting marks (\`*\`, \`_\`, \`~\`, backticks, brackets), more than ${MAX_PROSE_MARKS}`,
    `a paragraph of the \`de\` translation of the \`prose\` of section \`more\` (\`main.policy:3\`) has ${MAX_PROSE_MARKS + 2} formatting marks (\`*\`, \`_\`, \`~\`, backticks, brackets), more than ${MAX_PROSE_MARKS}`,
  ]);
});
