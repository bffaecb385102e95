/**
 * Why a wording template does not parse, in the words of the person who wrote it. Handlebars
 * reports a syntax error in its parser's tokens ("Expecting 'OPEN_INVERSE_CHAIN', 'INVERSE',
 * 'OPEN_ENDBLOCK', got 'EOF'") and locates it by a line and an excerpt. Legal edits these files:
 * once Handlebars has refused one, a light scan of the text finds the usual mistakes (a `{{` or
 * `(` left open, a block never closed or closed by the wrong name, an `{{else}}` outside a
 * block) with their line and column; anything else is Handlebars' own message, its tokens
 * named in words.
 */

import { lineColumn } from "../../diagnostics/source.js";
import { didYouMean } from "../../util/suggest.js";

export interface TemplateSyntaxError {
  readonly message: string;
  /** 1-based, where the scan can tell. */
  readonly line?: number;
  readonly column?: number;
}

/** A mustache of the template: its text between the braces (without `~`) and where it starts. */
interface Mustache {
  readonly body: string;
  readonly at: number;
}

type Scan = { readonly mustaches: readonly Mustache[] } | { readonly problem: string; readonly at: number };

/** The mustaches of `source`, or the first one left open. */
function mustaches(source: string): Scan {
  const found: Mustache[] = [];
  let i = source.indexOf("{{");
  while (i !== -1) {
    if (i > 0 && source[i - 1] === "\\") {
      i = source.indexOf("{{", i + 2); // `\{{` is text
      continue;
    }
    const comment = source.startsWith("{{!--", i) || source.startsWith("{{~!--", i);
    const close = comment ? source.indexOf("--", i + 5) : source.indexOf("}}", i + 2);
    const end = comment && close !== -1 ? source.indexOf("}}", close) : close;
    const next = source.indexOf("{{", i + 2);
    if (end === -1 || (!comment && next !== -1 && next < end)) {
      return { problem: comment ? "this comment is not closed with `--}}`" : "this `{{` is not closed with `}}`", at: i };
    }
    const raw = source.slice(i + 2, end);
    const triple = source[end + 2] === "}";
    if (!comment && raw.startsWith("{") !== (triple && !raw.endsWith("}"))) {
      return { problem: raw.startsWith("{") ? "this `{{{` is closed with `}}`: close it with `}}}`, or open it with `{{`" : "this `{{` is closed with `}}}`: close it with `}}`", at: i };
    }
    const body = raw.replace(/^~/, "").replace(/~$/, "").replace(/^\{/, "").replace(/\}$/, "").trim();
    if (!body.startsWith("!")) found.push({ body, at: i });
    i = source.indexOf("{{", end + (raw.startsWith("{") ? 3 : 2));
  }
  return { mustaches: found };
}

/** The first unbalanced parenthesis in a mustache's body (outside quotes), as an offset in it. */
function openParen(body: string): { problem: string; at: number } | undefined {
  const open: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "(") open.push(i);
    else if (c === ")" && open.pop() === undefined) return { problem: "this `)` closes no `(`", at: i };
  }
  return open.length > 0 ? { problem: "this `(` is not closed with `)`", at: open[open.length - 1]! } : undefined;
}

/** The first of the usual mistakes in `source`, with its offset; undefined when it has none of them. */
export function syntaxMistake(source: string): { problem: string; at: number } | undefined {
  const found = mustaches(source);
  if ("problem" in found) return found;
  const blocks: { name: string; at: number; otherwise: boolean }[] = [];
  for (const m of found.mustaches) {
    if (m.body === "") return { problem: "this `{{}}` names nothing: write a field or a helper between the braces", at: m.at };
    const paren = openParen(m.body);
    if (paren) return { problem: paren.problem, at: m.at + 2 + m.body.length - m.body.trimStart().length + paren.at };
    const opened = /^[#^]\s*[>*]?\s*([^\s}()]+)/.exec(m.body);
    if (opened && !/^\^\s*$/.test(m.body)) {
      blocks.push({ name: opened[1]!, at: m.at, otherwise: false });
      continue;
    }
    const closed = /^\/\s*([^\s}]+)/.exec(m.body);
    if (closed) {
      const block = blocks.pop();
      if (!block) return { problem: `\`{{/${closed[1]}}}\` closes no block`, at: m.at };
      if (block.name !== closed[1]) {
        const where = lineColumn(source, block.at);
        return { problem: `\`{{/${closed[1]}}}\` closes \`{{#${block.name}}}\`, opened at line ${where.line}, column ${where.column}: write \`{{/${block.name}}}\``, at: m.at };
      }
      continue;
    }
    if (/^else\b/.test(m.body) || /^\^\s*$/.test(m.body)) {
      const block = blocks[blocks.length - 1];
      if (!block) return { problem: "this `{{else}}` is outside any block", at: m.at };
      if (block.otherwise) return { problem: `this \`{{else}}\` is the second one in \`{{#${block.name}}}\`: a block has one, last`, at: m.at };
      if (/^(else|\^)\s*$/.test(m.body)) block.otherwise = true;
    }
  }
  const open = blocks.pop();
  if (open) return { problem: `\`{{#${open.name}}}\` is never closed: end it with \`{{/${open.name}}}\``, at: open.at };
  return undefined;
}

