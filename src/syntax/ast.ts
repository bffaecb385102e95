/**
 * The typed abstract syntax tree of a `.policy` file.
 *
 * Pipeline position: the parser (parser.ts) produces a concrete syntax tree; `lower.ts` turns it
 * into these nodes. Every node is a member of a discriminated union keyed on `kind` and carries a
 * `span` (file and byte offsets; line and column are computed only when a diagnostic is shown).
 * The binder (semantics/) reads nothing but this tree.
 */
import { table } from "../util/table.js";

/** A half-open range `[start, end)` of UTF-16 offsets in `file`. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  /**
   * The file as a whole, at no place in it (a template in the wrong folder): shown as the file's
   * name alone, with no line, column or source lines, in every output format.
   */
  readonly whole?: true;
}

/** The span of a file as a whole (`Span.whole`): a problem with the file, at no place in it. */
export function wholeFile(file: string): Span {
  return { file, start: 0, end: 0, whole: true };
}

interface NodeBase {
  readonly span: Span;
}

/** A plain identifier (`personal`, `EU`, `opt_in`). */
export interface Word extends NodeBase {
  readonly kind: "Word";
  readonly name: string;
}

/** A dotted, possibly hierarchical name (`contact.email`); `parts` are its segments. */
export interface Ref extends NodeBase {
  readonly kind: "Ref";
  readonly path: string;
  readonly parts: readonly string[];
}

/** A string with optional translations: `"Direct marketing" @de "Direktwerbung"`. */
export interface Text extends NodeBase {
  readonly kind: "Text";
  readonly value: string;
  readonly translations: readonly Translation[];
}

export interface Translation extends NodeBase {
  readonly kind: "Translation";
  /** BCP 47 tag without the `@`, e.g. `de`, `zh-Hans`. */
  readonly lang: string;
  readonly value: string;
}

export type DurationUnit = "hour" | "day" | "week" | "month" | "year";

/** `30 days`, `2 years`, `6mo` normalised to an amount and a unit. */
export interface Duration extends NodeBase {
  readonly kind: "Duration";
  readonly amount: number;
  readonly unit: DurationUnit;
}

/** A calendar date `2024-05-01`. */
export interface DateLit extends NodeBase {
  readonly kind: "Date";
  readonly value: string;
}

export interface NumberLit extends NodeBase {
  readonly kind: "Number";
  readonly value: number;
}

export interface BoolLit extends NodeBase {
  readonly kind: "Bool";
  readonly value: boolean;
}

/** A value restricted to a closed set of words (`basis consent`). */
export interface Enum<T extends string> extends NodeBase {
  readonly kind: "Enum";
  readonly value: T;
}

// ---------------------------------------------------------------------------------------------
// Closed vocabularies. The lowering step rejects anything else with a did-you-mean.

export const CLASSIFICATIONS = ["personal", "sensitive", "pseudonymous", "anonymous", "aggregate"] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
/** The classifications of data about an identifiable person: what `personal` in a rule covers, and what the notice duties and retention checks are about. */
export const PERSONAL_CLASSIFICATIONS: ReadonlySet<Classification> = new Set(["personal", "sensitive", "pseudonymous"]);

export const SOURCES = ["provided", "automatic", "third_party", "derived"] as const;
export type DataSource = (typeof SOURCES)[number];

export const PROVISIONS = ["statutory", "contractual", "prerequisite", "voluntary"] as const;
export type Provision = (typeof PROVISIONS)[number];

export const BASES = [
  "consent",
  "explicit_consent",
  "contract",
  "legal_obligation",
  "vital_interests",
  "public_task",
  "legitimate_interests",
  "consent_or_no_objection",
] as const;
export type Basis = (typeof BASES)[number];
/**
 * The bases that rest on the person's consent. Each stands alone in a `basis` list: processing
 * on consent cannot fall back on another basis when the consent goes (EDPB Guidelines 05/2020,
 * 121-123), and the guards could not say which one a decision rests on.
 */
export const CONSENT_BASES: ReadonlySet<Basis> = new Set<Basis>(["consent", "explicit_consent", "consent_or_no_objection"]);

