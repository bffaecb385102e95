/**
 * The document tree to text: Markdown with remark-stringify (+ GFM tables), and HTML with
 * remark-rehype -> rehype-document -> page layout -> rehype-format -> rehype-stringify. Neither path lets raw HTML through: the mdast tree holds none (except the
 * Markdown banner comment, whose text is ours), and remark-rehype runs without `allowDangerousHtml`.
 *
 * With a memo (`policyc build --watch` passes one), both are rendered a section at a time and each
 * section's text is remembered under the section's tree, so that a rebuild after an edit renders
 * only the sections the edit changed. The section-wise text is byte for byte the text of the
 * whole-tree pipeline (`toMarkdownWhole`, `toHtmlWhole`: what a one-off build runs, and the
 * fallback for a tree without the usual layout); a test holds them equal.
 */
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent, Text as HastText } from "hast";
import type { Raw } from "mdast-util-to-hast";
import type { Html, Root, RootContent } from "mdast";
import rehypeDocument from "rehype-document";
import rehypeFormat from "rehype-format";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import { randomUUID } from "node:crypto";
import type { Memo } from "../../util/memo.js";
import { cloneTree } from "./mdast.js";
import { treeKey } from "./digests.js";
import { MAIN_ID } from "./context.js";
import { STYLE } from "./style.js";

/**
 * Banner lines made safe for an HTML/Markdown comment: nothing that closes it early (`-->`,
 * `--!>`) or opens another (`<!--`), as HTML's comment syntax has it; a plain `--` (a command's
 * `--with-sources`) stays as written.
 */
export function commentText(lines: readonly string[]): string {
  return lines
    .map((l) =>
      l
        .replace(/[\r\n]+/g, " ")
        .replace(/<!-(?=-)/g, "<!- ")
        .replace(/-(?=-!?>)/g, "- ")
        .replace(/^>/, " >"),
    )
    .join("\n");
}

const markdownStringifier = unified()
  .use(remarkGfm)
  .use(remarkStringify, {
    bullet: "-",
    emphasis: "_",
    strong: "*",
    listItemIndent: "one",
    rule: "-",
    fences: true,
    incrementListMarker: true,
  })
  .freeze();

const bannerNodes = (banner: readonly string[]): Html[] =>
  banner.length > 0 ? [{ type: "html", value: `<!--\n${commentText(banner)}\n-->` }] : [];

/**
 * A piece of plain text as Markdown that shows it as it is, escaped as the document escapes its
 * own text (`~`, `&`, `www.` and `https:` that GFM would link, ...): for text set among other
 * Markdown, such as the diff's notice.
 */
export function markdownText(text: string): string {
  return markdownStringifier.stringify({ type: "root", children: [{ type: "paragraph", children: [{ type: "text", value: text }] }] }).replace(/\n$/, "");
}

/** The reference: the whole tree through remark-stringify at once. */
export function toMarkdownWhole(root: Root, banner: readonly string[]): string {
  return markdownStringifier.stringify({ type: "root", children: [...bannerNodes(banner), ...root.children] });
}

/**
 * The Markdown; with a memo, a section at a time. remark-stringify joins the blocks of a root with one blank line
 * and carries no state past a heading, so the sections' texts joined the same way are the text of
 * the whole tree.
 */
export function toMarkdown(root: Root, banner: readonly string[], memo?: Memo): string {
  const chunks = memo ? chunksOf(root) : undefined;
  if (!memo || !chunks) return toMarkdownWhole(root, banner);
  const parts = bannerNodes(banner).map((n) => markdownStringifier.stringify({ type: "root", children: [n] }).trimEnd());
  for (const chunk of chunks) {
    if (chunk.nodes.length === 0) continue;
    parts.push(
      memo.get(`md\u0000${chunk.key}`, () => markdownStringifier.stringify({ type: "root", children: cloneTree(chunk.nodes) }).replace(/\n$/, "")),
    );
  }
  return parts.length === 0 ? "" : parts.join("\n\n") + "\n";
}

