/**
 * Places in JSON files a person edits (policyc.config.json, a wording pack's labels.json): where
 * `JSON.parse` failed, and where a key or value is, as offsets into the file as it is (a byte
 * order mark included, which Notepad writes and which is no part of the JSON).
 */
import { parseTree, parse, type Node } from "jsonc-parser";
import { lineColumn, type Position } from "../diagnostics/source.js";

/** The JSON text of a file without its byte order mark, and how many characters that was (0 or 1). */
export function withoutBom(text: string): { readonly json: string; readonly bom: number } {
  return text.charCodeAt(0) === 0xfeff ? { json: text.slice(1), bom: 1 } : { json: text, bom: 0 };
}

/**
 * Why `JSON.parse(json)` failed, in words, and where. Node says "in JSON at position 86" or
 * "after JSON at position 42" for some errors, and for others only quotes the text ("Unexpected
 * token 'o', "{ ... }" is not valid JSON"); the place then comes from jsonc-parser, and the quote
 * (which may hold line breaks) is dropped. `offset` counts in `text`, `bom` added.
 */
export function jsonParseError(error: unknown, text: string): { readonly message: string; readonly at?: Position; readonly offset?: number } {
  const { json, bom } = withoutBom(text);
  const raw = error instanceof Error ? error.message : String(error);
  const positioned = / (in|after) JSON at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(raw);
  let message = raw;
  let offset: number | undefined;
  if (positioned) {
    // "... in JSON at position 7" says no more than the place; "... after JSON" does
    message = raw.slice(0, positioned.index) + (positioned[1] === "after" ? " after JSON" : "");
    offset = Number(positioned[2]);
  } else {
    message = raw.replace(/, (?:\.\.\.)?".*is not valid JSON$/s, "");
    if (/^Unexpected end of JSON input$/.test(raw)) offset = json.length;
    else {
      const errors: { offset: number }[] = [];
      parse(json, errors as never, { allowTrailingComma: false, disallowComments: true });
      offset = errors[0]?.offset;
    }
  }
  if (offset === undefined) return { message };
  const at = Math.min(text.length, offset + bom);
  return { message, at: lineColumn(text, at), offset: at };
}

/**
 * The span of a key (`key: true`: the quoted name) or of its value at `path` in a JSON file's
 * text, or undefined when there is none. As `JSON.parse` reads it: of a key given twice, the
 * last; a number is an index only into a list (`"rules": { "3002": ... }` is a key). An object or
 * a list as a whole spans its opening bracket.
 */
export function jsonSpan(text: string, path: readonly string[], key = false): { readonly start: number; readonly end: number } | undefined {
  const { json, bom } = withoutBom(text);
  let node: Node | undefined = parseTree(json);
  let property: Node | undefined;
  for (const segment of path) {
    if (!node) return undefined;
    if (node.type === "array" && /^\d+$/.test(segment)) {
      node = node.children?.[Number(segment)];
      property = undefined;
    } else if (node.type === "object") {
      property = node.children?.filter((p) => p.children?.[0]?.value === segment).at(-1);
      node = property?.children?.[1];
    } else return undefined;
  }
  const target = key ? property?.children?.[0] : node;
  if (!target) return undefined;
  const length = target.type === "object" || target.type === "array" ? 1 : target.length;
  return { start: target.offset + bom, end: target.offset + bom + length };
}
