/**
 * The fields of each kind of block and the shape of their values: the table that `lower.ts`
 * validates against and that syntax error messages draw their wording from ("expected a
 * category name after `uses`"). The language reference (grammar/README.md) documents the same
 * table; a test keeps the two in sync.
 */
import { table } from "../util/table.js";
import {
  CLASSIFICATIONS,
  CONSENT_MODES,
  END_ACTIONS,
  PRECEDENCE_STRATEGIES,
  PROVISIONS,
  RECIPIENT_TYPES,
  RETENTION_CRITERIA,
  RETENTION_FROM,
  RIGHT_TYPES,
  SOURCES,
  SPECIAL_CONDITIONS,
  TRACKER_GATES,
  TRACKER_TYPES,
  type BlockDecl,
} from "./ast.js";
import type { BlockWord } from "./tokens.js";

/** What a field's value list must look like. */
export type Shape =
  | { readonly kind: "text" }
  | { readonly kind: "texts" }
  /** One dotted name; `noun` words messages ("a recipient name"). */
  | { readonly kind: "ref"; readonly noun: string }
  | { readonly kind: "refs"; readonly noun: string }
  /** Plain words without dots (`EU`, `en`, `email`); `lang` checks them as language tags. */
  | { readonly kind: "words"; readonly noun: string; readonly lang?: boolean }
  /** One word (or, for `enums`, several) from a closed list; `noun` names one ("a legal basis"). */
  | { readonly kind: "enum"; readonly values: readonly string[]; readonly noun: string }
  | { readonly kind: "enums"; readonly values: readonly string[]; readonly noun: string }
  | { readonly kind: "bool" }
  | { readonly kind: "number" }
  | { readonly kind: "duration"; readonly orWords?: readonly string[] }
  | { readonly kind: "date" }
  /** `controller "Name" { legal_name "..." email "..." }`. */
  | { readonly kind: "party" }
  /** `basis consent { EU explicit_consent }`, `basis contract, legal_obligation`. */
  | { readonly kind: "basis" };

export interface FieldSpec {
  /** The property of the AST node it fills. */
  readonly prop: string;
  readonly shape: Shape;
  /** A child declaration (`contact.email`) without the field takes its parent's (src/model/build.ts). */
  readonly inherited?: true;
  /**
   * False where `none` cannot empty the field (grammar/README.md, "Refining an imported
   * declaration"): yes/no fields, and those whose absence means a default rather than "not
   * stated" (`class`, `consent`), so that `marketing none` cannot read as "no marketing".
   */
  readonly clearable?: false;
}

