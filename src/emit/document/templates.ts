/**
 * Wording packs for the document emitter: one folder per language with a Handlebars template per
 * kind of statement (`templates/<lang>/<name>.hbs`) and the vocabulary (`labels.json`: headings,
 * basis names, recipient types...). A project can override any file from its own templates folder
 * (same relative names); whatever it does not override comes from the built-in pack.
 *
 * Templates produce plain text. They never see the policy's own text: every piece of it is passed
 * as an opaque placeholder (see `DocContext.slot`) that the emitter swaps back for mdast nodes after
 * rendering, so no template and no policy text can produce markup (`upperFirst` can only ask for
 * its first letter in upper case). Handlebars runs isolated
 * (`Handlebars.create()`), in strict mode (a misspelled field is an error, not an empty string),
 * without HTML escaping (escaping is the job of remark and rehype) and on prototype-free objects.
 *
 * Compiled packs outlive a build (`CompiledPack`): each build reads the pack's files again and
 * reuses the compiled templates only when every file has the same content, so a watch rebuild
 * compiles nothing unless a template or labels file changed. Diagnostics stay per build.
 */
import { readTextFile } from "../../util/read-text.js";
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { suggest } from "../../util/suggest.js";
import { shownPath } from "../../util/shown-path.js";
import { jsonParseError, jsonSpan, withoutBom } from "../../util/json-error.js";
import { createRequire } from "node:module";
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { LineMap, lineColumn } from "../../diagnostics/source.js";
import { wholeFile, type Span } from "../../syntax/ast.js";
import { BIDI_CONTROLS, CONTROL_CHARS } from "../../util/bidi.js";
import { Reports } from "./reports.js";
import type { Duration } from "../../model/types.js";
import { registerProcessCache } from "../../util/memo.js";
import { builtinTemplatesDir, packDirs } from "./packs.js";
import { explainTemplateSyntax, templateMisuse } from "./template-syntax.js";
import { PRECOMPILED_HELPERS, precompiledTemplates } from "./templates.compiled.js";

// handlebars is CommonJS with `export =`; without esModuleInterop it is loaded through require.
const Handlebars = createRequire(import.meta.url)("handlebars") as typeof import("handlebars");

/** How a placeholder for the policy's text begins in a template's output (see `DocContext.slot`). */
export const SLOT_OPEN = "\uE000";
/** The mark `upperFirst` puts before a placeholder: the text it holds begins a sentence. */
export const UPPER_FIRST = "\uE002";

/**
 * The policy's texts reach a template as placeholders (`DocContext.slot`): U+E000, the slot's
 * number, `.`, the slot's key, U+E001. The key is random per slot: a template that takes a
 * placeholder apart (`{{lookup name 0}}` yields its characters) can put together only placeholders
 * it was given, never another slot's. Its characters are private-use ones (U+E100-U+E1FF), shown,
 * like the marks, as U+FFFD wherever one is left over, so that what a template makes of them is
 * the same on every run.
 */
const KEY_FIRST = 0xe100;
const KEY_CHARS = 256;
const KEY_LENGTH = 8;
/** A placeholder, and before it `upperFirst`'s mark when it has one: 1 the mark, 2 the slot, 3 its key. */
export const PLACEHOLDER = /(\uE002)?\uE000(\d+)\.([\uE100-\uE1FF]+)\uE001/g;

/** The placeholder of slot `n`, with its `key` (`placeholderKey`). */
export function placeholder(n: number, key: string): string {
  return `${SLOT_OPEN}${n}.${key}\uE001`;
}

/** A new slot's key. */
export function placeholderKey(): string {
  let key = "";
  for (let i = 0; i < KEY_LENGTH; i++) key += String.fromCharCode(KEY_FIRST + Math.floor(Math.random() * KEY_CHARS));
  return key;
}

/** The characters of placeholders: the marks U+E000-U+E002 and the key characters, as a regular-expression class body. */
const MARK_CHARS = "\\uE000-\\uE1FF";
const MARKS = new RegExp(`[${MARK_CHARS}]`, "g");

/** A placeholder's mark or key character left outside a placeholder (one a template took apart): U+FFFD. */
export function withoutMarks(value: string): string {
  return value.replace(MARKS, "\uFFFD");
}

/**
 * A message about a template's run as the same on every run: a placeholder it quotes (a helper
 * given a text: "no label `...`") named as what it stands for, not with its random key, and any
 * mark or key character left of one taken apart as U+FFFD.
 */
export function withoutPlaceholders(message: string): string {
  return withoutMarks(message.replace(PLACEHOLDER, "a text of the policy"));
}

/** A value a template may receive: text, flags, numbers, lists and records of those. */
export type TemplateValue = string | number | boolean | null | readonly TemplateValue[] | { readonly [key: string]: TemplateValue };
export type TemplateData = { readonly [key: string]: TemplateValue };

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isRecord(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * What a template or label may not write, shown as U+FFFD instead: the marks the document puts
 * around the policy's texts in template output, U+E000 and U+E001 (`DocContext.slot`), with which a
 * template could place another statement's text anywhere; control characters (ESC, BEL, NUL, DEL,
 * C1; tab and line breaks stay), which reach the Markdown raw (a terminal that prints it obeys
 * them) and break the HTML, as the policy's own texts show them (`withoutControls`); and the
 * bidirectional overrides and isolates, which reorder what a reader sees (the lexer refuses them
 * in a policy).
 */
const UNSAFE = new RegExp(`[${MARK_CHARS}${CONTROL_CHARS}${BIDI_CONTROLS}]`);
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");

function withoutUnsafe(value: Json): Json {
  if (typeof value === "string") return UNSAFE.test(value) ? value.replace(UNSAFE_ALL, "\uFFFD") : value;
  if (Array.isArray(value)) return value.map(withoutUnsafe);
  if (isRecord(value)) {
    const out = Object.create(null) as { [key: string]: Json };
    for (const [k, v] of Object.entries(value)) out[k] = withoutUnsafe(v);
    return out;
  }
  return value;
}

/** Deep merge of two parsed `labels.json` files; `over` wins key by key. */
function merge(base: Json, over: Json): Json {
  if (!isRecord(base) || !isRecord(over)) return over;
  // No prototype: a `__proto__` key in a project's labels.json stays an ordinary key.
  const out = Object.create(null) as { [key: string]: Json };
  for (const [k, v] of Object.entries(base)) out[k] = v;
  for (const [k, v] of Object.entries(over)) out[k] = Object.prototype.hasOwnProperty.call(out, k) ? merge(out[k]!, v) : v;
  return out;
}

