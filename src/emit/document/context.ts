/**
 * Everything the section writers share while one language's document is built: the wording pack,
 * the policy's text in that language (with missing translations reported and marked), prose
 * parsed as inline Markdown, safe links, heading anchors and statement provenance.
 */
import type { Heading, ListItem, Paragraph, PhrasingContent, Root, TableRow } from "mdast";
import { remark } from "remark";
import type { Processor } from "unified";
import remarkGfm from "remark-gfm";
import { createDiagnostic } from "../../diagnostics/diagnostic.js";
import { Reports, type RecordedReport } from "./reports.js";
import type { Header, LText, PolicyModel, Rule, SourceRef } from "../../model/types.js";
import { allowedParts, decisionTableOf, overridingDeny } from "../../semantics/table.js";
import { locatedAt, type EmitOptions } from "../types.js";
import { Memo, registerProcessCache } from "../../util/memo.js";
import { cloneTree, heading, link, mergeText, paragraph, pushAll, span, text, type Inline } from "./mdast.js";
import { PLACEHOLDER, placeholder, placeholderKey, withoutMarks, type TemplateData, type WordingPack } from "./templates.js";
import { CONTROL_CHARS } from "../../util/bidi.js";
import { fileLine } from "../../model/build.js";
import { partDigest } from "../../model/parts.js";
import { markRewritten } from "./digests.js";

/** Names a piece of policy text for diagnostics: which declaration, which field, where. */
export interface Where {
  /** `category \`contact\``. */
  readonly decl: string;
  /** `label`, `prose`, `examples` (item 2)... */
  readonly field: string;
  readonly at: SourceRef;
}

export const where = (kind: string, id: string, field: string, at: SourceRef): Where => ({
  // a block of which a policy has one (`precedence`) is named by its keyword alone
  decl: kind === id ? `\`${kind}\`` : `${kind} \`${id}\``,
  field,
  at,
});

/**
 * A text of the policy header (`authority`, `controller.address`), located where it is written.
 * `field` names it for a reader: "`authority`", "`address` of the controller".
 */
export const headerWhere = (h: Header, key: string, field: string): Where => where("policy", h.id, field, h.textRefs[key] ?? h.source);


/** The text's translation into `lang`, if the policy gives one (own keys only). */
export function translation(lt: LText, lang: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(lt.translations, lang) ? lt.translations[lang] : undefined;
}

/**
 * Markdown's block constructs, which prose does not have: with them off, every paragraph of a
 * prose text is one Markdown paragraph, and a list, quote or heading is its literal text. They
 * are off, not only shown as text, because reading nested ones costs the square of their depth
 * and overflows the stack a few thousand levels down (`>>>>...`, `- - - ...`).
 */
const BLOCK_CONSTRUCTS = [
  "blockQuote",
  "codeFenced",
  "codeIndented",
  "definition",
  "headingAtx",
  "htmlFlow",
  "list",
  "setextUnderline",
  "thematicBreak",
  "table",
  "gfmFootnoteDefinition",
  "gfmFootnoteCall",
  "gfmPotentialFootnoteCall",
  "tasklistCheck",
];

function inlineOnly(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push({ disable: { null: BLOCK_CONSTRUCTS } });
}

/** One parser for all prose (remark with GFM); building it is much of the cost of a parse. */
const proseParser = remark().use(remarkGfm).use(inlineOnly).freeze();

/**
 * The most formatting marks a paragraph of prose may have, and the longest it may be, and still
 * be read as Markdown: pairing up emphasis, strikethrough and link brackets takes time that grows
 * with the square of their number (16 KB of `*a` takes seconds), and a paragraph of more than
 * about 10,000 tokens (some 20 KB of short lines) falls off a cliff of its own. No written
 * paragraph comes near either; one that goes beyond is shown as written (PC5012), so that the
 * time a prose text takes grows with its length only.
 */
