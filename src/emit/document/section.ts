/**
 * What a section writer returns, and the small building blocks they share: a list of statements,
 * a lead-in ("**Label:** ..."), a table with a header row, and "not stated" sentences.
 */
import type { BlockContent, ListItem, Paragraph, TableCell } from "mdast";
import type { Rule, SourceRef } from "../../model/types.js";
import { plainText, type DocContext } from "./context.js";
import { cell, list, listItem, paragraph, pushAll, row, strong, table, text, type Inline } from "./mdast.js";
import { Names, ruleKey, ruleWhere, withExceptions } from "./phrases.js";
import type { TemplateData } from "./templates.js";

export interface Section {
  /** Stable key (`rights`); its heading is `labels.sections.<key>` unless `title` is given. */
  readonly key: string;
  readonly title?: Inline;
  readonly blocks: BlockContent[];
}

export interface Writer {
  readonly ctx: DocContext;
  readonly names: Names;
}

/** One statement as a list item: the fact (a template), then the declaration's prose. */
export function factItem(w: Writer, key: string, refs: readonly SourceRef[], fact: Inline, prose: Paragraph[] = []): ListItem | null {
  if (fact.length === 0 && prose.length === 0) return null;
  const children: BlockContent[] = [];
  if (fact.length > 0) children.push(paragraph(fact));
  pushAll(children, prose);
  return w.ctx.statement(listItem(children), key, refs);
}

/**
 * `factItem` for a statement whose declaration has prose, each said by a writer, less the prose
 * that says word for word what the statement says: it is not printed twice. Whether it does is
 * decided where the author wrote both, in the policy's source language, and holds in every
 * language; a translator words a repeat differently from the document's own German ("Wir
 * verkaufen keine ..." after "Wir verkaufen keinerlei ..."), and the German document printed
 * what the English one had left out. A paragraph that repeats the statement word for word in
 * this document's language goes too.
 */
export function factWithProse(
  w: Writer,
  key: string,
  refs: readonly SourceRef[],
  fact: (w: Writer) => Inline,
  prose: (w: Writer) => Paragraph[],
  /** No item at all when the declaration has no prose (a note that only the prose calls for). */
  onlyWithProse = false,
): ListItem | null {
  const paragraphs = prose(w);
  if (onlyWithProse && paragraphs.length === 0) return null;
  const here = fact(w);
  const repeats = repeating(here, paragraphs);
  const source = paragraphs.length > 0 ? inSourceLanguage(w) : null;
  if (source) {
    const written = prose(source);
    // paragraph by paragraph, where the translation has the paragraphs of the text it translates
    if (written.length === paragraphs.length) for (const i of repeating(fact(source), written)) repeats.add(i);
  }
  return factItem(w, key, refs, here, paragraphs.filter((_, i) => !repeats.has(i)));
}

/**
 * A rule's statement in the words of `template`, with the prose of the rule and then of its
 * exceptions, depth first, each at its own place (`suffix` keeps a second statement of the same
 * rule apart, as "where the law allows" does).
 */
export function ruleItem(w: Writer, rule: Rule, template: string, options: { readonly suffix?: string; readonly onlyWithProse?: boolean } = {}): ListItem | null {
  const suffix = options.suffix ?? "";
  const rules = withExceptions(rule);
  return factWithProse(
    w,
    `${ruleKey(rule)}${suffix}`,
    rules.map((x) => x.sourceRef),
    (v) => v.ctx.say(template, v.names.rule(rule)),
    (v) => rules.flatMap((x) => v.ctx.prose(x.prose, ruleWhere(x), `${ruleKey(x)}${suffix}`)),
    options.onlyWithProse,
  );
}

/** The positions of the paragraphs that say what `fact` says. */
function repeating(fact: Inline, paragraphs: readonly Paragraph[]): Set<number> {
  const said = sayingOf(fact);
  const out = new Set<number>();
  if (said !== "") paragraphs.forEach((p, i) => sayingOf(p.children) === said && out.add(i));
  return out;
}

