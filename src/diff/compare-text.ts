/** Text helpers shared by the diff's comparisons. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { builtinTemplatesDir } from "../emit/document/packs.js";
import { markdownText } from "../emit/document/render.js";

let placeNames: Readonly<Record<string, unknown>> | undefined;

/**
 * A jurisdiction as the published (English) policy names it: `California` for `US-CA`, `the
 * European Union` for `EU`, from the built-in wording's labels; its code where they name none.
 */
export function placeWords(code: string): string {
  if (placeNames === undefined) {
    try {
      const labels = JSON.parse(readFileSync(join(builtinTemplatesDir(), "en", "labels.json"), "utf8")) as { jurisdictions?: Record<string, unknown> };
      placeNames = labels.jurisdictions ?? {};
    } catch {
      placeNames = {};
    }
  }
  const name = Object.hasOwn(placeNames, code) ? placeNames[code] : undefined;
  return typeof name === "string" ? name : code;
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
