/**
 * The canonical printer of `.policy` files: AST (plus the file's tokens and comments) to text.
 *
 * Pipeline position: the syntax phase in reverse. It reads the tree `lower.ts` builds, and the
 * token stream of the same text for what the tree does not keep: where each field name stands
 * (fields are printed in the order they were written), and the words the author chose where the
 * language has synonyms (`to`/`with`, `when`/`unless`, `disclose`, `true`, `6mo`), which it
 * keeps. It changes layout and string spelling only:
 *
 * - one declaration per line, or a block per declaration with one field per line, two-space
 *   indent; a body with a single short field stays on the declaration's line;
 * - a blank line around every declaration that takes several lines; between one-line
 *   declarations, a blank line where the source had one (several collapse to one);
 * - strings re-escaped (`"`, `\`, tab and control characters; everything else as is), text with
 *   line breaks as `"""` blocks indented under their field;
 * - lists wrapped at 100 columns under their first value (never putting a field name at the
 *   start of a line, which would start the next field), rules broken before a clause;
 * - every comment kept, in order: a comment on a line of its own stays on a line of its own
 *   before what follows it, a comment after code stays at the end of that line.
 *
 * `format.ts` checks each result by parsing it again before anything is written.
 */
import { pushAll } from "../util/arrays.js";
import type { IToken } from "chevrotain";
import type {
  AssertDecl,
  BasisVariant,
  BlockDecl,
  Comment,
  Condition,
  Decl,
  ImportDecl,
  Party,
  Ref,
  RuleDecl,
  SourceFile,
  Text,
} from "../syntax/ast.js";
import { dedent } from "../syntax/lower.js";
import { BLOCKS, FIELD_NAMES, PARTY_FIELDS, type Shape } from "../syntax/fields.js";
import type { BlockWord } from "../syntax/tokens.js";
import { BIDI_CONTROLS } from "../util/bidi.js";

const BIDI_CONTROL = new RegExp(`[${BIDI_CONTROLS}]`);

/** The column lists and rules are wrapped at. */
export const WIDTH = 100;
const INDENT = "  ";

const WORD_OF_KIND: ReadonlyMap<BlockDecl["kind"], BlockWord> = new Map(
  (Object.entries(BLOCKS) as [BlockWord, (typeof BLOCKS)[BlockWord]][]).map(([word, spec]) => [spec.kind, word]),
);

// ---------------------------------------------------------------------------------------------
// String literals