export const CONSENT_MODES = ["opt_in", "opt_out", "notice"] as const;
export type ConsentMode = (typeof CONSENT_MODES)[number];

/**
 * The conditions of GDPR Art. 9(2) besides explicit consent (a basis of its own) under which
 * special categories of data may be processed: (b) employment and social security law, (c) vital
 * interests, (e) data the person made public, (f) legal claims, (g) substantial public interest,
 * (h) health or social care, (i) public health, (j) archiving, research or statistics.
 */
export const SPECIAL_CONDITIONS = ["employment", "vital_interests", "made_public", "legal_claims", "public_interest", "health_care", "public_health", "research"] as const;
export type SpecialCondition = (typeof SPECIAL_CONDITIONS)[number];

export const RECIPIENT_TYPES = [
  "affiliate",
  "processor",
  // an independent controller decides itself how it uses the data; joint controllers decide together (GDPR Art. 26)
  "controller",
  "joint_controller",
  "partner",
  "advertiser",
  "social",
  "sign_on",
  "authority",
  "public",
] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];

export const ACTIONS = ["collect", "use", "share", "sell", "transfer"] as const;
export type Action = (typeof ACTIONS)[number];
/** Words accepted in place of an action, and the action they mean. */
export const ACTION_ALIASES: Readonly<Record<string, Action>> = table({ disclose: "share", process: "use" });
/** Actions that send data to a recipient (they take `with`/`to`); collect and use stay inside. */
export const FLOW_ACTIONS: ReadonlySet<Action> = new Set<Action>(["share", "sell", "transfer"]);
export const isFlowAction = (action: Action): boolean => FLOW_ACTIONS.has(action);

/**
 * Condition atoms a rule can depend on. `in <jurisdiction>` is written as its own form
 * (`when in EU`) and is represented by `Condition.jurisdiction`.
 */
export const CONDITION_ATOMS = [
  "consent",
  "explicit_consent",
  "recipient_consent",
  "required_by_law",
  "permitted_by_law",
  "anonymised",
  "aggregated",
  "at_request",
  "minor",
] as const;
export type ConditionAtom = (typeof CONDITION_ATOMS)[number];
/**
 * The atoms of a law requiring or permitting the processing: no consent given or withdrawn
 * changes what a rule under them allows (the consent hash, the diff's classes, and the published
 * policy's "where the law allows" all read them).
 */
export const LAW_ATOMS: ReadonlySet<string> = new Set<ConditionAtom>(["required_by_law", "permitted_by_law"]);
/**
 * The decision table and the guards hold the atoms that hold for a request as bits of a 31-bit
 * integer: at most 30 atoms, the fixed ones plus one `in:<jurisdiction>` per jurisdiction.
 */
export const MAX_CONDITION_ATOMS = 30;
export const MAX_JURISDICTIONS = MAX_CONDITION_ATOMS - CONDITION_ATOMS.length;
export const CONDITION_ALIASES: Readonly<Record<string, ConditionAtom>> = table({ anonymized: "anonymised" });

export const RETENTION_CRITERIA = [
  "while_needed",
  "required_by_law",
  "permitted_by_law",
  "until_account_deletion",
  "until_withdrawn",
] as const;
export type RetentionCriterion = (typeof RETENTION_CRITERIA)[number];

/**
 * What a retention period (and its `max`) counts from: collection, or an event after it. The
 * guards' `isExpired` takes the event's time under the same name.
 */
export const RETENTION_FROM = ["collection", "account_deletion", "withdrawal", "last_activity", "contract_end"] as const;
export type RetentionFrom = (typeof RETENTION_FROM)[number];

export const END_ACTIONS = ["delete", "anonymise"] as const;
export type EndAction = (typeof END_ACTIONS)[number];

export const TRACKER_TYPES = [
  "cookie",
  "tag",
  "script",
  "log_file",
  "local_storage",
  "social_widget",
  "sign_on",
  "pixel",
  "sdk",
] as const;
export type TrackerType = (typeof TRACKER_TYPES)[number];

export const TRACKER_GATES = ["consent", "opt_out", "none"] as const;
export type TrackerGate = (typeof TRACKER_GATES)[number];

