/** Text helpers shared by the diff's comparisons. */

/** Text safe to put in Markdown: whitespace collapsed, Markdown punctuation escaped. */
export function md(text: string): string {
  return text.replace(/\s+/g, " ").replace(/[\\`*_{}[\]<>#|]/g, "\\$&");
}