export const MAX_PROSE_MARKS = 256;
export const MAX_PROSE_PARAGRAPH = 8192;
const PROSE_MARK = /[*_~`[\]]/g;
/** Paragraphs: split at blank lines, as Markdown splits them. */
const BLANK_LINE = /(?:\r\n?|\n)[ \t]*(?:\r\n?|\n)/;
/** One paragraph of a prose text: its tree, or why it is shown as written (PC5012). */
type ProsePart = { readonly source: string; readonly tree: Root } | { readonly source: string; readonly tooMuch: string };

/** A prose text's paragraphs, read as Markdown where they are within the limits. */
function readProse(value: string): readonly ProsePart[] {
  const parts: ProsePart[] = [];
  for (const source of value.split(BLANK_LINE)) {
    if (!/\S/.test(source)) continue;
    const marks = source.length > MAX_PROSE_PARAGRAPH ? 0 : (source.match(PROSE_MARK)?.length ?? 0);
    if (marks > MAX_PROSE_MARKS) parts.push({ source, tooMuch: `has ${marks} formatting marks (\`*\`, \`_\`, \`~\`, backticks, brackets), more than ${MAX_PROSE_MARKS}` });
    else if (source.length > MAX_PROSE_PARAGRAPH) parts.push({ source, tooMuch: `is ${source.length} characters long, more than ${MAX_PROSE_PARAGRAPH}` });
    else parts.push({ source, tree: plainParagraph(source) ?? proseParser.parse(source) });
  }
  return parts;
}

/**
 * Characters that can start or take part in some Markdown or GFM construct with the block
 * constructs off: escapes, code, emphasis and strikethrough, links, images and footnotes, raw HTML,
 * character references, the autolinks' `<`, `:` and `@`, and every control character but the line
 * feed. A line feed is plain only between two characters that are not white space: spaces or a
 * tab around it would be trimmed or make a hard break, and a blank line would end the paragraph.
 */
