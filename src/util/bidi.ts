/**
 * Bidirectional text controls in policy text. Raw ones are refused by the lexer (PC1027); an
 * escape (`\u{202E}`) is kept, but closed where its text ends, so that it reorders at most that
 * text, never the template sentence, the table or the code around it in an output.
 */

/**
 * The bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) as a
 * regular-expression class body: raw in a policy file they are PC1027, so the formatter escapes them.
 * (The marks U+200E and U+200F reorder nothing.)
 */
export const BIDI_CONTROLS = "\\u202A-\\u202E\\u2066-\\u2069";

/**
 * The C0 controls but tab and line breaks, DEL and the C1 controls, as a regular-expression class
 * body: what no document shows raw (a terminal that prints one obeys it; HTML refuses them).
 */
export const CONTROL_CHARS = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F";

const BIDI_OPENER = /[\u202A\u202B\u202D\u202E\u2066-\u2068]/;

/**
 * `text` with every bidi embedding, override (U+202A, B, D, E) and isolate (U+2066-U+2068) it
 * opens closed at its end (U+202C, U+2069); the same text when it opens none.
 */
export function closeBidi(text: string): string {
  if (!BIDI_OPENER.test(text)) return text;
  const open: string[] = [];
  for (const char of text) {
    if (char === "\u202A" || char === "\u202B" || char === "\u202D" || char === "\u202E") open.push("\u202C");
    else if (char >= "\u2066" && char <= "\u2068") open.push("\u2069");
    else if (char === "\u202C") {
      if (open.at(-1) === "\u202C") open.pop();
    } else if (char === "\u2069") {
      // an isolate's end also ends the embeddings opened inside it
      const at = open.lastIndexOf("\u2069");
      if (at >= 0) open.length = at;
    }
  }
  return open.length === 0 ? text : text + open.reverse().join("");
}
