/**
 * The normalized policy model: what the policy means, resolved and hierarchy-expanded, free of
 * syntax. It is the only input of every emitter and is written as `generated/<example>/policy.json`
 * (its JSON Schema is `schema/policy-model.schema.json`). Spans are reduced to `SourceRef`s.
 *
 * Ordering is deterministic: declarations are sorted by id, lists keep the order the policy
 * wrote them in unless noted.
 */
import type {
  Action,
  Basis,
  Classification,
  ConditionAtom,
  ConsentMode,
  DataSource,
  DurationUnit,
  EndAction,
  PrecedenceStrategy,
  Provision,
  RecipientType,
  RetentionCriterion,
  RetentionFrom,
  RightType,
  SpecialCondition,
  TrackerGate,
  TrackerType,
} from "../syntax/ast.js";

export type {
  Action,
  Basis,
  Classification,
  ConditionAtom,
  ConsentMode,
  DataSource,
  DurationUnit,
  EndAction,
  PrecedenceStrategy,
  Provision,
  RecipientType,
  RetentionCriterion,
  RetentionFrom,
  RightType,
  SpecialCondition,
  TrackerGate,
  TrackerType,
};

/** Where a declaration came from: path relative to the compiled root file's folder, 1-based. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Text in the policy's languages. `text` is the source language; `translations` maps other
 * language tags to their text. A language missing here is reported by the document emitter.
 */
export interface LText {
  readonly text: string;
  readonly translations: Readonly<Record<string, string>>;
  /**
   * Present (true) when the text is the standard library's own, inherited or used as it is:
   * documents in another language take its translation from the wording pack's taxonomy.
   */
  readonly std?: true;
}

export interface Duration {
  readonly amount: number;
  readonly unit: DurationUnit;
  /** The same duration in days (a year is 365 days, a month a twelfth of it) for comparisons. */
  readonly days: number;
}

export interface Party {
  readonly name: LText | null;
  readonly legalName: LText | null;
  readonly address: LText | null;
  readonly email: LText | null;
  readonly phone: LText | null;
  readonly url: LText | null;
}

export interface Header {
  readonly id: string;
  readonly title: LText;
  readonly controller: Party | null;
  readonly dpo: Party | null;
  readonly version: string | null;
  /** ISO date `YYYY-MM-DD`. */
  readonly effective: string | null;
  readonly jurisdictions: readonly string[];
  /** The first is the source language of all text; the rest need translations. */
  readonly languages: readonly string[];
  /** Where each of `languages` is written, in the same order (empty for the default `en`). */
  readonly languageRefs: readonly SourceRef[];
  /**
   * Where each text of the header is written, by its property (`authority`, `controller.address`),
   * for diagnostics about it (a missing translation points at the text, not at the header).
   */
  readonly textRefs: Readonly<Record<string, SourceRef>>;
  readonly authority: LText | null;
  readonly url: LText | null;
  readonly doNotSellUrl: LText | null;
  readonly prose: LText | null;
  /**
   * The earlier versions whose consent records stay valid (`accepts_consent_from`, and those
   * they accept in turn): the compiler has proved that this version allows no more under them.
   */
  readonly acceptsConsentFrom: readonly AcceptedConsent[];
  readonly source: SourceRef;
}

/** An earlier version of the policy whose consent records this one accepts. */
export interface AcceptedConsent {
  /** Its file, as `accepts_consent_from` names it (relative to the policy that names it). */
  readonly path: string;
  readonly consentHash: string;
  /** What its records can hold: the keys of `purposes` and `recipients`. */
  readonly purposes: readonly string[];
  readonly recipients: readonly string[];
}

export interface Category {
  readonly id: string;
  readonly label: LText;
  readonly parent: string | null;
  /** Direct children ids. */
  readonly children: readonly string[];
  /** Leaf ids this category covers (itself when it is a leaf). */
  readonly leaves: readonly string[];
  /** Inherited from the nearest ancestor that states one; `personal` when none does. */
  readonly classification: Classification;
  readonly source: DataSource | null;
  /** Recipient id the data is received from, when `source` is `third_party`. */
  readonly from: string | null;
  readonly examples: readonly LText[];
  readonly scope: LText | null;
  readonly provision: Provision | null;
  readonly consequence: LText | null;
  readonly prose: LText | null;
  readonly sourceRef: SourceRef;
}