const MARKDOWN_SYNTAX = /[\\`*_~[\]<>&:@\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]|www\.|\s\n|\n\s/i;
const EDGE_SPACE = /^\s|\s$/;

/**
 * The tree remark gives a paragraph with no Markdown in it (most prose: "Used to send you the
 * newsletter."), made without running micromark, whose set-up on every call was most of a large
 * document's prose time: one text node, positions and all. Anything that could read as Markdown
 * (see `MARKDOWN_SYNTAX`), or has white space at either end that a paragraph would trim, goes to
 * the parser. A test holds the two equal on random and real texts.
 */
export function plainParagraph(source: string): Root | undefined {
  if (source.length === 0 || MARKDOWN_SYNTAX.test(source) || EDGE_SPACE.test(source)) return undefined;
  let lines = 1;
  let lineStart = 0;
  for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) {
    lines++;
    lineStart = i + 1;
  }
  const position = () => ({ start: { line: 1, column: 1, offset: 0 }, end: { line: lines, column: source.length - lineStart + 1, offset: source.length } });
  return { type: "root", children: [{ type: "paragraph", children: [{ type: "text", value: source, position: position() }], position: position() }], position: position() };
}

/** How remark reads a paragraph of prose, for tests: `plainParagraph` must give the same tree. */
export const parseProseParagraph = (source: string): Root => proseParser.parse(source);

/**
 * Read prose by its text: the same texts come back on every rebuild. The trees are only read
 * (`prose` builds new nodes from them), so they are shared.
 */
const parsedProse = new Memo(4096);
registerProcessCache("parsed-prose", parsedProse);

function parseProse(value: string): readonly ProsePart[] {
  return parsedProse.get(value, () => readProse(value));
}

const SAFE_SCHEMES = new Set(["http", "https", "mailto", "tel"]);

/** True for http(s), mailto and tel addresses and for relative references (no scheme). */
export function isSafeUrl(url: string): boolean {
  // Browsers ignore control characters and spaces inside a scheme; so must the check.
  const squeezed = url.replace(/[\u0000-\u0020\u007f]/g, "");
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(squeezed);
  if (!scheme) return !/^[^/?#]*:/.test(squeezed);
  return SAFE_SCHEMES.has(scheme[1]!.toLowerCase());
}

/** The anchor GitHub (and markdownlint's MD051) derive from a heading's text. */
/** The id of the HTML page's `<main>`, which its skip link targets: no heading or statement takes it. */
export const MAIN_ID = "policy-text";

export function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Mark}\p{Number}\p{Connector_Punctuation}\- ]/gu, "")
    .replace(/ /g, "-");
}

interface StatementRecord {
  readonly node: { data?: { hProperties?: Record<string, unknown> } };
  readonly key: string;
}

/**
 * What writing one section read and did, recorded when a memo is kept (`build --watch`), so that
 * a later build can reuse the section's tree: the parts of the model it read (`rules`,
 * `header.controller`...) with their content then, the statements it registered, and every
 * report it made (also those an earlier section had already made; they are deduplicated again
 * on replay, as they were the first time).
 */
interface SectionRecord<T> {
  /** Each part read, with the digest of its content (`partDigest`). */
  readonly reads: Map<string, string>;
  readonly statements: StatementRecord[];
  readonly reports: RecordedReport[];
  readonly packReports: RecordedReport[];
  result: T;
}

/**
 * The model as the section writers see it when a memo is kept: reading a top-level part (or a
 * field of the header) notes it in the section being written. A view with one getter per
 * property, not a proxy, so that it works on a frozen model too.
 */
function recordingModel(model: PolicyModel, note: (part: string) => void): PolicyModel {
  const view = <T extends object>(target: T, prefix: string, own: Readonly<Record<string, unknown>> = {}): T => {
    const out = {} as T;
    for (const key of Object.keys(target)) {
      const get = Object.prototype.hasOwnProperty.call(own, key)
        ? () => own[key] // a part read through: its own fields are noted
        : () => {
            note(prefix + key);
            return (target as Record<string, unknown>)[key];
          };
      Object.defineProperty(out, key, { enumerable: true, get });
    }
    return out;
  };
  return view(model, "", { header: view(model.header, "header.") });
}

/** Whether an allow never takes effect, by model and rule, as decisionTableOf keeps tables by model. */
const overriddenRules = new WeakMap<PolicyModel, WeakMap<Rule, boolean>>();
/** The part of an allow that reaches recipients (`reachedBy`), by model, rule and recipients. */
const partsReached = new WeakMap<PolicyModel, WeakMap<Rule, Map<string, { readonly categories: readonly string[]; readonly purposes: readonly string[] }>>>();
const NOTHING_REACHED = { categories: [], purposes: [] } as const;
/** The parts of the model a decision of the table depends on, for a section's memo. */
const TABLE_PARTS = ["rules", "assertions", "categories", "purposes", "recipients", "header.jurisdictions"] as const;

const HAS_CONTROL = new RegExp(`[${CONTROL_CHARS}]`);
const CONTROLS = new RegExp(HAS_CONTROL.source, "g");

/**
 * The policy's text as the documents may show it: a control character (ESC, BEL, DEL, C1...)
 * would reach the Markdown raw (a terminal that prints it obeys it) and is a parse error in
 * HTML, so it is shown as U+FFFD, as both formats show NUL.
 */
export function withoutControls(value: string): string {
  return HAS_CONTROL.test(value) ? value.replace(CONTROLS, "\uFFFD") : value;
}

export class DocContext {
  readonly model: PolicyModel;
  readonly lang: string;
  readonly sourceLang: string;
  readonly pack: WordingPack;
  readonly options: EmitOptions;
  /** Problems with the policy's text in this document (missing translations, unsafe links). */
  readonly reports = new Reports();
  private readonly slots: Inline[] = [];
  private readonly slotKeys: string[] = [];
  private readonly statements: StatementRecord[] = [];
  /** The model itself (`model` is a recording view of it when a memo is kept). */
  private readonly source: PolicyModel;
  /** The section being written with a memo, and what it has read and done so far. */
  private recording: SectionRecord<unknown> | undefined;
  /** The wording of the source language, for `inSourceLanguage`; absent in the source language. */
  private readonly sourceWording: (() => WordingPack | undefined) | undefined;
  /** This document in the source language, once made (null: it cannot be). */
  private twin: DocContext | null | undefined;

  constructor(model: PolicyModel, lang: string, pack: WordingPack, options: EmitOptions, sourceWording?: () => WordingPack | undefined) {
    this.source = model;
    this.model = options.memo ? recordingModel(model, (part) => this.touch(part)) : model;
    this.lang = lang;
    this.sourceLang = model.header.languages[0] ?? "en";
    this.pack = pack;
    this.options = options;
    this.sourceWording = sourceWording;
  }

  /**
   * This document as written in the policy's source language, for what is decided once for
   * every language, where the author wrote it (whether prose repeats its statement): a context
   * of its own, without memo or source notes, whose reports go nowhere (the source document
   * makes them). Null in the source language itself, or when its wording cannot be loaded.
   */
  inSourceLanguage(): DocContext | null {
    if (this.twin === undefined) {
      const pack = this.lang === this.sourceLang ? undefined : this.sourceWording?.();
      const { memo: _memo, withSources: _withSources, ...options } = this.options;
      this.twin = pack ? new DocContext(this.source, this.sourceLang, pack, options) : null;
    }
    return this.twin;
  }

  // ---- reuse between builds ---------------------------------------------------------------------

  /** Notes that the section being written depends on a part of the model (`categories`, `header.dpo`). */
  private touch(part: string): void {
    const r = this.recording;
    if (r && !r.reads.has(part)) r.reads.set(part, partDigest(this.source, part));
  }

  /**
   * Writes a section, or with a memo reuses the one written by an earlier build when every part
   * of the model it read is unchanged (same language, templates and options), replaying its
   * statements and reports. Without a memo, or with templates read from outside their folders,
   * it simply writes.
   */
  written<T>(id: string, write: () => T): T {
    const memo = this.options.memo;
    const packId = this.pack.identity;
    // a section in another language depends on the source language's wording too (`inSourceLanguage`)
    const sourcePackId = this.lang === this.sourceLang || !this.sourceWording ? "" : (this.sourceWording()?.identity ?? "none");
    if (!memo || packId === null || sourcePackId === null || this.recording) return write();
    // One entry per section of each policy (a project can build several with one memo).
    const policy = this.source.header.source.file;
    const key = ["doc-section", policy, id, this.lang, this.sourceLang, packId, sourcePackId, this.options.withSources ? "sources" : ""].join("\u0000");
    let fresh = false;
    const record = memo.getValid<SectionRecord<T>>(
      key,
      (r) => [...r.reads].every(([part, digest]) => partDigest(this.source, part) === digest),
      () => {
        fresh = true;
        const r: SectionRecord<T> = { reads: new Map(), statements: [], reports: [], packReports: [], result: undefined as T };
        this.recording = r as SectionRecord<unknown>;
        this.reports.recording = r.reports;
        this.pack.reports.recording = r.packReports;
        try {
          r.result = write();
        } finally {
          this.recording = undefined;
          this.reports.recording = undefined;
          this.pack.reports.recording = undefined;
        }
        return r;
      },
    );
    if (!fresh) {
      pushAll(this.statements, record.statements);
      for (const { key: k, diagnostic } of record.reports) this.reports.replay(k, diagnostic);
      for (const { key: k, diagnostic } of record.packReports) this.pack.reports.replay(k, diagnostic);
    }
    return record.result;
  }

  /**
   * Whether an allow never takes effect, a deny overriding it everywhere (PC3014): the document
   * leaves such a rule out rather than promise what the guards refuse. It depends on every rule
   * and on the hierarchies, so the section asking is noted as reading them.
   */
  overridden(rule: Rule): boolean {
    if (rule.effect !== "allow") return false;
    for (const part of TABLE_PARTS) this.touch(part);
    // asked by several sections, in every language, of the same rule of the same model
    let byRule = overriddenRules.get(this.source);
    if (!byRule) overriddenRules.set(this.source, (byRule = new WeakMap()));
    let known = byRule.get(rule);
    if (known === undefined) byRule.set(rule, (known = overridingDeny(decisionTableOf(this.source), rule) !== null));
    return known;
  }

  /**
   * The leaf categories and purposes of an allow of a flow by which the guards let data through to
   * one of `recipients`: under some facts, in some cell of the rule's scope, it decides (as
   * `allowsSome` says of a cell). Empty where denies or earlier exceptions override it everywhere;
   * a deny that overrides part of the rule (`deny share location with ads`) leaves the rest. Like
   * `overridden`, it depends on every rule and the hierarchies.
   */
  reachedBy(rule: Rule, recipients: readonly string[]): { readonly categories: readonly string[]; readonly purposes: readonly string[] } {
    if (rule.effect !== "allow") return NOTHING_REACHED;
    for (const part of TABLE_PARTS) this.touch(part);
    // asked for each recipient row, in every language, of the same rule of the same model
    let byRule = partsReached.get(this.source);
    if (!byRule) partsReached.set(this.source, (byRule = new WeakMap()));
    let known = byRule.get(rule);
    if (!known) byRule.set(rule, (known = new Map()));
    const key = recipients.join("\u0000");
    let answer = known.get(key);
    if (answer === undefined) {
      const to = recipients.filter((r) => rule.recipients.includes(r));
      const kept = allowedParts(decisionTableOf(this.source), rule.id, { action: rule.action, categories: rule.categories, purposes: rule.purposes, recipients: to });
      known.set(key, (answer = { categories: rule.categories.filter((c) => kept.categories.has(c)), purposes: rule.purposes.filter((p) => kept.purposes.has(p)) }));
    }
    return answer;
  }

  // ---- wording --------------------------------------------------------------------------------

  label(path: string): string {
    return this.pack.label(path);
  }

  /**
   * Hands inline nodes to a template as an opaque placeholder. The template can place it, list
   * it or quote it, but never sees (or rewrites) the text inside.
   */
  slot(nodes: Inline): string {
    this.slots.push(nodes);
    const key = placeholderKey();
    this.slotKeys.push(key);
    return placeholder(this.slots.length - 1, key);
  }

  /** Renders a sentence template and swaps its placeholders back for their nodes. */
  say(name: string, data: TemplateData): Inline {
    const rendered = this.pack.render(name, data);
    const out: Inline = [];
    let last = 0;
    for (const m of rendered.matchAll(PLACEHOLDER)) {
      if (m.index > last) out.push(text(withoutMarks(rendered.slice(last, m.index))));
      // a placeholder the template put together itself names no slot: it writes nothing
      const n = Number(m[2]);
      const nodes = this.slotKeys[n] === m[3] ? this.slots[n] : undefined;
      if (nodes) {
        const copy = cloneTree(nodes);
        if (m[1] !== undefined) upperFirst(copy);
        pushAll(out, copy);
      }
      last = m.index + m[0].length;
    }
    if (last < rendered.length) out.push(text(withoutMarks(rendered.slice(last))));
    return mergeText(noDoubleStop(out));
  }

  /** `say` as a paragraph, or null when the template rendered nothing. */
  para(name: string, data: TemplateData): Paragraph | null {
    const nodes = this.say(name, data);
    return nodes.length > 0 ? paragraph(nodes) : null;
  }

  // ---- the policy's text ------------------------------------------------------------------------

  /** The text in this document's language; `untranslated` when the source text stands in. */
  resolve(lt: LText, at: Where): { readonly value: string; readonly untranslated: boolean } {
    const r = this.resolveText(lt, at);
    const value = withoutControls(r.value);
    return value === r.value ? r : { ...r, value };
  }

  private resolveText(lt: LText, at: Where): { readonly value: string; readonly untranslated: boolean } {
    if (this.lang === this.sourceLang) return { value: lt.text, untranslated: false };
    const own = translation(lt, this.lang);
    if (own !== undefined) return { value: own, untranslated: false };
    // The standard taxonomy ships with the compiler; its translations ship with the packs. A
    // declaration that refines a standard one keeps the translations of the texts it inherits.
    if (lt.std === true && this.sourceLang === "en") {
      const std = this.pack.taxonomy(lt.text);
      if (std !== undefined) return { value: std, untranslated: false };
    }
    this.reports.report(`${at.decl}|${at.field}`, () =>
      locatedAt(
        createDiagnostic(
          "PC5001",
          { lang: this.lang, source: this.sourceLang, field: at.field, decl: at.decl, at: `\`${fileLine(at.at)}\`` },
          undefined,
        ),
        at.at,
      ),
    );
    return { value: lt.text, untranslated: true };
  }

  /**
   * Text for one line (labels, examples, table cells): whitespace runs fold to one space, and an
   * email address is a `mailto:` link, as it is in prose (GFM's autolinks): "How to exercise it:
   * email privacy@acme.example" can be clicked wherever it is written.
   */
  textNodes(lt: LText, at: Where): Inline {
    const { value, untranslated } = this.resolve(lt, at);
    const folded = withEmailLinks(value.replace(/\s+/g, " ").trim());
    return untranslated ? this.markUntranslated(folded) : folded;
  }

  /** `textNodes` as a template placeholder. */
  t(lt: LText, at: Where): string {
    return this.slot(this.textNodes(lt, at));
  }

  /**
   * A text that reads the same in every language (a name: "Acme Notes GmbH", "Berliner
   * Beauftragte für Datenschutz"; a postal address), as a placeholder: its translation when the
   * policy gives one, else the text as written, neither reported nor marked as untranslated.
   * Marking a postal address "(not translated)" in the published policy said nothing true.
   */
  asWritten(lt: LText | null | undefined): string | null {
    if (!lt) return null;
    return this.slot([text(withoutControls((translation(lt, this.lang) ?? lt.text).replace(/\s+/g, " ").trim()))]);
  }

  tOpt(lt: LText | null, at: Where): string | null {
    return lt ? this.t(lt, at) : null;
  }

  /** A list of texts as placeholders (for `{{list ...}}`). */
  tList(lts: readonly LText[], kind: string, id: string, field: string, ref: SourceRef): string[] {
    return lts.map((lt, i) => this.t(lt, where(kind, id, lts.length > 1 ? `\`${field}\` (item ${i + 1})` : `\`${field}\``, ref)));
  }

  /**
   * A web, mail or phone address as a link whose text is the address itself. Anything that is
   * not a safe address (a `javascript:` URL) is shown as text and reported.
   */
  url(lt: LText, at: Where, kind: "url" | "email" | "phone" = "url"): string {
    // Addresses are the same in every language unless the policy gives a localised one.
    const value = withoutControls((translation(lt, this.lang) ?? lt.text).replace(/\s+/g, " ").trim());
    let href: string | null = null;
    if (kind === "email") href = /^[^\s@<>()"]+@[^\s@<>()"]+$/.test(value) ? `mailto:${value}` : null;
    // Only text that reads as a phone number is dialled: digits, an optional leading `+`, spaces,
    // dots, dashes, slashes and parentheses (`+49 (30) 123-456`). Anything else stays text.
    else if (kind === "phone") href = /^\+?[\d ().\/-]+$/.test(value) && /\d/.test(value) ? `tel:${value.replace(/[^+\d]/g, "")}` : null;
    else if (isSafeUrl(value)) href = value;
    else this.reportUnsafe(value, at);
    // A phone number must not wrap: non-breaking spaces and hyphens (html-validate `tel-non-breaking`).
    const shown = kind === "phone" ? value.replace(/ /g, "\u00a0").replace(/-/g, "\u2011") : value;
    return this.slot(href ? [link(href, [text(shown)])] : [text(shown)]);
  }

  urlOpt(lt: LText | null, at: Where, kind: "url" | "email" | "phone" = "url"): string | null {
    return lt ? this.url(lt, at, kind) : null;
  }

  /**
   * Prose is inline Markdown: emphasis, code and links work; raw HTML, images and anything
   * block-level come out as the literal text the author wrote. One paragraph per Markdown
   * paragraph, each a statement of `ref`.
   */
  prose(lt: LText | null, at: Where, key: string): Paragraph[] {
    if (!lt) return [];
    const { value, untranslated } = this.resolve(lt, at);
    const out: Paragraph[] = [];
    for (const part of parseProse(value)) {
      for (const inline of this.proseParagraphs(part, at, !untranslated)) {
        const nodes = untranslated ? this.markUntranslated(inline) : inline;
        const p = paragraph(mergeText(nodes));
        if (untranslated) p.data = { hProperties: { lang: this.sourceLang } };
        out.push(this.statement(p, `${key}-prose`, [at.at]));
      }
    }
    return out;
  }

  /** The paragraph(s) of one blank-line-separated part of a prose text; `own`: in this document's language. */
  private proseParagraphs(part: ProsePart, at: Where, own: boolean): Inline[] {
    const { source } = part;
    if ("tooMuch" in part) {
      // a translation is named as one: it is not the text at `at`
      const whose = own && this.lang !== this.sourceLang ? `the \`${this.lang}\` translation of the ${at.field}` : `the ${at.field}`;
      this.reports.report(null, () =>
        locatedAt(createDiagnostic("PC5012", { reason: part.tooMuch, text: whose, decl: at.decl, at: `\`${fileLine(at.at)}\`` }, undefined), at.at),
      );
      return [[text(source.trim().replace(/\s+/g, " "))]];
    }
    // with the block constructs off every block is a paragraph; anything else would still be
    // shown as its text rather than lost
    return part.tree.children.map((block) =>
      block.type === "paragraph" ? this.cleanInline(block.children, source, at) : [text(slice(source, block).replace(/\s*\n\s*/g, " "))],
    );
  }

  private cleanInline(nodes: readonly PhrasingContent[], source: string, at: Where): Inline {
    const out: Inline = [];
    for (const n of nodes) {
      switch (n.type) {
        case "text":
          // A line break inside a paragraph is a space; the output keeps one paragraph per line.
          out.push(text(n.value.replace(/[ \t]*\n[ \t]*/g, " ")));
          break;
        case "inlineCode":
          out.push({ type: "inlineCode", value: n.value });
          break;
        case "break":
          out.push({ type: "break" });
          break;
        case "emphasis":
        case "strong":
        case "delete":
          out.push({ type: n.type, children: this.cleanInline(n.children, source, at) } as PhrasingContent);
          break;
        case "link":
          if (isSafeUrl(n.url)) out.push(link(n.url, this.cleanInline(n.children, source, at)));
          else {
            this.reportUnsafe(n.url, at);
            out.push(text(slice(source, n)));
          }
          break;
        case "html":
          // Raw HTML never passes: it is shown as the text the author typed.
          out.push(text(n.value));
          break;
        default:
          // Images (external resources), references without definitions, footnotes: literal.
          out.push(text(slice(source, n)));
      }
    }
    return mergeText(out);
  }

  private reportUnsafe(url: string, at: Where): void {
    this.reports.report(null, () =>
      locatedAt(
        createDiagnostic(
          "PC5005",
          { url: url.replace(/`/g, "'"), field: at.field, decl: at.decl, at: `\`${fileLine(at.at)}\`` },
          undefined,
        ),
        at.at,
      ),
    );
  }

  /** Source-language text in another language's document: `lang` in HTML and a visible note. */
  markUntranslated(nodes: Inline): Inline {
    // the note goes before a closing full stop: "... Privacy (nicht übersetzt).", not "Privacy. (nicht übersetzt)."
    const last = nodes[nodes.length - 1];
    const stop = last !== undefined && last.type === "text" && !last.data && /[^.]\.$/.test(last.value);
    const body: Inline = stop ? [...nodes.slice(0, -1), { ...last, value: last.value.slice(0, -1) }] : nodes;
    const marked: Inline = body.map((n) =>
      n.type === "text" && !n.data ? span(n.value, "untranslated", { lang: this.sourceLang }) : n,
    );
    return [...marked, span(` ${this.label("untranslated")}`, "untranslated-mark"), ...(stop ? [text(".")] : [])];
  }

  // ---- structure ----------------------------------------------------------------------------------

  /** A heading; its anchor is assigned by `finish`, in document order. */
  heading(depth: Heading["depth"], children: Inline, className?: string): Heading {
    const h = heading(depth, children);
    h.data = { hProperties: className ? { className: [className] } : {} };
    return h;
  }

  /**
   * Marks a node as one statement of the policy: in HTML it gets an `id`. With `withSources`
   * the HTML element also gets `data-source="file:line"` and the Markdown (and HTML) text ends
   * in ` [file:line]`; without, the published page names no source file (a project's folder
   * layout is no business of the public). Ids are assigned in `finish`, after every heading
   * anchor is known.
   */
  statement<T extends Paragraph | ListItem | TableRow>(node: T, key: string, refs: readonly SourceRef[]): T {
    const sources = [...new Set(refs.map(fileLine))];
    const shown = this.options.withSources === true && sources.length > 0;
    // a properties object of its own: `finish` writes the statement's id into it
    node.data = { ...(node.data ?? {}), hProperties: { ...(node.data?.hProperties ?? {}), ...(shown ? { dataSource: sources.join(" ") } : {}) } };
    if (shown) {
      const target = lastParagraphOf(node);
      target?.push(span(` [${sources.join(", ")}]`, "source"));
    }
    const record = { node: node as StatementRecord["node"], key };
    this.statements.push(record);
    this.recording?.statements.push(record);
    return node;
  }

  /**
   * Gives every heading of `root` (in document order) the anchor GitHub would give it,
   * deduplicated the same way (`-1`, `-2`), and then every statement a unique id that no heading
   * anchor uses.
   */
  finish(root: Root): void {
    // the page's own ids (the skip link's target) are taken before any heading's
    const counts = new Map<string, number>([[MAIN_ID, 1]]);
    const used = new Set<string>([MAIN_ID]);
    for (const node of root.children) {
      if (node.type !== "heading") continue;
      let base = slug(plainText(node));
      // HTML ids must start with a letter (html-validate `valid-id`).
      if (!/^\p{L}/u.test(base)) base = `h-${base}`;
      const count = counts.get(base) ?? 0;
      counts.set(base, count + 1);
      const id = count === 0 ? base : `${base}-${count}`;
      used.add(id);
      const had = node.data?.hProperties?.id;
      if (had !== undefined && had !== id) markRewritten();
      node.data = { ...(node.data ?? {}), hProperties: { ...(node.data?.hProperties ?? {}), id } };
    }
    for (const s of this.statements) {
      let base = s.key.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
      if (!/^[A-Za-z]/.test(base)) base = `s-${base}`;
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
      // a statement of a section reused from an earlier build had an id (see digests.ts)
      const had = s.node.data!.hProperties!.id;
      if (had !== undefined && had !== id) markRewritten();
      s.node.data!.hProperties!.id = id;
    }
  }
}