/** Handlebars' parser tokens, in words. */
const TOKENS: Readonly<Record<string, string>> = {
  ID: "a name",
  STRING: "a text in quotes",
  NUMBER: "a number",
  BOOLEAN: "`true` or `false`",
  DATA: "an `@` name",
  SEP: "`.`",
  EQUALS: "`=`",
  CLOSE: "`}}`",
  CLOSE_UNESCAPED: "`}}}`",
  OPEN_SEXPR: "`(`",
  CLOSE_SEXPR: "`)`",
  OPEN_ENDBLOCK: "`{{/...}}`",
  INVERSE: "`{{else}}`",
  OPEN_INVERSE_CHAIN: "`{{else ...}}`",
  EOF: "the end of the template",
  INVALID: "something Handlebars does not read",
  CONTENT: "text",
  OPEN: "`{{`",
  OPEN_BLOCK: "`{{#`",
};

/** Handlebars' own message, its tokens in words: "line 2: expected `}}`, not the end of the template". */
function inWords(message: string): TemplateSyntaxError | undefined {
  const lines = message.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const head = /^(?:Parse|Lexical) error on line (\d+)/.exec(lines[0] ?? "");
  const expecting = /^Expecting (.*), got '([A-Z_]+)'$/.exec(lines[lines.length - 1] ?? "");
  if (!head) return undefined;
  if (!expecting) return { message: `Handlebars cannot read the text here`, line: Number(head[1]) };
  const words = [...new Set([...expecting[1]!.matchAll(/'([A-Z_]+)'/g)].map((m) => TOKENS[m[1]!]).filter((w): w is string => w !== undefined))];
  const list = words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
  const got = TOKENS[expecting[2]!] ?? `\`${expecting[2]!.toLowerCase()}\``;
  return { message: `expected ${list || "something else"} here, not ${got}`, line: Number(head[1]) };
}

/**
 * Why `source` does not parse, given the error Handlebars threw for it; undefined for an error
 * that is not about the template's syntax.
 */
export function explainTemplateSyntax(source: string, error: unknown): TemplateSyntaxError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const handlebars = /^(?:Parse|Lexical) error on line \d+/.test(message) || / doesn't match /.test(message);
  if (!handlebars) return undefined;
  const found = syntaxMistake(source);
  if (found) return { message: found.problem, ...lineColumn(source, found.at) };
  const mismatch = /^(\S+) doesn't match (\S+) - (\d+):(\d+)/.exec(message);
  if (mismatch) return { message: `\`{{/${mismatch[2]}}}\` closes \`{{#${mismatch[1]}}}\``, line: Number(mismatch[3]), column: Number(mismatch[4]) + 1 };
  return inWords(message);
}

