/**
 * Wording packs for the document emitter: one folder per language with a Handlebars template per
 * kind of statement (`templates/<lang>/<name>.hbs`) and the vocabulary (`labels.json`: headings,
 * basis names, recipient types...). A project can override any file from its own templates folder
 * (same relative names); whatever it does not override comes from the built-in pack.
 *
 * Templates produce plain text. They never see the policy's own text: every piece of it is passed
 * as an opaque placeholder (see `DocContext.slot`) that the emitter swaps back for mdast nodes after
 * rendering, so no template and no policy text can produce markup. Handlebars runs isolated
 * (`Handlebars.create()`), in strict mode (a misspelled field is an error, not an empty string),
 * without HTML escaping (escaping is the job of remark and rehype) and on prototype-free objects.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Duration } from "../../model/types.js";

// handlebars is CommonJS with `export =`; without esModuleInterop it is loaded through require.
const Handlebars = createRequire(import.meta.url)("handlebars") as typeof import("handlebars");

/** A value a template may receive: text, flags, numbers, lists and records of those. */
export type TemplateValue = string | number | boolean | null | readonly TemplateValue[] | { readonly [key: string]: TemplateValue };
export type TemplateData = { readonly [key: string]: TemplateValue };

/** The built-in packs: the nearest `templates/` folder above this module that holds `en/labels.json`. */
export function builtinTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, "templates");
    if (existsSync(join(candidate, "en", "labels.json"))) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error("internal: the built-in document templates (templates/en/labels.json) were not found");
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isRecord(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
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

/** Copies template data into objects without prototypes, so templates see only what we pass. */
function plain(value: TemplateValue): unknown {
  if (Array.isArray(value)) return value.map((v: TemplateValue) => plain(v));
  if (typeof value === "object" && value !== null) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[k] = plain(v as TemplateValue);
    // Handlebars' strict-mode error message concatenates the object; a symbol (which no template
    // can name) lets that work without giving templates anything to look up.
    Object.defineProperty(out, Symbol.toPrimitive, { value: () => "the data passed to the template" });
    return out;
  }
  return value;
}

export interface PackOptions {
  readonly lang: string;
  /** The project's override folder (`<dir>/<lang>/...`), if any. */
  readonly overrideDir?: string;
  readonly builtinDir?: string;
}

/**
 * One language's wording: templates and labels, with the built-in English pack as the last
 * resort (reported). Diagnostics about the pack itself are collected in `diagnostics`.
 */
export class WordingPack {
  readonly lang: string;
  readonly diagnostics: Diagnostic[] = [];
  private readonly dirs: readonly string[];
  private readonly englishDir: string;
  private readonly labels: Json;
  private readonly english: Json;
  private readonly hb: typeof Handlebars;
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate | null>();
  private readonly reported = new Set<string>();

  private constructor(lang: string, dirs: readonly string[], englishDir: string) {
    this.lang = lang;
    this.dirs = dirs;
    this.englishDir = englishDir;
    this.english = this.readJson(join(englishDir, "labels.json")) ?? {};
    let labels: Json = {};
    for (const dir of [...dirs].reverse()) {
      const file = join(dir, "labels.json");
      if (existsSync(file)) labels = merge(labels, this.readJson(file) ?? {});
    }
    this.labels = labels;
    this.hb = Handlebars.create();
    this.registerHelpers();
  }

  /** The pack for `lang`, or undefined (with PC5002 in `diagnostics`) when there is none. */
  static load(options: PackOptions, diagnostics: Diagnostic[]): WordingPack | undefined {
    const builtin = options.builtinDir ?? builtinTemplatesDir();
    // A language is a BCP 47 tag (`de`, `zh-Hans`); anything else never becomes a path.
    const valid = /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(options.lang);
    const dirs = [
      ...(options.overrideDir ? [join(options.overrideDir, options.lang)] : []),
      join(builtin, options.lang),
    ].filter((d) => valid && existsSync(d));
    if (dirs.length === 0) {
      diagnostics.push(
        createDiagnostic("PC5002", { lang: options.lang, dir: options.overrideDir ?? "templates" }, undefined),
      );
      return undefined;
    }
    return new WordingPack(options.lang, dirs, join(builtin, "en"));
  }

  /** A vocabulary entry (`sections.rights`, `bases.contract`); English, reported, when missing. */
  label(path: string): string {
    const own = lookup(this.labels, path);
    if (typeof own === "string") return own;
    const en = lookup(this.english, path);
    if (typeof en === "string") {
      this.reportOnce(`label:${path}`, () =>
        createDiagnostic("PC5003", { lang: this.lang, template: `labels.json: ${path}` }, undefined),
      );
      return en;
    }
    throw new Error(`internal: label \`${path}\` is missing from the built-in English pack`);
  }

  /** A vocabulary entry that may legitimately be absent (open vocabularies: channels, jurisdictions). */
  optionalLabel(path: string): string | undefined {
    const own = lookup(this.labels, path) ?? lookup(this.english, path);
    return typeof own === "string" ? own : undefined;
  }

  /** The pack's translation of a label of the standard taxonomy, keyed by its English text. */
  taxonomy(english: string): string | undefined {
    const map = isRecord(this.labels) ? this.labels["taxonomy"] : undefined;
    if (!isRecord(map) || !Object.prototype.hasOwnProperty.call(map, english)) return undefined;
    const value = map[english];
    return typeof value === "string" ? value : undefined;
  }