export const RIGHT_TYPES = [
  "access",
  "rectification",
  "erasure",
  "restriction",
  // in the order of the GDPR's articles (20, then 21): the document lists rights in this order
  "portability",
  "objection",
  "withdraw_consent",
  "complain",
  "opt_out_marketing",
  "opt_out_sale",
  "know",
  "delete",
  "correct",
  "limit_sensitive",
  "non_discrimination",
] as const;
export type RightType = (typeof RIGHT_TYPES)[number];

export const PRECEDENCE_STRATEGIES = ["deny_overrides"] as const;
export type PrecedenceStrategy = (typeof PRECEDENCE_STRATEGIES)[number];

// ---------------------------------------------------------------------------------------------
// Declarations

export interface ImportDecl extends NodeBase {
  readonly kind: "Import";
  /** The literal as written: `std/taxonomy` or `./shared/taxonomy.policy`. */
  readonly path: string;
  readonly pathSpan: Span;
}

/** Nested `controller "Name" { ... }` and `dpo "Name" { ... }` blocks of the policy header. */
export interface Party extends NodeBase {
  readonly kind: "Party";
  readonly name?: Text;
  readonly legalName?: Text;
  readonly address?: Text;
  readonly email?: Text;
  readonly phone?: Text;
  readonly url?: Text;
}

/**
 * `examples none`: a field that a refinement of an imported declaration empties instead of
 * inheriting (see grammar/README.md, "Refining an imported declaration").
 */
export interface ClearedField extends NodeBase {
  readonly kind: "Cleared";
  /** The field's name as written (`examples`). */
  readonly field: string;
  /** The AST properties it empties (`["examples"]`; `["basis", "basisIn"]` for `basis`). */
  readonly props: readonly string[];
  /** The `none` that clears it. */
  readonly value: Word;
}

/** The word that empties a field (`examples none`); it cannot name a declaration. */
export const NONE = "none";

/** What every block declaration has besides its own fields. */
interface BlockBase extends NodeBase {
  /** The fields written as `none`, in the order written; absent when there are none. */
  readonly cleared?: readonly ClearedField[];
}

export interface PolicyDecl extends BlockBase {
  readonly kind: "Policy";
  readonly name: Ref;
  readonly label?: Text;
  readonly controller?: Party;
  readonly dpo?: Party;
  readonly version?: Text;
  readonly effective?: DateLit;
  readonly jurisdictions: readonly Word[];
  readonly languages: readonly Word[];
  /** Supervisory authority a person can complain to (GDPR Art. 13(2)(d)). */
  readonly authority?: Text;
  /** Where the published policy lives (CCPA: link to the full policy). */
  readonly url?: Text;
  /** CCPA "Do Not Sell or Share My Personal Information" link. */
  readonly doNotSellUrl?: Text;
  /**
   * Earlier versions of this policy (paths of their `.policy` files, relative to this one) whose
   * consent records stay valid: the compiler proves that this version allows no more under them.
   */
  readonly acceptsConsentFrom: readonly Text[];
  readonly prose?: Text;
}

export interface CategoryDecl extends BlockBase {
  readonly kind: "Category";
  readonly name: Ref;
  readonly label?: Text;
  readonly classification?: Enum<Classification>;
  readonly source?: Enum<DataSource>;
  /** The named third party data is received from (recipient ref), when `source third_party`. */
  readonly from?: Ref;
  readonly examples: readonly Text[];
  /** Context the collection is limited to ("only when browsing www.mi.com"). */
  readonly scope?: Text;
  readonly provision?: Enum<Provision>;
  readonly consequence?: Text;
  readonly prose?: Text;
}

/** `basis consent { EU explicit_consent }`: the bases that apply in one jurisdiction. */
export interface BasisVariant extends NodeBase {
  readonly kind: "BasisVariant";
  readonly jurisdiction: Word;
  /** One or more (`EU legal_obligation, legitimate_interests`), never consent beside another. */
  readonly basis: readonly Enum<Basis>[];
}