export interface BasisVariant {
  readonly jurisdiction: string;
  /** One or more, in the order written; a consent basis stands alone. */
  readonly bases: readonly Basis[];
}

export interface Purpose {
  readonly id: string;
  readonly label: LText;
  readonly parent: string | null;
  readonly children: readonly string[];
  readonly leaves: readonly string[];
  /**
   * The legal bases, in the order written (empty when none is stated), inherited from the nearest
   * ancestor that states them. Several only when none is a consent basis (PC1030).
   */
  readonly bases: readonly Basis[];
  readonly basisIn: readonly BasisVariant[];
  readonly interest: LText | null;
  /** Defaults: opt_in for consent bases, notice otherwise. */
  readonly consentMode: ConsentMode;
  /** True when the basis (or a jurisdiction variant) rests on the person's consent. */
  readonly needsConsent: boolean;
  /** Leaf categories, expanded, sorted. */
  readonly uses: readonly string[];
  /** Category ids as written. */
  readonly usesDeclared: readonly string[];
  readonly profiling: boolean;
  readonly automatedDecisions: LText | null;
  /** The GDPR Art. 9(2) condition (besides explicit consent) its use of special categories rests on; null when none is stated. */
  readonly specialCondition: SpecialCondition | null;
  readonly withdraw: LText | null;
  readonly optOut: LText | null;
  readonly optOutUrl: LText | null;
  /** Audience ids. */
  readonly excludes: readonly string[];
  readonly channels: readonly string[];
  readonly marketing: boolean;
  readonly prose: LText | null;
  readonly sourceRef: SourceRef;
}

export interface Recipient {
  readonly id: string;
  readonly label: LText;
  readonly parent: string | null;
  readonly children: readonly string[];
  readonly leaves: readonly string[];
  readonly type: RecipientType | null;
  readonly sectors: readonly LText[];
  readonly safeguards: readonly LText[];
  readonly ownPolicy: boolean;
  readonly transfers: readonly LText[];
  readonly transferSafeguards: readonly LText[];
  readonly needsConsent: boolean;
  readonly prose: LText | null;
  readonly sourceRef: SourceRef;
}

/**
 * One literal of a condition, possibly negated: an atom, a jurisdiction test, or (in the rules
 * an audience of an age implies, never written) whether the person is younger than an age.
 */
export interface Literal {
  readonly atom: ConditionAtom | `in:${string}` | `age_under:${number}`;
  readonly negated: boolean;
}

export type RuleOrigin =
  /** An `allow`/`deny` statement. */
  | "rule"
  /** A purpose's `uses`: allow collect and use of those categories for it, under its basis. */
  | "purpose"
  /** A purpose's `excludes`, or an audience's `collect no`/`marketing no`: deny when minor. */
  | "audience";

export interface Rule {
  /** The rule's `as` name, or a generated `<origin>:<file>:<line>` id. */
  readonly id: string;
  readonly effect: "allow" | "deny";
  readonly action: Action;
  /** Leaf ids, expanded and sorted. `recipients` is empty for collect/use. */
  readonly categories: readonly string[];
  readonly recipients: readonly string[];
  readonly purposes: readonly string[];
  /** As written, for documents: category/recipient/purpose ids and selectors (`personal`). */
  readonly written: {
    readonly categories: readonly string[];
    readonly recipients: readonly string[];
    readonly purposes: readonly string[];
  };
  /** Conjunction. */
  readonly conditions: readonly Literal[];
  /** Alternate polarity; each covers a subset of its parent. */
  readonly exceptions: readonly Rule[];
  readonly origin: RuleOrigin;
  readonly prose: LText | null;
  readonly sourceRef: SourceRef;
}