export interface HtmlOptions {
  readonly lang: string;
  readonly title: string;
  readonly banner: readonly string[];
  /** The text of the link that skips the contents, first on the page (WCAG 2.4.1); none when absent. */
  readonly skip?: string;
  /** The page in the policy's other languages, each named in its own (a link in the header, and in `<head>`). */
  readonly alternates?: readonly { readonly lang: string; readonly href: string; readonly text: string }[];
}

/** The links to the other languages' pages: "Deutsch" on the English page, in German. */
function languageLinks(alternates: HtmlOptions["alternates"]): Element[] {
  if (!alternates || alternates.length === 0) return [];
  const links: ElementContent[] = [];
  alternates.forEach((v, i) => {
    if (i > 0) links.push({ type: "text", value: " · " });
    links.push(element("a", { href: v.href, lang: v.lang, hrefLang: v.lang }, [{ type: "text", value: v.text }]));
  });
  // phrasing content (a span, shown as a block), as the skip link is: the header is formatted the
  // same whether the page is rendered whole or a section at a time
  return [element("span", { className: ["languages"] }, links)];
}

/** The id of `<main>`, which the skip link names. */

/** The link that takes a keyboard past the header and the contents to the policy itself. */
function skipLink(text: string): Element {
  return element("a", { className: ["skip"], href: `#${MAIN_ID}` }, [{ type: "text", value: text }]);
}

/** One formatter and stringifier for every page: they hold no state between calls. */
const htmlFormatter = unified().use(rehypeFormat).freeze();
const htmlStringifier = unified().use(rehypeStringify, { upperDoctype: true }).freeze();
/** For pages whose sections are already text (`raw` nodes made here, from our own output only). */
const pageStringifier = unified().use(rehypeStringify, { upperDoctype: true, allowDangerousHtml: true }).freeze();
const toHastProcessor = unified().use(remarkRehype).freeze();

function documentProcessor(options: HtmlOptions) {
  return unified()
    .use(remarkRehype)
    .use(rehypeDocument, {
      language: options.lang,
      title: options.title,
      style: STYLE,
      meta: [{ name: "generator", content: "policyc" }],
      link: (options.alternates ?? []).map((v) => ({ rel: "alternate", hrefLang: v.lang, href: v.href })),
    });
}

/** The page as hast before formatting: remark-rehype, rehype-document and the page layout. */
export function htmlTree(root: Root, options: HtmlOptions): HastRoot {
  return documentProcessor(options).use(pageLayout, options).runSync(cloneTree(root)) as HastRoot;
}

/** The reference: the whole page through the pipeline at once. */
export function toHtmlWhole(root: Root, options: HtmlOptions): string {
  const tree = htmlTree(root, options);
  htmlFormatter.runSync(tree);
  bannerComment(options.banner)(tree);
  return htmlStringifier.stringify(tree);
}

/**
 * The HTML page; with a memo, a section at a time. Each section is converted and formatted on its own, under the same
 * ancestors it has in the page (`html > body > header|nav|main`), which is all rehype-format's
 * indentation depends on; its formatted elements become one `raw` node in the page, and the page
 * around them (head, style, landmarks) goes through the same pipeline as the whole-tree path,
 * once per language and options (`pageFrame`: a slot where each region's text goes).
 */
export function toHtml(root: Root, options: HtmlOptions, memo?: Memo): string {
  const chunks = memo ? chunksOf(root) : undefined;
  if (!memo || !chunks) return toHtmlWhole(root, options);
  // the opening's title and version line head the page; its introduction opens <main> (`inHeader`)
  const opening = chunks.find((c) => c.region === "header")!;
  const part = (region: Region, nodes: RootContent[]) => ({ region, nodes, key: treeKey(nodes) });
  const parts: readonly { readonly region: Region; readonly key: string; readonly nodes: readonly RootContent[] }[] = [
    part("header", opening.nodes.filter(headsPage)),
    part("main", opening.nodes.filter((n) => !headsPage(n))),
    ...chunks.filter((c) => c !== opening),
  ];
  const raws = REGIONS.map((region) => {
    const rendered = parts
      .filter((c) => c.region === region && c.nodes.length > 0)
      .map((c) => memo.get(`html\u0000${region}\u0000${c.key}`, () => renderChunk(region, c.nodes)));
    const inner = rendered.map((r) => r.inner).join("");
    return inner === "" ? "" : inner + rendered.at(-1)!.close;
  });
  const tocId = chunks.find((c) => c.region === "nav")!.tocId;
  // The page around the sections depends on the options and on which regions are empty only: it
  // is made once, with a slot where each region's text goes.
  const empty = raws.map((r) => r === "");
  const frame = memo.get(`html-frame\u0000${JSON.stringify([options, tocId, empty])}`, () => pageFrame(options, tocId, empty));
  if (frame === undefined) return toHtmlWhole(root, options);
  let page = frame.pieces[0]!;
  frame.slots.forEach((region, i) => (page += raws[region]! + frame.pieces[i + 1]!));
  return page;
}

