/**
 * Concrete syntax tree to typed AST (`ast.ts`).
 *
 * Pipeline position: after `parser.ts`, last step of the syntax phase (`parse.ts` lowers each
 * top-level declaration as soon as the parser hands it over, with `FileLowerer`). The grammar is
 * generic (a block is a keyword, a name, a label and `field values` pairs); this step gives it
 * meaning: it checks each field against the table of its block kind (`fields.ts`), each value
 * against the shape the field wants, enum words against the closed vocabularies of `ast.ts`,
 * actions and conditions against their word lists, and decodes strings, dates and durations.
 * Every node gets a span. Comments are kept, and `policyc-ignore` comments become `Suppression`
 * nodes.
 *
 * It runs on partial trees too (after recovered syntax errors) and never throws: missing pieces
 * are skipped, or a declaration without a name gets an empty `Ref`.
 */
import { MAX_AGE } from "../model/ages.js";
import { tokenMatcher, type CstNode, type IToken } from "chevrotain";
import {
  ACTION_ALIASES,
  ACTIONS,
  BASES,
  CONDITION_ALIASES,
  CONSENT_BASES,
  CONDITION_ATOMS,
  NONE,
  type Action,
  type AssertDecl,
  type Basis,
  type BasisVariant,
  type BlockDecl,
  type BoolLit,
  type ClearedField,
  type Comment,
  type Condition,
  type ConditionAtom,
  type DateLit,
  type Decl,
  type Duration,
  type Effect,
  type Enum,
  type ImportDecl,
  type NumberLit,
  type Party,
  type Ref,
  type RuleDecl,
  type SourceFile,
  type Span,
  type Suppression,
  type Text,
  type Translation,
  type Word,
} from "./ast.js";
import { alwaysError, CATALOGUE, CATALOGUE_BY_NAME, CONSENT_PROOF_CODES, stopsCompile } from "../diagnostics/catalogue.js";
import { createDiagnostic, type Diagnostic, type DiagnosticOptions, type MessageArgs } from "../diagnostics/diagnostic.js";
import { suggest as closest } from "../util/suggest.js";
import {
  BLOCKS,
  BOOL_WORDS,
  describeShape,
  FIELD_OWNERS,
  FIELD_SYNONYMS,
  fieldProps,
  isListShape,
  PARTY_FIELDS,
  unquotedRun,
  type BlockSpec,
  type FieldSpec,
  type Shape,
} from "./fields.js";
import {
  BLOCK_KEYWORDS,
  DURATION_UNITS,
  LineComment,
  MisquotedString,
  PlainString,
  TripleString,
  UNIT_MISSPELLINGS,
  UnterminatedString,
  type BlockWord,
} from "./tokens.js";
import { pushAll } from "../util/arrays.js";

/** The most dotted parts a name may have (PC1033). */
export const MAX_NAME_PARTS = 32;

/** The largest number or duration amount accepted (PC1025). */
export const MAX_NUMBER = 999_999;

const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

// ---------------------------------------------------------------------------------------------
// CST access

function isRealToken(t: IToken): boolean {
  return !t.isInsertedInRecovery && Number.isFinite(t.startOffset);
}

function isToken(c: IToken | CstNode): c is IToken {
  return "image" in c;
}

const NO_NODES: readonly CstNode[] = [];

function isNone(v: Value): boolean {
  return v.t === "ref" && v.node.parts.length === 1 && v.node.path === NONE;
}

/**
 * The nodes under `key`, a rule name. Rule names are lowercase and token names capitalised, so
 * the list under a rule name holds only nodes (chevrotain adds a subrule's node under its rule's
 * name, a token under its type's name) and is returned as it is.
 */
function childNodes(n: CstNode | undefined, key: string): readonly CstNode[] {
  const list = n?.children[key];
  return list === undefined ? NO_NODES : (list as CstNode[]);
}

function childNode(n: CstNode | undefined, key: string): CstNode | undefined {
  return n?.children[key]?.[0] as CstNode | undefined;
}

/** The real tokens under `keys`, in text order. */
function childTokens(n: CstNode | undefined, keys: readonly string[]): IToken[] {
  if (n === undefined) return [];
  let lists = 0;
  let size = 0;
  for (const key of keys) {
    const list = n.children[key];
    if (list === undefined) continue;
    lists++;
    size += list.length;
  }
  const out = new Array<IToken>(size);
  let count = 0;
  for (const key of keys) {
    const list = n.children[key];
    if (list === undefined) continue;
    for (const c of list) if (isToken(c) && isRealToken(c)) out[count++] = c;
  }
  if (count < size) out.length = count;
  // Each list is in text order (the parser consumes tokens in order); only a merge needs sorting.
  if (lists > 1) sortByOffset(out);
  return out;
}

/**
 * `f` of each item, without the `undefined`s, in an array made at its final size. An array
 * filled by `push` from `[]` gets room for 16 elements at the first push, and most lists here
 * hold one to three: the AST keeps them, and that slack was most of their size.
 */
function collect<T, U>(items: readonly T[], f: (item: T) => U | undefined): U[] {
  const out = new Array<U>(items.length);
  let count = 0;
  for (const item of items) {
    const value = f(item);
    if (value !== undefined) out[count++] = value;
  }
  if (count < items.length) out.length = count;
  return out;
}

/**
 * Sorts a few tokens by offset, stably, in place: an insertion sort, which allocates nothing
 * (`Array.prototype.sort` with a comparator allocated more than the rest of lowering a name).
 */
function sortByOffset(tokens: IToken[]): void {
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i] as IToken;
    let j = i - 1;
    while (j >= 0 && (tokens[j] as IToken).startOffset > t.startOffset) {
      tokens[j + 1] = tokens[j] as IToken;
      j--;
    }
    tokens[j + 1] = t;
  }
}

/** The first real token under `key` (or under either key), in text order. */
function childToken(n: CstNode | undefined, key: string, key2?: string): IToken | undefined {
  if (n === undefined) return undefined;
  const first = firstRealToken(n.children[key]);
  if (key2 === undefined) return first;
  const second = firstRealToken(n.children[key2]);
  if (first === undefined) return second;
  return second !== undefined && second.startOffset < first.startOffset ? second : first;
}

function firstRealToken(list: readonly (IToken | CstNode)[] | undefined): IToken | undefined {
  let best: IToken | undefined;
  if (list === undefined) return best;
  for (const c of list) {
    if (isToken(c) && isRealToken(c) && (best === undefined || c.startOffset < best.startOffset)) best = c;
  }
  return best;
}

/** Start and end (exclusive) of the real tokens of a subtree, found by walking it. */
function walkedRange(n: CstNode): { readonly start: number; readonly end: number } | undefined {
  let first: IToken | undefined;
  let last: IToken | undefined;
  const walk = (node: CstNode): void => {
    for (const key in node.children) {
      for (const c of node.children[key] ?? []) {
        if (!isToken(c)) walk(c);
        else if (isRealToken(c)) {
          if (first === undefined || c.startOffset < first.startOffset) first = c;
          if (last === undefined || c.startOffset > last.startOffset) last = c;
        }
      }
    }
  };
  walk(n);
  if (first === undefined || last === undefined) return undefined;
  return { start: first.startOffset, end: last.startOffset + last.image.length };
}

/** Offset of the first real token of a subtree; `Infinity` when it has none. */
function subtreeStart(n: CstNode): number {
  const start = n.location?.startOffset;
  if (start !== undefined && Number.isFinite(start)) return start;
  return walkedRange(n)?.start ?? Infinity;
}