export interface BlockSpec {
  readonly kind: BlockDecl["kind"];
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

export const BOOL_WORDS: Readonly<Record<string, boolean>> = table({ yes: true, no: false, true: true, false: false });

const text = { kind: "text" } as const;
const texts = { kind: "texts" } as const;
const bool = { kind: "bool" } as const;
const refs = (noun: string) => ({ kind: "refs", noun }) as const;
const enumOf = (noun: string, values: readonly string[]) => ({ kind: "enum", values, noun }) as const;

function f(prop: string, shape: Shape, options: { readonly inherited?: true; readonly clearable?: false } = {}): FieldSpec {
  return { prop, shape, ...(shape.kind === "bool" ? { clearable: false as const } : {}), ...options };
}

const INHERITED = { inherited: true } as const;

/** The fields of a `controller` or `dpo` block. */
export const PARTY_FIELDS: Readonly<Record<string, FieldSpec>> = table({
  name: f("name", text),
  legal_name: f("legalName", text),
  address: f("address", text),
  email: f("email", text),
  phone: f("phone", text),
  url: f("url", text),
});

export const BLOCKS: Readonly<Record<BlockWord, BlockSpec>> = table({
  policy: {
    kind: "Policy",
    fields: table({
      controller: f("controller", { kind: "party" }),
      dpo: f("dpo", { kind: "party" }),
      version: f("version", text),
      effective: f("effective", { kind: "date" }),
      jurisdictions: f("jurisdictions", { kind: "words", noun: "a jurisdiction" }),
      languages: f("languages", { kind: "words", noun: "a language tag", lang: true }),
      authority: f("authority", text),
      url: f("url", text),
      do_not_sell_url: f("doNotSellUrl", text),
      accepts_consent_from: f("acceptsConsentFrom", texts),
      prose: f("prose", text),
    }),
  },
  category: {
    kind: "Category",
    fields: table({
      class: f("classification", enumOf("a data classification", CLASSIFICATIONS), { inherited: true, clearable: false }),
      source: f("source", enumOf("a data source", SOURCES), INHERITED),
      from: f("from", { kind: "ref", noun: "a recipient name" }, INHERITED),
      examples: f("examples", texts),
      scope: f("scope", text, INHERITED),
      provision: f("provision", enumOf("a kind of provision", PROVISIONS), INHERITED),
      consequence: f("consequence", text, INHERITED),
      prose: f("prose", text),
    }),
  },
  purpose: {
    kind: "Purpose",
    fields: table({
      basis: f("basis", { kind: "basis" }, INHERITED),
      interest: f("interest", text, INHERITED),
      consent: f("consentMode", enumOf("a consent mode", CONSENT_MODES), { inherited: true, clearable: false }),
      uses: f("uses", refs("a category name")),
      profiling: f("profiling", bool, INHERITED),
      automated_decisions: f("automatedDecisions", text, INHERITED),
      special_condition: f("specialCondition", enumOf("a condition for special categories of data", SPECIAL_CONDITIONS), INHERITED),
      withdraw: f("withdraw", text, INHERITED),
      opt_out: f("optOut", text, INHERITED),
      opt_out_url: f("optOutUrl", text, INHERITED),
      excludes: f("excludes", refs("an audience name"), INHERITED),
      channels: f("channels", { kind: "words", noun: "a channel" }, INHERITED),
      marketing: f("marketing", bool, INHERITED),
      prose: f("prose", text),
    }),
  },
  recipient: {
    kind: "Recipient",
    fields: table({
      type: f("type", enumOf("a recipient type", RECIPIENT_TYPES), INHERITED),
      sectors: f("sectors", texts),
      safeguards: f("safeguards", texts),
      own_policy: f("ownPolicy", bool),
      transfers: f("transfers", texts),
      transfer_safeguards: f("transferSafeguards", texts),
      needs_consent: f("needsConsent", bool),
      prose: f("prose", text),
    }),
  },
  retention: {
    kind: "Retention",
    fields: table({
      applies_to: f("appliesTo", refs("a category name")),
      purposes: f("purposes", refs("a purpose name")),
      period: f("period", { kind: "duration", orWords: ["indefinite"] }),
      criteria: f("criteria", { kind: "enums", values: RETENTION_CRITERIA, noun: "a retention criterion" }),
      from: f("from", enumOf("what a retention period counts from", RETENTION_FROM)),
      end: f("end", { kind: "enums", values: END_ACTIONS, noun: "an end action" }),
      max: f("max", { kind: "duration" }),
      prose: f("prose", text),
    }),
  },
  tracker: {
    kind: "Tracker",
    fields: table({
      type: f("type", enumOf("a tracker type", TRACKER_TYPES)),
      providers: f("providers", refs("a recipient name")),
      first_party: f("firstParty", bool),
      scope: f("scope", text),
      collects: f("collects", refs("a category name")),
      purposes: f("purposes", refs("a purpose name")),
      gate: f("gate", enumOf("a tracker gate", TRACKER_GATES)),
      opt_out: f("optOut", text),
      opt_out_url: f("optOutUrl", text),
      prose: f("prose", text),
    }),
  },
  right: {
    kind: "Right",
    fields: table({
      type: f("type", enumOf("a type of right", RIGHT_TYPES)),
      how: f("how", text),
      url: f("url", text),
      prose: f("prose", text),
    }),
  },
  audience: {
    kind: "Audience",
    fields: table({
      age_under: f("ageUnder", { kind: "number" }),
      collect: f("collect", bool),
      marketing: f("marketing", bool),
      removal: f("removal", text),
      prose: f("prose", text),
    }),
  },
  security: { kind: "Security", fields: table({ measures: f("measures", texts), prose: f("prose", text) }) },
  changes: { kind: "Changes", fields: table({ notify: f("notify", texts), prose: f("prose", text) }) },
  precedence: {
    kind: "Precedence",
    fields: table({
      strategy: f("strategy", enumOf("a precedence strategy", PRECEDENCE_STRATEGIES)),
      prevails: f("prevails", texts),
      prose: f("prose", text),
    }),
  },
  section: { kind: "Section", fields: table({ prose: f("prose", text) }) },
});

/**
 * The words written from `start` to the end of its line, up to a translation, a quote, a brace
 * or the name of a field (`interest preventing fraud @de ...` gives `preventing fraud`): the
 * text an author forgot to quote, for a help line.
 */
export function unquotedRun(source: string, start: number): string {
  // the line, up to a comment, a quote, a translation or a brace
  const line = (source.slice(start, start + 200).split(/\r?\n/)[0] ?? "").split(/\/\/|\/\*|["@{}]/)[0] ?? "";
  const words: string[] = [];
  for (const word of line.trim().split(/\s+/)) {
    if (word === "" || (words.length > 0 && FIELD_NAMES.has(word))) break;
    words.push(word);
  }
  return words.length > 0 ? words.join(" ") : (/^[^\s"@{}]+/.exec(source.slice(start))?.[0] ?? "");
}

/** The AST properties a field fills: its own, and for `basis` its jurisdiction variants too. */
export function fieldProps(spec: FieldSpec): readonly string[] {
  return spec.shape.kind === "basis" ? [spec.prop, "basisIn"] : [spec.prop];
}

/** Whether the field holds a list (its AST property is an array, empty when absent). */
export function isListShape(shape: Shape): boolean {
  return shape.kind === "texts" || shape.kind === "refs" || shape.kind === "words" || shape.kind === "enums";
}

/** How a message names the value a shape wants: "a string", "a category name", "a date". */
export function describeShape(shape: Shape): string {
  switch (shape.kind) {
    case "text":
    case "texts":
      return "a string";
    case "ref":
    case "refs":
    case "words":
      return shape.noun;
    case "enum":
    case "enums":
      return shape.values.length <= 4 ? `one of ${shape.values.map((v) => `\`${v}\``).join(", ")}` : shape.noun;
    case "bool":
      return "`yes` or `no`";
    case "number":
      return "a number";
    case "duration":
      return shape.orWords ? `a duration such as \`30 days\`, or \`${shape.orWords.join("`, `")}\`` : "a duration such as `30 days`";
    case "date":
      return "a date such as `2024-01-31`";
    case "party":
      return "a name in quotes or a `{ ... }` block";
    case "basis":
      return "a legal basis";
  }
}

/**
 * Other words for a field, as people who write policies in other tools say them (`legal_basis`,
 * `retain`, `description`): the fields they may mean, in order; an unknown field suggests the
 * first that the block has, where spelling alone suggests nothing.
 */
export const FIELD_SYNONYMS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ...(["legal_basis", "lawful_basis", "legal_bases", "lawful_bases", "bases", "legal_ground", "legal_grounds", "ground"] as const).map((w) => [w, ["basis"]] as const),
  ...(["retain", "retain_for", "keep", "keep_for", "kept_for", "duration", "retention", "retention_period", "ttl", "time", "length"] as const).map(
    (w) => [w, ["period"]] as const,
  ),
  ...(["maximum", "max_period", "at_most", "limit", "longest", "expires", "expiry"] as const).map((w) => [w, ["max"]] as const),
  ...(["after", "since", "start", "starts", "counted_from", "counts_from", "from_event"] as const).map((w) => [w, ["from"]] as const),
  ...(["data", "categories", "category", "data_categories", "collected", "collect", "fields"] as const).map(
    (w) => [w, ["uses", "applies_to", "collects"]] as const,
  ),
  ...(["description", "desc", "text", "note", "notes", "details", "explanation", "summary", "body"] as const).map((w) => [w, ["prose"]] as const),
  ...(["language", "lang", "langs", "locale", "locales", "translations"] as const).map((w) => [w, ["languages"]] as const),
  ...(["countries", "country", "regions", "region", "laws", "law", "regulations"] as const).map((w) => [w, ["jurisdictions"]] as const),
  ...(["provider", "vendor", "vendors", "operator", "operators", "third_party", "third_parties"] as const).map((w) => [w, ["providers"]] as const),
  ...(["kind", "sort"] as const).map((w) => [w, ["type"]] as const),
  ...(["classification", "sensitivity", "data_class"] as const).map((w) => [w, ["class"]] as const),
]);

/** Every field name of any block, with the block words it belongs to (for "belongs in" hints). */
export const FIELD_OWNERS: ReadonlyMap<string, readonly BlockWord[]> = (() => {
  const owners = new Map<string, BlockWord[]>();
  for (const [word, spec] of Object.entries(BLOCKS) as [BlockWord, BlockSpec][]) {
    for (const field of Object.keys(spec.fields)) {
      const list = owners.get(field) ?? [];
      list.push(word);
      owners.set(field, list);
    }
  }
  return owners;
})();

/**
 * Every name a field can have, in a block or inside a party (`controller { ... }`): the words
 * that start a new field when they open a line inside a block (parser.ts `startsNextField`, and
 * the formatter, which must not join such a line to the one before).
 */
export const FIELD_NAMES: ReadonlySet<string> = new Set([...FIELD_OWNERS.keys(), ...Object.keys(PARTY_FIELDS)]);
