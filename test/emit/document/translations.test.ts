/**
 * A missing translation is never silent: one warning per missing text naming the declaration,
 * the field and the line, and the source text in the document marked as untranslated (in HTML a
 * `lang` attribute on the text itself; in both formats a visible note).
 */
import type { HtmlElement } from "html-validate";
import { expect, test } from "vitest";
import { emit, file, htmlProblems, markdownProblems, parseHtml } from "./helpers.js";
import { tinyModel } from "./tiny-model.js";

const MISSING = ["Notes you write", "Only if you *choose* to write them down.", "Running the notes service"];
const result = emit(tinyModel({ untranslated: MISSING }));
const de = { md: file(result, "policy.de.md"), html: file(result, "policy.de.html") };

test("each missing text is one warning naming the declaration, the field and the line", () => {
  expect(result.diagnostics.map((d) => [d.code, d.severity, d.message, d.span])).toEqual([
    ["PC5001", "warning", "no `de` translation of the `label` of category `notes` (`tiny.policy:26`): the `de` document shows the `en` text, marked as untranslated", undefined],
    ["PC5001", "warning", "no `de` translation of the `prose` of category `health` (`tiny.policy:24`): the `de` document shows the `en` text, marked as untranslated", undefined],
    ["PC5001", "warning", "no `de` translation of the `label` of purpose `service` (`tiny.policy:40`): the `de` document shows the `en` text, marked as untranslated", undefined],
  ]);
  expect(result.diagnostics[0]!.help).toBe('add `@de "..."` after the `label` text of category `notes`, whose declaration starts at `tiny.policy:26`');
});

test("the source language document has no warnings and no marks", () => {
  const en = emit(tinyModel({ untranslated: MISSING }), { languages: ["en"] });
  expect(en.diagnostics).toEqual([]);
  expect(file(en, "policy.md")).not.toContain("untranslated");
});

test("in German Markdown every English text is followed by its mark, before a closing full stop", () => {
  for (const english of ["Notes you write", "Only if you _choose_ to write them down", "Running the notes service"]) {
    const at = [...de.md.matchAll(new RegExp(english.replace(/[.*]/g, "\\$&"), "g"))];
    expect(at.length).toBeGreaterThan(0);
    for (const m of at) expect(de.md.slice(m.index + english.length)).toMatch(/^”? ?\(nicht übersetzt\)/);
  }
  expect(de.md).toContain("Only if you _choose_ to write them down (nicht übersetzt).");
  expect(de.md).not.toContain("down. (nicht übersetzt)");
});

test("in German HTML every English text carries lang=en and a visible mark", async () => {
  const dom = await parseHtml(de.html);
  expect(dom.querySelector("html")!.getAttribute("lang")?.value).toBe("de");
  const marked = dom.querySelectorAll("*").filter((e) => e.getAttribute("lang")?.value === "en");
  expect(marked.length).toBeGreaterThan(0);
  const inEnglish = (el: HtmlElement | null): boolean => !!el && (el.getAttribute("lang")?.value === "en" || inEnglish(el.parent));
  for (const el of dom.querySelectorAll("*")) {
    for (const node of el.childNodes) {
      if (node.nodeType !== 3) continue;
      for (const english of ["Notes you write", "Only if you", "Running the notes service"]) {
        if (node.textContent.includes(english)) expect(inEnglish(el), `${english} in <${el.tagName}>`).toBe(true);
      }
    }
  }
  // Each block holding English text also holds the visible note.
  const block = (el: HtmlElement): HtmlElement => (/^(p|td|th|li|h\d|a)$/.test(el.tagName) || !el.parent ? el : block(el.parent));
  for (const span of dom.querySelectorAll("span.untranslated")) {
    expect(block(span).querySelectorAll("span.untranslated-mark").map((m) => m.textContent.trim())).toContain("(nicht übersetzt)");
  }
});

test("the marked documents are still valid", () => {
  expect(markdownProblems("policy.de.md", de.md)).toBe("");
  expect(htmlProblems(de.html)).toEqual([]);
});

test("the standard taxonomy's labels are translated by the pack, not reported", () => {
  const std = tinyModel({}, (m) => ({
    ...m,
    categories: m.categories.map((c) =>
      c.id === "usage" ? { ...c, label: { text: "Usage information", translations: {}, std: true }, sourceRef: { file: "std/taxonomy.policy", line: 37, column: 1 } } : c,
    ),
  }));
  const r = emit(std);
  expect(r.diagnostics).toEqual([]);
  expect(file(r, "policy.de.md")).toContain("| Nutzungsinformationen |");
});

test("a postal address and the authority's name read the same in every language: never reported nor marked", () => {
  const address = "Hauptstraße 1, 10115 Berlin, Germany";
  const authority = "the Berlin Commissioner for Data Protection";
  const names = emit(tinyModel({ untranslated: [address, authority] }));
  expect(names.diagnostics).toEqual([]);
  const md = file(names, "policy.de.md");
  expect(md).toContain(`${address}\n`);
  expect(md).toContain(authority);
  expect(md).not.toContain("nicht übersetzt");
  // a translation the policy gives is still used
  expect(de.md).toContain("Hauptstraße 1, 10115 Berlin, Deutschland");
  expect(de.md).toContain("die Berliner Beauftragte für Datenschutz");
});
