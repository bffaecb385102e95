/**
 * Embedding policy text in generated TypeScript. Every user string becomes a JSON string literal
 * (with the invisible and line-ending characters JSON leaves raw escaped), and text in comments
 * can neither end the comment (`*\/`) nor break a line.
 */

import { escapeUnsafe } from "../../diagnostics/formats/json.js";

/**
 * A string literal whose value is exactly `s`. Characters that would show the code other than it
 * is (bidi controls: "Trojan Source"), end a line in JavaScript (U+2028, U+2029) or act on a
 * terminal (DEL, C1) are escaped (`escapeUnsafe`).
 */
export function lit(s: string): string {
  return escapeUnsafe(JSON.stringify(s));
}

/** `s` made safe inside a `/* ... *\/` or `//` comment: one line, no comment terminator. */
export function commentText(s: string): string {
  // the other invisible characters are shown as `\uXXXX`
  return escapeUnsafe(
    s
      .replace(/\*\//g, "*\\/")
      .replace(/[\r\n\u2028\u2029\u0085]+/g, " ")
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, " "),
  ).trim();
}

/** A JSDoc block at `indent`, one line per non-empty entry. */
export function jsdoc(lines: readonly (string | null | undefined)[], indent = ""): string {
  const body = lines.filter((l): l is string => typeof l === "string" && l.trim() !== "").map(commentText);
  if (body.length === 0) return "";
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((l) => `${indent} * ${l}`).join("\n")}\n${indent} */\n`;
}

/** `// line` comments for a banner. */
export function bannerComment(banner: readonly string[]): string {
  return banner.map((l) => `// ${commentText(l)}\n`).join("");
}

/** A literal union type of `ids`, or `never` when empty. */
export function union(ids: readonly string[]): string {
  return ids.length === 0 ? "never" : ids.map(lit).join(" | ");
}

/** Numbers wrapped to lines of at most `width` characters. */
export function wrapNumbers(nums: readonly number[], indent: string, width = 100): string {
  const lines: string[] = [];
  let line = "";
  for (const n of nums) {
    const s = `${n},`;
    if (line.length > 0 && indent.length + line.length + 1 + s.length > width) {
      lines.push(indent + line);
      line = s;
    } else line = line ? `${line} ${s}` : s;
  }
  if (line) lines.push(indent + line);
  return lines.join("\n");
}
