/**
 * The policy's own text is data, never markup: labels, examples, prose and addresses full of
 * Markdown, HTML, Handlebars and line breaks must come out as literal text in both formats, and
 * the HTML must contain no element or attribute the emitter did not create itself.
 */
import type { HtmlElement } from "html-validate";
import { describe, expect, test } from "vitest";
import type { PolicyModel } from "../../../src/model/types.js";
import { decodeEntities, emit, file, htmlProblems, markdownProblems, mdText, parseHtml, parseMarkdown, textOf } from "./helpers.js";
import { l, tinyModel } from "./tiny-model.js";
import { compileText } from "../../helpers.js";

const EVIL_LABEL = "Name <script>alert(1)</script> **bold** _em_ [x](javascript:alert(1)) `code` {{label}} {{{raw}}} | pipe\nsecond line & &amp; <!-- c --> # not a heading";
const EVIL_EXAMPLE = "]]> --> <style>body{display:none}</style> <img src=x onerror=alert(1)>";
const EVIL_PROSE =
  "Prose with <img src=x onerror=alert(1)> and <script>alert(2)</script>, a [bad link](javascript:alert(3)), " +
  "an ![image](https://tracker.example/p.gif), {{label}}, `tick`, *real emphasis* and a [good link](https://acme.example/ok).\n\n" +
  "# a heading\n- a list item\n<div onclick=alert(4)>block html</div>";
const EVIL_URL = 'javascript:alert("x")';
const QUOTED_URL = 'https://acme.example/?a=<b>&c="d" onmouseover=alert(1)';
const EVIL_PHONE = "Ph 1 <img src=x onerror=alert(2)> 345";
const EVIL_TITLE = "Policy </title><script>alert(5)</script> {{title}}";

function hostile(m: PolicyModel): PolicyModel {
  const [first, ...rest] = m.categories;
  return {
    ...m,
    header: {
      ...m.header,
      title: l(EVIL_TITLE),
      url: l(EVIL_URL),
      controller: { ...m.header.controller!, email: l("x@y.example<script>"), phone: l(EVIL_PHONE) },
    },
    categories: [
      { ...first!, label: l(EVIL_LABEL), examples: [l(EVIL_EXAMPLE)], prose: l(EVIL_PROSE) },
      ...rest,
    ],
    purposes: m.purposes.map((p) => (p.id === "newsletter" ? { ...p, optOutUrl: l(QUOTED_URL) } : p)),
  };
}

const model = tinyModel({}, hostile);
const result = emit(model, { languages: ["en"] });
const md = file(result, "policy.md");
const html = file(result, "policy.html");
const folded = (s: string) => s.replace(/\s+/g, " ").trim();

const ALLOWED_TAGS = new Set([
  "html", "head", "meta", "title", "style", "body", "header", "nav", "main",
  "h1", "h2", "h3", "p", "ul", "ol", "li", "a", "strong", "em", "code", "del", "br", "span",
  "table", "thead", "tbody", "tr", "th", "td", "section",
]);
const ALLOWED_ATTRIBUTES = new Set(["lang", "charset", "name", "content", "id", "class", "data-source", "data-label", "href", "aria-labelledby", "tabindex", "scope"]);

function all(root: HtmlElement): HtmlElement[] {
  return root.querySelectorAll("*");
}

