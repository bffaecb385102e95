/**
 * Typed shorthands over `unist-builder` for the mdast nodes the document is made of. Policy text
 * only ever enters the tree as `text` values (or as the phrasing of parsed prose), never as raw
 * Markdown or HTML: remark and rehype escape it on the way out.
 */
import { pushAll } from "../../util/arrays.js";
import type {
  BlockContent,
  Heading,
  Link,
  List,
  ListItem,
  Paragraph,
  PhrasingContent,
  Strong,
  Table,
  TableCell,
  TableRow,
  Text,
} from "mdast";
import { u } from "unist-builder";

export type Inline = PhrasingContent[];

export const text = (value: string): Text => u("text", value);

/** A text node rendered as `<span class=...>` in HTML and as plain text in Markdown. */
export const span = (value: string, className: string, extra: Record<string, string> = {}): Text => ({
  type: "text",
  value,
  data: { hName: "span", hProperties: { ...extra, className: [className] } },
});

export const paragraph = (children: Inline): Paragraph => u("paragraph", children);
export const strong = (children: Inline): Strong => u("strong", children);
export const link = (url: string, children: Inline): Link => ({ type: "link", url, title: null, children });
export const heading = (depth: Heading["depth"], children: Inline): Heading => u("heading", { depth }, children);

export const listItem = (children: BlockContent[]): ListItem => ({
  type: "listItem",
  spread: children.length > 1,
  checked: null,
  children,
});

export const list = (items: ListItem[], ordered = false): List => ({
  type: "list",
  ordered,
  start: ordered ? 1 : null,
  spread: items.some((i) => i.spread === true),
  children: items,
});

export const cell = (children: Inline): TableCell => u("tableCell", children);
export const row = (cells: TableCell[]): TableRow => u("tableRow", cells);
/** A table without column alignment (GFM `align` would become an HTML attribute html-validate rejects). */
export const table = (rows: TableRow[]): Table => ({
  type: "table",
  align: rows[0]?.children.map(() => null) ?? [],
  children: rows,
});

export { pushAll };

/** Joins inline runs with a separator, dropping empty runs. */
export function joinInline(runs: readonly Inline[], separator: string): Inline {
  const out: Inline = [];
  for (const run of runs) {
    if (run.length === 0) continue;
    if (out.length > 0) out.push(text(separator));
    pushAll(out, run);
  }
  return out;
}

/** Merges adjacent plain text nodes (those without `data`), so the tree reads as it prints. */
export function mergeText(nodes: Inline): Inline {
  const out: Inline = [];
  for (const n of nodes) {
    const prev = out[out.length - 1];
    if (n.type === "text" && !n.data && prev?.type === "text" && !prev.data) {
      out[out.length - 1] = text(prev.value + n.value);
    } else if (!(n.type === "text" && n.value === "" && !n.data)) {
      out.push(n);
    }
  }
  return out;
}

/**
 * A deep copy of a tree of plain data (what mdast nodes are: objects, arrays, strings, numbers,
 * booleans, null). Same result as `structuredClone` for such data, without its serialization
 * round trip, which dominated placing a template's slots.
 */
export function cloneTree<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneTree(value[i] as unknown);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = cloneTree((value as Record<string, unknown>)[key]);
  return out as T;
}