/**
 * A template ends a sentence with "." after the policy's text, which may end in a full stop
 * already: "...services." + "." would print "..". The template's stop is dropped then.
 */
function noDoubleStop(nodes: Inline): Inline {
  return nodes.map((n, i) => {
    const prev = nodes[i - 1];
    if (n.type === "text" && !n.data && n.value.startsWith(".") && prev && /[.!?\u2026]$/.test(plainText(prev).trimEnd())) {
      return text(n.value.slice(1));
    }
    return n;
  });
}

/**
 * The policy's text made to begin a sentence (`{{upperFirst x}}` on a placeholder): the first
 * character of its first text in upper case, in place. Only that letter changes; the nodes stay
 * text (and spans) and are escaped as before.
 */
function upperFirst(nodes: Inline): boolean {
  for (const n of nodes as unknown[]) {
    const node = n as { type?: unknown; value?: unknown; children?: Inline };
    if (typeof node.value === "string") {
      if (node.value === "") continue;
      // code begins the sentence as written
      if (node.type === "text") node.value = node.value.charAt(0).toUpperCase() + node.value.slice(1);
      return true;
    }
    if (Array.isArray(node.children) && upperFirst(node.children)) return true;
  }
  return false;
}

/** An email address as GFM's autolink literal finds one (a word character before `@` ends it). */
const EMAIL = /(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])/g;

