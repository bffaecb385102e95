/** Text helpers shared by the diff's comparisons. */
import { markdownText } from "../emit/document/render.js";

/**
 * Text safe to put in Markdown: whitespace collapsed, escaped as the published document escapes
 * its text (GFM's strikethrough, entities and bare links included), and `|`, which a notice
 * pasted into a table would otherwise split on.
 */
export function md(text: string): string {
  // remark leaves `|` as it is in a paragraph, so every one is the text's own
  return markdownText(text.replace(/\s+/g, " ")).replace(/\|/g, "\\|");
}

/** A name in bold, as the notice writes every label. */
export function bold(text: string): string {
  return `**${md(text)}**`;
}

/** "a, b and c". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
