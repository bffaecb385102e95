/**
 * The document tree to text: Markdown with remark-stringify (+ GFM tables), and HTML with
 * remark-rehype -> rehype-document -> page layout -> rehype-format -> rehype-stringify. Neither path lets raw HTML through: the mdast tree holds none (except the
 * Markdown banner comment, whose text is ours), and remark-rehype runs without `allowDangerousHtml`.
 */
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent } from "hast";
import type { Html, Root } from "mdast";
import rehypeDocument from "rehype-document";
import rehypeFormat from "rehype-format";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import { STYLE } from "./style.js";

/** Banner lines made safe for an HTML/Markdown comment: no `--`, so nothing can close it early. */
export function commentText(lines: readonly string[]): string {
  return lines.map((l) => l.replace(/[\r\n]+/g, " ").replace(/-(?=-)/g, "- ").replace(/^>/, " >")).join("\n");
}

export function toMarkdown(root: Root, banner: readonly string[]): string {
  const comment: Html[] = banner.length > 0 ? [{ type: "html", value: `<!--\n${commentText(banner)}\n-->` }] : [];
  const tree: Root = { type: "root", children: [...comment, ...root.children] };
  return unified()
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
    .stringify(tree);
}

export interface HtmlOptions {
  readonly lang: string;
  readonly title: string;
  readonly banner: readonly string[];
}

/** One formatter and stringifier for every page: they hold no state between calls. */
const htmlFormatter = unified().use(rehypeFormat).freeze();
const htmlStringifier = unified().use(rehypeStringify, { upperDoctype: true }).freeze();

/** The page as hast before formatting: remark-rehype, rehype-document and the page layout. */
export function htmlTree(root: Root, options: HtmlOptions): HastRoot {
  const processor = unified()
    .use(remarkRehype)
    .use(rehypeDocument, {
      language: options.lang,
      title: options.title,
      style: STYLE,
      meta: [{ name: "generator", content: "policyc" }],
    })
    .use(pageLayout);
  return processor.runSync(structuredClone(root)) as HastRoot;
}

export function toHtml(root: Root, options: HtmlOptions): string {
  const tree = htmlTree(root, options);
  htmlFormatter.runSync(tree);
  bannerComment(options.banner)(tree);
  return htmlStringifier.stringify(tree);
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

/** The banner as a comment on its own line after the doctype (after rehype-format, which would move it). */
function bannerComment(banner: readonly string[]) {
  return (tree: HastRoot): void => {
    if (banner.length === 0) return;
    const at = tree.children.findIndex((n) => n.type === "doctype") + 1;
    tree.children.splice(at, 0, { type: "text", value: "\n" }, { type: "comment", value: `\n${commentText(banner)}\n` });
  };
}

/**
 * Landmarks: `<header>` (title, version, introduction), `<nav>` (contents), `<main>` (the
 * sections); and GFM column alignment as classes instead of the `align` attribute.
 */
function pageLayout() {
  return (tree: HastRoot): void => {
    const html = tree.children.find((n): n is Element => isElement(n, "html"));
    const body = html?.children.find((n): n is Element => isElement(n, "body"));
    if (body) {
      const kids = body.children.filter((n) => isElement(n));
      const tocAt = kids.findIndex((n) => hasClass(n, "toc-title"));
      if (tocAt >= 0) {
        const title = kids[tocAt] as Element;
        const nav = element("nav", { ariaLabelledBy: String(title.properties.id ?? "") }, kids.slice(tocAt, tocAt + 2));
        body.children = [element("header", {}, kids.slice(0, tocAt)), nav, element("main", {}, kids.slice(tocAt + 2))];
      }
    }
    const visit = (n: ElementContent | HastContent): void => {
      if (!isElement(n)) return;
      const align = n.properties.align;
      if (typeof align === "string") {
        delete n.properties.align;
        n.properties.className = [...(Array.isArray(n.properties.className) ? n.properties.className : []), `align-${align}`];
      }
      n.children.forEach(visit);
    };
    tree.children.forEach(visit);
  };
}