describe("HTML", () => {
  test("has only the elements and attributes the emitter creates", async () => {
    const dom = await parseHtml(html);
    const elements = all(dom);
    expect(elements.filter((e) => !ALLOWED_TAGS.has(e.tagName)).map((e) => e.tagName)).toEqual([]);
    expect(dom.querySelectorAll("style")).toHaveLength(1);
    const attributes = elements.flatMap((e) => e.attributes.map((a) => a.key.toLowerCase()));
    expect(attributes.filter((a) => !ALLOWED_ATTRIBUTES.has(a))).toEqual([]);
    const hrefs = dom.querySelectorAll("a").map((a) => decodeEntities(String(a.getAttribute("href")?.value ?? "")));
    expect(hrefs.filter((h) => !/^(https?:|mailto:|tel:|#)/.test(h))).toEqual([]);
  });

  test("opens with a link past the contents to the policy, in the document's language", async () => {
    const dom = await parseHtml(html);
    const first = dom.querySelectorAll("a")[0]!;
    expect(first.getAttribute("class")?.value).toBe("skip");
    expect(textOf(first)).toBe("Skip to the policy");
    expect(dom.querySelector(String(first.getAttribute("href")?.value))?.tagName).toBe("main");
    const german = await parseHtml(file(emit(tinyModel({}), { languages: ["de"] }), "policy.de.html"));
    expect(textOf(german.querySelectorAll("a")[0]!)).toBe("Zur Erklärung springen");
  });

  test("keeps the skip link's target to <main> when a heading would take its id", async () => {
    const r = compileText('policy p "P" { controller "Acme" { email "a@b.example" } }\ncategory c "C" { class personal }\npurpose q "Policy text" { basis contract  uses c }\n');
    const dom = await parseHtml(file(emit(r.model!, { languages: ["en"] }), "policy.html"));
    expect(dom.querySelectorAll("#policy-text").map((e) => e.tagName)).toEqual(["main"]);
    expect(dom.querySelectorAll("h3").some((h) => h.getAttribute("id")?.value === "policy-text-1")).toBe(true);
    const ids = all(dom).map((e) => e.getAttribute("id")?.value).filter((id) => id !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("links each language's page to the others, each named in its own language", async () => {
    const both = emit(tinyModel({}), { languages: ["en", "de"] });
    const en = await parseHtml(file(both, "policy.html"));
    const de = await parseHtml(file(both, "policy.de.html"));
    const link = (dom: HtmlElement) => dom.querySelector(".languages a")!;
    expect([link(en).getAttribute("href")?.value, link(en).getAttribute("lang")?.value, textOf(link(en))]).toEqual(["policy.de.html", "de", "Deutsch"]);
    expect([link(de).getAttribute("href")?.value, link(de).getAttribute("lang")?.value, textOf(link(de))]).toEqual(["policy.html", "en", "English"]);
    expect(en.querySelector('link[rel="alternate"]')?.getAttribute("hreflang")?.value).toBe("de");
    // one language: no links
    expect((await parseHtml(file(emit(tinyModel({}), { languages: ["en"] }), "policy.html"))).querySelector(".languages")).toBeNull();
  });

  test("puts each table in a named region that scrolls, with column and row headers", async () => {
    const dom = await parseHtml(html);
    const tables = dom.querySelectorAll("table");
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) {
      const region = t.parent as HtmlElement;
      expect(region.tagName).toBe("section");
      expect(region.getAttribute("class")?.value).toBe("table-scroll");
      expect(region.getAttribute("tabindex")?.value).toBe("0");
      const label = String(region.getAttribute("aria-labelledby")?.value);
      expect(dom.querySelector(`#${label}`)?.tagName).toMatch(/^h[23]$/);
      expect(t.getAttribute("aria-labelledby")?.value).toBe(label);
      expect(t.querySelectorAll("thead th").every((th) => th.getAttribute("scope")?.value === "col")).toBe(true);
      const columns = t.querySelectorAll("thead th").map(textOf);
      for (const row of t.querySelectorAll("tbody tr")) {
        const first = row.childElements[0]!;
        expect(first.tagName).toBe("th");
        expect(first.getAttribute("scope")?.value).toBe("row");
        // every other cell names its column, for the card layout of a narrow screen
        expect(row.childElements.slice(1).map((c) => c.getAttribute("data-label")?.value)).toEqual(columns.slice(1).map((c) => (/[?:!.]$/.test(c) ? c : `${c}:`)));
      }
    }
  });

  test("marks empty table cells, which a narrow screen leaves out of a row's card", async () => {
    const dom = await parseHtml(html);
    const cells = dom.querySelectorAll("tbody td");
    const none = cells.filter((c) => c.getAttribute("class")?.value === "none");
    expect(none.length).toBeGreaterThan(0);
    expect(none.every((c) => textOf(c) === "—")).toBe(true);
    expect(cells.filter((c) => textOf(c) === "—").length).toBe(none.length);
    const style = html.slice(html.indexOf("<style>"), html.indexOf("</style>"));
    expect(style).toMatch(/@media \(max-width: 40rem\), print \{[^@]*\.table-scroll td\.none \{ display: none; \}/);
  });

  test("keeps the title and the version line in <header>, and the introduction in <main> where the skip link lands", async () => {
    const dom = await parseHtml(html);
    const header = dom.querySelector("header")!;
    expect(header.querySelector("h1")).not.toBeNull();
    expect(header.querySelector(".meta")).not.toBeNull();
    expect(header.querySelectorAll("p").filter((p) => p.getAttribute("class")?.value !== "meta")).toEqual([]);
    expect(dom.querySelector("main")!.querySelector("#policy-prose")).not.toBeNull();
  });

  test("has a dark palette for screens set to dark, every colour of the page through it, and prints light", () => {
    const style = html.slice(html.indexOf("<style>"), html.indexOf("</style>"));
    expect(style).toMatch(/:root \{ color-scheme: light dark;/);
    const dark = /@media screen and \(prefers-color-scheme: dark\) \{\n  :root \{([^}]*)\}\n\}/.exec(style);
    expect(dark).not.toBeNull();
    const light = /:root \{ color-scheme: light dark;([^}]*)\}/.exec(style)![1]!;
    const names = (block: string) => [...block.matchAll(/(--[a-z]+):/g)].map((m) => m[1]).sort();
    expect(names(dark![1]!)).toEqual(names(light));
    // outside the two palettes and the print block, no colour is written out
    const rest = style.replace(light, "").replace(dark![0], "").replace(/@media print \{[\s\S]*$/, "");
    expect(rest.match(/#[0-9a-f]{3,6}\b|rgba?\(/gi)).toBeNull();
  });

  test("shows the hostile label, example and prose as literal text", async () => {
    const dom = await parseHtml(html);
    const row = dom.querySelector("#category-account-email");
    expect(row).toBeTruthy();
    const cells = row!.querySelectorAll("th, td").map(textOf);
    expect(cells[0]).toBe(`${folded(EVIL_LABEL)}: Email address`);
    expect(dom.querySelector("#category-account-name")!.querySelectorAll("th, td").map(textOf)[0]).toBe(`${folded(EVIL_LABEL)}: Name`);
    const prose = textOf(dom.querySelector("#category-account-prose")!);
    expect(prose).toContain("<img src=x onerror=alert(1)> and <script>alert(2)</script>");
    expect(prose).toContain("[bad link](javascript:alert(3))");
    expect(prose).toContain("![image](https://tracker.example/p.gif)");
    expect(prose).toContain("{{label}}");
    // Markdown's blocks are not prose's: the heading, list and HTML lines are one paragraph of text
    const blocks = textOf(dom.querySelector("#category-account-prose-2")!);
    expect(blocks).toBe("# a heading - a list item <div onclick=alert(4)>block html</div>");
    expect(dom.querySelector("#category-account-prose-3")).toBeNull();
  });

  test("keeps the Markdown of prose that is safe: emphasis and https links", async () => {
    const dom = await parseHtml(html);
    const p = dom.querySelector("#category-account-prose")!;
    expect(p.querySelectorAll("em").map(textOf)).toEqual(["real emphasis"]);
    expect(p.querySelectorAll("a").map((a) => a.getAttribute("href")?.value)).toEqual(["https://acme.example/ok"]);
  });

  test("shows an unsafe address as text and a quoted one as an escaped link", async () => {
    const dom = await parseHtml(html);
    expect(textOf(dom.querySelector("#policy-url")!)).toBe(`This policy is published at ${EVIL_URL}.`);
    const optOut = dom.querySelector("#choice-newsletter")!.querySelectorAll("a");
    // remark-rehype percent-encodes what a URL may not contain; the address itself is unchanged.
    expect(optOut.map((a) => decodeURI(decodeEntities(String(a.getAttribute("href")?.value))))).toEqual([QUOTED_URL]);
    expect(textOf(dom.querySelector("#controller-email")!)).toBe("Email: x@y.example<script>");
    // a phone field that does not read as a number is text, not a `tel:` link dialling its digits
    expect(dom.querySelector("#controller-phone")!.querySelectorAll("a")).toEqual([]);
    expect(textOf(dom.querySelector("#controller-phone")!)).toContain("<img src=x onerror=alert(2)>");
  });

  test("links a phone number that reads as one", async () => {
    const plain = file(emit(tinyModel({}), { languages: ["en"] }), "policy.html");
    const dom = await parseHtml(plain);
    const links = dom.querySelector("#controller-phone")!.querySelectorAll("a");
    expect(links.map((a) => a.getAttribute("href")?.value)).toEqual(["tel:+49301234567"]);
  });

  test("escapes the title", async () => {
    const dom = await parseHtml(html);
    expect(textOf(dom.querySelector("title")!)).toBe(EVIL_TITLE);
    expect(textOf(dom.querySelector("h1")!)).toBe(EVIL_TITLE);
  });

  test("is still valid", () => {
    expect(htmlProblems(html)).toEqual([]);
  });
});

describe("Markdown", () => {
  const tree = parseMarkdown(md);

  test("contains no raw HTML except the banner comment", () => {
    const html: string[] = [];
    const walk = (n: { type: string; value?: string; children?: unknown[] }) => {
      if (n.type === "html") html.push(n.value ?? "");
      for (const c of n.children ?? []) walk(c as typeof n);
    };
    walk(tree);
    expect(html).toHaveLength(1);
    expect(html[0]).toMatch(/^<!--\nGenerated by policyc/);
  });

  test("contains no unsafe link", () => {
    const urls: string[] = [];
    const walk = (n: { type: string; url?: string; children?: unknown[] }) => {
      if (n.type === "link" || n.type === "image" || n.type === "definition") urls.push(n.url ?? "");
      for (const c of n.children ?? []) walk(c as typeof n);
    };
    walk(tree);
    expect(urls.filter((u) => !/^(https?:|mailto:|tel:|#)/.test(u))).toEqual([]);
    expect(urls).toContain(QUOTED_URL);
  });

  test("shows the hostile label, example and prose as literal text", () => {
    const table = tree.children.find((n) => n.type === "table" && mdText(n).includes("Email address"));
    expect(table).toBeTruthy();
    const rows = (table as { children: { children: unknown[] }[] }).children.map((r) => r.children.map(mdText));
    expect(rows.map((r) => r[0])).toContain(`${folded(EVIL_LABEL)}: Email address`);
    const text = mdText(tree);
    expect(text).toContain(folded(EVIL_EXAMPLE));
    expect(text).toContain("<img src=x onerror=alert(1)> and <script>alert(2)</script>");
    expect(text).toContain("[bad link](javascript:alert(3))");
    expect(text).toContain("{{label}}");
    expect(text).toContain("<div onclick=alert(4)>block html</div>");
    expect(tree.children.filter((n) => n.type === "heading").map(mdText)).not.toContain("a heading");
  });

  test("is still lint-clean", () => {
    expect(markdownProblems("policy.md", md)).toBe("");
  });
});

test("unsafe addresses are reported", () => {
  const unsafe = result.diagnostics.filter((d) => d.code === "PC5005").map((d) => d.message);
  expect(unsafe).toHaveLength(2);
  expect(unsafe.join("\n")).toContain("javascript:alert(3)");
  expect(unsafe.join("\n")).toContain("policy `tiny`");
});

test("the banner cannot close its comment early in either format", async () => {
  const banner = ["Generated from evil--> <script>alert(1)</script> <!-- x --!> y -", "--> second line"];
  const r = emit(tinyModel(), { languages: ["en"], banner });
  const html = file(r, "policy.html");
  const md = file(r, "policy.md");
  for (const text of [html, md]) {
    const start = text.indexOf("<!--");
    const end = text.indexOf("-->", start);
    // The only comment is the banner, and it ends where the banner ends.
    expect(text.slice(start, end + 3)).toBe("<!--\nGenerated from evil- -> <script>alert(1)</script> <!- - x - -!> y -\n- -> second line\n-->");
  }
  expect((await parseHtml(html)).querySelectorAll("script")).toEqual([]);
  expect(htmlProblems(html)).toEqual([]);
  expect(markdownProblems("policy.md", md)).toBe("");
  expect(parseMarkdown(md).children[0]).toMatchObject({ type: "html" });
  expect(parseMarkdown(md).children[1]).toMatchObject({ type: "heading", depth: 1 });
});