export interface Retention {
  readonly id: string;
  readonly label: LText;
  /** Leaf categories, expanded. */
  readonly categories: readonly string[];
  readonly categoriesDeclared: readonly string[];
  readonly purposes: readonly string[];
  readonly period: Duration | "indefinite" | null;
  readonly criteria: readonly RetentionCriterion[];
  /**
   * What `period` and `max` count from, as written (`from`); null when not said: collection, unless
   * an event criterion (`until_account_deletion`, `until_withdrawn`) leaves it open.
   */
  readonly from: RetentionFrom | null;
  readonly end: readonly EndAction[];
  readonly max: Duration | null;
  readonly prose: LText | null;
  readonly sourceRef: SourceRef;
}

export interface Tracker {
  readonly id: string;
  readonly label: LText;
  readonly type: TrackerType | null;
  /** Recipient ids; empty means first party. */
  readonly providers: readonly string[];
  /** Whether we operate it: always without providers, and beside them with `first_party yes`. */
  readonly firstParty: boolean;
  readonly scope: LText | null;
  readonly collects: readonly string[];
  readonly purposes: readonly string[];
  /** What its use waits for; null where the policy does not say (no sentence is made up for it). */
  readonly gate: TrackerGate | null;
  readonly optOut: LText | null;
  readonly optOutUrl: LText | null;
  readonly prose: LText | null;
  readonly sourceRef: SourceRef;
}

export interface Right {
  readonly id: string;
  readonly label: LText;
  readonly type: RightType | null;
  readonly how: LText | null;
  readonly url: LText | null;
  readonly prose: LText | null;
  /** True when derived from a jurisdiction rather than declared. */
  readonly derived: boolean;
  /** Jurisdiction that grants it, for derived rights. */
  readonly jurisdiction: string | null;
  readonly sourceRef: SourceRef;
}

export interface Audience {
  readonly id: string;
  readonly label: LText;
  readonly ageUnder: number | null;
  readonly collect: boolean;
  readonly marketing: boolean;
  readonly removal: LText | null;
  readonly prose: LText | null;
  readonly sourceRef: SourceRef;
}

/** `security`, `changes` and `section` declarations. */
export interface Statement {
  readonly id: string;
  readonly label: LText;
  readonly items: readonly LText[];
  readonly prose: LText | null;
  readonly sourceRef: SourceRef;
}

export interface Precedence {
  /** How the guards resolve conflicting rules; always deny-overrides, stated or not. */
  readonly strategy: PrecedenceStrategy;
  /** Whether the policy states the strategy (`strategy`): only then does the document say it. */
  readonly strategyStated: boolean;
  readonly prevails: readonly LText[];
  readonly prose: LText | null;
  readonly sourceRef: SourceRef | null;
}

export interface Assertion {
  readonly id: string;
  readonly mode: "never" | "allows";
  readonly action: Action;
  readonly categories: readonly string[];
  readonly recipients: readonly string[];
  readonly purposes: readonly string[];
  readonly conditions: readonly Literal[];
  readonly text: string;
  readonly prose: LText | null;
  readonly sourceRef: SourceRef;
}

export interface PolicyModel {
  readonly $schema: "https://policyc.dev/schema/policy-model-6.json";
  readonly header: Header;
  /** sha256 over the canonical JSON of the model's meaning (no source refs, no prose order). */
  readonly hash: string;
  /** sha256 over what a consent record depends on: consent purposes, their uses, recipients. */
  readonly consentHash: string;
  readonly categories: readonly Category[];
  readonly purposes: readonly Purpose[];
  readonly recipients: readonly Recipient[];
  readonly rules: readonly Rule[];
  readonly retention: readonly Retention[];
  readonly trackers: readonly Tracker[];
  readonly rights: readonly Right[];
  readonly audiences: readonly Audience[];
  readonly security: readonly Statement[];
  readonly changes: readonly Statement[];
  readonly sections: readonly Statement[];
  readonly precedence: Precedence;
  readonly assertions: readonly Assertion[];
}