function lookup(labels: Json, path: string): Json | undefined {
  let cur: Json | undefined = labels;
  for (const part of path.split(".")) {
    if (!isRecord(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/**
 * The prototype of template data: no named properties at all, so templates see only what we
 * pass. Handlebars' strict-mode error message concatenates the object; a symbol (which no
 * template can name) lets that work without giving templates anything to look up. One shared
 * prototype instead of a property per object keeps the objects in V8's fast mode.
 */
const PLAIN = Object.create(null, { [Symbol.toPrimitive]: { value: () => "the data passed to the template" } }) as object;

/** Copies template data into objects whose only prototype is `PLAIN`. */
function plain(value: TemplateValue): unknown {
  if (Array.isArray(value)) return value.map((v: TemplateValue) => plain(v));
  if (typeof value === "object" && value !== null) {
    const out = Object.create(PLAIN) as Record<string, unknown>;
    for (const k of Object.keys(value)) out[k] = plain((value as Record<string, TemplateValue>)[k]!);
    return out;
  }
  return value;
}

export interface PackOptions {
  readonly lang: string;
  /** The project's override folder (`<dir>/<lang>/...`), if any. */
  readonly overrideDir?: string;
  readonly builtinDir?: string;
  /**
   * Folders already read in this build, by path (the emitter shares one between its languages,
   * so the English fallback pack is read once, not once per language).
   */
  readonly folders?: Map<string, FolderFiles>;
  /** Paths in messages are shown relative to this folder (default: the current directory). */
  readonly cwd?: string;
}

/** A folder's template and labels files by path; an Error for one that exists but cannot be read. */
export type FolderFiles = ReadonlyMap<string, string | Error>;

/** The files a pack may read: every template and labels file of its folders, read once per build. */
interface PackFiles {
  /** The folders templates are looked up in, the project's first. */
  readonly dirs: readonly string[];
  readonly englishDir: string;
  /** By path; an Error for a file that exists but cannot be read (thrown or reported on use). */
  readonly files: ReadonlyMap<string, string | Error>;
}

const PACK_FILE = /\.hbs$|^labels\.json$/;

function realPathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

function readFolder(dir: string): FolderFiles {
  const files = new Map<string, string | Error>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return files; // no folder: every file in it is absent
  }
  // a file of the pack is read only where it really lies inside the templates folder (links
  // between language folders are fine): a link committed there cannot put another file of the
  // machine into the published policy, or its lines into an error in a CI log
  const folder = realPathOrUndefined(dirname(dir));
  for (const name of names) {
    if (!PACK_FILE.test(name)) continue;
    const path = join(dir, name);
    const real = realPathOrUndefined(path);
    if (real !== undefined && folder !== undefined && !real.startsWith(folder + sep)) {
      files.set(path, new Error(`it is a link leading outside the templates folder, to \`${real.split(sep).join("/")}\``));
      continue;
    }
    try {
      files.set(path, readTextFile(path));
    } catch (error) {
      // A dangling link is absent (as `existsSync` says); anything else exists but is unreadable.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      files.set(path, error instanceof Error ? error : new Error(String(error)));
    }
  }
  return files;
}

/**
 * The folders of the package's own templates, read once per process: they are part of the
 * installed tool like its code, and no build watches them. A watch session read all 134 files
 * again on every rebuild. Only the default built-in folder is kept (`builtinDir` not given), so
 * that a folder passed in (tests, tools) is read afresh each time.
 */
const installedFolders = new Map<string, FolderFiles>();
registerProcessCache("installed-template-folders", installedFolders);

function readPackFiles(dirs: readonly string[], englishDir: string, folders: Map<string, FolderFiles> = new Map(), installed?: string): PackFiles {
  const files = new Map<string, string | Error>();
  for (const dir of new Set([...dirs, englishDir])) {
    let folder = folders.get(dir);
    if (!folder && installed !== undefined && dirname(dir) === installed) {
      folder = installedFolders.get(dir);
      if (!folder) installedFolders.set(dir, (folder = readFolder(dir)));
      folders.set(dir, folder);
    }
    if (!folder) folders.set(dir, (folder = readFolder(dir)));
    for (const [path, content] of folder) files.set(path, content);
  }
  return { dirs, englishDir, files };
}

function samePackFiles(a: PackFiles, b: PackFiles): boolean {
  if (a.englishDir !== b.englishDir || a.dirs.length !== b.dirs.length || a.files.size !== b.files.size) return false;
  if (a.dirs.some((d, i) => d !== b.dirs[i])) return false;
  for (const [path, x] of a.files) {
    const y = b.files.get(path);
    if (y === undefined) return false;
    if (typeof x === "string" || typeof y === "string" ? x !== y : x.message !== y.message) return false;
  }
  return true;
}

/** One template as compiled: the function (null when it does not compile) and what to report. */
interface TemplateEntry {
  readonly fn: Handlebars.TemplateDelegate | null;
  /** The language has no such template: the English one is used (PC5003). */
  readonly fallback: boolean;
  /** Read from the project's templates folder, not from the built-in ones. */
  readonly override: boolean;
  /** Why it does not compile (PC5004). */
  readonly error?: string;
  /** The file it was read from (absolute), named in a PC5004. */
  readonly file?: string;
  /** Where in the file it fails to parse (1-based; no column when Handlebars gives only the line). */
  readonly at?: { readonly line: number; readonly column?: number };
  /** The first part of every path the template names (`bases` for `{{#each bases}}`). */
  readonly names: ReadonlySet<string>;
  /** The first part of every field it writes out (not only tests): what PC5010 compares. */
  readonly printed: ReadonlySet<string>;
  /** The fields it reads in its own context (`fieldPaths`), as path segments, checked against what it is given. */
  readonly fields: readonly (readonly string[])[];
  /** Where each of `fields` is first named (by dotted path), for the span of a PC5004. */
  readonly fieldAt: ReadonlyMap<string, TemplateLoc>;
}

/** A place in a template as Handlebars gives it: 1-based lines, 0-based columns. */
export interface TemplateLoc {
  readonly start: { readonly line: number; readonly column: number };
  readonly end: { readonly line: number; readonly column: number };
}

/** The first part of every path expression in a parsed template (helpers' names included). */
function pathHeads(node: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const x of node) pathHeads(x, out);
  } else if (node !== null && typeof node === "object") {
    const n = node as { type?: unknown; parts?: unknown };
    if (n.type === "PathExpression" && Array.isArray(n.parts) && typeof n.parts[0] === "string") out.add(n.parts[0]);
    for (const [key, value] of Object.entries(node)) if (key !== "loc") pathHeads(value, out);
  }
  return out;
}

/** How deep `{{#...}}` blocks may nest in a template (the built-in ones nest three). */
const MAX_BLOCK_DEPTH = 32;

/** Where a block opens deeper than MAX_BLOCK_DEPTH, counting `{{#` (and `{{^`) against `{{/`; undefined when none does. */
function tooDeepBlock(source: string): { line: number; column: number } | undefined {
  let depth = 0;
  for (const m of source.matchAll(/\{\{~?\s*([#^/])/g)) {
    const standaloneElse = m[1] === "^" && /^\{\{~?\s*\^\s*~?\}\}/.test(source.slice(m.index));
    if (standaloneElse) continue;
    depth += m[1] === "/" ? -1 : 1;
    if (depth > MAX_BLOCK_DEPTH) {
      const { line, column } = lineColumn(source, m.index);
      return { line, column };
    }
  }
  return undefined;
}

/** Handlebars' own helpers, which a template may call besides ours. */
const BUILTIN_HELPERS = new Set(["if", "unless", "each", "with", "lookup", "log", "helperMissing", "blockHelperMissing"]);

/**
 * The fields a template reads in its own context, as dotted paths (`act.share`, `purposes`):
 * strict mode catches a misspelled `{{field}}`, but in `#if`, `#unless`, `#each` or as a helper's
 * argument a misspelled name is silently empty ("We will never  your information"). Paths inside
 * `#each` and `#with` (another context), `this...`, `../...` and `@...` are not collected; a name
 * called as a helper is not a field.
 */
function fieldPaths(node: unknown, helpers: ReadonlySet<string>, out: Map<string, TemplateLoc> = new Map()): Map<string, TemplateLoc> {
  if (Array.isArray(node)) {
    for (const x of node) fieldPaths(x, helpers, out);
    return out;
  }
  if (node === null || typeof node !== "object") return out;
  const n = node as { type?: string; path?: unknown; params?: unknown[]; hash?: unknown; program?: unknown; inverse?: unknown; body?: unknown; parts?: unknown; original?: unknown; data?: unknown };
  const field = (p: unknown) => {
    const path = p as { type?: string; parts?: unknown; original?: unknown; data?: unknown; loc?: TemplateLoc };
    if (path.type !== "PathExpression" || path.data === true || !Array.isArray(path.parts) || path.parts.length === 0) return;
    const original = String(path.original);
    if (original.startsWith("this") || original.startsWith("..") || original.startsWith("@")) return;
    const key = (path.parts as string[]).join(".");
    // the first place it is named: Handlebars walks the template in order
    if (!out.has(key)) out.set(key, path.loc ?? { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } });
  };
  const args = (params: unknown, hash: unknown) => {
    for (const p of (params as unknown[] | undefined) ?? []) p && (p as { type?: string }).type === "PathExpression" ? field(p) : fieldPaths(p, helpers, out);
    const pairs = (hash as { pairs?: { value: unknown }[] } | undefined)?.pairs ?? [];
    for (const pair of pairs) (pair.value as { type?: string }).type === "PathExpression" ? field(pair.value) : fieldPaths(pair.value, helpers, out);
  };
  const head = (p: unknown) => String((p as { original?: unknown }).original ?? "");
  switch (n.type) {
    case "Program":
      fieldPaths(n.body, helpers, out);
      break;
    case "MustacheStatement":
    case "SubExpression": {
      const called = (n.params?.length ?? 0) > 0 || helpers.has(head(n.path));
      if (!called) field(n.path);
      args(n.params, n.hash);
      lookedUp(n, out);
      break;
    }
    case "BlockStatement": {
      args(n.params, n.hash);
      const name = head(n.path);
      if (name !== "each" && name !== "with") fieldPaths(n.program, helpers, out);
      fieldPaths(n.inverse, helpers, out);
      break;
    }
    default:
      break;
  }
  return out;
}

/**
 * `{{lookup this "field"}}` and `{{lookup act "share"}}` name a field as surely as `{{field}}`
 * and `{{act.share}}` do: a misspelled one rendered as nothing, silently.
 */
function lookedUp(n: { path?: unknown; params?: unknown[] }, out: Map<string, TemplateLoc>): void {
  if (String((n.path as { original?: unknown } | undefined)?.original ?? "") !== "lookup" || n.params?.length !== 2) return;
  const [of, key] = n.params as [{ type?: string; original?: unknown; parts?: unknown; data?: unknown }, { type?: string; value?: unknown; loc?: TemplateLoc }];
  if (key.type !== "StringLiteral" || typeof key.value !== "string" || of.type !== "PathExpression" || of.data === true) return;
  const original = String(of.original);
  if (original.startsWith("..") || original.startsWith("@")) return;
  const base = original === "this" || original === "." ? [] : original.startsWith("this") ? null : (of.parts as string[]);
  if (base === null || !Array.isArray(base)) return;
  const path = [...base, key.value].join(".");
  if (!out.has(path)) out.set(path, key.loc ?? { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } });
}

/** Whether a block's body writes out anything (`{{...}}`, at any depth), not only text. */
function writesAnything(program: unknown): boolean {
  const body = (program as { body?: unknown[] } | null | undefined)?.body ?? [];
  return body.some((s) => {
    const n = s as { type?: string; program?: unknown; inverse?: unknown };
    return n.type === "MustacheStatement" || (n.type === "BlockStatement" && (writesAnything(n.program) || writesAnything(n.inverse)));
  });
}

/**
 * The first part of every field a template writes out: a `{{field}}`, a helper's argument in a
 * `{{helper ...}}` (also inside a sub-expression), and the list of an `#each` or the object of a
 * `#with` whose body writes something. A field only tested (`{{#if purposes}} for some
 * purposes{{/if}}`) is not written: the sentence does not say what it holds.
 */
function printedHeads(node: unknown, helpers: ReadonlySet<string>, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const x of node) printedHeads(x, helpers, out);
    return out;
  }
  if (node === null || typeof node !== "object") return out;
  const n = node as { type?: string; path?: { original?: unknown; parts?: unknown; type?: string }; params?: unknown[]; program?: unknown; inverse?: unknown; body?: unknown };
  const head = (p: unknown) => {
    const path = p as { type?: string; parts?: unknown; original?: unknown; data?: unknown };
    if (path.type === "PathExpression" && path.data !== true && Array.isArray(path.parts) && typeof path.parts[0] === "string" && !String(path.original).startsWith("this")) {
      out.add(path.parts[0]);
    } else if (path.type === "SubExpression") {
      for (const x of (path as { params?: unknown[] }).params ?? []) head(x);
    }
  };
  switch (n.type) {
    case "Program":
      printedHeads(n.body, helpers, out);
      break;
    case "MustacheStatement": {
      const name = String(n.path?.original ?? "");
      // `{{lookup this "field"}}` writes the field out as `{{field}}` does
      const [of, key] = (n.params ?? []) as { type?: string; original?: unknown; value?: unknown }[];
      if (name === "lookup" && key?.type === "StringLiteral" && of?.type === "PathExpression" && (of.original === "this" || of.original === ".")) {
        out.add(String(key.value));
        break;
      }
      if ((n.params?.length ?? 0) === 0 && !helpers.has(name)) head(n.path);
      for (const p of n.params ?? []) head(p);
      break;
    }
    case "BlockStatement": {
      const name = String(n.path?.original ?? "");
      if ((name === "each" || name === "with") && writesAnything(n.program)) for (const p of n.params ?? []) head(p);
      printedHeads(n.program, helpers, out);
      printedHeads(n.inverse, helpers, out);
      break;
    }
    default:
      break;
  }
  return out;
}

/** How every wording template is compiled (`Handlebars.compile`, and `precompile` ahead of time). */
export const TEMPLATE_OPTIONS = Object.freeze({ strict: true, noEscape: true });

/** A template's text as Handlebars is given it: no byte order mark, no slot marks of its own. */
export function templateSource(raw: string): string {
  // a byte order mark is no part of the template: Handlebars would count it as a column, where
  // the spans (LineMap) start line 1 after it
  return withoutUnsafe(withoutBom(raw).json) as string;
}

/** What the checks of a template read from its syntax tree (`TemplateEntry`). */
export interface TemplateAnalysis {
  readonly names: ReadonlySet<string>;
  readonly printed: ReadonlySet<string>;
  readonly fields: readonly (readonly string[])[];
  readonly fieldAt: ReadonlyMap<string, TemplateLoc>;
}

/**
 * The checks' view of a parsed template, or why it cannot be used (a helper misused). Shared by
 * `CompiledPack.compileFile` and the generator of `templates.compiled.ts`, which must agree.
 */
export function analyseTemplate(ast: unknown, helpers: ReadonlySet<string>): TemplateAnalysis | { readonly misuse: { readonly message: string; readonly line: number; readonly column: number } } {
  const misuse = templateMisuse(ast as Parameters<typeof templateMisuse>[0], helpers);
  if (misuse) return { misuse };
  const fieldAt = fieldPaths(ast, helpers);
  return { names: pathHeads(ast), printed: printedHeads(ast, helpers), fields: [...fieldAt.keys()].map((f) => f.split(".")), fieldAt };
}

/** A built-in template as `templates.compiled.ts` holds it, read back (`precompiledByText`). */
export interface PrecompiledTemplate {
  readonly spec: object;
  readonly analysis: TemplateAnalysis;
}

/**
 * The built-in templates, precompiled when policyc was built, by their text: a one-off build of
 * the flagship in two languages otherwise spends about a fifth of a second (of 1.4 s) having
 * Handlebars parse and compile every template of both. Used only for a template whose text is
 * exactly a built-in one (a project's copy of it included), and only when the pack's helpers are
 * those the analyses were made with. The specs are made afresh for each pack: Handlebars' run
 * time writes to a spec it is given.
 */
export function precompiledByText(helpers: ReadonlySet<string>): ReadonlyMap<string, PrecompiledTemplate> {
  const out = new Map<string, PrecompiledTemplate>();
  if ([...helpers].sort().join(",") !== PRECOMPILED_HELPERS) return out;
  for (const [text, spec, names, printed, fieldAt] of precompiledTemplates() as PrecompiledRow[]) {
    const at = new Map<string, TemplateLoc>(fieldAt.map(([f, l1, c1, l2, c2]) => [f, { start: { line: l1, column: c1 }, end: { line: l2, column: c2 } }]));
    out.set(text, { spec, analysis: { names: new Set(names), printed: new Set(printed), fields: [...at.keys()].map((f) => f.split(".")), fieldAt: at } });
  }
  return out;
}

/** One row of `precompiledTemplates()`: text, spec, names, printed, fields with where each is first named. */
type PrecompiledRow = [string, object, string[], string[], [string, number, number, number, number][]];

/** The row of `templates.compiled.ts` for one built-in template (its generator's half of `precompiledByText`). */
export function precompiledRow(source: string, analysis: TemplateAnalysis, spec: string): string {
  const at = [...analysis.fieldAt].map(([f, l]) => [f, l.start.line, l.start.column, l.end.line, l.end.column]);
  return `[${JSON.stringify(source)}, ${spec}, ${JSON.stringify([...analysis.names])}, ${JSON.stringify([...analysis.printed])}, ${JSON.stringify(at)}]`;
}

/**
 * The path closest to the unknown `path` in `root` (template data, labels): its parts kept up to
 * the first one `root` lacks, that one replaced by the nearest key there, and with `rest` the
 * parts after it too.
 */
function closestPath(root: unknown, path: string, rest: boolean): string | undefined {
  const parts = path.split(".");
  let value: unknown = root;
  for (let i = 0; i < parts.length; i++) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(record, parts[i]!)) {
      const close = suggest(parts[i]!, Object.keys(record));
      return close === undefined ? undefined : [...parts.slice(0, i), close, ...(rest ? parts.slice(i + 1) : [])].join(".");
    }
    value = record[parts[i]!];
  }
  return undefined;
}