export interface PurposeDecl extends BlockBase {
  readonly kind: "Purpose";
  readonly name: Ref;
  readonly label?: Text;
  /** One or more (`basis contract, legal_obligation`), never consent beside another; absent when unwritten. */
  readonly basis?: readonly Enum<Basis>[];
  readonly basisIn: readonly BasisVariant[];
  /** The legitimate interest pursued, when the basis is legitimate interests. */
  readonly interest?: Text;
  readonly consentMode?: Enum<ConsentMode>;
  readonly uses: readonly Ref[];
  readonly profiling?: BoolLit;
  /** Automated decision-making: its logic and consequences, or absent. */
  readonly automatedDecisions?: Text;
  /** The GDPR Art. 9(2) condition its use of special categories rests on, besides explicit consent. */
  readonly specialCondition?: Enum<SpecialCondition>;
  readonly withdraw?: Text;
  readonly optOut?: Text;
  readonly optOutUrl?: Text;
  /** Audiences (refs to `audience` declarations) this purpose never targets. */
  readonly excludes: readonly Ref[];
  /** Marketing channels a person can opt out of separately (`email`, `sms`, `push`...). */
  readonly channels: readonly Word[];
  readonly marketing?: BoolLit;
  readonly prose?: Text;
}

export interface RecipientDecl extends BlockBase {
  readonly kind: "Recipient";
  readonly name: Ref;
  readonly label?: Text;
  readonly type?: Enum<RecipientType>;
  readonly sectors: readonly Text[];
  readonly safeguards: readonly Text[];
  /** Their own privacy policy governs what they do with the data. */
  readonly ownPolicy?: BoolLit;
  /** Countries or regions data is transferred to. */
  readonly transfers: readonly Text[];
  readonly transferSafeguards: readonly Text[];
  /** Sharing with this recipient needs its own consent. */
  readonly needsConsent?: BoolLit;
  readonly prose?: Text;
}

export interface RetentionDecl extends BlockBase {
  readonly kind: "Retention";
  readonly name: Ref;
  readonly label?: Text;
  readonly appliesTo: readonly Ref[];
  readonly purposes: readonly Ref[];
  /** A fixed period, or `indefinite`. */
  readonly period?: Duration | Enum<"indefinite">;
  readonly criteria: readonly Enum<RetentionCriterion>[];
  /** What the period and `max` count from; absent: collection, unless an event criterion leaves it open. */
  readonly from?: Enum<RetentionFrom>;
  /** What happens at the end: `end delete, anonymise` means either. */
  readonly end: readonly Enum<EndAction>[];
  readonly max?: Duration;
  readonly prose?: Text;
}

export interface TrackerDecl extends BlockBase {
  readonly kind: "Tracker";
  readonly name: Ref;
  readonly label?: Text;
  readonly type?: Enum<TrackerType>;
  /** Recipients that operate it; empty means first party. */
  readonly providers: readonly Ref[];
  /** `first_party yes`: we operate it too, beside its providers. */
  readonly firstParty?: BoolLit;
  readonly scope?: Text;
  readonly collects: readonly Ref[];
  readonly purposes: readonly Ref[];
  readonly gate?: Enum<TrackerGate>;
  readonly optOut?: Text;
  readonly optOutUrl?: Text;
  readonly prose?: Text;
}

export interface RightDecl extends BlockBase {
  readonly kind: "Right";
  readonly name: Ref;
  readonly label?: Text;
  readonly type?: Enum<RightType>;
  readonly how?: Text;
  readonly url?: Text;
  readonly prose?: Text;
}

export interface AudienceDecl extends BlockBase {
  readonly kind: "Audience";
  readonly name: Ref;
  readonly label?: Text;
  /** People under this age belong to the audience. */
  readonly ageUnder?: NumberLit;
  /** `collect no`: we do not knowingly collect personal data from this audience. */
  readonly collect?: BoolLit;
  /** `marketing no`: we send no marketing to this audience. */
  readonly marketing?: BoolLit;
  /** How a parent or guardian has data removed. */
  readonly removal?: Text;
  readonly prose?: Text;
}

export interface SecurityDecl extends BlockBase {
  readonly kind: "Security";
  readonly name: Ref;
  readonly label?: Text;
  readonly measures: readonly Text[];
  readonly prose?: Text;
}