/**
 * Marks a region's place in a page frame. Random per process, so that no text of a policy, a
 * template or a banner can hold it; each is written once, verbatim (a `raw` node), into the page.
 */
const SLOT = `policyc-slot-${randomUUID()}-`;

interface PageFrame {
  /** The page's text cut at each slot. */
  readonly pieces: readonly string[];
  /** The region (index into REGIONS) whose text goes into each cut, in order. */
  readonly slots: readonly number[];
}

/** The page with a slot (a `raw` node) in each non-empty region, formatted and cut at the slots. */
function pageFrame(options: HtmlOptions, tocId: string | undefined, empty: readonly boolean[]): PageFrame | undefined {
  const tree = documentProcessor(options).runSync({ type: "root", children: [] }) as HastRoot;
  const body = bodyOf(tree);
  if (!body) return undefined;
  body.children = REGIONS.map((region, i) => {
    const children: ElementContent[] = empty[i] ? [] : [{ type: "raw", value: `${SLOT}${i}` } as Raw as unknown as ElementContent];
    const properties = region === "nav" ? { ariaLabelledBy: tocId } : region === "main" && options.skip !== undefined ? { id: MAIN_ID } : {};
    if (region === "header") children.unshift(...(options.skip !== undefined ? [skipLink(options.skip)] : []), ...languageLinks(options.alternates));
    return element(region, properties, children);
  });
  htmlFormatter.runSync(tree);
  bannerComment(options.banner)(tree);
  const text = pageStringifier.stringify(tree);
  const pieces: string[] = [];
  const slots: number[] = [];
  let from = 0;
  for (let at = text.indexOf(SLOT); at >= 0; at = text.indexOf(SLOT, from)) {
    pieces.push(text.slice(from, at));
    slots.push(Number(text.charAt(at + SLOT.length)));
    from = at + SLOT.length + 1;
  }
  pieces.push(text.slice(from));
  return { pieces, slots };
}

const REGIONS = ["header", "nav", "main"] as const;
type Region = (typeof REGIONS)[number];

interface Chunk {
  readonly region: Region;
  readonly nodes: RootContent[];
  /** The nodes' content (`treeKey`): what the rendered text depends on. Not the JSON itself: a key is hashed and compared on every lookup. */
  readonly key: string;
  /** The id of the contents heading (on the nav chunk). */
  readonly tocId?: string;
}

const tocTitleId = (n: RootContent): string | undefined => {
  if (n.type !== "heading" || n.depth !== 2) return undefined;
  const p = n.data?.hProperties as { className?: unknown; id?: unknown } | undefined;
  return Array.isArray(p?.className) && p.className.includes("toc-title") ? String(p.id ?? "") : undefined;
};

/**
 * The tree as the page lays it out: the opening (before the contents heading; its title and
 * version line in `<header>`, its introduction first in `<main>`, see `toHtml`), the contents
 * heading and its list in `<nav>`, then every level-2 section in `<main>`. Undefined for a tree
 * without that shape, which is rendered whole.
 */
function chunksOf(root: Root): Chunk[] | undefined {
  if (!chunkCache.has(root)) chunkCache.set(root, splitChunks(root));
  return chunkCache.get(root);
}

/** The Markdown and the HTML of one tree share its split (and its JSON keys). */
const chunkCache = new WeakMap<Root, Chunk[] | undefined>();