/** The paths of `fields` that `data` does not have: a head it lacks, or a key missing from a record. */
function unknownFields(fields: readonly (readonly string[])[], data: TemplateData): string[] {
  const missing: string[] = [];
  for (const path of fields) {
    let value: unknown = data;
    for (const key of path) {
      // `{{selector.constructor}}`: a text has no fields (strict mode would stop at it without a place)
      if (typeof value === "string" || typeof value === "number") {
        missing.push(path.join("."));
        break;
      }
      // an item of a list that is there (`notify.[0]`); another index or key, strict mode sees to it
      if (Array.isArray(value) && /^\d+$/.test(key) && Number(key) < value.length) {
        value = value[Number(key)];
        continue;
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) break;
      if (!Object.prototype.hasOwnProperty.call(value, key)) {
        missing.push(path.join("."));
        break;
      }
      value = (value as Record<string, unknown>)[key];
    }
  }
  return missing;
}

/** The value at a field path of a template's data, or undefined. */
function valueAt(data: unknown, path: readonly string[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== "object" || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Whether a template's field holds something to say: a text, a number, a list or record with something in it (not a switch). */
function hasContent(v: TemplateValue): boolean {
  if (typeof v === "string") return v !== "";
  if (typeof v === "number") return true;
  if (Array.isArray(v)) return v.length > 0;
  return typeof v === "object" && v !== null;
}

/** Every text of the English labels, as dotted paths, but those of the open vocabularies. */
function labelPaths(labels: Json, prefix = ""): string[] {
  if (!isRecord(labels)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(labels)) {
    if (prefix === "" && OPEN_LABELS.has(k)) continue;
    if (typeof v === "string") out.push(prefix + k);
    else for (const p of labelPaths(v, `${prefix}${k}.`)) out.push(p);
  }
  return out;
}

/** Label groups whose keys come from the policy (jurisdiction codes, channels, taxonomy labels): any key is read. */
const OPEN_LABELS = new Set(["jurisdictions", "jurisdictionsIn", "jurisdictionsOutside", "channels", "taxonomy"]);

interface LabelKeyProblem {
  readonly key: string;
  /** The key's path in the file, for its span (a key may itself hold a dot). */
  readonly path: readonly string[];
  /** What is wrong with it, after "sets `key`". */
  readonly problem: string;
  readonly suggestion: string;
}

function kindOf(v: Json): string {
  return v === null ? "null" : Array.isArray(v) ? "a list" : isRecord(v) ? "a group of labels" : typeof v === "string" ? "a text" : `a ${typeof v}`;
}

/**
 * The keys of a project's `labels.json` that the built-in labels (`known`) do not have, each
 * reported at its first unknown level with the closest key beside it; and values of another
 * kind than the built-in one (a number where a text is read). Open groups take any key.
 */
function labelKeyProblems(own: Json, known: Json, prefix = "", at: readonly string[] = []): LabelKeyProblem[] {
  const problems: LabelKeyProblem[] = [];
  if (!isRecord(own) || !isRecord(known)) return problems;
  for (const [k, v] of Object.entries(own)) {
    const key = prefix + k;
    const path = [...at, k];
    if (prefix === "" && OPEN_LABELS.has(k) && isRecord(v)) continue;
    if (!Object.prototype.hasOwnProperty.call(known, k)) {
      const close = suggest(k, Object.keys(known));
      problems.push({ key, path, problem: ", which is not a label policyc uses", suggestion: close !== undefined ? `: did you mean \`${prefix}${close}\`?` : "" });
      continue;
    }
    const expected = known[k]!;
    if (kindOf(expected) !== kindOf(v)) {
      problems.push({ key, path, problem: ` to ${kindOf(v)}, where ${kindOf(expected)} is read`, suggestion: "" });
      continue;
    }
    for (const p of labelKeyProblems(v, expected, `${key}.`, path)) problems.push(p);
  }
  return problems;
}

/**
 * What a pack is made of once its files are read: the merged labels and the compiled templates in
 * their own isolated Handlebars environment. Shared by every build that sees the same files (a
 * watch rebuild recompiles no template unless one changed); the diagnostics are per build and
 * belong to the `WordingPack` that uses it.
 */
let packSerial = 0;

class CompiledPack {
  /** Names this pack (these files, compiled) among all packs of the process. */
  readonly serial = ++packSerial;
  readonly labels: Json;
  readonly english: Json;
  /** The built-in labels of this language over the English ones: what a project's label of the wrong kind falls back to. */
  readonly builtinLabels: Json;
  /** The language has a built-in pack (`templates/<lang>`), not only the project's. */
  readonly hasBuiltinPack: boolean;
  /** labels.json files (absolute) that could not be read or parsed, in the order they were read; where, for JSON errors. */
  readonly labelProblems: { readonly file: string; readonly reason: string; readonly at?: { readonly line: number; readonly column: number } }[] = [];
  /** Keys of the project's labels.json files that no built-in pack has, or of the wrong kind (PC5008); `file` as shown in the message, `abs` its path. */
  readonly labelKeyProblems: ({ readonly file: string; readonly abs: string } & LabelKeyProblem)[] = [];
  /** Something was read from disk outside `files` (so not covered by the cache key): never reuse. */
  reusable = true;
  /** The pack rendering right now: the helpers reach its labels and diagnostics through it. */
  current: WordingPack | undefined;
  private readonly hb: typeof Handlebars;
  private readonly templates = new Map<string, TemplateEntry>();
  private readonly builtins = new Map<string, TemplateEntry>();
  /** The helpers a template can call, Handlebars' own included. */
  readonly helperNames: ReadonlySet<string>;
  /** The built-in templates as precompiled, by text (`precompiledByText`), made on first use. */
  private precompiled: ReadonlyMap<string, PrecompiledTemplate> | undefined;

  constructor(readonly files: PackFiles) {
    this.english = this.readJson(join(files.englishDir, "labels.json")) ?? {};
    let labels: Json = {};
    // what the built-in packs define: a project's key outside it is never read (PC5008)
    let builtin: Json = this.english;
    const builtinRoot = dirname(files.englishDir);
    const own: { file: string; abs: string; json: Json }[] = [];
    for (const dir of [...files.dirs].reverse()) {
      const file = join(dir, "labels.json");
      if (!this.exists(file)) continue;
      const json = this.readJson(file) ?? {};
      labels = merge(labels, json);
      if (dirname(dir) === builtinRoot) builtin = merge(builtin, json);
      else own.push({ file: `${basename(dir)}/labels.json`, abs: file, json });
    }
    this.labels = labels;
    this.builtinLabels = builtin;
    this.hasBuiltinPack = files.dirs.some((d) => dirname(d) === builtinRoot);
    for (const { file, abs, json } of own) for (const p of labelKeyProblems(json, builtin)) this.labelKeyProblems.push({ file, abs, ...p });
    this.hb = Handlebars.create();
    this.registerHelpers();
    this.helperNames = new Set([...BUILTIN_HELPERS, ...Object.keys(this.hb.helpers)]);
  }

  private exists(path: string): boolean {
    if (this.files.files.has(path)) return true;
    // Not in the folders' listing (e.g. another spelling on a case-insensitive disk): ask the disk.
    if (!existsSync(path)) return false;
    this.reusable = false;
    return true;
  }

  private read(path: string): string {
    const content = this.files.files.get(path);
    if (typeof content === "string") return content;
    if (content instanceof Error) throw content;
    this.reusable = false;
    return readTextFile(path);
  }

  private readJson(file: string): Json | undefined {
    let text: string | undefined;
    try {
      text = this.read(file);
      const encoding = notUtf8(text);
      if (encoding) {
        this.labelProblems.push({ file, reason: encoding.reason, at: lineColumn(text, encoding.offset) });
        return undefined;
      }
      // a byte order mark (Notepad writes one) is no part of the JSON
      const json = JSON.parse(withoutBom(text).json) as Json;
      if (!isRecord(json)) {
        this.labelProblems.push({ file, reason: `it holds ${kindOf(json)}, where a group of labels (\`{ ... }\`) is read` });
        return undefined;
      }
      return withoutUnsafe(json);
    } catch (error) {
      if (text === undefined) {
        this.labelProblems.push({ file, reason: reason(error) });
      } else if (error instanceof RangeError) {
        // nested so deep that the parser's stack ran out: valid JSON, but no labels file
        this.labelProblems.push({ file, reason: "it is nested too deeply to be a labels file" });
      } else {
        // JSON.parse says where by offset: a person wants the line and column
        const { message, at } = jsonParseError(error, text);
        this.labelProblems.push({ file, reason: `it is not valid JSON: ${message}`, ...(at ? { at } : {}) });
      }
      return undefined;
    }
  }

  template(name: string): TemplateEntry {
    const known = this.templates.get(name);
    if (known) return known;
    const file = `${name}.hbs`;
    const found = this.files.dirs.map((dir) => join(dir, file)).find((path) => this.exists(path));
    const fallback = found === undefined;
    const where = found ?? join(this.files.englishDir, file);
    if (found === undefined && !this.exists(where)) throw new Error(`internal: built-in template \`${file}\` is missing`);
    const entry = this.compileFile(where, fallback, found !== undefined && dirname(dirname(found)) !== dirname(this.files.englishDir));
    this.templates.set(name, entry);
    return entry;
  }

  /**
   * The built-in template `name` of this pack's language (the English one when the language has
   * no built-in pack): what a project's template of the same name is compared with (PC5010).
   */
  builtinTemplate(name: string): TemplateEntry {
    const known = this.builtins.get(name);
    if (known) return known;
    const file = `${name}.hbs`;
    const root = dirname(this.files.englishDir);
    const dirs = [...this.files.dirs.filter((d) => dirname(d) === root), this.files.englishDir];
    const where = dirs.map((dir) => join(dir, file)).find((path) => this.exists(path)) ?? join(this.files.englishDir, file);
    const entry = this.compileFile(where, false, false);
    this.builtins.set(name, entry);
    return entry;
  }

  private compileFile(where: string, fallback: boolean, override: boolean): TemplateEntry {
    let entry: TemplateEntry;
    let source: string | undefined;
    try {
      // a folder named like a template, or a file that cannot be read, is that template's problem
      const raw = this.read(where);
      const encoding = notUtf8(raw);
      if (encoding) {
        return { fn: null, fallback, override, error: encoding.reason, file: where, at: lineColumn(raw, encoding.offset), names: new Set(), printed: new Set(), fields: [], fieldAt: new Map() };
      }
      source = templateSource(raw);
      // blocks nested thousands deep overflow Handlebars' parser and our walks of its tree
      const deep = tooDeepBlock(source);
      if (deep) {
        return { fn: null, fallback, override, error: `blocks are nested more than ${MAX_BLOCK_DEPTH} deep; a wording template needs a few`, file: where, at: deep, names: new Set(), printed: new Set(), fields: [], fieldAt: new Map() };
      }
      this.precompiled ??= precompiledByText(this.helperNames);
      const built = this.precompiled.get(source);
      if (built) {
        try {
          return { fn: this.hb.template(built.spec as Parameters<typeof Handlebars.template>[0]), fallback, override, file: where, ...built.analysis };
        } catch {
          // a spec this Handlebars refuses (another release's compiler): the text is compiled below
        }
      }
      // `compile` is lazy; parsing first makes a syntax error surface here, once.
      const analysis = analyseTemplate(this.hb.parse(source), this.helperNames);
      if ("misuse" in analysis) {
        const { misuse } = analysis;
        return { fn: null, fallback, override, error: misuse.message, file: where, at: { line: misuse.line, column: misuse.column }, names: new Set(), printed: new Set(), fields: [], fieldAt: new Map() };
      }
      entry = { fn: this.hb.compile(source, TEMPLATE_OPTIONS), fallback, override, file: where, ...analysis };
    } catch (error) {
      // which file: an override of the project's, or the built-in one; a syntax error in words, with its line
      const syntax = source !== undefined ? explainTemplateSyntax(source, error) : undefined;
      const at = syntax?.line !== undefined ? { line: syntax.line, ...(syntax.column !== undefined ? { column: syntax.column } : {}) } : undefined;
      entry = { fn: null, fallback, override, error: syntax ? syntax.message : reason(error), file: where, ...(at ? { at } : {}), names: new Set(), printed: new Set(), fields: [], fieldAt: new Map() };
    }
    return entry;
  }

  private registerHelpers(): void {
    const hb = this.hb;
    // Handlebars' own `log` writes to the console: a template could put text into stdout, where
    // `--format json` and `sarif` print their document. Replaced: `{{log ...}}` is PC5004.
    hb.registerHelper("log", () => {
      throw new Error("the `log` helper is not available in wording templates");
    });
    const pack = (): WordingPack => {
      if (!this.current) throw new Error("internal: a wording template ran outside WordingPack.render");
      return this.current;
    };
    /**
     * Registers a helper that must be given exactly as many values as `fn` takes. Handlebars calls
     * a helper with whatever it is given: `{{duration}}`, meant as the field, would call the
     * helper with no value and fail deep inside it.
     */
    const helper = (name: string, usage: string, fn: (...values: never[]) => unknown): void => {
      const arity = fn.length;
      hb.registerHelper(name, (...args: unknown[]) => {
        const given = args.length - 1; // the last argument is Handlebars' options
        if (given !== arity) {
          const root = (args[args.length - 1] as { data?: { root?: unknown } } | undefined)?.data?.root;
          const field = given === 0 && typeof root === "object" && root !== null && Object.prototype.hasOwnProperty.call(root, name);
          const values = (n: number) => (n === 0 ? "none" : n === 1 ? "1 value" : `${n} values`);
          // where the call is: Handlebars gives a helper its place in the template
          const loc = (args[args.length - 1] as { loc?: { start?: { line?: number; column?: number } } } | undefined)?.loc?.start;
          throw new TemplatePlaceError(
            `the helper \`${name}\` takes ${values(arity)}, as in \`${usage}\`, and was given ${values(given)}` +
              (field ? `; \`{{${name}}}\` calls the helper, so to show the field \`${name}\` write \`{{${name} ${name}}}\`` : ""),
            loc?.line !== undefined && loc.column !== undefined ? { line: loc.line, column: loc.column + 1 } : undefined,
          );
        }
        return (fn as (...values: unknown[]) => unknown)(...args.slice(0, -1));
      });
    };
    const items = (v: unknown): string[] =>
      (Array.isArray(v) ? v : v === null || v === undefined || v === "" ? [] : [v]).map((x) => String(x)).filter((x) => x !== "");
    const join = (v: unknown, kind: "and" | "or"): string => pack().joinList(items(v), kind);
    /** `{{list xs}}`: "a, b and c". */
    helper("list", "{{list purposes}}", (v: unknown) => join(v, "and"));
    /** `{{orList xs}}`: "a, b or c". */
    helper("orList", "{{orList purposes}}", (v: unknown) => join(v, "or"));
    /** `{{semiList xs}}`: "a; b; c", for items that contain commas themselves. */
    helper("semiList", "{{semiList items}}", (v: unknown) => items(v).join(pack().label("list.semicolon")));
    /** `(quoted xs)`: each item in the language's quotation marks. */
    helper("quoted", "(quoted categories)", (v: unknown) => {
      const q = (x: string) => pack().label("quotes.open") + x + pack().label("quotes.close");
      return Array.isArray(v) ? items(v).map(q) : q(String(v));
    });
    /** `{{duration d}}`: "30 days", "1 Jahr". */
    helper("duration", "{{duration duration}}", (d: unknown) => {
      const { amount, unit } = (typeof d === "object" && d !== null ? d : {}) as Partial<Duration>;
      if (typeof amount !== "number" || typeof unit !== "string") throw new Error(`the helper \`duration\` takes a period (the field \`duration\` or \`max\`), not ${d === null ? "nothing" : `\`${String(d)}\``}`);
      const form = amount === 1 ? "one" : "other";
      return `${amount} ${pack().label(`units.${unit}.${form}`)}`;
    });
    /** `{{legalBasis "contract"}}`: the legal basis in words. */
    helper("legalBasis", "{{legalBasis basis}}", (b: unknown) => pack().label(`bases.${String(b)}`));
    /**
     * `{{basisArticle "contract"}}`: the GDPR article of a legal basis ("GDPR Art. 6(1)(b)";
     * `explicit_consent_special` for explicit consent to special categories), or nothing for a
     * basis the GDPR does not name (`consent_or_no_objection`). A pack without it gets the
     * English entry, reported like any missing label.
     */
    helper("basisArticle", "{{basisArticle basis}}", (b: unknown) => {
      const key = String(b);
      return key === "consent_or_no_objection" || pack().optionalLabel(`basisArticles.${key}`) === undefined ? "" : pack().label(`basisArticles.${key}`);
    });
    /** `{{date "2024-05-01"}}`: "1 May 2024" in the pack's format (no locale data, no clock). */
    helper("date", "{{date \"2024-05-01\"}}", (iso: unknown) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
      // (the value is not echoed: the policy's texts reach templates as opaque placeholders)
      if (!m) throw new Error("the helper `date` takes a date written as in the policy (`2024-05-01`), such as the field `effective`");
      const month = pack().label(`months.${Number(m[2])}`);
      const format = pack().label("dateFormat");
      // a format without its places would print itself for every date
      const missing = ["{day}", "{month}", "{year}"].filter((p) => !format.includes(p));
      if (missing.length > 0) throw new Error(`the label \`dateFormat\` (\`${format}\`) lacks ${missing.map((p) => `\`${p}\``).join(", ")}: it must place the day, the month and the year`);
      return format
        .replace("{day}", String(Number(m[3])))
        .replace("{month}", month)
        .replace("{year}", m[1]!);
    });
    /**
     * `{{upperFirst x}}`: for vocabulary, or the policy's text, at the start of a sentence or
     * cell. The policy's text is a placeholder here (`DocContext.slot`): a mark before it asks
     * `DocContext.say` to capitalise its first letter when it puts the text back.
     */
    helper("upperFirst", "{{upperFirst name}}", (v: unknown) => {
      const s = String(v);
      if (s.startsWith(SLOT_OPEN)) return UPPER_FIRST + s;
      return s.charAt(0).toUpperCase() + s.slice(1);
    });
    /** `{{vocab "sections.rights"}}`: any vocabulary entry. */
    helper("vocab", "{{vocab \"sections.rights\"}}", (path: unknown) => pack().label(String(path)));
    /**
     * `(startsWith text "wenn ")`: whether a phrase begins with a word, for punctuation a
     * language puts before some clauses only (German: "aber niemals, wenn ...", but "aber niemals
     * in anonymisierter Form").
     */
    helper("startsWith", "(startsWith text \"wenn \")", (v: unknown, prefix: unknown) => String(v).startsWith(String(prefix)));
    /** `{{plural n "item" "items"}}`. */
    helper("plural", "{{plural n \"item\" \"items\"}}", (n: unknown, one: unknown, other: unknown) => (Number(n) === 1 ? String(one) : String(other)));
  }
}

/**
 * Compiled packs by (built-in folder, project folder, language), each with the files it was made
 * from: a pack is reused only while every one of its files has the same content (the watcher
 * rebuilds when a template changes, and that rebuild must see the new template). Few entries: a
 * build uses one per language.
 */
const compiledPacks = new Map<string, CompiledPack>();
const MAX_COMPILED_PACKS = 16;
registerProcessCache("wording-packs", compiledPacks);

function compiledPack(key: string, files: PackFiles): CompiledPack {
  let pack = compiledPacks.get(key);
  if (!pack || !pack.reusable || !samePackFiles(pack.files, files)) pack = new CompiledPack(files);
  compiledPacks.delete(key); // most recently used last
  compiledPacks.set(key, pack);
  if (compiledPacks.size > MAX_COMPILED_PACKS) compiledPacks.delete(compiledPacks.keys().next().value!);
  return pack;
}

/**
 * One language's wording: templates and labels, with the built-in English pack as the last
 * resort (reported). Diagnostics about the pack itself are collected in `diagnostics`.
 */
export class WordingPack {
  readonly lang: string;
  /** What this pack reported (recorded and replayed with the sections that made the reports). */
  readonly reports = new Reports();
  private readonly pack: CompiledPack;

  /** Where paths in messages are shown from (`shownPath`). */
  private readonly cwd: string;

  private constructor(lang: string, pack: CompiledPack, cwd: string) {
    this.cwd = cwd;
    this.lang = lang;
    this.pack = pack;
    for (const p of pack.labelProblems) {
      this.reportOnce(`json:${p.file}`, () =>
        createDiagnostic("PC5004", { template: "labels.json", lang: this.lang, reason: p.reason }, this.spanIn(p.file, p.at), {
          help: "`labels.json` is JSON: keys and texts in double quotes, no comma after the last entry of a group",
        }),
      );
    }
    for (const p of pack.labelKeyProblems) {
      this.reportOnce(`key:${p.file}:${p.key}`, () => createDiagnostic("PC5008", { file: p.file, key: p.key, problem: p.problem, suggestion: p.suggestion }, this.keySpan(p.abs, p.path)));
    }
    // A project's template under a name no built-in one has is never read (a misspelling).
    const { files } = pack;
    const builtinRoot = dirname(files.englishDir);
    const names = [...files.files.keys()].filter((p) => dirname(p) === files.englishDir && p.endsWith(".hbs")).map((p) => basename(p));
    const known = new Set(names);
    for (const dir of files.dirs) {
      if (dirname(dir) === builtinRoot) continue;
      for (const path of files.files.keys()) {
        if (dirname(path) !== dir || !path.endsWith(".hbs") || known.has(basename(path))) continue;
        const close = suggest(basename(path), names);
        this.reportOnce(`unknown:${path}`, () =>
          createDiagnostic("PC5007", { file: `${basename(dir)}/${basename(path)}`, suggestion: close ? `: did you mean \`${close}\`?` : "" }, this.spanIn(path)),
        );
      }
    }
    // A language only the project has (`wording/fr/`): what it lacks of the English pack, said
    // once, rather than once for each template and label a sentence falls back on.
    if (!pack.hasBuiltinPack) {
      const missing = [
        ...names.filter((n) => !files.dirs.some((d) => files.files.has(join(d, n)))),
        ...labelPaths(pack.english).filter((path) => typeof lookup(pack.labels, path) !== "string").map((path) => `labels.json: ${path}`),
      ];
      if (missing.length > 0) {
        this.summarized = true;
        const first = missing[0]!;
        const others = missing.length - 1;
        const template = missing.length === 1 ? first : `${first}\`, nor ${others} other ${others === 1 ? "template or label" : "templates and labels"} of \`templates/en`;
        const shown = missing.slice(0, 6).map((m) => `\`${m}\``).join(", ") + (missing.length > 6 ? ", ..." : "");
        this.reportOnce("missing", () =>
          createDiagnostic("PC5003", { lang: this.lang, template }, undefined, {
            help: `copy what is missing from \`templates/en/\` into the \`${this.lang}/\` folder (labels into its \`labels.json\`) and translate it: ${shown}`,
          }),
        );
      }
    }
  }

  /** The pack's PC5003 is one diagnostic for all it lacks (a language only the project has). */
  private summarized = false;

  /**
   * A span in one of the pack's files (absolute path), named as messages show it: at a 1-based
   * line and column (the whole line when only the line is known), or the file as a whole
   * (`Span.whole`). The emitter hands the texts over with its files
   * (`textOf`), so that every output format can show the place.
   */
  private spanIn(abs: string, at?: { readonly line: number; readonly column?: number }): Span {
    const file = shownPath(abs, this.cwd);
    const text = this.pack.files.files.get(abs);
    if (at === undefined || typeof text !== "string") return wholeFile(file);
    const map = new LineMap(text);
    const line = Math.min(Math.max(1, at.line), map.lineCount);
    const lineStart = map.offsetAt(line, 1) ?? 0;
    const lineEnd = lineStart + map.lineText(line).length;
    if (at.column === undefined) return { file, start: lineStart, end: lineEnd };
    const start = Math.min(map.offsetAt(line, at.column) ?? lineEnd, lineEnd);
    return { file, start, end: Math.min(start + 1, lineEnd) };
  }

  /** The span of a place Handlebars gives (0-based columns), or the file as a whole. */
  private locSpan(abs: string, loc: TemplateLoc | undefined): Span {
    const start = this.spanIn(abs, loc ? { line: loc.start.line, column: loc.start.column + 1 } : undefined);
    if (!loc) return start;
    const end = this.spanIn(abs, { line: loc.end.line, column: loc.end.column + 1 });
    return { file: start.file, start: start.start, end: Math.max(start.start, end.start) };
  }

  /** The span of a key of a labels.json file (its name in quotes), or the file as a whole. */
  private keySpan(abs: string, path: readonly string[]): Span {
    const file = shownPath(abs, this.cwd);
    const text = this.pack.files.files.get(abs);
    const key = typeof text === "string" ? jsonSpan(text, path, true) : undefined;
    return key ? { file, ...key } : wholeFile(file);
  }

  /** The text of a file this pack read, by the name its diagnostics' spans give it. */
  textOf(file: string): string | undefined {
    for (const [abs, content] of this.pack.files.files) if (typeof content === "string" && shownPath(abs, this.cwd) === file) return content;
    return undefined;
  }

  /** The pack for `lang`, or undefined when there is none (PC5002: `missingPack`). */
  static load(options: PackOptions): WordingPack | undefined {
    const builtin = options.builtinDir ?? builtinTemplatesDir();
    const dirs = packDirs(options.lang, options.overrideDir, builtin);
    if (dirs.length === 0) return undefined;
    // the installed folders are cached only when no project folder is one of them (a project
    // whose `templates` is the package's own: its edits must be read)
    const cache = options.builtinDir === undefined && (options.overrideDir === undefined || resolve(options.overrideDir) !== resolve(builtin));
    const files = readPackFiles(dirs, join(builtin, "en"), options.folders, cache ? builtin : undefined);
    const key = JSON.stringify([builtin, options.overrideDir ?? null, options.lang]);
    return new WordingPack(options.lang, compiledPack(key, files), options.cwd ?? process.cwd());
  }

  /** A vocabulary entry (`sections.rights`, `bases.contract`); English, reported, when missing. */
  label(path: string): string {
    const own = lookup(this.pack.labels, path);
    if (typeof own === "string") return own;
    // a project's label of the wrong kind (a list where a text is read): the built-in one of the
    // same language stands, and PC5008 says why the project's changed nothing
    if (this.pack.hasBuiltinPack) {
      const builtin = lookup(this.pack.builtinLabels, path);
      if (typeof builtin === "string") return builtin;
    }
    const en = lookup(this.pack.english, path);
    if (typeof en === "string") {
      if (!this.summarized) this.reportOnce(`label:${path}`, () =>
        createDiagnostic("PC5003", { lang: this.lang, template: `labels.json: ${path}` }, undefined),
      );
      return en;
    }
    // only a template can ask for one (`{{vocab "sections.rigths"}}`): the emitter's own are tested
    const close = closestPath(this.pack.english, path, true);
    throw new Error(`there is no label \`${path}\`${close !== undefined ? `: did you mean \`${close}\`?` : ""}`);
  }

  /** A vocabulary entry that may legitimately be absent (open vocabularies: channels, jurisdictions). */
  optionalLabel(path: string): string | undefined {
    const own = lookup(this.pack.labels, path) ?? lookup(this.pack.english, path);
    return typeof own === "string" ? own : undefined;
  }

  /** A label of this language's own pack, never the English one's (a language's name for itself). */
  ownLabel(path: string): string | undefined {
    const own = lookup(this.pack.labels, path);
    return typeof own === "string" ? own : undefined;
  }

  /** The pack's translation of a label of the standard taxonomy, keyed by its English text. */
  taxonomy(english: string): string | undefined {
    const labels = this.pack.labels;
    const map = isRecord(labels) ? labels["taxonomy"] : undefined;
    if (!isRecord(map) || !Object.prototype.hasOwnProperty.call(map, english)) return undefined;
    const value = map[english];
    return typeof value === "string" ? value : undefined;
  }

  /** "a, b and c" / "a, b or c" in this language. */
  joinList(xs: readonly string[], kind: "and" | "or"): string {
    if (xs.length <= 1) return xs.join("");
    return xs.slice(0, -1).join(this.label("list.separator")) + this.label(`list.${kind}`) + xs[xs.length - 1]!;
  }

  /** The helpers a template can call, Handlebars' own included. */
  get helperNames(): ReadonlySet<string> {
    return this.pack.helperNames;
  }

  /** Renders template `name` with `data`; the text is trimmed and its line breaks folded. */
  render(name: string, data: TemplateData): string {
    const entry = this.template(name);
    const template = entry.fn;
    if (!template) return "";
    // a misspelled field in a block or a helper's argument renders as nothing, silently
    const unknown = unknownFields(entry.fields, data);
    if (unknown.length > 0) {
      const given = Object.keys(data).sort().map((k) => `\`${k}\``).join(", ");
      const helpers = this.pack.helperNames;
      const hints = unknown.flatMap((u) => {
        // `{{list quoted categories}}`: a helper passed as a value, where a call was meant
        if (helpers.has(u)) return [`\`${u}\` is a helper: call it in parentheses, as in \`(${u} ...)\``];
        const parts = u.split(".");
        const text = parts.findIndex((_, i) => i < parts.length - 1 && ["string", "number"].includes(typeof valueAt(data, parts.slice(0, i + 1))));
        if (text >= 0) return [`\`${parts.slice(0, text + 1).join(".")}\` is a text, which has no fields`];
        const close = closestPath(data, u, false);
        return close !== undefined ? [`did you mean \`${close}\` for \`${u}\`?`] : [];
      });
      this.reportOnce(`fields:${name}`, () =>
        createDiagnostic(
          "PC5004",
          {
            template: `${name}.hbs`,
            lang: this.lang,
            reason: `it names ${unknown.map((u) => `\`${u}\``).join(", ")}, which it is not given; it is given ${given}${hints.length > 0 ? `; ${hints.join("; ")}` : ""}`,
          },
          entry.file !== undefined ? this.locSpan(entry.file, entry.fieldAt.get(unknown[0]!)) : undefined,
        ),
      );
      return "";
    }
    const out = this.run(name, template, data, entry.file, entry.names);
    if (entry.override) this.compareWithBuiltin(name, entry, data, out);
    return out ?? "";
  }

  /** Runs a compiled template; undefined when it throws (PC5004). */
  private run(name: string, template: Handlebars.TemplateDelegate, data: TemplateData, file?: string, names: ReadonlySet<string> = new Set()): string | undefined {
    const previous = this.pack.current;
    this.pack.current = this;
    try {
      const out = template(plain(data), { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
      // a line break before punctuation or after an opening bracket is no space: a template can
      // put `, except ...` or `.` on a line of its own without "parties , except"; any other
      // spaces around a line break are one space. Each run of white space is matched once, whole:
      // patterns such as /\s*\n\s*(?=,)/ backtrack cubically on a run of " \n" a hostile template repeats
      return out
        .replace(/\s+/g, (run: string, at: number, all: string) => {
          if (!run.includes("\n")) return run;
          const before = all[at - 1];
          return /[,.;:!?)\]]/.test(all[at + run.length] ?? "") || before === "(" || before === "[" ? "" : " ";
        })
        // an optional part left empty between two spaces ("for “Hosting” {{list conditions}} (...)")
        .replace(/ {2,}/g, " ")
        .trim();
    } catch (error) {
      const raw = file !== undefined ? this.pack.files.files.get(file) : undefined;
      const failure = runFailure(error, names, typeof raw === "string" ? raw : undefined);
      this.reportOnce(`render:${name}`, () =>
        createDiagnostic("PC5004", { template: `${name}.hbs`, lang: this.lang, reason: withoutPlaceholders(failure.reason) }, file !== undefined ? this.spanIn(file, failure.at) : undefined),
      );
      return undefined;
    } finally {
      this.pack.current = previous;
    }
  }

  /**
   * PC5010: a project's template that says less than the built-in one it replaces. It never names
   * a field the built-in one shows and this statement has (a deny rule's purposes: "We do not use
   * your notes" where the policy says "... for security"), or it writes nothing where the
   * built-in one writes a statement. PC5006 says it for a purpose's several bases.
   */
  private compareWithBuiltin(name: string, entry: TemplateEntry, data: TemplateData, out: string | undefined): void {
    const builtin = this.pack.builtinTemplate(name);
    if (!builtin.fn) return;
    const file = entry.file !== undefined ? shownPath(entry.file, this.cwd) : `${name}.hbs`;
    const shownBy = builtin.file !== undefined ? `templates/${basename(dirname(builtin.file))}/${name}.hbs` : `the built-in ${name}.hbs`;
    const said = (k: string) => builtin.printed.has(k) && hasContent(data[k]!);
    if (out === "") {
      // a template that writes nothing names nothing: one report for the statement, not one per field
      if (!Object.keys(data).some(said)) return;
      const shown = this.run(name, builtin.fn, data);
      if (shown !== undefined && shown !== "") {
        this.reportOnce(`empty:${name}`, () => createDiagnostic("PC5010", { file, problem: `writes nothing for a statement the built-in \`${shownBy}\` writes` }, entry.file !== undefined ? this.spanIn(entry.file) : undefined));
      }
      return;
    }
    // the built-in purpose-basis says the interest inside its list of bases: a template that shows
    // neither the list nor `interest` drops the legitimate interest the GDPR requires stated
    const basisInterest = name === "purpose-basis" && hasContent(data["interest"]!) && !entry.names.has("interest") && !entry.fieldAt.has("interest") && builtin.printed.has("bases");
    for (const k of Object.keys(data).sort()) {
      if (k === "interest" && basisInterest && !entry.printed.has(k)) {
        this.reportOnce(`dropped:${name}:${k}`, () =>
          createDiagnostic("PC5010", { file, problem: `leaves out \`${k}\`, which the policy states and the built-in \`${shownBy}\` shows` }, entry.file !== undefined ? this.spanIn(entry.file) : undefined),
        );
        continue;
      }
      if (!said(k) || entry.printed.has(k) || (name === "purpose-basis" && k === "bases")) continue;
      this.reportOnce(`dropped:${name}:${k}`, () =>
        createDiagnostic("PC5010", { file, problem: `leaves out \`${k}\`, which the policy states and the built-in \`${shownBy}\` shows` }, entry.file !== undefined ? this.spanIn(entry.file) : undefined),
      );
    }
  }

  /** Template `name` as compiled, its fallback (PC5003) and failure (PC5004) reported. */
  private template(name: string): TemplateEntry {
    const entry = this.pack.template(name);
    const file = `${name}.hbs`;
    if (entry.fallback && !this.summarized) this.reportOnce(`template:${name}`, () => createDiagnostic("PC5003", { lang: this.lang, template: file }, undefined));
    if (entry.error !== undefined) {
      const error = entry.error;
      this.reportOnce(`render:${name}`, () => createDiagnostic("PC5004", { template: file, lang: this.lang, reason: error }, entry.file !== undefined ? this.spanIn(entry.file, entry.at) : undefined));
    }
    return entry;
  }

  /**
   * Whether template `name` names `field` of its data anywhere (`{{#each bases}}`): how the
   * document tells a template written before a field existed. A template that does not compile
   * names nothing (PC5004 says why).
   */
  reads(name: string, field: string): boolean {
    return this.pack.template(name).names.has(field);
  }

  /**
   * Identifies the templates and labels behind this pack: equal for two builds only when every
   * file is the same; null when the pack read something outside its folders (never reuse then).
   */
  get identity(): number | null {
    return this.pack.reusable ? this.pack.serial : null;
  }

  /** Diagnostics about the pack itself (missing or broken templates and labels). */
  get diagnostics(): readonly Diagnostic[] {
    return this.reports.diagnostics;
  }

  private reportOnce(key: string, make: () => Diagnostic): void {
    this.reports.report(key, make);
  }
}