/**
 * The one token under `key` when it is a real one and there is nothing under `others`: the
 * common case of a name of one word (`ref`) or a string without translations (`text`), which
 * needs no array and no sorting.
 */
function onlyToken(n: CstNode, key: string, others: readonly string[]): IToken | undefined {
  const list = n.children[key];
  if (list === undefined || list.length !== 1) return undefined;
  for (const other of others) if (n.children[other] !== undefined) return undefined;
  const c = list[0];
  return c !== undefined && isToken(c) && isRealToken(c) ? c : undefined;
}

/**
 * The names of a `ref` node written the usual way, `a` or `a.b.c`: real `Identifier` tokens
 * with a real `Dot` between each two and nothing else. Such a name needs no merging of token
 * lists; anything else (keywords as segments, recovered tokens) takes the general way.
 */
function plainName(n: CstNode): readonly IToken[] | undefined {
  const children = n.children;
  const names = children["Identifier"] as IToken[] | undefined;
  if (names === undefined || children["BlockKeyword"] !== undefined || children["Keyword"] !== undefined) return undefined;
  const dots = (children["Dot"] ?? NO_NODES) as readonly IToken[];
  if (dots.length !== names.length - 1) return undefined;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as IToken;
    if (!isRealToken(name)) return undefined;
    const dot = dots[i];
    if (dot === undefined) break;
    const next = names[i + 1] as IToken;
    if (!isRealToken(dot) || dot.startOffset < name.startOffset || dot.startOffset > next.startOffset) return undefined;
  }
  return names;
}

/** Every word that names an action, aliases included: what an unknown action is compared with. */
const ACTION_WORDS: readonly string[] = [...ACTIONS, ...Object.keys(ACTION_ALIASES)];
const STRING_KEYS = ["String", "LangTag"] as const;
const TRANSLATION_KEYS = ["LangTag"] as const;
const REF_KEYS = ["Identifier", "BlockKeyword", "Dot", "Keyword"] as const;

// ---------------------------------------------------------------------------------------------
// Lowered values before they are checked against a field's shape

type Value =
  | { readonly t: "text"; readonly node: Text; readonly span: Span }
  | { readonly t: "ref"; readonly node: Ref; readonly span: Span }
  | { readonly t: "date" | "duration" | "number"; readonly token: IToken; readonly span: Span };

/** What a field value becomes in the AST. */
type LoweredValue = Text | Ref | Word | Enum<string> | BoolLit | NumberLit | Duration | DateLit;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface FieldCst {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly values: readonly Value[];
  /** The `{ ... }` after the values, if any. */
  readonly body?: CstNode;
  readonly bodySpan?: Span;
}

interface Item {
  readonly start: number;
  readonly end: number;
  /** An `import`: nothing is reported about it that a suppression could silence. */
  readonly import?: true;
}

/** Result of lowering one file: the tree and what was wrong with it. */
export interface LowerResult {
  readonly file: SourceFile;
  readonly diagnostics: Diagnostic[];
  /** Where a value followed a list without its `,`: errors later on that line only echo it. */
  readonly missingCommas: readonly { readonly after: number; readonly lineEnd: number }[];
}

/** Lowers the CST of a whole file (the `file` rule) and its comments. Never throws. */
export function lowerFile(cst: CstNode, comments: readonly IToken[], file: string, text: string): LowerResult {
  return new FileLowerer(file, text).finish(cst, comments);
}

/**
 * Lowers a file one top-level node at a time: `item` for each `importDecl` or `declaration` node
 * in text order (as `parseTokens` hands them over), then `finish` with the file's CST, which lowers
 * the top-level nodes `item` did not see, and the comments. The result is that of `lowerFile`.
 */
export class FileLowerer {
  private readonly lowerer: Lowerer;
  private readonly imports: ImportDecl[] = [];
  private readonly decls: Decl[] = [];
  private readonly items: Item[] = [];
  private readonly seen = new Set<CstNode>();

  constructor(
    private readonly path: string,
    private readonly source: string,
  ) {
    this.lowerer = new Lowerer(path, source);
  }

  /** Lowers one top-level node. Never throws. */
  item(n: CstNode): void {
    this.seen.add(n);
    if (n.name === "importDecl") {
      const imp = this.lowerer.importDecl(n);
      if (imp) {
        this.imports.push(imp);
        this.items.push({ start: imp.span.start, end: imp.span.end, import: true });
      }
    } else {
      const decl = this.lowerer.declaration(n);
      if (decl) {
        this.decls.push(decl);
        this.items.push(decl.span);
      }
    }
  }

  /** Lowers the rest of the file (the `file` rule's CST) and its comments. Never throws. */
  finish(cst: CstNode, commentTokens: readonly IToken[]): LowerResult {
    const top = [...childNodes(cst, "importDecl"), ...childNodes(cst, "declaration")]
      .filter((n) => !this.seen.has(n))
      .map((n) => ({ n, start: subtreeStart(n) }))
      .sort((a, b) => a.start - b.start);
    for (const { n } of top) this.item(n);
    const { comments, suppressions } = this.lowerer.comments(commentTokens, this.items);
    const file: SourceFile = {
      kind: "SourceFile",
      span: { file: this.path, start: 0, end: this.source.length },
      path: this.path,
      imports: this.imports,
      decls: this.decls,
      comments,
      suppressions,
    };
    return { file, diagnostics: this.lowerer.diagnostics, missingCommas: this.lowerer.missingCommas };
  }
}

class Lowerer {
  readonly diagnostics: Diagnostic[] = [];
  /** Where a value followed a list without its `,` (PC1010): the rest of that line only echoes it. */
  readonly missingCommas: { readonly after: number; readonly lineEnd: number }[] = [];

  constructor(
    private readonly path: string,
    private readonly source: string,
  ) {}

  private report(code: string, args: MessageArgs, span: Span, options: DiagnosticOptions = {}): void {
    this.diagnostics.push(createDiagnostic(code, args, span, options));
  }

  private span(start: number, end: number): Span {
    return { file: this.path, start, end };
  }

  private tokenSpan(t: IToken): Span {
    return this.span(t.startOffset, t.startOffset + t.image.length);
  }

  private spanOfTokens(tokens: readonly IToken[]): Span | undefined {
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    if (!first || !last) return undefined;
    return this.span(first.startOffset, last.startOffset + last.image.length);
  }