function splitChunks(root: Root): Chunk[] | undefined {
  const chunks: { region: Region; nodes: RootContent[]; tocId?: string }[] = [{ region: "header", nodes: [] }];
  for (const n of root.children) {
    if (n.type === "html" || n.type === "yaml" || n.type === "definition" || n.type === "footnoteDefinition") return undefined;
    const toc = tocTitleId(n);
    if (toc !== undefined) {
      if (chunks.length !== 1) return undefined;
      chunks.push({ region: "nav", nodes: [n], tocId: toc });
    } else if (n.type === "heading" && n.depth === 2 && chunks.length > 1) {
      chunks.push({ region: "main", nodes: [n] });
    } else {
      chunks.at(-1)!.nodes.push(n);
    }
  }
  if (chunks.length < 2 || chunks[1]!.nodes.length !== 2) return undefined;
  return chunks.map((c) => ({ ...c, key: treeKey(c.nodes) }));
}

interface RenderedChunk {
  /** Each element preceded by its line break and indentation. */
  readonly inner: string;
  /** The break and indentation before the region's closing tag. */
  readonly close: string;
}

function renderChunk(region: Region, nodes: readonly RootContent[]): RenderedChunk {
  const hast = toHastProcessor.runSync({ type: "root", children: cloneTree(nodes) as RootContent[] }) as HastRoot;
  const elements = hast.children.filter((n): n is Element => isElement(n));
  elements.forEach(alignClasses);
  accessible(elements);
  const holder = element(region, {}, elements);
  const tree: HastRoot = { type: "root", children: [element("html", {}, [element("body", {}, [holder])])] };
  htmlFormatter.runSync(tree);
  const kids = holder.children;
  const last = kids.at(-1);
  const close = last?.type === "text" ? last.value : "";
  return { inner: htmlStringifier.stringify({ type: "root", children: close === "" ? kids : kids.slice(0, -1) }), close };
}

/** What of the opening stays in <header>: the title and the version line (class `meta`). */
const inHeader = (n: ElementContent): boolean => isElement(n, "h1") || hasClass(n, "meta");

/** `inHeader` for the Markdown tree the chunks are cut from. */
function headsPage(n: RootContent): boolean {
  if (n.type === "heading") return n.depth === 1;
  const p = n.data?.hProperties as { className?: unknown } | undefined;
  return Array.isArray(p?.className) && p.className.includes("meta");
}

const isElement = (n: HastContent | ElementContent | undefined, tag?: string): n is Element =>
  n?.type === "element" && (tag === undefined || n.tagName === tag);

const hasClass = (n: ElementContent, name: string): boolean =>
  isElement(n) && Array.isArray(n.properties.className) && n.properties.className.includes(name);

const element = (tagName: string, properties: Element["properties"], children: ElementContent[]): Element => ({
  type: "element",
  tagName,
  properties,
  children,
});

function bodyOf(tree: HastRoot): Element | undefined {
  const html = tree.children.find((n): n is Element => isElement(n, "html"));
  return html?.children.find((n): n is Element => isElement(n, "body"));
}

/** The banner as a comment on its own line after the doctype (after rehype-format, which would move it). */
function bannerComment(banner: readonly string[]) {
  return (tree: HastRoot): void => {
    if (banner.length === 0) return;
    const at = tree.children.findIndex((n) => n.type === "doctype") + 1;
    tree.children.splice(at, 0, { type: "text", value: "\n" } as HastText, { type: "comment", value: `\n${commentText(banner)}\n` });
  };
}

/** GFM column alignment as classes instead of the `align` attribute. */
function alignClasses(n: ElementContent | HastContent): void {
  if (!isElement(n)) return;
  const align = n.properties.align;
  if (typeof align === "string") {
    delete n.properties.align;
    n.properties.className = [...(Array.isArray(n.properties.className) ? n.properties.className : []), `align-${align}`];
  }
  n.children.forEach(alignClasses);
}

/**
 * Landmarks: `<header>` (title, version line), `<nav>` (contents), `<main>` (the introduction,
 * then the sections); and GFM column alignment as classes instead of the `align` attribute.
 */