  /** "a, b and c" / "a, b or c" in this language. */
  joinList(xs: readonly string[], kind: "and" | "or"): string {
    if (xs.length <= 1) return xs.join("");
    return xs.slice(0, -1).join(this.label("list.separator")) + this.label(`list.${kind}`) + xs[xs.length - 1]!;
  }

  /** Renders template `name` with `data`; the text is trimmed and its line breaks folded. */
  render(name: string, data: TemplateData): string {
    const template = this.template(name);
    if (!template) return "";
    try {
      const out = template(plain(data), { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
      return out.replace(/\s*\n\s*/g, " ").trim();
    } catch (error) {
      this.reportOnce(`render:${name}`, () =>
        createDiagnostic("PC5004", { template: `${name}.hbs`, lang: this.lang, reason: reason(error) }, undefined),
      );
      return "";
    }
  }

  private template(name: string): Handlebars.TemplateDelegate | null {
    if (this.compiled.has(name)) return this.compiled.get(name)!;
    const file = `${name}.hbs`;
    let source: string | undefined;
    for (const dir of this.dirs) {
      const path = join(dir, file);
      if (existsSync(path)) {
        source = readFileSync(path, "utf8");
        break;
      }
    }
    if (source === undefined) {
      const fallback = join(this.englishDir, file);
      if (!existsSync(fallback)) throw new Error(`internal: built-in template \`${file}\` is missing`);
      this.reportOnce(`template:${name}`, () => createDiagnostic("PC5003", { lang: this.lang, template: file }, undefined));
      source = readFileSync(fallback, "utf8");
    }
    let compiled: Handlebars.TemplateDelegate | null = null;
    try {
      // `compile` is lazy; parsing first makes a syntax error surface here, once.
      this.hb.parse(source);
      compiled = this.hb.compile(source, { strict: true, noEscape: true });
    } catch (error) {
      this.reportOnce(`render:${name}`, () =>
        createDiagnostic("PC5004", { template: file, lang: this.lang, reason: reason(error) }, undefined),
      );
    }
    this.compiled.set(name, compiled);
    return compiled;
  }

  private registerHelpers(): void {
    const hb = this.hb;
    const items = (v: unknown): string[] =>
      (Array.isArray(v) ? v : v === null || v === undefined || v === "" ? [] : [v]).map((x) => String(x)).filter((x) => x !== "");
    const join = (v: unknown, kind: "and" | "or"): string => this.joinList(items(v), kind);
    /** `{{list xs}}`: "a, b and c". */
    hb.registerHelper("list", (v: unknown) => join(v, "and"));
    /** `{{orList xs}}`: "a, b or c". */
    hb.registerHelper("orList", (v: unknown) => join(v, "or"));
    /** `{{semiList xs}}`: "a; b; c", for items that contain commas themselves. */
    hb.registerHelper("semiList", (v: unknown) => items(v).join(this.label("list.semicolon")));
    /** `(quoted xs)`: each item in the language's quotation marks. */
    hb.registerHelper("quoted", (v: unknown) => {
      const q = (x: string) => this.label("quotes.open") + x + this.label("quotes.close");
      return Array.isArray(v) ? items(v).map(q) : q(String(v));
    });
    /** `{{duration d}}`: "30 days", "1 Jahr". */
    hb.registerHelper("duration", (d: unknown) => {
      const { amount, unit } = d as Duration;
      const form = amount === 1 ? "one" : "other";
      return `${amount} ${this.label(`units.${unit}.${form}`)}`;
    });
    /** `{{legalBasis "contract"}}`: the legal basis in words. */
    hb.registerHelper("legalBasis", (b: unknown) => this.label(`bases.${String(b)}`));
    /** `{{date "2024-05-01"}}`: "1 May 2024" in the pack's format (no locale data, no clock). */
    hb.registerHelper("date", (iso: unknown) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
      if (!m) return String(iso);
      const month = this.label(`months.${Number(m[2])}`);
      return this.label("dateFormat")
        .replace("{day}", String(Number(m[3])))
        .replace("{month}", month)
        .replace("{year}", m[1]!);
    });
    /** `{{upperFirst x}}`: for vocabulary at the start of a sentence or cell. */
    hb.registerHelper("upperFirst", (v: unknown) => {
      const s = String(v);
      return s.charAt(0).toUpperCase() + s.slice(1);
    });
    /** `{{vocab "sections.rights"}}`: any vocabulary entry. */
    hb.registerHelper("vocab", (path: unknown) => this.label(String(path)));
    /** `{{plural n "item" "items"}}`. */
    hb.registerHelper("plural", (n: unknown, one: unknown, other: unknown) => (Number(n) === 1 ? String(one) : String(other)));
  }

  private readJson(file: string): Json | undefined {
    try {
      return JSON.parse(readFileSync(file, "utf8")) as Json;
    } catch (error) {
      this.reportOnce(`json:${file}`, () =>
        createDiagnostic("PC5004", { template: "labels.json", lang: this.lang, reason: reason(error) }, undefined),
      );
      return undefined;
    }
  }

  private reportOnce(key: string, make: () => Diagnostic): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push(make());
  }
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!.trim().replace(/\.$/, "");
}
