/**
 * Every statement of the document has an `id` in HTML; with `withSources` it says where it came
 * from: `data-source="file:line"` in HTML, and its text ends in ` [file:line]` in both formats.
 * Without, the published page names no source file.
 * Headings carry the anchors GitHub derives from their text, so the contents work in both formats.
 */
import { expect, test } from "vitest";
import { emit, file, parseHtml } from "./helpers.js";
import { tinyModel } from "./tiny-model.js";

const SOURCE = /^[\w./-]+:\d+( [\w./-]+:\d+)*$/;

test("without withSources the page names no source file, and every statement has a unique id", async () => {
  const html = file(emit(tinyModel(), { languages: ["en"] }), "policy.html");
  expect(html).not.toContain("data-source");
  expect(html).not.toContain("tiny.policy");
  const dom = await parseHtml(html);
  expect(dom.querySelector("#rule-no_health_sharing")).not.toBeNull();
  expect(dom.querySelector("#retention-accounts")).not.toBeNull();
});

test("with withSources every statement has a unique id and a data-source", async () => {
  const dom = await parseHtml(file(emit(tinyModel(), { languages: ["en"], withSources: true }), "policy.html"));
  const sourced = dom.querySelectorAll("[data-source]");
  expect(sourced.length).toBeGreaterThan(50);
  for (const el of sourced) {
    expect(el.getAttribute("data-source")!.value).toMatch(SOURCE);
    expect(el.id).not.toBe("");
  }
  const ids = dom.querySelectorAll("[id]").map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  // Rows and list items of the document body are statements; only the contents list is not.
  const bare = [...dom.querySelectorAll("main li"), ...dom.querySelectorAll("tbody tr")].filter((e) => !e.hasAttribute("data-source"));
  expect(bare.filter((e) => !e.querySelector("[data-source]")).map((e) => e.textContent)).toEqual([]);
});

test("statements name the declaration they state", async () => {
  const dom = await parseHtml(file(emit(tinyModel(), { languages: ["en"], withSources: true }), "policy.html"));
  expect(dom.querySelector("#rule-no_health_sharing")!.getAttribute("data-source")!.value).toBe("tiny.policy:84 tiny.policy:85 tiny.policy:86");
  expect(dom.querySelector("#recipient-ads")!.getAttribute("data-source")!.value).toBe("tiny.policy:64 tiny.policy:82 tiny.policy:110");
  expect(dom.querySelector("#retention-accounts")!.getAttribute("data-source")!.value).toBe("tiny.policy:100");
});

test("withSources ends every statement in [file:line] in Markdown and HTML", () => {
  const r = emit(tinyModel(), { languages: ["en"], withSources: true });
  const md = file(r, "policy.md");
  expect(md).toContain("- We do not use “Notes you write” for “Keeping accounts secure” without your consent. \\[tiny.policy:88]");
  expect(md).toMatch(/\| Usage data +\| .* Anonymised +\| — \\\[tiny\.policy:104] +\|/);
  expect(file(r, "policy.html")).toContain('<span class="source"> [tiny.policy:88]</span>');
});

test("the contents link to the anchors GitHub gives the headings", () => {
  const md = file(emit(tinyModel(), { languages: ["de"] }), "policy.de.md");
  expect(md).toContain("15. [Änderungen dieser Erklärung](#änderungen-dieser-erklärung)");
  const html = file(emit(tinyModel(), { languages: ["de"] }), "policy.de.html");
  expect(html).toContain('<h2 id="änderungen-dieser-erklärung">Änderungen dieser Erklärung</h2>');
  expect(html).toContain('<a href="#%C3%A4nderungen-dieser-erkl%C3%A4rung">');
});