/** The writer of this document in the policy's source language (see `DocContext.inSourceLanguage`). */
const sourceWriters = new WeakMap<Writer, Writer | null>();
function inSourceLanguage(w: Writer): Writer | null {
  let source = sourceWriters.get(w);
  if (source === undefined) {
    const ctx = w.ctx.inSourceLanguage();
    sourceWriters.set(w, (source = ctx ? { ctx, names: new Names(ctx) } : null));
  }
  return source;
}

/**
 * An inline run's text, whitespace collapsed, for comparing what two paragraphs say; without the
 * `[file:line]` notes of `--with-sources`, which only the prose carries when they are compared.
 */
function sayingOf(nodes: readonly object[]): string {
  return nodes
    .filter((n) => !isSourceNote(n))
    .map((n) => plainText(n))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

function isSourceNote(node: object): boolean {
  const className = (node as { data?: { hProperties?: { className?: unknown } } }).data?.hProperties?.className;
  return Array.isArray(className) && className.includes("source");
}

/**
 * A note that is only prose: "**Label:** prose...". The list item is the statement (in a tight
 * list the HTML has no `<p>` to carry the paragraph's provenance).
 */
export function proseItem(w: Writer, key: string, refs: readonly SourceRef[], leadName: string, leadData: TemplateData, prose: Paragraph[]): ListItem | null {
  const [first, ...rest] = prose;
  if (!first) return null;
  first.children = lead(w, leadName, leadData, first.children);
  return w.ctx.statement(listItem([first, ...rest]), key, refs);
}

/** A paragraph statement from a template, or nothing when it renders empty. */
export function fact(w: Writer, name: string, data: TemplateData, key: string, refs: readonly SourceRef[]): Paragraph[] {
  const p = w.ctx.para(name, data);
  return p ? [w.ctx.statement(p, key, refs)] : [];
}

/** Sentences rendered one after another, separated by a space; empty ones are dropped. */
export function sentences(w: Writer, parts: readonly [string, TemplateData][]): Inline {
  const out: Inline = [];
  for (const [name, data] of parts) {
    const nodes = w.ctx.say(name, data);
    if (nodes.length === 0) continue;
    if (out.length > 0) out.push(text(" "));
    pushAll(out, nodes);
  }
  return out;
}

/** "**Label:** sentences" as the opening of a note about one declaration. */
export function lead(w: Writer, name: string, data: TemplateData, rest: Inline): Inline {
  const head = w.ctx.say(name, data);
  return head.length > 0 ? [strong(head), text(" "), ...rest] : rest;
}

/** A bullet list of items, dropping the empty ones; nothing when none is left. */
export function bullets(items: readonly (ListItem | null)[]): BlockContent[] {
  const kept = items.filter((i): i is ListItem => i !== null);
  return kept.length > 0 ? [list(kept)] : [];
}

export interface Column<T> {
  readonly label: string;
  readonly value: (item: T) => Inline;
  /** Optional columns are left out when every row is empty in them. */
  readonly optional?: boolean;
}

/** A table with one statement per row; empty cells show the pack's "none" mark. */
export function statementTable<T>(
  w: Writer,
  items: readonly T[],
  columns: readonly Column<T>[],
  key: (item: T) => string,
  refs: (item: T) => readonly SourceRef[],
): BlockContent[] {
  if (items.length === 0) return [];
  const values = items.map((item) => columns.map((c) => c.value(item)));
  const keep = columns.map((c, i) => !c.optional || values.some((v) => v[i]!.length > 0));
  const none = w.ctx.label("none");
  const header = row(columns.filter((_, i) => keep[i]).map((c) => cell([text(c.label)])));
  const rows = items.map((item, r) =>
    w.ctx.statement(
      row(
        values[r]!
          .filter((_, i) => keep[i])
          .map((v): TableCell => (v.length > 0 ? cell(v) : { ...cell([text(none)]), data: { hProperties: { className: ["none"] } } })),
      ),
      key(item),
      refs(item),
    ),
  );
  return [table([header, ...rows])];
}