/** A construct a wording template may not use, with where it starts (1-based). */
export interface TemplateMisuse {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

interface HbsNode {
  readonly type?: string;
  readonly loc?: { readonly start: { readonly line: number; readonly column: number } };
  readonly path?: HbsNode & { readonly original?: unknown; readonly parts?: unknown; readonly data?: boolean };
  readonly name?: HbsNode & { readonly original?: unknown };
  readonly params?: readonly HbsNode[];
  readonly hash?: { readonly pairs?: readonly { readonly value: HbsNode }[] };
  readonly program?: HbsNode | null;
  readonly inverse?: HbsNode | null;
  readonly body?: readonly HbsNode[];
}

/** Handlebars' helpers that are for its own use, not for a template to call. */
const INTERNAL_HELPERS = new Set(["helperMissing", "blockHelperMissing"]);

/**
 * The first construct of a parsed template that wording templates do not have, found before the
 * template runs: a partial (`{{> name}}`, `{{#> layout}}`), a decorator or inline partial
 * (`{{#*inline}}`), `{{log}}`, or a call of a helper that does not exist (`{{shout name}}`).
 * Found while running, a missing partial or a recursive inline partial ("Maximum call stack size
 * exceeded") had no place in the file, and a partial block quietly rendered its fallback.
 * `helpers` are the helpers a template may call (Handlebars' blocks and `lookup` included).
 */
/** How deep `{{#each}}` blocks may nest in a wording template. */
export const MAX_EACH_DEPTH = 2;

export function templateMisuse(ast: unknown, helpers: ReadonlySet<string>): TemplateMisuse | undefined {
  const callable = [...helpers].filter((h) => !INTERNAL_HELPERS.has(h) && h !== "log").sort();
  const at = (n: HbsNode) => ({ line: n.loc?.start.line ?? 1, column: (n.loc?.start.column ?? 0) + 1 });
  const nameOf = (n: (HbsNode & { readonly original?: unknown }) | undefined) => String(n?.original ?? "");
  // `eachDepth`: the `{{#each}}` blocks around the node
  const visit = (node: HbsNode | null | undefined, eachDepth = 0): TemplateMisuse | undefined => {
    if (!node || typeof node !== "object") return undefined;
    switch (node.type) {
      case "PartialStatement":
      case "PartialBlockStatement":
        return {
          message: `\`{{${node.type === "PartialBlockStatement" ? "#" : ""}> ${nameOf(node.name) || "(...)"}}}\` includes a partial, and wording templates have no partials: write the words in this template`,
          ...at(node),
        };
      case "Decorator":
      case "DecoratorBlock":
        return {
          message: `\`{{${node.type === "DecoratorBlock" ? "#" : ""}*${nameOf(node.path)}}}\` is a decorator (such as an inline partial), and wording templates have none: write the words in this template`,
          ...at(node),
        };
      case "MustacheStatement":
      case "SubExpression":
      case "BlockStatement": {
        const path = node.path;
        const name = nameOf(path);
        const args = (node.params?.length ?? 0) + (node.hash?.pairs?.length ?? 0);
        const plainName = path?.type === "PathExpression" && path.data !== true && Array.isArray(path.parts) && path.parts.length === 1 && !/^(this([./]|$)|\.)/.test(name);
        if (plainName && name === "log") return { message: "the `log` helper is not available in wording templates: it would write to the console, not to the document", ...at(node) };
        if (plainName && INTERNAL_HELPERS.has(name)) return { message: `\`${name}\` is Handlebars' own, not a helper for templates to call`, ...at(node) };
        // a name given values is called as a helper: one that does not exist fails as it runs
        if (plainName && args > 0 && !helpers.has(name)) {
          const hint = didYouMean(name, callable);
          return {
            message: `\`${name}\` is called as a helper (it is given values), and there is no helper \`${name}\`${hint ? ` (${hint})` : ""}; the helpers are ${callable.map((h) => `\`${h}\``).join(", ")}`,
            ...at(node),
          };
        }
        // loops inside loops multiply: ten nested over ten items run ten billion times
        const depth = node.type === "BlockStatement" && plainName && name === "each" ? eachDepth + 1 : eachDepth;
        if (depth > MAX_EACH_DEPTH) {
          return { message: `\`{{#each}}\` inside ${MAX_EACH_DEPTH} others: wording templates nest loops at most ${MAX_EACH_DEPTH} deep, since each multiplies the work of those inside it`, ...at(node) };
        }
        for (const p of node.params ?? []) {
          const found = visit(p, eachDepth);
          if (found) return found;
        }
        for (const pair of node.hash?.pairs ?? []) {
          const found = visit(pair.value, eachDepth);
          if (found) return found;
        }
        return visit(node.program, depth) ?? visit(node.inverse, eachDepth);
      }
      case "Program":
        for (const s of node.body ?? []) {
          const found = visit(s, eachDepth);
          if (found) return found;
        }
        return undefined;
      default:
        return undefined;
    }
  };
  return visit(ast as HbsNode);
}