export interface ChangesDecl extends BlockBase {
  readonly kind: "Changes";
  readonly name: Ref;
  readonly label?: Text;
  readonly notify: readonly Text[];
  readonly prose?: Text;
}

export interface PrecedenceDecl extends BlockBase {
  readonly kind: "Precedence";
  readonly name: Ref;
  readonly label?: Text;
  readonly strategy?: Enum<PrecedenceStrategy>;
  /** Documents that prevail over this policy where they are inconsistent with it. */
  readonly prevails: readonly Text[];
  readonly prose?: Text;
}

/** Free prose under a heading, for what no structure carries. */
export interface SectionDecl extends BlockBase {
  readonly kind: "Section";
  readonly name: Ref;
  readonly label?: Text;
  readonly prose?: Text;
}

/** One literal of a `when`/`unless` list: `consent`, `not minor`, `in EU`. */
export interface Condition extends NodeBase {
  readonly kind: "Condition";
  readonly negated: boolean;
  /** Set for an atom; absent for a jurisdiction test. */
  readonly atom?: ConditionAtom;
  /** Set for `in <jurisdiction>`. */
  readonly jurisdiction?: Word;
  /** Set for `age_under <years>`. */
  readonly ageUnder?: NumberLit;
}

export type Effect = "allow" | "deny";

/**
 * `deny share personal with partners for marketing.direct when consent as no_partner_marketing
 *    "prose" except allow when required_by_law`
 * Empty `recipients`/`purposes` lists in an exception inherit the parent's; at top level they
 * mean "any".
 */
export interface RuleDecl extends NodeBase {
  readonly kind: "Rule";
  readonly effect: Enum<Effect>;
  /** Absent only on an exception that inherits its parent's action. */
  readonly action?: Enum<Action>;
  readonly data: readonly Ref[];
  readonly recipients: readonly Ref[];
  readonly purposes: readonly Ref[];
  readonly conditions: readonly Condition[];
  readonly id?: Word;
  readonly prose?: Text;
  readonly exceptions: readonly RuleDecl[];
}

/**
 * `assert never sell personal to anyone` / `assert never use personal for marketing unless consent`
 * / `assert allows share personal with authorities when required_by_law`.
 */
export interface AssertDecl extends NodeBase {
  readonly kind: "Assert";
  readonly mode: Enum<"never" | "allows">;
  readonly action: Enum<Action>;
  readonly data: readonly Ref[];
  readonly recipients: readonly Ref[];
  readonly purposes: readonly Ref[];
  /** The literals assumed to hold: `unless x` is stored as `not x`, `when x` as `x`. */
  readonly conditions: readonly Condition[];
  readonly id?: Word;
  readonly prose?: Text;
}

export type BlockDecl =
  | PolicyDecl
  | CategoryDecl
  | PurposeDecl
  | RecipientDecl
  | RetentionDecl
  | TrackerDecl
  | RightDecl
  | AudienceDecl
  | SecurityDecl
  | ChangesDecl
  | PrecedenceDecl
  | SectionDecl;

export type Decl = BlockDecl | RuleDecl | AssertDecl;

/** A `// line` or `/* block *\/` comment, kept for the formatter. */
export interface Comment extends NodeBase {
  readonly kind: "Comment";
  readonly text: string;
}

/**
 * `// policyc-ignore PC3001: reason` on the line before a declaration suppresses that diagnostic
 * on it; the reason is required.
 */
export interface Suppression extends NodeBase {
  readonly kind: "Suppression";
  readonly code: string;
  readonly reason: string;
  /** Offset of the declaration it applies to (the next one after the comment). */
  readonly target: number;
}

export interface SourceFile extends NodeBase {
  readonly kind: "SourceFile";
  readonly path: string;
  readonly imports: readonly ImportDecl[];
  readonly decls: readonly Decl[];
  readonly comments: readonly Comment[];
  readonly suppressions: readonly Suppression[];
}

export type Node =
  | SourceFile
  | ImportDecl
  | Decl
  | Party
  | BasisVariant
  | Condition
  | Word
  | Ref
  | Text
  | Translation
  | Duration
  | DateLit
  | NumberLit
  | BoolLit
  | Enum<string>
  | Comment
  | Suppression
  | ClearedField;
