/** Text helpers shared by the diff's comparisons. */

/** Text safe to put in Markdown: whitespace collapsed, Markdown punctuation escaped. */
export function md(text: string): string {
  return text.replace(/\s+/g, " ").replace(/[\\`*_{}[\]<>#|]/g, "\\$&");
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