/** An error of a helper, at the place of its call in the template. */
class TemplatePlaceError extends Error {
  constructor(
    message: string,
    readonly at: { readonly line: number; readonly column: number } | undefined,
  ) {
    super(message);
  }
}

/**
 * Why a template failed while it ran, in words, and where when Handlebars says: strict mode's
 * `"0" not defined in [object Object] - 1:2`, and the JavaScript errors of Handlebars' own
 * helpers called by hand (`{{helperMissing}}`: "Cannot read properties of undefined").
 */
function runFailure(error: unknown, names: ReadonlySet<string>, source: string | undefined): { reason: string; at?: { line: number; column: number } } {
  if (error instanceof TemplatePlaceError && error.at) return { reason: error.message, at: error.at };
  const text = error instanceof Error ? error.message : String(error);
  const strict = /^"([^"]*)" not defined in .* - (\d+):(\d+)$/s.exec(text);
  if (strict) return { reason: `it names \`${strict[1]}\`, which is not there`, at: { line: Number(strict[2]), column: Number(strict[3]) + 1 } };
  // strict mode asking a text for a field: `{{#each notify}}{{bogus}}{{/each}}`, each item a text
  const inText = /^Cannot use 'in' operator to search for '([^']*)' in /.exec(text);
  if (error instanceof TypeError && inText) {
    const field = inText[1]!;
    const name = field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    // `{{bogus}}` inside an `#each` over texts, or `{{x.bogus}}` of a text
    const at = source === undefined ? -1 : source.search(new RegExp(`\\{\\{[#^]?\\s*(?:[^\\s{}()]*\\.)?${name}(?![\\w.-])`));
    return {
      reason: `it names \`${field}\` of a text, which has no fields (inside \`{{#each}}\` over a list of texts, \`{{this}}\` is the item)`,
      ...(at >= 0 && source !== undefined ? { at: lineColumn(source, at + 2) } : {}),
    };
  }
  // only when the template calls them: any other TypeError is a fault of ours, said as it is
  const bare = ["helperMissing", "blockHelperMissing", "lookup"].filter((h) => names.has(h));
  if (error instanceof TypeError && bare.length > 0) {
    return { reason: `${bare.map((h) => `\`${h}\``).join(", ")}, Handlebars' own, was called without what it needs: it is not for templates to call bare` };
  }
  return { reason: reason(error) };
}

/**
 * A template or labels file whose text cannot be what was written: NUL characters (UTF-16), or
 * U+FFFD (bytes that were not UTF-8, replaced when it was read), as PC1028 says of a policy.
 * Rendered as it is, every accented letter of a Latin-1 file became U+FFFD in the published policy.
 */
function notUtf8(text: string): { readonly reason: string; readonly offset: number } | undefined {
  const nul = text.indexOf("\0");
  if (nul >= 0) return { reason: "it contains NUL characters: it was probably saved as UTF-16; save it as UTF-8", offset: nul };
  const bad = text.indexOf("\uFFFD");
  if (bad >= 0) return { reason: "bytes here are not valid UTF-8 (read as U+FFFD): it was probably saved as Latin-1 or Windows-1252; save it as UTF-8", offset: bad };
  return undefined;
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const first = (lines[0] ?? "").replace(/[.:]$/, "");
  // Handlebars' parse errors: "Parse error on line 2:", the line, a caret, then what it expected
  const last = lines.length > 1 ? lines[lines.length - 1]! : "";
  return /^(Expecting|Parse error)/.test(last) ? `${first}: ${last.charAt(0).toLowerCase()}${last.slice(1)}` : first;
}