/** A one-line string literal: `"`, `\`, tab and control characters escaped, the rest as is. */
export function quote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (
      code < 0x20 ||
      code === 0x7f ||
      (code >= 0x80 && code <= 0x9f) ||
      code === 0x2028 ||
      code === 0x2029 ||
      // raw, it is read as a byte that is not UTF-8 (PC1028)
      code === 0xfffd ||
      // raw, they are PC1027
      (code >= 0x202a && BIDI_CONTROL.test(ch))
    ) {
      out += `\\u{${code.toString(16).toUpperCase()}}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** The lines of a `"""` block for `value` whose content is indented by `indent`, or undefined when a block cannot say it exactly. */
export function tripleLines(value: string, indent: string): string[] | undefined {
  // Tabs and control characters read better escaped, and bidi controls (PC1027) and U+FFFD
  // (PC1028) can only be written escaped: such a text stays a one-line string.
  if (!value.includes("\n") || value.includes('"""') || /[\u0000-\u0009\u000B-\u001F\u007F\uFFFD]/.test(value) || BIDI_CONTROL.test(value)) return undefined;
  // a line that ends in spaces would end a line of the file in them, which editors and hooks
  // trim without a word (changing the text, and in Markdown a hard line break): it stays escaped
  if (/ \n| $/.test(value)) return undefined;
  const lines = value.split("\n").map((l) => (l.trim() === "" ? "" : `${indent}${l}`));
  // What the lexer will make of it: the block must read back as exactly this value.
  if (dedent(`\n${lines.join("\n")}\n${indent}`) !== value) return undefined;
  if (lines.some((l, i) => l === "" && (value.split("\n")[i] ?? "") !== "")) return undefined;
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Output with lines

class Out {
  readonly lines: string[] = [];
  private line: string | null = null;
  /** The open line holds only its indentation. */
  private fresh = true;
  private blankPending = false;
  /** Indentation of a line opened in the middle of a construct (after a comment ended a line). */
  cont = "";

  open(indent: string): void {
    this.close();
    if (this.blankPending && this.lines.length > 0 && this.lines[this.lines.length - 1] !== "") this.lines.push("");
    this.blankPending = false;
    this.line = indent;
    this.fresh = true;
  }

  close(): void {
    if (this.line !== null && !this.fresh) this.lines.push(this.line.replace(/[ \t]+$/, ""));
    this.line = null;
    this.fresh = true;
  }

  /** A blank line before the next line opened (collapsed; never at the start). */
  blank(): void {
    this.blankPending = true;
  }

  put(text: string, sep = " "): void {
    if (this.line === null) this.open(this.cont);
    if (this.fresh) {
      this.line += text;
      this.fresh = false;
    } else this.line += sep + text;
  }

  /** Lines written as they are (the inside of a `"""` block). */
  verbatim(lines: readonly string[]): void {
    this.close();
    pushAll(this.lines, lines);
  }

  get column(): number {
    return this.line === null ? this.cont.length : this.line.length;
  }

  /** The indentation of the open line (or of the next one). */
  get lineIndent(): string {
    return this.line === null ? this.cont : (/^[ \t]*/.exec(this.line)?.[0] ?? "");
  }

  get hasContent(): boolean {
    return this.line !== null && !this.fresh;
  }

  /** Whether `text` still fits on the current line (after a space), or on a fresh line at its indentation. */
  fits(text: string): boolean {
    return this.hasContent ? this.column + 1 + text.length <= WIDTH : this.lineIndent.length + text.length <= WIDTH;
  }
}

// ---------------------------------------------------------------------------------------------
// The printer

interface CommentInfo {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly isLine: boolean;
  /** Nothing but whitespace before it on its line. */
  readonly ownLine: boolean;
  /** An empty line separates it from what precedes it. */
  readonly blankBefore: boolean;
}

/**
 * One token as printed: its text, where it stood (comments are placed by it), and whether it
 * attaches to the one before without a space (the parts of a dotted name).
 */
interface Piece {
  readonly text: string;
  readonly pos: number;
  readonly glue: boolean;
}

/**
 * A unit of layout, never broken across lines: a name, a condition, a keyword. Printing token by
 * token keeps every comment between the same two tokens as in the source, so a second run sees
 * the comments where the first left them and lays the text out the same way.
 */
interface Item {
  readonly pieces: readonly Piece[];
}

function itemText(item: Item): string {
  return item.pieces.map((p, i) => (i === 0 || p.glue ? p.text : ` ${p.text}`)).join("");
}

interface Field {
  readonly name: string;
  readonly start: number;
  readonly shape: Shape;
  readonly value: unknown;
  /** For `basis`: the variants of its body. */
  readonly variants?: readonly BasisVariant[];
}

type TopLevel = ImportDecl | Decl;

/** The shape a field written `none` is printed with: one word. */
const CLEARED: Shape = { kind: "words", noun: "none" };

class Printer {
  private readonly out = new Out();
  private readonly comments: CommentInfo[];
  private next = 0;
  /** Starts and ends of tokens and comments, sorted, for "what precedes this offset". */
  private readonly marks: { start: number; end: number }[];

  constructor(
    private readonly file: SourceFile,
    private readonly text: string,
    private readonly tokens: readonly IToken[],
  ) {
    const comments = [...file.comments].sort((a, b) => a.span.start - b.span.start);
    this.marks = [
      ...tokens.map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length })),
      ...comments.map((c) => ({ start: c.span.start, end: c.span.end })),
    ].sort((a, b) => a.start - b.start);
    this.comments = comments.map((c) => this.commentInfo(c));
  }

  // -------------------------------------------------------------------------------------------
  // Positions in the source

  private commentInfo(c: Comment): CommentInfo {
    const lineStart = this.text.lastIndexOf("\n", c.span.start - 1) + 1;
    const isLine = c.text.startsWith("//");
    return {
      start: c.span.start,
      end: c.span.end,
      text: isLine ? c.text.replace(/\s+$/, "") : c.text,
      isLine,
      ownLine: /^[ \t\f\r\uFEFF]*$/.test(this.text.slice(lineStart, c.span.start)),
      blankBefore: this.blankBefore(c.span.start),
    };
  }

  /** Whether an empty line separates `offset` from the token or comment before it. */
  private blankBefore(offset: number): boolean {
    let lo = 0;
    let hi = this.marks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.marks[mid]?.start ?? Infinity) < offset) lo = mid + 1;
      else hi = mid;
    }
    const before = this.marks[lo - 1];
    if (!before) return false;
    const gap = this.text.slice(before.end, offset);
    return (gap.match(/\n/g)?.length ?? 0) >= 2;
  }

  /** The token that ends last before `offset`. */
  private tokenBefore(offset: number): IToken | undefined {
    return this.tokens[firstAtOrAfter(this.tokens, offset, (t) => t.startOffset) - 1];
  }

  /** Whether a comment still to be written before `pos` ends the line (a line comment, or one on a line of its own). */
  private commentEndsLineBefore(pos: number): boolean {
    for (let i = this.next; i < this.comments.length && this.comments[i]!.start < pos; i++) {
      if (this.comments[i]!.isLine || this.comments[i]!.ownLine) return true;
    }
    return false;
  }

  private hasCommentIn(start: number, end: number): boolean {
    const c = this.comments[firstAtOrAfter(this.comments, start, (x) => x.start)];
    return c !== undefined && c.start < end;
  }

  // -------------------------------------------------------------------------------------------
  // Comments

  /** Writes every comment before `pos`: own-line ones on their own lines at `indent`, others at the end of the current line. */
  private flush(pos: number, indent: string): number {
    const first = this.next;
    while (this.next < this.comments.length && (this.comments[this.next]?.start ?? Infinity) < pos) {
      const c = this.comments[this.next++]!;
      if (c.ownLine || !this.out.hasContent) {
        this.out.close();
        if (c.blankBefore) this.out.blank();
        this.out.open(indent);
        this.out.put(c.text);
        this.out.close();
      } else {
        this.out.put(c.text);
        if (c.isLine) this.out.close();
      }
    }
    return this.next - first;
  }

  /** Writes the comments after the current line's code and before `limit` that were on the same line. */
  private flushTrailing(limit: number): void {
    while (this.next < this.comments.length) {
      const c = this.comments[this.next]!;
      if (c.start >= limit || c.ownLine || !this.out.hasContent) return;
      this.next++;
      this.out.put(c.text);
      if (c.isLine) this.out.close();
    }
  }

  // -------------------------------------------------------------------------------------------
  // The file

  print(): string {
    const items: TopLevel[] = [...this.file.imports, ...this.file.decls].sort((a, b) => a.span.start - b.span.start);
    let previousMultiLine = false;
    let previous: TopLevel | undefined;
    items.forEach((item, i) => {
      this.out.close();
      const mark = this.out.lines.length;
      if (previous && (previousMultiLine || (previous.kind === "Import" && item.kind !== "Import"))) this.out.blank();
      this.flush(item.span.start, "");
      if (this.blankBefore(item.span.start)) this.out.blank();
      this.out.cont = INDENT;
      this.out.open("");
      const first = this.out.lines.length;
      this.item(item, "");
      this.flushTrailing(items[i + 1]?.span.start ?? Infinity);
      this.out.close();
      const multiLine = this.out.lines.length - first > 1;
      if (multiLine && mark > 0 && this.out.lines[mark] !== "" && this.out.lines[mark - 1] !== "") this.out.lines.splice(mark, 0, "");
      previousMultiLine = multiLine;
      previous = item;
    });
    this.out.cont = "";
    this.flush(Infinity, "");
    this.out.close();
    const lines = this.out.lines;
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return lines.length > 0 ? `${lines.join("\n")}\n` : "";
  }

  private item(item: TopLevel, indent: string): void {
    switch (item.kind) {
      case "Import":
        this.out.put("import");
        this.out.put(quote(item.path));
        return;
      case "Rule":
        this.rule(item, indent);
        return;
      case "Assert":
        this.assertion(item, indent);
        return;
      default:
        this.block(item, indent);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Text

  /**
   * A text with its translations. With `wrap`, a translation that does not fit moves to a line
   * of its own (at the continuation indent); never right after a `"""` block.
   */
  private textValue(t: Text, wrap = true): void {
    this.flush(t.span.start, this.out.cont);
    let block = this.literal(t.value);
    for (const tr of t.translations) {
      this.flush(tr.span.start, this.out.cont);
      const tag = `@${tr.lang}`;
      if (wrap && !block && !this.out.fits(`${tag} ${tr.value.includes("\n") ? '"""' : quote(tr.value)}`)) this.out.close();
      this.out.put(tag);
      block = this.literal(tr.value);
    }
  }

  /**
   * A string: `"..."`, or a `"""` block whose lines are indented under the line it starts on.
   * Returns whether it was a block.
   */
  private literal(value: string): boolean {
    const plain = quote(value);
    if (!value.includes("\n")) {
      this.out.put(plain);
      return false;
    }
    this.out.put("");
    const indent = this.out.lineIndent;
    const lines = tripleLines(value, indent + INDENT);
    if (!lines) {
      this.out.put(plain, "");
      return false;
    }
    this.out.put('"""', "");
    this.out.verbatim(lines);
    this.out.open(indent);
    this.out.put('"""');
    return true;
  }

  /** The one-line form of a text, or undefined when it needs several lines. */
  private flatText(t: Text): string | undefined {
    const parts = [t.value, ...t.translations.map((tr) => tr.value)];
    if (parts.some((p) => tripleLines(p, "") !== undefined)) return undefined;
    return [quote(t.value), ...t.translations.map((tr) => `@${tr.lang} ${quote(tr.value)}`)].join(" ");
  }

  // -------------------------------------------------------------------------------------------
  // Blocks and fields

  private fieldStart(valueStart: number, name: string): number {
    let t = this.tokenBefore(valueStart);
    if (t?.image === "{") t = this.tokenBefore(t.startOffset);
    return t && t.image === name ? t.startOffset : valueStart;
  }

  private fields(decl: BlockDecl): Field[] {
    const word = WORD_OF_KIND.get(decl.kind);
    if (!word) return [];
    const props = decl as unknown as Record<string, unknown>;
    const out: Field[] = [];
    for (const [name, spec] of Object.entries(BLOCKS[word].fields)) {
      if (spec.shape.kind === "basis") {
        const basis = props["basis"] as readonly { span: { start: number } }[] | undefined;
        const variants = (props["basisIn"] as BasisVariant[] | undefined) ?? [];
        const first = basis?.[0]?.span.start ?? variants[0]?.span.start;
        if (first === undefined) continue;
        out.push({ name, start: this.fieldStart(first, name), shape: spec.shape, value: basis, variants });
        continue;
      }
      const value = props[spec.prop];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      const start =
        spec.shape.kind === "party"
          ? (value as Party).span.start
          : this.fieldStart((Array.isArray(value) ? (value[0] as { span: { start: number } }) : (value as { span: { start: number } })).span.start, name);
      out.push({ name, start, shape: spec.shape, value });
    }
    // `examples none`: printed as a one-word field, where it was written.
    for (const c of decl.cleared ?? []) out.push({ name: c.field, start: c.span.start, shape: CLEARED, value: c.value });
    return out.sort((a, b) => a.start - b.start);
  }

  private partyFields(party: Party): { inline?: Text; fields: Field[] } {
    const props = party as unknown as Record<string, unknown>;
    const fields: Field[] = [];
    let inline: Text | undefined;
    for (const [name, spec] of Object.entries(PARTY_FIELDS)) {
      const value = props[spec.prop] as Text | undefined;
      if (!value) continue;
      // `controller "Name" { ... }`: the name is the field's value when it directly follows the field name.
      if (name === "name" && this.tokenBefore(value.span.start)?.startOffset === party.span.start) {
        inline = value;
        continue;
      }
      fields.push({ name, start: this.fieldStart(value.span.start, name), shape: spec.shape, value });
    }
    return { ...(inline ? { inline } : {}), fields: fields.sort((a, b) => a.start - b.start) };
  }

  private block(decl: BlockDecl, indent: string): void {
    const word = WORD_OF_KIND.get(decl.kind) ?? decl.kind.toLowerCase();
    this.out.cont = indent + INDENT;
    this.out.put(word);
    if (decl.name.path !== "") this.putItem(this.refItem(decl.name), this.out.cont);
    if (decl.label) {
      this.flush(decl.label.span.start, this.out.cont);
      this.textValue(decl.label, false);
    }
    this.body(this.fields(decl), indent, decl.span.start, decl.span.end);
  }

  /** `{ fields }`: on one line for a single short field without comments, else one field per line. */
  private body(fields: readonly Field[], indent: string, start: number, end: number): void {
    if (fields.length === 0) return;
    const closePos = end - 1;
    const only = fields.length === 1 ? fields[0] : undefined;
    if (only && !this.hasCommentIn(start, end)) {
      const flat = this.flatField(only);
      if (flat !== undefined && this.out.fits(`{ ${flat} }`)) {
        this.out.put(`{ ${flat} }`);
        return;
      }
    }
    this.out.put("{");
    const inner = indent + INDENT;
    fields.forEach((f, i) => {
      this.flushTrailing(f.start);
      this.out.close();
      const comments = this.flush(f.start, inner);
      if ((i > 0 || comments > 0) && this.blankBefore(f.start)) this.out.blank();
      this.out.open(inner);
      this.field(f, inner);
      this.flushTrailing(fields[i + 1]?.start ?? closePos);
    });
    this.out.close();
    this.flush(closePos, inner);
    this.out.open(indent);
    this.out.put("}");
  }

  /** A field on one line, or undefined when it needs several. */
  private flatField(f: Field): string | undefined {
    const v = f.value;
    switch (f.shape.kind) {
      case "text": {
        const t = this.flatText(v as Text);
        return t === undefined ? undefined : `${f.name} ${t}`;
      }
      case "texts": {
        const parts = (v as Text[]).map((t) => this.flatText(t));
        return parts.some((p) => p === undefined) ? undefined : `${f.name} ${parts.join(", ")}`;
      }
      case "party": {
        const party = v as Party;
        const { inline, fields } = this.partyFields(party);
        const name = inline ? this.flatText(inline) : undefined;
        return fields.length === 0 && name !== undefined ? `${f.name} ${name}` : undefined;
      }
      case "basis":
        return (f.variants ?? []).length === 0 && v ? `${f.name} ${this.items(f).map(itemText).join(" ")}` : undefined;
      default:
        return `${f.name} ${this.items(f).map(itemText).join(" ")}`;
    }
  }

  /** The values of a word-like field, each but the last with its comma. */
  private items(f: Field): Item[] {
    const values = Array.isArray(f.value) ? (f.value as unknown[]) : [f.value];
    return values.map((node, i) => {
      const n = node as { kind: string; span: { start: number; end: number } };
      const comma = i < values.length - 1 ? "," : "";
      return n.kind === "Ref" ? this.refItem(n as unknown as Ref, comma) : this.wordItem(n.span, comma);
    });
  }

  /** The tokens of a dotted name, glued together. */
  private refItem(ref: Ref, suffix = ""): Item {
    const tokens = this.tokensIn(ref.span);
    const pieces = tokens.map((t, i) => ({
      text: t.image + (i === tokens.length - 1 ? suffix : ""),
      pos: t.startOffset,
      glue: i > 0 && (t.image === "." || tokens[i - 1]?.image === "."),
    }));
    return { pieces: pieces.length > 0 ? pieces : [{ text: ref.path + suffix, pos: ref.span.start, glue: false }] };
  }

  /** The tokens of a span, one space apart (a condition such as `not in EU`, a duration). */
  private wordItem(span: { start: number; end: number }, suffix = ""): Item {
    const tokens = this.tokensIn(span);
    return {
      pieces: tokens.map((t, i) => ({ text: t.image.replace(/\s+/g, " ") + (i === tokens.length - 1 ? suffix : ""), pos: t.startOffset, glue: false })),
    };
  }

  private keyword(text: string, pos: number): Item {
    return { pieces: [{ text, pos, glue: false }] };
  }

  /** The tokens that start within `span`, found by binary search (the tokens are in text order). */
  private tokensIn(span: { start: number; end: number }): IToken[] {
    const out: IToken[] = [];
    for (let i = firstAtOrAfter(this.tokens, span.start, (t) => t.startOffset); i < this.tokens.length && this.tokens[i]!.startOffset < span.end; i++) {
      out.push(this.tokens[i]!);
    }
    return out;
  }

  /** Writes an item, placing comments between its tokens where they were. */
  private putItem(item: Item, indent: string): void {
    for (const p of item.pieces) {
      this.flush(p.pos, indent);
      if (p.glue && this.out.hasContent) this.out.put(p.text, "");
      else this.out.put(p.text);
    }
  }

  private field(f: Field, indent: string): void {
    this.out.put(f.name);
    const align = " ".repeat(this.out.column + 1);
    switch (f.shape.kind) {
      case "text":
        this.out.cont = indent + INDENT;
        this.textValue(f.value as Text);
        return;
      case "texts":
        this.texts(f.value as Text[], align);
        return;
      case "party":
        this.party(f.value as Party, indent);
        return;
      case "basis":
        this.basis(f, indent, align);
        return;
      default:
        this.wordList(this.items(f), align);
    }
  }

  /** Texts: all on the field's line when they fit, else one per line under the first. */
  private texts(texts: readonly Text[], align: string): void {
    const flat = texts.map((t) => this.flatText(t));
    // Only comments between the items are written between them (those inside an item's
    // translations follow the field), so only they can force one item per line.
    const span = { start: texts[0]?.span.start ?? 0, end: texts[texts.length - 1]?.span.start ?? 0 };
    const oneLine = flat.every((p) => p !== undefined) && !this.hasCommentIn(span.start, span.end) && this.out.fits(flat.join(", "));
    this.out.cont = align;
    texts.forEach((t, i) => {
      if (i > 0) {
        this.out.put(",", "");
        this.flush(t.span.start, align);
        if (!oneLine) this.out.close();
      }
      this.textValue(t);
    });
  }

  /** Names and words: filled up to the width, continuing under the first value. */
  private wordList(items: readonly Item[], align: string): void {
    this.out.cont = align;
    items.forEach((item, i) => {
      const first = item.pieces[0];
      if (!first) return;
      if (i > 0 && FIELD_NAMES.has(first.text.replace(/,$/, "")) && this.commentEndsLineBefore(first.pos)) {
        // A comment that ends the line before a value named like a field would leave the name
        // opening the next line, where it starts the next field: the value goes on this line,
        // and the comments follow it (nothing lost, in their order).
        for (const p of item.pieces) this.out.put(p.text, p.glue ? "" : " ");
        return;
      }
      this.flush(first.pos, align);
      // A field name opening a line would start the next field: keep it on this line.
      if (i > 0 && !this.out.fits(itemText(item)) && !FIELD_NAMES.has(first.text.replace(/,$/, ""))) this.out.close();
      this.putItem(item, align);
    });
  }

  private party(party: Party, indent: string): void {
    const { inline, fields } = this.partyFields(party);
    this.out.cont = indent + INDENT;
    if (inline) this.textValue(inline);
    if (fields.length > 0) this.body(fields, indent, party.span.start, party.span.end);
  }

  private basis(f: Field, indent: string, align: string): void {
    const basis = f.value as readonly { span: { start: number; end: number } }[] | undefined;
    if (basis) this.wordList(this.items(f), align);
    const variants = f.variants ?? [];
    if (variants.length === 0) return;
    const last = variants[variants.length - 1]!;
    // the `}` closing the variants is the token after the last one
    const end = (this.tokens.find((t) => t.startOffset >= last.span.end && t.image === "}")?.startOffset ?? last.span.end) + 1;
    const fields: Field[] = variants.map((v) => ({
      name: v.jurisdiction.name,
      start: v.span.start,
      shape: { kind: "enum", values: [], noun: "" },
      value: v.basis,
    }));
    this.body(fields, indent, basis?.[basis.length - 1]?.span.end ?? f.start, end);
  }

  // -------------------------------------------------------------------------------------------
  // Rules and assertions

  /** `kw item, item`: a keyword (found in the source before the first item) and a list. */
  private clause(fallback: string, refs: readonly Ref[], allowed: readonly string[]): Item[] {
    const first = refs[0];
    if (!first) return [];
    const before = this.tokenBefore(first.span.start);
    const keyword = before && allowed.includes(before.image) ? before : undefined;
    return [this.keyword(keyword?.image ?? fallback, keyword?.startOffset ?? first.span.start), ...this.refItems(refs)];
  }

  private refItems(refs: readonly Ref[]): Item[] {
    return refs.map((r, i) => this.refItem(r, i < refs.length - 1 ? "," : ""));
  }

  private conditionClause(conditions: readonly Condition[]): Item[] {
    const first = conditions[0];
    if (!first) return [];
    const before = this.tokenBefore(first.span.start);
    const keyword = before && (before.image === "when" || before.image === "unless") ? before.image : conditions.every((c) => c.negated) ? "unless" : "when";
    return [
      this.keyword(keyword, before?.startOffset ?? first.span.start),
      ...conditions.map((c, i) => this.wordItem(c.span, i < conditions.length - 1 ? "," : "")),
    ];
  }

  private idClause(id: { name: string; span: { start: number } } | undefined): Item[] {
    if (!id) return [];
    const before = this.tokenBefore(id.span.start);
    return [this.keyword("as", before?.startOffset ?? id.span.start), this.keyword(id.name, id.span.start)];
  }

  private ruleClauses(rule: RuleDecl): Item[][] {
    const head: Item[] = [this.keyword(rule.effect.value, rule.effect.span.start)];
    if (rule.action) head.push(this.wordItem(rule.action.span));
    pushAll(head, this.refItems(rule.data));
    return [
      head,
      this.clause("with", rule.recipients, ["to", "with"]),
      this.clause("for", rule.purposes, ["for"]),
      this.conditionClause(rule.conditions),
      this.idClause(rule.id),
    ].filter((c) => c.length > 0);
  }

  /** The whole rule on one line, or undefined when it cannot be. */
  private flatRule(rule: RuleDecl): string | undefined {
    if (rule.exceptions.length > 1) return undefined;
    const parts = this.ruleClauses(rule).map((c) => c.map(itemText).join(" "));
    if (rule.prose) {
      const t = this.flatText(rule.prose);
      if (t === undefined) return undefined;
      parts.push(t);
    }
    const exception = rule.exceptions[0];
    if (exception) {
      const e = this.flatRule(exception);
      if (e === undefined) return undefined;
      parts.push(`except ${e}`);
    }
    return parts.join(" ");
  }

  /** Clauses filled up to the width; a clause that does not fit on the line starts a new one. */
  private clauses(clauses: readonly Item[][], cont: string): void {
    this.out.cont = cont;
    clauses.forEach((clause, k) => {
      if (k > 0 && !this.out.fits(clause.map(itemText).join(" "))) this.out.close();
      for (const item of clause) {
        const first = item.pieces[0];
        if (!first) continue;
        this.flush(first.pos, cont);
        if (!this.out.fits(itemText(item))) this.out.close();
        this.putItem(item, cont);
      }
    });
  }

  /**
   * Whether a comment stands between the tokens of a rule (or of its exceptions) where it would be
   * written: one inside a text's translations is written after the text (see `texts`), so it
   * keeps the rule from one line no more than it does once moved there, on a second run.
   */
  private commentBreaksRule(rule: RuleDecl): boolean {
    const texts: { start: number; end: number }[] = [];
    const collect = (r: RuleDecl): void => {
      if (r.prose) texts.push(r.prose.span);
      r.exceptions.forEach(collect);
    };
    collect(rule);
    for (let i = firstAtOrAfter(this.comments, rule.span.start, (x) => x.start); i < this.comments.length; i++) {
      const c = this.comments[i]!;
      if (c.start >= rule.span.end) return false;
      if (!texts.some((t) => c.start > t.start && c.start < t.end)) return true;
    }
    return false;
  }

  private rule(rule: RuleDecl, indent: string): void {
    const cont = indent + INDENT;
    this.out.cont = cont;
    if (!this.commentBreaksRule(rule)) {
      const flat = this.flatRule(rule);
      if (flat !== undefined && this.out.fits(flat)) {
        this.out.put(flat);
        return;
      }
    }
    this.clauses(this.ruleClauses(rule), cont);
    if (rule.prose) {
      this.flush(rule.prose.span.start, cont);
      this.out.close();
      this.out.open(cont);
      this.textValue(rule.prose);
    }
    const exceptions = rule.exceptions;
    const first = exceptions[0];
    if (!first) return;
    let keyword = this.tokenBefore(first.span.start);
    if (keyword?.image === "{") keyword = this.tokenBefore(keyword.startOffset);
    this.flush(keyword?.startOffset ?? first.span.start, cont);
    this.out.close();
    this.out.open(cont);
    this.out.put("except");
    if (exceptions.length === 1 && !this.hasCommentIn(keyword?.startOffset ?? first.span.start, first.span.start)) {
      this.flush(first.span.start, cont);
      this.rule(first, cont);
      return;
    }
    this.out.put("{");
    const inner = cont + INDENT;
    const closePos = rule.span.end - 1;
    exceptions.forEach((e, i) => {
      this.flushTrailing(e.span.start);
      this.out.close();
      this.flush(e.span.start, inner);
      this.out.open(inner);
      this.rule(e, inner);
      this.flushTrailing(exceptions[i + 1]?.span.start ?? closePos);
    });
    this.out.close();
    this.flush(closePos, inner);
    this.out.open(cont);
    this.out.put("}");
  }

  /**
   * An assertion keeps its own spacing: only runs of whitespace change (to one space, or a line
   * break where the line is full), and no space is added or removed between tokens. The model
   * records an assertion's source text with whitespace runs collapsed (`Assertion.text`, part of
   * the model hash), so this is the layout that keeps the hash whatever the author wrote.
   */
  private assertion(a: AssertDecl, indent: string): void {
    this.out.cont = indent + INDENT;
    const pieces: { start: number; end: number; text: string; lineComment: boolean }[] = this.tokens
      .filter((t) => t.startOffset >= a.span.start && t.startOffset < a.span.end)
      .map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length, text: t.image, lineComment: false }));
    while (this.next < this.comments.length && (this.comments[this.next]?.start ?? Infinity) < a.span.end) {
      const c = this.comments[this.next++]!;
      pieces.push({ start: c.start, end: c.end, text: c.text, lineComment: c.isLine });
    }
    pieces.sort((x, y) => x.start - y.start);
    let previous: (typeof pieces)[number] | undefined;
    for (const p of pieces) {
      if (!previous) this.out.put(p.text);
      else if (previous.end === p.start) this.out.put(p.text, "");
      else {
        if (previous.lineComment || !this.out.fits(p.text)) this.out.close();
        this.out.put(p.text);
      }
      previous = p;
    }
    if (previous?.lineComment) this.out.close();
  }
}

/**
 * Prints a parsed file canonically. `tokens` are the file's tokens (`lex(...).tokens`): the
 * printer reads field-name positions and the author's choice of synonyms from them.
 */
export function printSourceFile(file: SourceFile, text: string, tokens: readonly IToken[]): string {
  return new Printer(file, text, tokens).print();
}

/** The index of the first item whose position is at or after `offset` (`xs` sorted by position). */
function firstAtOrAfter<T>(xs: readonly T[], offset: number, at: (x: T) => number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(xs[mid]!) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