function pageLayout(options: HtmlOptions) {
  const skip = options.skip;
  return (tree: HastRoot): void => {
    const body = bodyOf(tree);
    if (body) {
      const kids = body.children.filter((n) => isElement(n));
      const tocAt = kids.findIndex((n) => hasClass(n, "toc-title"));
      if (tocAt >= 0) {
        const title = kids[tocAt] as Element;
        const nav = element("nav", { ariaLabelledBy: String(title.properties.id ?? "") }, kids.slice(tocAt, tocAt + 2));
        // the title and the version line head the page; the introduction is policy text, in <main>
        const opening = kids.slice(0, tocAt);
        const header = [...(skip !== undefined ? [skipLink(skip)] : []), ...languageLinks(options.alternates), ...opening.filter(inHeader)];
        const main = [...opening.filter((n) => !inHeader(n)), ...kids.slice(tocAt + 2)];
        body.children = [element("header", {}, header), nav, element("main", skip !== undefined ? { id: MAIN_ID } : {}, main)];
      }
    }
    tree.children.forEach(alignClasses);
    if (body) accessible(body.children);
  };
}

/**
 * What a screen, a keyboard and a screen reader need of the page's elements (in place, at any
 * depth): each table in a region that scrolls sideways on a narrow screen instead of the page
 * (a `<section>` named by the heading before it, reachable by keyboard), its column headers and the first cell
 * of each row as headers (WCAG 1.3.1, 1.4.10, 2.1.1); a link that reads as its own address is
 * marked, so that a printout does not add the address again.
 */
function accessible(children: ElementContent[]): void {
  for (let i = 0; i < children.length; i++) {
    const n = children[i]!;
    if (!isElement(n)) continue;
    if (n.tagName === "table") {
      tableHeaders(n);
      const heading = children.slice(0, i).reverse().find((k): k is Element => isElement(k) && /^h[1-6]$/.test(k.tagName));
      const id = heading?.properties.id;
      // the table is named by its heading too: a screen reader announces it on entering the table
      if (typeof id === "string") n.properties.ariaLabelledBy = id;
      children[i] = element("section", { className: ["table-scroll"], tabIndex: 0, ...(typeof id === "string" ? { ariaLabelledBy: id } : {}) }, [n]);
      continue;
    }
    if (n.tagName === "a" && n.children.length === 1 && n.children[0]!.type === "text" && n.children[0]!.value === n.properties.href) {
      n.properties.className = [...(Array.isArray(n.properties.className) ? n.properties.className : []), "bare"];
    }
    accessible(n.children);
  }
}

/**
 * Column headers get `scope="col"`, the first cell of each body row becomes its row header, and
 * every other body cell carries its column's name as a lead (`data-label`: "Kind:"), which a
 * narrow screen and a printout show before the cell when the stylesheet lays each row out as a card.
 */
function tableHeaders(table: Element): void {
  let columns: string[] = [];
  for (const part of table.children) {
    if (!isElement(part)) continue;
    for (const row of part.children) {
      if (!isElement(row, "tr")) continue;
      const cells = row.children.filter((c): c is Element => isElement(c));
      if (part.tagName === "thead") {
        for (const cell of cells) if (cell.tagName === "th") cell.properties.scope = "col";
        columns = cells.map(textOf);
      } else {
        const first = cells[0];
        if (first && first.tagName === "td") {
          first.tagName = "th";
          first.properties.scope = "row";
        }
        cells.forEach((cell, i) => {
          // shown as a lead before the cell's text: "Kind:", but "Must you provide it?" as it is
          const name = columns[i];
          if (cell.tagName === "td" && name) cell.properties.dataLabel = /[?:!.]$/.test(name) ? name : `${name}:`;
        });
      }
    }
  }
}

/** The text of an element, whitespace folded. */
function textOf(n: ElementContent): string {
  const collect = (k: ElementContent): string => (k.type === "text" ? k.value : isElement(k) ? k.children.map(collect).join("") : "");
  return collect(n).replace(/\s+/g, " ").trim();
}