/** Text with each email address in it as a `mailto:` link. */
function withEmailLinks(value: string): Inline {
  const out: Inline = [];
  let last = 0;
  for (const m of value.matchAll(EMAIL)) {
    if (m.index > last) out.push(text(value.slice(last, m.index)));
    out.push(link(`mailto:${m[0]}`, [text(m[0])]));
    last = m.index + m[0].length;
  }
  if (last < value.length || out.length === 0) out.push(text(value.slice(last)));
  return out;
}

/** The plain text of a node (what a heading's anchor is derived from). */
export function plainText(node: object): string {
  if ("value" in node && typeof node.value === "string") return node.value;
  return "children" in node && Array.isArray(node.children) ? node.children.map((c: object) => plainText(c)).join("") : "";
}

function slice(source: string, node: { position?: { start: { offset?: number }; end: { offset?: number } } }): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start !== undefined && end !== undefined ? source.slice(start, end) : "";
}

/** Where a source note goes: the end of a paragraph, of a list item's first paragraph, of a row's last cell. */
function lastParagraphOf(node: Paragraph | ListItem | TableRow): Inline | undefined {
  if (node.type === "paragraph") return node.children;
  if (node.type === "tableRow") return node.children[node.children.length - 1]?.children;
  const first = node.children[0];
  return first?.type === "paragraph" ? first.children : undefined;
}

