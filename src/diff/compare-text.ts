/** Text helpers shared by the diff's comparisons. */
import { markdownText } from "../emit/document/render.js";
import { WordingPack } from "../emit/document/templates.js";

let english: WordingPack | undefined;

/**
 * A jurisdiction as the published (English) policy names it: `California` for `US-CA`, `the
 * European Union` for `EU`, by the built-in wording pack's label; its code where it has none.
 */
export function placeWords(code: string): string {
  english ??= WordingPack.load({ lang: "en" });
  try {
    return english?.label(`jurisdictions.${code}`) ?? code;
  } catch {
    // no label for this place (a code of the policy's own, `APAC`)
    return code;
  }
}

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