  /**
   * The span of a subtree's real tokens. The parser records it in each node's `location`
   * (chevrotain's `endOffset` is inclusive); a node without real tokens (one that error recovery
   * built from inserted tokens only) has `NaN` there, and a parser built without location
   * tracking none at all: both fall back to walking the subtree.
   */
  private cstSpan(n: CstNode): Span | undefined {
    const loc = n.location;
    if (loc !== undefined) {
      const start = loc.startOffset;
      const end = loc.endOffset;
      if (Number.isFinite(start) && end !== undefined && Number.isFinite(end)) return this.span(start, end + 1);
    }
    const range = walkedRange(n);
    return range ? this.span(range.start, range.end) : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Top level

  importDecl(n: CstNode): ImportDecl | undefined {
    const keyword = childToken(n, "Import");
    const str = childToken(n, "String");
    if (!keyword || !str) return undefined;
    const path = this.decodeString(str);
    // `import ""` names no file: said here, not as a file outside the project (the folder it resolves to)
    if (path.trim() === "") {
      this.report("PC1012", { expected: "the path of a file, such as `std/taxonomy` or `./shared.policy`", field: "import" }, this.tokenSpan(str));
      return undefined;
    }
    return {
      kind: "Import",
      span: this.span(keyword.startOffset, str.startOffset + str.image.length),
      path,
      pathSpan: this.tokenSpan(str),
    };
  }

  declaration(n: CstNode): Decl | undefined {
    const block = childNode(n, "blockDecl");
    if (block) return this.blockDecl(block);
    const rule = childNode(n, "ruleDecl");
    if (rule) return this.ruleDecl(rule, false);
    const assertion = childNode(n, "assertDecl");
    if (assertion) return this.assertDecl(assertion);
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Comments and suppressions

  comments(tokens: readonly IToken[], items: readonly Item[]): { comments: Comment[]; suppressions: Suppression[] } {
    const comments: Comment[] = [];
    const suppressions: Suppression[] = [];
    for (const token of tokens) {
      const span = this.tokenSpan(token);
      comments.push({ kind: "Comment", span, text: token.image });
      if (tokenMatcher(token, LineComment)) suppressions.push(...this.suppression(token, span, items));
    }
    return { comments, suppressions };
  }

  /**
   * `// policyc-ignore PC3001, PC3002: reason`. The target is the declaration the comment sits in,
   * or the one whose last line it ends (where `fmt` puts a comment written inside a declaration),
   * or else the next one after it.
   */
  private suppression(token: IToken, span: Span, items: readonly Item[]): Suppression[] {
    const m = /^\/\/\s*policyc-ignore\b(.*)$/.exec(token.image);
    if (!m) return [];
    const rest = m[1] ?? "";
    const colon = rest.indexOf(":");
    const codesPart = colon >= 0 ? rest.slice(0, colon) : rest;
    const reason = colon >= 0 ? rest.slice(colon + 1).trim() : "";
    const words = codesPart.split(/[\s,]+/).filter((c) => c !== "");
    // A code (`PC3001`) or the configuration name of one (`unused-category`).
    const codes = words.map((w) => (/^PC\d{4}$/.test(w) ? w : CATALOGUE_BY_NAME.get(w)?.code ?? w));
    const malformed = codes.find((c) => !/^PC\d{4}$/.test(c));
    if (codes.length === 0 || malformed !== undefined) {
      const fixed = malformed !== undefined && /^pc\d{4}$/i.test(malformed) ? malformed.toUpperCase() : undefined;
      const name = malformed !== undefined && !fixed ? closest(malformed, CATALOGUE_BY_NAME.keys()) : undefined;
      this.report("PC1022", {}, span, {
        help: fixed
          ? `codes are uppercase: \`${fixed}\``
          : name
            ? `did you mean \`${name}\`?`
            : "write `// policyc-ignore PC3001: reason`, or the name of the diagnostic instead of its code",
      });
      return [];
    }
    if (reason === "") {
      this.report("PC1021", { code: codes.join(", ") }, span);
      return [];
    }
    const base = token.startOffset + 2 + (m[0].length - 2 - rest.length);
    // Syntax and name errors stop the compile; the emitters' and the tool's findings come after it.
    const unsuppressible = (code: string) => (/^PC[59]/.test(code) && CATALOGUE.has(code)) || alwaysError(code);
    for (const code of codes) {
      const at = base + Math.max(0, codesPart.indexOf(code));
      if (!CATALOGUE.has(code)) this.report("PC1023", { code }, this.span(at, at + code.length));
      else if (stopsCompile(code)) {
        this.report("PC1026", { code }, this.span(at, at + code.length), { help: "syntax and name errors stop the compile, so nothing can be suppressed past them: fix the error" });
      } else if (CONSENT_PROOF_CODES.has(code)) {
        this.report("PC1026", { code }, this.span(at, at + code.length), {
          help: "the guards accept an earlier version's consent records only when the proof holds: narrow the change, or drop the version from `accepts_consent_from`",
        });
      } else if (code.startsWith("PC9") && CATALOGUE.has(code)) {
        this.report("PC1026", { code }, this.span(at, at + code.length), { help: "the tool's own findings (a file it cannot read, a stale output) always stop the command: fix their cause" });
      } else if (unsuppressible(code)) this.report("PC1026", { code }, this.span(at, at + code.length));
    }
    const suppressible = codes.filter((code) => !unsuppressible(code));
    if (suppressible.length === 0) return [];
    const inside = items.find((i) => i.start <= span.start && span.start < i.end);
    const before = inside ? undefined : items.findLast((i) => i.end <= span.start);
    const around = inside ?? (before && !/[\r\n]/.test(this.source.slice(before.end, span.start)) ? before : undefined);
    if (around?.import) {
      this.report("PC1024", {}, span, { help: "a suppression inside an `import` applies to nothing: put it on the line before the declaration it is meant for" });
      return [];
    }
    // the declaration after it: an import in between has nothing to silence
    const next = around ?? items.find((i) => i.start >= span.end && !i.import);
    if (!next) {
      this.report("PC1024", {}, span);
      return [];
    }
    return suppressible.map((code) => ({ kind: "Suppression", span, code, reason, target: next.start }));
  }

  // -------------------------------------------------------------------------------------------
  // Literals

  /**
   * The value of a string token: escapes decoded, triple strings dedented, and NUL (raw or
   * `\u{0}`) replaced by U+FFFD, as Markdown and HTML parsers replace it: no output can hold it.
   */
  private decodeString(token: IToken): string {
    const value = this.decodeRaw(token);
    return value.includes("\0") ? value.replace(/\0/g, "\uFFFD") : value;
  }

  private decodeRaw(token: IToken): string {
    const image = token.image;
    if (tokenMatcher(token, TripleString)) return dedent(image.slice(3, -3));
    if (tokenMatcher(token, PlainString)) return this.unescape(image.slice(1, -1), token.startOffset + 1);
    if (tokenMatcher(token, UnterminatedString)) return this.unescape(image.slice(1), token.startOffset + 1);
    if (tokenMatcher(token, MisquotedString)) return image.slice(1, -1);
    return dedent(image.slice(3)); // unterminated triple string
  }

  private unescape(raw: string, offset: number): string {
    if (!raw.includes("\\")) return raw;
    let out = "";
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i] ?? "";
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const next = raw[i + 1];
      if (next === '"' || next === "\\") {
        out += next;
        i++;
      } else if (next === "n") {
        out += "\n";
        i++;
      } else if (next === "t") {
        out += "\t";
        i++;
      } else if (next === "u") {
        const m = /^\{([0-9A-Fa-f]{1,6})\}/.exec(raw.slice(i + 2));
        const cp = m ? parseInt(m[1] ?? "", 16) : NaN;
        if (m && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
          out += String.fromCodePoint(cp);
          i += 1 + m[0].length;
        } else {
          const len = m ? 2 + m[0].length : 2;
          const bare = m ? undefined : /^[0-9A-Fa-f]{1,6}/.exec(raw.slice(i + 2))?.[0];
          const help = m
            ? "`\\u{...}` takes a Unicode code point: at most 10FFFF, not a surrogate"
            : bare
              ? `write the code point in braces: \`\\u{${bare}}\``
              : undefined;
          this.report("PC1005", { escape: raw.slice(i, i + len) }, this.span(offset + i, offset + i + len), {
            ...(help ? { help } : {}),
          });
          i += len - 1;
        }
      } else {
        const len = next === undefined ? 1 : 2;
        this.report("PC1005", { escape: raw.slice(i, i + len) }, this.span(offset + i, offset + i + len));
        if (next !== undefined) {
          out += next;
          i++;
        }
      }
    }
    return out;
  }

  private text(n: CstNode): Text | undefined {
    const single = onlyToken(n, "String", TRANSLATION_KEYS);
    if (single) return { kind: "Text", span: this.tokenSpan(single), value: this.decodeString(single), translations: [] };
    const tokens = childTokens(n, STRING_KEYS);
    const first = tokens[0];
    if (!first || first.tokenType.name === "LangTag") return undefined;
    const translations: Translation[] = [];
    for (let i = 1; i < tokens.length; i++) {
      const tag = tokens[i];
      const str = tokens[i + 1];
      if (!tag || tag.tokenType.name !== "LangTag") continue;
      if (!str || str.tokenType.name === "LangTag") continue;
      i++;
      const lang = tag.image.slice(1);
      this.checkLanguageTag(lang, this.tokenSpan(tag), true);
      translations.push({
        kind: "Translation",
        span: this.span(tag.startOffset, str.startOffset + str.image.length),
        lang,
        value: this.decodeString(str),
      });
    }
    const span = this.spanOfTokens(tokens) ?? this.tokenSpan(first);
    return { kind: "Text", span, value: this.decodeString(first), translations };
  }

  private checkLanguageTag(lang: string, span: Span, withAt: boolean): boolean {
    if (LANGUAGE_TAG.test(lang)) return true;
    const at = withAt ? "@" : "";
    const lower = lang.replace(/^[A-Za-z]+/, (l) => l.toLowerCase());
    const hyphens = lower.replace(/_/g, "-");
    this.report("PC1006", { tag: `${at}${lang}` }, span, {
      ...(LANGUAGE_TAG.test(lower)
        ? { help: `language codes are lowercase: \`${at}${lower}\`` }
        : LANGUAGE_TAG.test(hyphens)
          ? { help: `subtags are separated by \`-\`: \`${at}${hyphens}\`` }
          : {}),
    });
    return false;
  }

  private ref(n: CstNode | undefined): Ref | undefined {
    const ref = this.refOf(n);
    if (ref && ref.parts.length > MAX_NAME_PARTS) {
      this.report("PC1033", { name: `\`${ref.path}\``, count: String(ref.parts.length), max: String(MAX_NAME_PARTS) }, ref.span);
    }
    return ref;
  }

  private refOf(n: CstNode | undefined): Ref | undefined {
    if (!n) return undefined;
    const plain = plainName(n);
    if (plain !== undefined) {
      const first = plain[0] as IToken;
      const last = plain[plain.length - 1] as IToken;
      const span = this.span(first.startOffset, last.startOffset + last.image.length);
      if (plain.length === 1) return { kind: "Ref", span, path: first.image, parts: [first.image] };
      const parts = new Array<string>(plain.length);
      for (let i = 0; i < plain.length; i++) parts[i] = (plain[i] as IToken).image;
      return { kind: "Ref", span, path: parts.join("."), parts };
    }
    const tokens = childTokens(n, REF_KEYS);
    let words = 0;
    for (const t of tokens) if (t.image !== ".") words++;
    const parts = new Array<string>(words);
    words = 0;
    for (const t of tokens) if (t.image !== ".") parts[words++] = t.image;
    const span = this.spanOfTokens(tokens);
    if (!span || parts.length === 0) return undefined;
    return { kind: "Ref", span, path: parts.join("."), parts };
  }

  private refs(list: CstNode | undefined): Ref[] {
    return collect(childNodes(list, "ref"), (r) => this.ref(r));
  }

  private word(token: IToken | undefined): Word | undefined {
    return token ? { kind: "Word", span: this.tokenSpan(token), name: token.image } : undefined;
  }

  private value(n: CstNode): Value | undefined {
    const textNode = childNode(n, "text");
    if (textNode) {
      const t = this.text(textNode);
      return t ? { t: "text", node: t, span: t.span } : undefined;
    }
    const refNode = childNode(n, "ref");
    if (refNode) {
      const r = this.ref(refNode);
      return r ? { t: "ref", node: r, span: r.span } : undefined;
    }
    const date = childToken(n, "Date");
    if (date) return { t: "date", token: date, span: this.tokenSpan(date) };
    const duration = childToken(n, "Duration");
    if (duration) return { t: "duration", token: duration, span: this.tokenSpan(duration) };
    const number = childToken(n, "Number");
    if (number) return { t: "number", token: number, span: this.tokenSpan(number) };
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Blocks and fields

  private fields(body: CstNode | undefined): FieldCst[] {
    return collect(childNodes(body, "field"), (f) => this.field(f));
  }

  private field(f: CstNode): FieldCst | undefined {
    const nameToken = childToken(f, "Identifier");
    const span = this.cstSpan(f);
    if (!nameToken || !span) return undefined;
    const values = collect(childNodes(childNode(f, "values"), "value"), (v) => this.value(v));
    const inner = childNode(f, "body");
    const bodySpan = inner ? this.cstSpan(inner) : undefined;
    return { name: nameToken.image, nameSpan: this.tokenSpan(nameToken), span, values, body: inner, bodySpan };
  }

  private blockDecl(n: CstNode): BlockDecl | undefined {
    const keyword = childToken(n, "BlockKeyword");
    const span = this.cstSpan(n);
    if (!keyword || !span || !(BLOCK_KEYWORDS as readonly string[]).includes(keyword.image)) return undefined;
    const word = keyword.image as BlockWord;
    const spec: BlockSpec = BLOCKS[word];
    const kwEnd = keyword.startOffset + keyword.image.length;
    const name = this.ref(childNode(n, "ref")) ?? { kind: "Ref", span: this.span(kwEnd, kwEnd), path: "", parts: [] };
    const labelNode = childNode(n, "text");
    const label = labelNode ? this.text(labelNode) : undefined;

    const assigned: Record<string, unknown> = {};
    const cleared: ClearedField[] = [];
    const seen = new Map<string, FieldCst>();
    let previous: { field: FieldCst; spec: FieldSpec } | undefined;
    for (const field of this.regroup(this.fields(childNode(n, "body")), spec)) {
      const fieldSpec = spec.fields[field.name];
      if (!fieldSpec) {
        const list = previous && isListShape(previous.spec.shape) && previous.field.values.length > 0 ? previous.field : undefined;
        if (
          list &&
          !this.source.slice(list.span.end, field.nameSpan.start).includes("\n") &&
          closest(field.name, Object.keys(spec.fields)) === undefined &&
          !FIELD_OWNERS.has(field.name)
        ) {
          // `uses contact.email contact.name`: a value on the same line after a list, not a field
          // (a field of another block, `end delete uses contact`, is said to be one).
          this.report("PC1010", { field: field.name, block: blockWhere(word, name) }, field.nameSpan, {
            help: `is a \`,\` missing before \`${field.name}\`? the values of \`${list.name}\` are separated by \`,\``,
          });
          const lineEnd = this.source.indexOf("\n", field.nameSpan.start);
          this.missingCommas.push({ after: field.nameSpan.start, lineEnd: lineEnd < 0 ? this.source.length : lineEnd });
        } else this.unknownField(field, spec.fields, blockWhere(word, name), word);
        previous = undefined;
        continue;
      }
      previous = { field, spec: fieldSpec };
      const first = seen.get(field.name);
      if (first) {
        this.duplicate(field, first.nameSpan, blockWhere(word, name));
        continue;
      }
      seen.set(field.name, field);
      const clear = this.clearing(field, fieldSpec);
      if (clear) cleared.push(clear);
      else if (clear === undefined) this.fieldValue(field, fieldSpec, assigned);
    }

    // Properties in the order of the field table, lists present even when empty.
    const decl: Record<string, unknown> = { kind: spec.kind, span, name };
    if (label) decl["label"] = label;
    for (const field of fieldList(spec)) {
      if (field.prop in assigned) decl[field.prop] = assigned[field.prop];
      else if (isListShape(field.shape)) decl[field.prop] = [];
      if (field.shape.kind === "basis") decl["basisIn"] = assigned["basisIn"] ?? [];
    }
    if (cleared.length > 0) decl["cleared"] = cleared;
    return decl as unknown as BlockDecl;
  }

  /**
   * `age_under  collect no` on one line: a field written without its value and followed by another
   * field of the block parses as the field `age_under` with the value `collect`, then a field
   * `no`. Where the first field cannot take a name as its value (a number, a text, a duration, a
   * date, yes/no, a word of a closed list that does not include it), a name that is a field of
   * this block starts a field of its own and takes the next name back as its value, so that the
   * one mistake is one error: the missing value (PC1012), not a wrong value and an unknown field.
   * Only where the field split off gets a value that way; otherwise the fields stay as parsed.
   */
  private regroup(fields: readonly FieldCst[], spec: BlockSpec): FieldCst[] {
    const out: FieldCst[] = [];
    const queue = [...fields];
    const sameLine = (from: number, to: number) => !this.source.slice(from, to).includes("\n");
    const asValue = (f: FieldCst): Value => ({ t: "ref", node: { kind: "Ref", span: f.nameSpan, path: f.name, parts: [f.name] }, span: f.nameSpan });
    const fieldName = (v: Value | undefined): v is Extract<Value, { t: "ref" }> => v !== undefined && v.t === "ref" && v.node.parts.length === 1 && spec.fields[v.node.path] !== undefined;
    for (let field = queue.shift(); field !== undefined; field = queue.shift()) {
      const split = this.splitAt(field, spec);
      const next = queue[0];
      // the name after the split-off field is its value: one that is no field (`collect no`), or a
      // field's name that the split-off field takes as a word (`gate opt_out`, `basis consent`)
      const taken =
        split !== undefined &&
        next !== undefined &&
        !next.body &&
        sameLine(split.at.span.end, next.nameSpan.start) &&
        (spec.fields[next.name] === undefined || takesWord(spec.fields[split.at.node.path]!.shape, next.name));
      // what the parser took for the values of `next` must start the field after it: `consent  marketing yes  basis consent`
      const [first, ...rest] = next?.values ?? [];
      if (!taken || (first !== undefined && !fieldName(first))) {
        out.push(field);
        continue;
      }
      const planned: FieldCst[] = [split.head, { name: split.at.node.path, nameSpan: split.at.span, span: { ...field.span, start: split.at.span.start, end: next.nameSpan.end }, values: [asValue(next)] }];
      let consumed = 1;
      // the rest of the line was paired off by one too: each field there takes the next name back
      let carried: Mutable<FieldCst> | undefined = first !== undefined ? { name: first.node.path, nameSpan: first.span, span: { ...next.span, start: first.span.start }, values: rest } : undefined;
      while (carried !== undefined && carried.values.length === 0) {
        const after = queue[consumed];
        const [head, ...tail] = after?.values ?? [];
        if (!after || after.body || !sameLine(carried.nameSpan.end, after.nameSpan.start) || (head !== undefined && !fieldName(head))) {
          // its value was a text, a number...: the parser could not pair it and says so (PC1001),
          // so the field is not also reported as written without one
          if (/^[ \t]*["\u201c\u201d'0-9]/.test(this.source.slice(carried.nameSpan.end))) carried = undefined;
          break;
        }
        consumed++;
        carried.values = [asValue(after)];
        carried.span = { ...carried.span, end: after.nameSpan.end };
        planned.push(carried);
        carried = head !== undefined ? { name: head.node.path, nameSpan: head.span, span: { ...after.span, start: head.span.start }, values: tail } : undefined;
      }
      queue.splice(0, consumed);
      pushAll(out, planned);
      if (carried !== undefined) queue.unshift(carried);
    }
    return out;
  }

  /** Where a field whose values are never a plain name lists one that is a field of the block, as its last value. */
  private splitAt(field: FieldCst, spec: BlockSpec): { head: FieldCst; at: Extract<Value, { t: "ref" }> } | undefined {
    const own = spec.fields[field.name];
    if (!own || !takesNoName(own.shape) || field.body || field.values.length === 0) return undefined;
    const last = field.values[field.values.length - 1]!;
    if (last.t !== "ref" || last.node.parts.length !== 1 || spec.fields[last.node.path] === undefined || wordOf(own.shape, last.node.path)) return undefined;
    if (this.source.slice(field.nameSpan.end, last.span.start).includes("\n")) return undefined;
    const before = field.values.slice(0, -1);
    const end = before.length > 0 ? before[before.length - 1]!.span.end : field.nameSpan.end;
    return { head: { name: field.name, nameSpan: field.nameSpan, span: { ...field.span, end }, values: before }, at: last };
  }

  /**
   * `examples none`: the field emptied rather than inherited from an imported declaration of the
   * same name. `none` clears a field only as its only value, and stays a value where a field's
   * own words include it (`gate none`); beside other values it is a mistake, reported here
   * (null: the field is dropped).
   */
  private clearing(field: FieldCst, spec: FieldSpec): ClearedField | null | undefined {
    const shape = spec.shape;
    if ((shape.kind === "enum" || shape.kind === "enums") && shape.values.includes(NONE)) return undefined;
    const first = field.values.find(isNone);
    if (first === undefined) return undefined;
    if (spec.clearable === false) {
      this.report("PC1015", { value: NONE, field: field.name }, first.span, {
        help:
          shape.kind === "bool"
            ? `write \`${field.name} yes\` or \`${field.name} no\`: \`none\` cannot empty a yes/no field`
            : `write the value it should have: \`none\` cannot empty \`${field.name}\`, whose absence means a default`,
      });
      return null;
    }
    if (field.values.length > 1 || field.body) {
      const beside = field.values.length > 1 ? "beside other values" : "with a `{ ... }` body";
      const alternative = field.values.length > 1 ? ", or list the values without it" : ", or write the field without it";
      this.report("PC1011", { field: field.name, expected: describeShape(shape), found: `\`none\` ${beside}` }, first.span, {
        help: `\`none\` empties a field and stands alone: write \`${field.name} none\`${alternative}`,
      });
      return null;
    }
    return { kind: "Cleared", span: field.span, field: field.name, props: fieldProps(spec), value: { kind: "Word", span: first.span, name: NONE } };
  }

  private unknownField(field: FieldCst, fields: Readonly<Record<string, FieldSpec>>, where: string, word?: string): void {
    const suggestion = closest(field.name, Object.keys(fields)) ?? FIELD_SYNONYMS.get(field.name)?.find((f) => fields[f] !== undefined);
    const owners = FIELD_OWNERS.get(field.name);
    let help: string;
    if (suggestion) help = `did you mean \`${suggestion}\`?`;
    else if (owners && word) help = `\`${field.name}\` is a field of ${listOf(owners)}, not of \`${word}\``;
    else help = `the fields here are ${listOf(Object.keys(fields), "and")}`;
    this.report("PC1010", { field: field.name, block: where }, field.nameSpan, { help });
  }

  private duplicate(field: FieldCst, firstSpan: Span, where: string): void {
    this.report("PC1018", { field: field.name, block: where }, field.nameSpan, {
      related: [{ message: "first written here", span: firstSpan }],
    });
  }

  /** Sets the AST properties one field sets on `out` (none when its value is wrong). */
  private fieldValue(field: FieldCst, spec: FieldSpec, out: Record<string, unknown>): void {
    const shape = spec.shape;
    if (shape.kind === "party") {
      const party = this.party(field);
      if (party) out[spec.prop] = party;
      return;
    }
    if (shape.kind === "basis") {
      this.basis(field, out);
      return;
    }
    if (field.body && field.bodySpan) this.report("PC1014", { field: field.name }, field.bodySpan);
    if (field.values.length === 0) {
      const listed = (shape.kind === "enum" || shape.kind === "enums") && shape.values.length > 4;
      this.report("PC1012", { expected: describeShape(shape), field: field.name }, field.nameSpan, {
        ...(listed ? { help: `expected one of ${listOf(shape.values)}` } : {}),
      });
      return;
    }
    if (isListShape(shape)) {
      out[spec.prop] = collect(field.values, (v) => this.coerce(v, shape, field.name));
      return;
    }
    this.checkSingle(field);
    const first = field.values[0];
    const node = first ? this.coerce(first, shape, field.name) : undefined;
    if (node) out[spec.prop] = node;
  }

  private checkSingle(field: FieldCst): void {
    const second = field.values[1];
    const last = field.values[field.values.length - 1];
    if (second && last) this.report("PC1013", { field: field.name }, this.span(second.span.start, last.span.end));
  }

  private wrongType(field: string, shape: Shape, v: Value, help?: string): undefined {
    this.report("PC1011", { field, expected: describeShape(shape), found: describeValue(v) }, v.span, {
      ...(help !== undefined ? { help } : {}),
    });
    return undefined;
  }

  /** Checks one value against a shape and builds its node, or reports why it does not fit. */
  private coerce(v: Value, shape: Shape, field: string): LoweredValue | undefined {
    switch (shape.kind) {
      case "text":
      case "texts":
        if (v.t === "text") return v.node;
        return this.wrongType(field, shape, v, v.t === "ref" ? `put the text in quotes: \`"${unquotedRun(this.source, v.span.start)}"\`` : undefined);
      case "ref":
      case "refs":
        if (v.t === "ref") return v.node;
        return this.wrongType(field, shape, v, v.t === "text" ? "names are written without quotes" : undefined);
      case "words": {
        if (v.t !== "ref") return this.wrongType(field, shape, v, v.t === "text" ? "write the word without quotes" : undefined);
        if (v.node.parts.length !== 1) return this.wrongType(field, shape, v, "write a single word, without `.`");
        if (shape.lang && !this.checkLanguageTag(v.node.path, v.span, false)) return undefined;
        return { kind: "Word", span: v.span, name: v.node.path };
      }
      case "enum":
      case "enums":
        return this.enumWord(v, shape, shape.values, field);
      case "bool": {
        const word = v.t === "ref" && v.node.parts.length === 1 ? v.node.path : undefined;
        if (word === undefined) return this.wrongType(field, shape, v);
        const value = BOOL_WORDS[word];
        if (value === undefined) {
          this.report("PC1015", { value: word, field }, v.span, { help: "write `yes` or `no`" });
          return undefined;
        }
        return { kind: "Bool", span: v.span, value };
      }
      case "number": {
        if (v.t !== "number") {
          const digits = v.t === "text" && /^\d{1,6}$/.test(v.node.value) && Number(v.node.value) <= MAX_NUMBER ? v.node.value : undefined;
          return this.wrongType(field, shape, v, digits !== undefined ? `remove the quotes: \`${digits}\`` : undefined);
        }
        const value = Number(v.token.image);
        if (value > MAX_NUMBER) {
          this.report("PC1025", { value: v.token.image }, v.span);
          return undefined;
        }
        // the one number field, an audience's `age_under`: an age the guards can be told
        // (`age_under 0` would hold for no one whose age is known), checked with the other
        // syntax problems, as in a condition
        if (field === "age_under" && !(value >= 1 && value <= MAX_AGE)) {
          this.report("PC1031", { detail: `\`age_under ${v.token.image}\` is not an age: write whole years from 1 to ${MAX_AGE}` }, v.span);
          return undefined;
        }
        return { kind: "Number", span: v.span, value };
      }
      case "duration": {
        if (v.t === "duration") return this.duration(v.token);
        if (shape.orWords && v.t === "ref" && v.node.parts.length === 1) {
          if (shape.orWords.includes(v.node.path)) return { kind: "Enum", span: v.span, value: v.node.path };
          const suggestion = closest(v.node.path, [...shape.orWords, ...Object.keys(DURATION_UNITS)]);
          this.report("PC1015", { value: v.node.path, field }, v.span, {
            help:
              suggestion && shape.orWords.includes(suggestion)
                ? `did you mean \`${suggestion}\`?`
                : `expected ${describeShape(shape)}`,
          });
          return undefined;
        }
        return this.wrongType(field, shape, v, v.t === "number" ? `add a unit: \`${v.token.image} days\`` : undefined);
      }
      case "date":
        if (v.t === "date") return this.date(v.token);
        return this.wrongType(
          field,
          shape,
          v,
          v.t === "text" && /^\d{4}-\d{2}-\d{2}$/.test(v.node.value) ? `remove the quotes: \`${v.node.value}\`` : undefined,
        );
      case "party":
      case "basis":
        return undefined;
    }
  }

  private enumWord<T extends string>(v: Value, shape: Shape, values: readonly T[], field: string): Enum<T> | undefined {
    if (v.t === "text" && (values as readonly string[]).includes(v.node.value)) {
      return this.wrongType(field, shape, v, `remove the quotes: \`${v.node.value}\``);
    }
    if (v.t !== "ref" || v.node.parts.length !== 1) return this.wrongType(field, shape, v);
    const word = v.node.path;
    if ((values as readonly string[]).includes(word)) return { kind: "Enum", span: v.span, value: word as T };
    const suggestion = closest(word, values);
    this.report("PC1015", { value: word, field }, v.span, {
      help: suggestion ? `did you mean \`${suggestion}\`?` : `expected one of ${listOf(values)}`,
    });
    return undefined;
  }

  private duration(token: IToken): Duration | undefined {
    const span = this.tokenSpan(token);
    const m = /^(\d+)([ \t]*)([A-Za-z_][A-Za-z0-9_]*)$/.exec(token.image);
    if (!m) return undefined;
    const amountText = m[1] ?? "";
    const word = m[3] ?? "";
    const unit = DURATION_UNITS[word];
    if (!unit) {
      const unitStart = token.startOffset + amountText.length + (m[2] ?? "").length;
      const misspelling = UNIT_MISSPELLINGS[word.toLowerCase()];
      const suggestion =
        misspelling !== undefined
          ? misspelling || undefined
          : closest(word, ["hours", "days", "weeks", "months", "years", "hour", "day", "week", "month", "year"]);
      this.report("PC1008", { unit: word }, this.span(unitStart, unitStart + word.length), {
        ...(suggestion ? { help: `did you mean \`${suggestion}\`?` } : {}),
      });
      return undefined;
    }
    const amount = Number(amountText);
    if (amount > MAX_NUMBER) {
      this.report("PC1025", { value: amountText }, this.span(token.startOffset, token.startOffset + amountText.length));
      return undefined;
    }
    return { kind: "Duration", span, amount, unit };
  }

  private date(token: IToken): DateLit | undefined {
    const span = this.tokenSpan(token);
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(token.image);
    if (!m) {
      this.report("PC1007", { date: token.image }, span);
      return undefined;
    }
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month < 1 || month > 12) {
      this.report("PC1007", { date: token.image }, span, { help: `there is no month ${month}` });
      return undefined;
    }
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > days) {
      this.report("PC1007", { date: token.image }, span, { help: `${m[1]}-${m[2]} has ${days} days` });
      return undefined;
    }
    return { kind: "Date", span, value: token.image };
  }

  /** `controller "Name" { legal_name "..." email "..." }`. */
  private party(field: FieldCst): Party | undefined {
    const where = `\`${field.name}\``;
    const props: Record<string, Text> = {};
    const seen = new Map<string, Span>();
    if (field.values.length === 0 && !field.body) {
      this.report("PC1012", { expected: describeShape({ kind: "party" }), field: field.name }, field.nameSpan);
      return undefined;
    }
    this.checkSingle(field);
    const first = field.values[0];
    if (first) {
      const name = this.coerce(first, { kind: "text" }, field.name);
      if (name && name.kind === "Text") {
        props["name"] = name;
        seen.set("name", first.span);
      }
    }
    let unclosed = false;
    for (const inner of this.fields(field.body)) {
      const spec = PARTY_FIELDS[inner.name];
      if (!spec) {
        // A field of the policy header inside `controller { }`: the block's `}` is missing, and
        // every header field after it landed here too. One error, at the first of them.
        if (BLOCKS.policy.fields[inner.name]) {
          if (!unclosed) {
            this.report("PC1010", { field: inner.name, block: where }, inner.nameSpan, {
              help: `\`${inner.name}\` is a field of \`policy\`: is the \`}\` that closes \`${field.name}\` missing?`,
              related: [{ message: `the \`${field.name}\` block it ended up in`, span: field.nameSpan }],
            });
          }
          unclosed = true;
          continue;
        }
        this.unknownField(inner, PARTY_FIELDS, where);
        continue;
      }
      const firstSpan = seen.get(inner.name);
      if (firstSpan) {
        this.duplicate(inner, firstSpan, where);
        continue;
      }
      seen.set(inner.name, inner.nameSpan);
      const one: Record<string, unknown> = {};
      this.fieldValue(inner, spec, one);
      const value = one[spec.prop];
      if (value) props[spec.prop] = value as Text;
    }
    const ordered: Record<string, Text> = {};
    for (const spec of Object.values(PARTY_FIELDS)) {
      const value = props[spec.prop];
      if (value) ordered[spec.prop] = value;
    }
    return { kind: "Party", span: field.span, ...ordered };
  }

  /** `basis consent { EU explicit_consent }`, `basis contract, legal_obligation`. */
  private basis(field: FieldCst, out: Record<string, unknown>): void {
    if (field.values.length === 0 && !field.body) {
      this.report("PC1012", { expected: "a legal basis", field: field.name }, field.nameSpan);
      return;
    }
    const bases = this.bases(field);
    if (bases) out["basis"] = bases;
    const variants: BasisVariant[] = [];
    const seen = new Map<string, Span>();
    for (const inner of this.fields(field.body)) {
      const firstSpan = seen.get(inner.name);
      if (firstSpan) {
        this.duplicate(inner, firstSpan, "`basis`");
        continue;
      }
      seen.set(inner.name, inner.nameSpan);
      if (inner.body && inner.bodySpan) this.report("PC1014", { field: inner.name }, inner.bodySpan);
      if (inner.values.length === 0) {
        this.report("PC1012", { expected: "a legal basis", field: inner.name }, inner.nameSpan);
        continue;
      }
      const basis = this.bases(inner);
      if (!basis) continue;
      variants.push({
        kind: "BasisVariant",
        span: inner.span,
        jurisdiction: { kind: "Word", span: inner.nameSpan, name: inner.name },
        basis,
      });
    }
    out["basisIn"] = variants;
  }

  /**
   * The bases of one `basis` list (the field's own, or a jurisdiction's), as written (a repeat,
   * harmless, is kept for the formatter and dropped by the model, as in other lists); undefined
   * when one is not valid, or a consent basis stands beside another (PC1030).
   */
  private bases(field: FieldCst): readonly Enum<Basis>[] | undefined {
    const shape: Shape = { kind: "enum", values: BASES, noun: "a legal basis" };
    const bases: Enum<Basis>[] = [];
    let valid = true;
    for (const v of field.values) {
      const basis = this.enumWord(v, shape, BASES, field.name);
      if (!basis) valid = false;
      else bases.push(basis);
    }
    const consent = bases.find((b) => CONSENT_BASES.has(b.value));
    const other = bases.find((b) => b.value !== consent?.value);
    if (consent && other) {
      this.report("PC1030", { basis: consent.value, other: other.value }, consent.span, {
        related: [{ span: other.span, message: `\`${other.value}\` is listed here` }],
        // two consent bases are one choice to make, not a purpose to split
        ...(CONSENT_BASES.has(other.value) ? { help: `keep the one that applies: \`${consent.value}\` or \`${other.value}\`` } : {}),
      });
      return undefined;
    }
    return valid && bases.length > 0 ? bases : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Rules and assertions

  private action(word: Ref): Enum<Action> | undefined {
    if (word.parts.length !== 1) return undefined;
    const name = word.path;
    if ((ACTIONS as readonly string[]).includes(name)) return { kind: "Enum", span: word.span, value: name as Action };
    const alias = ACTION_ALIASES[name];
    return alias ? { kind: "Enum", span: word.span, value: alias } : undefined;
  }

  private unknownAction(word: Ref | Word): void {
    const name = word.kind === "Ref" ? word.path : word.name;
    const suggestion = closest(name, ACTION_WORDS);
    this.report("PC1016", { action: name }, word.span, suggestion ? { help: `did you mean \`${suggestion}\`?` } : {});
  }

  private ruleDecl(n: CstNode, inException: boolean): RuleDecl | undefined {
    const effectToken = childToken(n, "Allow", "Deny");
    const span = this.cstSpan(n);
    if (!effectToken || !span) return undefined;
    const effect: Enum<Effect> = { kind: "Enum", span: this.tokenSpan(effectToken), value: effectToken.image as Effect };

    let action: Enum<Action> | undefined;
    let actionReported = false;
    let data: Ref[] = [];
    const subject = childNode(n, "ruleSubject");
    if (subject) {
      const refs = this.refs(subject);
      const refList = childNode(subject, "refList");
      const first = refs[0];
      if (refList) {
        data = this.refs(refList);
        if (first) {
          action = this.action(first);
          if (!action) {
            this.unknownAction(first);
            actionReported = true;
          }
        }
      } else if (refs.length > 1 || !first) {
        data = refs;
      } else {
        // A single word: an action (`allow share with x`) or data (`allow personal`, exceptions only).
        action = this.action(first);
        if (!action) {
          const close = first.parts.length === 1 && closest(first.path, ACTION_WORDS);
          if (close) {
            this.unknownAction(first);
            actionReported = true;
          } else data = [first];
        }
      }
    }

    if (!inException) {
      if (!action && !actionReported) this.report("PC1019", { effect: effect.value }, effect.span);
      if (data.length === 0) this.report("PC1020", { effect: effect.value }, effect.span);
    }

    const idToken = childToken(childNode(n, "ruleId"), "Identifier");
    const id = this.word(idToken);
    const proseNode = childNode(n, "text");
    const prose = proseNode ? this.text(proseNode) : undefined;
    const exceptions = childNodes(childNode(n, "exceptClause"), "ruleDecl")
      .map((r) => this.ruleDecl(r, true))
      .filter((r): r is RuleDecl => r !== undefined);

    return {
      kind: "Rule",
      span,
      effect,
      ...(action ? { action } : {}),
      data,
      recipients: this.refs(childNode(childNode(n, "target"), "refList")),
      purposes: this.refs(childNode(childNode(n, "purposes"), "refList")),
      conditions: this.conditions(childNode(n, "conditions")),
      ...(id ? { id } : {}),
      ...(prose ? { prose } : {}),
      exceptions,
    };
  }

  /**
   * `when a, not b, in EU` is a conjunction of literals; `unless a, b` means "unless a or b", which
   * is the conjunction `not a, not b`: each literal is negated.
   */
  private conditions(n: CstNode | undefined): Condition[] {
    if (!n) return [];
    const unless = childToken(n, "Unless") !== undefined;
    const out: Condition[] = [];
    for (const c of childNodes(n, "condition")) {
      const span = this.cstSpan(c);
      const name = childToken(c, "Identifier");
      if (!span || !name) continue;
      const negated = (childToken(c, "Not") !== undefined) !== unless;
      if (childToken(c, "In")) {
        out.push({ kind: "Condition", span, negated, jurisdiction: { kind: "Word", span: this.tokenSpan(name), name: name.image } });
        continue;
      }
      const years = childToken(c, "Number");
      if (name.image === "age_under") {
        if (!years) {
          this.report("PC1031", { detail: "`age_under` needs an age: `age_under 16`" }, this.tokenSpan(name));
          continue;
        }
        const value = Number(years.image);
        if (!(value >= 1 && value <= MAX_AGE)) {
          this.report("PC1031", { detail: `\`age_under ${years.image}\` is not an age: write whole years from 1 to ${MAX_AGE}` }, this.tokenSpan(years));
          continue;
        }
        out.push({ kind: "Condition", span, negated, ageUnder: { kind: "Number", span: this.tokenSpan(years), value } });
        continue;
      }
      if (years) {
        // `age_over 16`, `age_at_least 16`: the language tests ages from below only
        const older = /^(age_?(over|above|from|at_?least|min(imum)?)|older_?than|over|min_?age)$/i.test(name.image);
        this.report("PC1031", { detail: `the condition \`${name.image}\` takes no number; only \`age_under\` does` }, this.tokenSpan(years), {
          help: older
            ? `for those ${years.image} or older, write \`not age_under ${years.image}\` (or \`unless age_under ${years.image}\`)`
            : "remove the number, or write `age_under` before it",
        });
        continue;
      }
      const atom = (CONDITION_ATOMS as readonly string[]).includes(name.image)
        ? (name.image as ConditionAtom)
        : CONDITION_ALIASES[name.image];
      if (!atom) {
        const suggestion = closest(name.image, [...CONDITION_ATOMS, ...Object.keys(CONDITION_ALIASES)]);
        const help = suggestion
          ? `did you mean \`${suggestion}\`?`
          : /^[A-Z]/.test(name.image)
            ? `to test a jurisdiction, write \`in ${name.image}\``
            : undefined;
        this.report("PC1017", { condition: name.image }, this.tokenSpan(name), help ? { help } : {});
        continue;
      }
      out.push({ kind: "Condition", span, negated, atom });
    }
    return out;
  }

  private assertDecl(n: CstNode): AssertDecl | undefined {
    const modeToken = childToken(n, "Never", "Allows");
    const actionToken = childToken(n, "Identifier");
    const span = this.cstSpan(n);
    if (!modeToken || !actionToken || !span) return undefined;
    const actionWord: Ref = { kind: "Ref", span: this.tokenSpan(actionToken), path: actionToken.image, parts: [actionToken.image] };
    const action = this.action(actionWord);
    if (!action) {
      this.unknownAction(actionWord);
      return undefined;
    }
    const id = this.word(childToken(childNode(n, "ruleId"), "Identifier"));
    const proseNode = childNode(n, "text");
    const prose = proseNode ? this.text(proseNode) : undefined;
    return {
      kind: "Assert",
      span,
      mode: { kind: "Enum", span: this.tokenSpan(modeToken), value: modeToken.image as "never" | "allows" },
      action,
      data: this.refs(childNode(n, "refList")),
      recipients: this.refs(childNode(childNode(n, "target"), "refList")),
      purposes: this.refs(childNode(childNode(n, "purposes"), "refList")),
      conditions: this.conditions(childNode(n, "conditions")),
      ...(id ? { id } : {}),
      ...(prose ? { prose } : {}),
    };
  }
}

/** How messages name a block declaration: `` `purpose marketing` ``, or `` `purpose` `` unnamed. */
function blockWhere(word: BlockWord, name: Ref): string {
  return name.path ? `\`${word} ${name.path}\`` : `\`${word}\``;
}

const FIELD_LISTS = new Map<BlockSpec, readonly FieldSpec[]>();

/** The fields of a block kind, in the order of its table. */
function fieldList(spec: BlockSpec): readonly FieldSpec[] {
  let list = FIELD_LISTS.get(spec);
  if (list === undefined) FIELD_LISTS.set(spec, (list = Object.values(spec.fields)));
  return list;
}

/** `a`, `a` or `b`, `a`, `b` or `c`, each in backticks. */
function listOf(items: readonly string[], conjunction: "or" | "and" = "or"): string {
  const quoted = items.map((i) => `\`${i}\``);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} ${conjunction} ${quoted[quoted.length - 1] ?? ""}`;
}

/** Shapes whose values are never a plain name (a field named in their values is another field). */
function takesNoName(shape: Shape): boolean {
  switch (shape.kind) {
    case "text":
    case "texts":
    case "number":
    case "date":
    case "duration":
    case "bool":
    case "enum":
    case "enums":
      return true;
    default:
      return false;
  }
}

/** True when a field of this shape can take the plain name `word` as its value. */
function takesWord(shape: Shape, word: string): boolean {
  switch (shape.kind) {
    case "ref":
    case "refs":
    case "words":
    case "basis":
      return true;
    default:
      return wordOf(shape, word);
  }
}

/** True when `word` is one of a shape's own words (`indefinite` of a duration, a closed list's values). */
function wordOf(shape: Shape, word: string): boolean {
  if (shape.kind === "enum" || shape.kind === "enums") return shape.values.includes(word);
  if (shape.kind === "duration") return shape.orWords?.includes(word) ?? false;
  if (shape.kind === "bool") return word === "yes" || word === "no";
  return false;
}

function describeValue(v: Value): string {
  switch (v.t) {
    case "text":
      return "a string";
    case "ref":
      return `the name \`${v.node.path}\``;
    case "number":
      return `the number \`${v.token.image}\``;
    case "date":
      return `the date \`${v.token.image}\``;
    case "duration":
      return `the duration \`${v.token.image}\``;
  }
}

/**
 * The text of a `"""` string: line breaks normalised to `\n`; a first line that is blank (the
 * usual `"""` followed by a line break) and a last line that is blank (the indentation of the
 * closing `"""`) are dropped; the indentation common to the other non-blank lines is removed.
 * Text on the opening line is kept without its leading spaces.
 */
export function dedent(raw: string): string {
  const lines = raw.replace(/\r\n?/g, "\n").split("\n");
  if (lines.length === 1) return (lines[0] ?? "").trim();
  const firstLine = lines[0] ?? "";
  let rest = lines.slice(1);
  if (rest.length > 0 && (rest[rest.length - 1] ?? "").trim() === "") rest = rest.slice(0, -1);
  const indents = rest.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  // a loop, not Math.min(...indents): a spread of a text's 100k lines overflows the stack
  let common = indents.length > 0 ? Infinity : 0;
  for (const n of indents) if (n < common) common = n;
  rest = rest.map((l) => (l.trim() === "" ? "" : l.slice(common)));
  const head = firstLine.trim() === "" ? [] : [firstLine.trimStart()];
  return [...head, ...rest].join("\n");
}
