/**
 * The fixed part of `guards.ts`: the same TypeScript for every policy. The emitter compiles it
 * to JavaScript and declarations once per process (TypeScript's transpiler is slow on large
 * files) and splices the policy's own declarations around it (guards-source.ts).
 *
 * PRELUDE comes first (helpers and types the policy's data uses), then the policy's ids, labels,
 * record types and consent tables, then RUNTIME (the guards), then the decision table itself.
 * RUNTIME reads these policy constants: POLICY_ID, CONSENT_HASH, ACCEPTED_CONSENT_HASHES,
 * ACCEPTED_UNOFFERED, ACTIONS, CATEGORIES, PURPOSES,
 * RECIPIENTS, ATOMS, NP, NR, CELL_BASE, BIT_*, FLAG_BITS, JURISDICTION_BITS, KNOWN_PLACE_CODES, TERRITORY_SUBDIVISIONS, US_STATES, PLACE_MASKS,
 * PLACES_WITHIN, AGE_LIMITS, AGE_BITS,
 * MINOR_AGE_MASKS, ADULT_AGE_MASKS, PURPOSE_*,
 * RECIPIENT_COVER*, CHOICE_KEYS, CHOICE_EXPLICIT, RECIPIENT_KEYS, CHANNEL_KEYS, HAS_IBA,
 * CATEGORY_RETENTION, and (only when called) DECISIONS, TERMS, SHAPE_START, SHAPE_ALLOW,
 * CELL_SHAPE.
 */
import { COLLECTION_METHODS, FLAG_ATOMS, HASH_PATTERN, SUBJECT_PATTERN, TIMESTAMP_PATTERN, VERSION_PATTERN } from "./plan.js";
import { JURISDICTION_PATTERN } from "../../model/rights.js";
import { AGE_OF_MAJORITY, MAX_AGE } from "../../model/ages.js";
import { lit } from "./text.js";

export const PRELUDE_TS = `const freeze = Object.freeze;
const hasOwnProperty = Object.prototype.hasOwnProperty;
const objectToString = Object.prototype.toString;
function hasOwn(o: object, key: string): boolean {
  return hasOwnProperty.call(o, key);
}

function indexOf(ids: readonly string[]): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) map.set(ids[i]!, i);
  return map;
}

/** Labels by id, on objects without a prototype. */
function labels<K extends string>(ids: readonly K[], texts: readonly string[]): Readonly<Record<K, string>> {
  const out = Object.create(null) as Record<K, string>;
  for (let i = 0; i < ids.length; i++) out[ids[i]!] = texts[i]!;
  return freeze(out);
}

/** Why a request was refused before any rule was consulted: the keys of \`REFUSALS\`. */
export type Refusal =
  | "unknownAction"
  | "unknownCategory"
  | "unknownPurpose"
  | "unknownRecipient"
  | "unexpectedRecipient"
  | "malformedContext"
  | "malformedRecord"
  | "staleRecord"
  | "unknownJurisdiction"
  | "unknownAge"
  | "reentrantCall";

/** The answer of a guard; narrow it on \`allowed\`. Frozen and shared: compare fields, not identity. */
export type Decision = AllowedDecision | DeniedDecision;

/** A request the policy allows: always by a rule. */
export interface AllowedDecision {
  readonly allowed: true;
  readonly reason: string;
  /** \`file:line\` of the declaration that allowed it. */
  readonly rule: string;
  /** Model id of the allowing rule (\`lawful_use\`, \`purpose:analytics:use\`). */
  readonly ruleId: string;
  readonly refusal: null;
}

/** A request the policy denies, or one refused before any rule was consulted. */
export interface DeniedDecision {
  readonly allowed: false;
  readonly reason: string;
  /** \`file:line\` of the declaration that denied it, or null when no rule did: the default deny, a denial for want of facts, a refusal. */
  readonly rule: string | null;
  /** Model id of the denying rule (\`no_sale\`), or null. */
  readonly ruleId: string | null;
  /** Why the request was refused (a key of \`REFUSALS\`), or null when the rules decided. */
  readonly refusal: Refusal | null;
}

function decision(allowed: boolean, reason: string, rule: string | null, ruleId: string | null, refusal: Refusal | null = null): Decision {
  return freeze({ allowed, reason, rule, ruleId, refusal }) as Decision;
}

/** A refusal: a denial that names itself. */
export interface Refused<R extends Refusal> extends DeniedDecision {
  readonly rule: null;
  readonly ruleId: null;
  readonly refusal: R;
}

function refused<R extends Refusal>(refusal: R, reason: string): Refused<R> {
  return decision(false, reason, null, null, refusal) as Refused<R>;
}

export const DEFAULT_DENY: DeniedDecision = decision(false, "denied: no rule allows this request", null, null) as DeniedDecision;
/** The refusals, decided before any rule: \`decision.refusal\` names which one. */
export const REFUSALS: { readonly [R in Refusal]: Refused<R> } = freeze({
  unknownAction: refused("unknownAction", "denied: unknown action"),
  unknownCategory: refused("unknownCategory", "denied: unknown data category"),
  unknownPurpose: refused("unknownPurpose", "denied: unknown purpose"),
  unknownRecipient: refused("unknownRecipient", "denied: unknown or missing recipient"),
  unexpectedRecipient: refused("unexpectedRecipient", "denied: collect and use take no recipient"),
  malformedContext: refused("malformedContext", "denied: malformed context"),
  malformedRecord: refused("malformedRecord", "denied: malformed consent record"),
  staleRecord: refused("staleRecord", "denied: the consent record was made under another policy or another version of this one, and the answer depends on it"),
  unknownJurisdiction: refused("unknownJurisdiction", "denied: the context does not say precisely enough where the person is (\`jurisdiction\` absent, a code of no place such as \`USA\`, or a region such as \`US\` that holds places the policy tells apart), and the answer depends on it"),
  unknownAge: refused("unknownAge", "denied: the context does not give the person's \`age\`, and the answer depends on it"),
  reentrantCall: refused("reentrantCall", "denied: guard called from inside a context getter"),
});

/**
 * What the caller knows about a request besides its ids. Unknown members make it malformed; a
 * member that is \`undefined\` counts as absent (so \`exactOptionalPropertyTypes\` code can pass one).
 */
export interface Context {
  /** The person's consent record; absent or null when none exists (no opt-in is granted). */
  readonly record?: ConsentRecord | null | undefined;
  /**
   * Where the person is, as an upper-case code: a jurisdiction of the policy, or a place in one
   * (\`DE\` is in the EU and the EEA, \`GB\` in the UK, \`DE-BY\` in Germany and so in the EU, \`GF\` in
   * France). Any other country's code (\`JP\`) is in none of them; a code of no place (\`USA\`,
   * \`XX\`) is as if none were given;
   * anything that is not a code (\`"eu"\`) makes the context malformed. Absent or null: not known.
   * Where the rules tell places apart, a request is then answered only when every place gets the
   * same answer, and refused as \`unknownJurisdiction\` otherwise; so is a region that holds places
   * the rules tell apart (\`US\` where a rule names \`US-CA\`), over the places in it: give the
   * finest place known.
   */
  readonly jurisdiction?: Jurisdiction | (string & {}) | null | undefined;
  /** A law requires the processing. */
  readonly required_by_law?: boolean | undefined;
  /** A law permits the processing without consent. */
  readonly permitted_by_law?: boolean | undefined;
  /** The data is anonymised. */
  readonly anonymised?: boolean | undefined;
  /** The data is aggregated. */
  readonly aggregated?: boolean | undefined;
  /** The person asked for it. */
  readonly at_request?: boolean | undefined;
  /**
   * The person is a minor. Without an \`age\`, a minor may be of any age under 18: where the
   * policy's ages tell minors apart (children under 13, teenagers under 16), a request is answered
   * only when every such age gets the same answer, and refused as \`unknownAge\` otherwise. Without
   * either, the person is an adult of any age from 18 on, answered alike where an age limit is
   * above 18 (\`age_under 21\`).
   */
  readonly minor?: boolean | undefined;
  /**
   * The person's age in whole years (0 to ${MAX_AGE}), when known: an audience of an age
   * (\`age_under 13\`) holds for those younger, and anyone under ${AGE_OF_MAJORITY} is a minor, whatever
   * \`minor\` says (\`minor: true\` also makes an older person a minor, where majority comes later).
   * Absent or null: not known. Anything else makes the context malformed.
   */
  readonly age?: number | null | undefined;
}

declare const PREPARED_BRAND: unique symbol;
/** A context checked and digested once by \`prepareContext\`; guards answer it in constant time. */
export interface PreparedContext {
  readonly [PREPARED_BRAND]: true;
}

export interface RetentionDuration {
  readonly amount: number;
  readonly unit: "hour" | "day" | "week" | "month" | "year";
  /**
   * The same in days, for comparing and sorting: a month is 365/12 days, a year 365. \`isExpired\`
   * counts calendar months and years instead (10 years from 2024-01-01 end on 2034-01-01).
   */
  readonly days: number;
}

/** One \`retention\` declaration of the policy. */
export interface RetentionRule {
  readonly id: string;
  readonly label: string;
  readonly period: RetentionDuration | "indefinite" | null;
  readonly max: RetentionDuration | null;
  /** Conditions that end retention and that the guards cannot see (\`while_needed\`...). */
  readonly criteria: readonly string[];
  readonly end: readonly string[];
  /** Purposes it is limited to; empty: every purpose. */
  readonly purposes: readonly Purpose[];
  /** \`file:line\` of the declaration. */
  readonly rule: string;
  /**
   * What \`limitDays\` counts from: collection, or an event after it (\`from account_deletion\`), whose
   * time \`isExpired\` takes under this name. Null when the policy leaves it open (a period beside
   * \`until_account_deletion\` or \`until_withdrawn\` without \`from\`) or there is no time limit.
   */
  readonly from: RetentionFrom | null;
  /**
   * Days from \`from\`: the period, capped by \`max\`; \`max\` alone for criteria; null when time alone
   * never ends it (indefinite, criteria only, or a period whose start the policy leaves open).
   */
  readonly limitDays: number | null;
}

/** What a retention period counts from: collection, or an event after it. */
export type RetentionFrom = "collection" | "account_deletion" | "withdrawal" | "last_activity" | "contract_end";

/**
 * When the data was collected, and when the events a retention period may count from happened
 * (null or absent: not happened, or not known). A bare time is the time of collection.
 */
export type RetentionTimes = { readonly [K in RetentionFrom]?: Date | number | Timestamp | null | undefined };

export interface RetentionInfo {
  readonly category: Category;
  readonly rules: readonly RetentionRule[];
  /**
   * The longest limit of its rules (data kept for several purposes may stay as long as one of
   * them needs it), or null when any rule has no time limit (criteria only, indefinite, a start
   * left open) or the rules count from different starts. Then \`isExpired\` asks each rule.
   */
  readonly limitDays: number | null;
  /** What \`limitDays\` counts from (the same for every rule), or null with it. */
  readonly from: RetentionFrom | null;
}
`;

export const RUNTIME_TS = `const ACTION_INDEX = indexOf(ACTIONS);
const CATEGORY_INDEX = indexOf(CATEGORIES);
const PURPOSE_INDEX = indexOf(PURPOSES);
const RECIPIENT_INDEX = indexOf(RECIPIENTS);
const ATOM_INDEX = indexOf(ATOMS);

// Type guards: true only for ids of this policy (leaf categories, purposes and recipients).
export function isAction(x: unknown): x is Action {
  return typeof x === "string" && ACTION_INDEX.has(x);
}
export function isCategory(x: unknown): x is Category {
  return typeof x === "string" && CATEGORY_INDEX.has(x);
}
export function isPurpose(x: unknown): x is Purpose {
  return typeof x === "string" && PURPOSE_INDEX.has(x);
}
export function isRecipient(x: unknown): x is Recipient {
  return typeof x === "string" && RECIPIENT_INDEX.has(x);
}

// ---- decision lookup -----------------------------------------------------------------------

function lookup(cell: number, mask: number): Decision {
  const s = CELL_SHAPE[cell]!;
  const split = SHAPE_ALLOW[s]!;
  const end = SHAPE_START[s + 1]!;
  let t = SHAPE_START[s]!;
  for (; t < split; t += 3) {
    const pos = TERMS[t]!;
    if ((mask & pos) === pos && (mask & TERMS[t + 1]!) === 0) return DECISIONS[TERMS[t + 2]!]!;
  }
  for (; t < end; t += 3) {
    const pos = TERMS[t]!;
    if ((mask & pos) === pos && (mask & TERMS[t + 1]!) === 0) return DECISIONS[TERMS[t + 2]!]!;
  }
  return DEFAULT_DENY;
}

// ---- from a context to facts -----------------------------------------------------------------

const NOTICE = 0;
const OPT_IN = 1;
const CHOICE_INDEX = indexOf(CHOICE_KEYS);
const RECIPIENT_KEY_INDEX = indexOf(RECIPIENT_KEYS);
const CHANNEL_INDEX = indexOf(CHANNEL_KEYS);
/** The context's booleans, in the order of FLAG_BITS. */
const FLAG_KEYS: readonly string[] = [${FLAG_ATOMS.map(lit).join(", ")}];

const TIMESTAMP = new RegExp(${lit(TIMESTAMP_PATTERN)}, "u");
const JURISDICTION = new RegExp(${lit(JURISDICTION_PATTERN)}, "u");
const SUBJECT = new RegExp(${lit(SUBJECT_PATTERN)}, "u");
const VERSION = new RegExp(${lit(VERSION_PATTERN)}, "u");
const HASH = new RegExp(${lit(HASH_PATTERN)}, "u");

// States read from a record; module scratch space, reset on every read (hence no reentrancy).
const NONE = 0;
const GRANTED = 1;
const GRANTED_EXPLICIT = 2;
const WITHDRAWN = 3;
const CHOICE_STATE = new Uint8Array(CHOICE_KEYS.length);
const RECIPIENT_STATE = new Uint8Array(RECIPIENT_KEYS.length);
const CHANNEL_OPTED_OUT = new Uint8Array(CHANNEL_KEYS.length);
let ibaOptedOut = false;
let baseMask = 0;
/**
 * Who the person of the context last read may be, when it is not known (see UNKNOWN_PLACE): the
 * masks of the places they may be in, and of the ages of a person whose age is not given.
 */
let contextPlaces: readonly number[] = PLACE_MASKS;
/**
 * How many ages each place of \`contextPlaces\` is tried with (0: the age is known or tells nothing apart),
 * places outermost: where only the age changes the answer, a refusal is \`unknownAge\`.
 */
let contextAgeBlock = 0;
/** The same for the request being answered, from its context or prepared handle (set by maskOf). */
let requestPlaces: readonly number[] = PLACE_MASKS;
let requestAgeBlock = 0;
/** A known place: its bits are in the mask already. */
const NO_PLACE: readonly number[] = [0];
/**
 * Each list of places with every age of a minor (MINOR_AGE_MASKS) or of an adult
 * (ADULT_AGE_MASKS), made once per list.
 */
const WITH_MINOR_AGES = new Map<readonly number[], readonly number[]>();
const WITH_ADULT_AGES = new Map<readonly number[], readonly number[]>();
function withAges(places: readonly number[], minor: boolean): readonly number[] {
  const [made, ages] = minor ? [WITH_MINOR_AGES, MINOR_AGE_MASKS] : [WITH_ADULT_AGES, ADULT_AGE_MASKS];
  let people = made.get(places);
  if (people === undefined) {
    const out: number[] = [];
    for (let i = 0; i < places.length; i++) for (let j = 0; j < ages.length; j++) out.push(places[i]! | ages[j]!);
    made.set(places, (people = freeze(out)));
  }
  return people;
}
let busy = false;

const OK = 0;
const BAD_CONTEXT = 1;
const BAD_RECORD = 2;
const STALE = 3;
const STATUS_DECISION: readonly Decision[] = [DEFAULT_DENY, REFUSALS.malformedContext, REFUSALS.malformedRecord, REFUSALS.staleRecord];

type Obj = Readonly<Record<string, unknown>>;

const getPrototypeOf = Object.getPrototypeOf;
const OBJECT_PROTOTYPE: object = Object.prototype;
const OBJECT_PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * A JSON object: what JSON Schema's \`type: "object"\` accepts, built as JSON is: its prototype is
 * an \`Object.prototype\` (of any realm) or none. Anything else (a class instance, whose getters
 * are inherited; \`Object.create({ minor: true })\`) could hold what the caller meant in members
 * the guards never read, and is refused rather than read as empty.
 */
function isObject(x: unknown): x is Obj {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const proto: object | null = getPrototypeOf(x);
  return proto === null || proto === OBJECT_PROTOTYPE || isForeignObjectPrototype(proto);
}

/**
 * Another realm's \`Object.prototype\` (a vm context, another frame): no prototype of its own, and
 * no member this realm's lacks. A look-alike (\`Object.create(null)\` given \`hasOwnProperty\`,
 * \`isPrototypeOf\` and a \`record\`) would hand the guards an object whose \`record\` they never
 * read. Allocates; only objects of another realm get here.
 */
function isForeignObjectPrototype(proto: object): boolean {
  if (getPrototypeOf(proto) !== null || !hasOwn(proto, "isPrototypeOf") || !hasOwn(proto, "hasOwnProperty")) return false;
  const names = Object.getOwnPropertyNames(proto);
  for (let i = 0; i < names.length; i++) if (!OBJECT_PROTOTYPE_NAMES.has(names[i]!)) return false;
  return Object.getOwnPropertySymbols(proto).length === 0;
}

/** An own member, or undefined: inherited members are never read (\`isObject\` allows none that matter). */
function own(o: Obj, key: string): unknown {
  return hasOwn(o, key) ? o[key] : undefined;
}

function isTimestamp(x: unknown): boolean {
  return typeof x === "string" && TIMESTAMP.test(x);
}

function isMethod(x: unknown): boolean {
  switch (x) {
${COLLECTION_METHODS.map((c) => `    case ${lit(c)}:`).join("\n")}
      return true;
    default:
      return false;
  }
}

/** A purpose or recipient entry: GRANTED, GRANTED_EXPLICIT, WITHDRAWN, or NONE when malformed. */
function readChoice(v: unknown, explicitAllowed: boolean): number {
  if (!isObject(v)) return NONE;
  for (const k in v) {
    if (!hasOwn(v, k)) continue;
    if (k !== "status" && k !== "at" && k !== "method" && (k !== "explicit" || !explicitAllowed)) return NONE;
  }
  const status = own(v, "status");
  if (status !== "granted" && status !== "withdrawn") return NONE;
  if (!isTimestamp(own(v, "at")) || !isMethod(own(v, "method"))) return NONE;
  let explicit = false;
  if (explicitAllowed) {
    const e = own(v, "explicit");
    if (e !== undefined) {
      if (typeof e !== "boolean") return NONE;
      explicit = e;
    }
  }
  return status === "withdrawn" ? WITHDRAWN : explicit ? GRANTED_EXPLICIT : GRANTED;
}

/** An opt-out entry: 1 not opted out, 2 opted out, 0 when malformed. */
function readOptOut(v: unknown): number {
  if (!isObject(v)) return 0;
  for (const k in v) {
    if (!hasOwn(v, k)) continue;
    if (k !== "optedOut" && k !== "at" && k !== "method") return 0;
  }
  const optedOut = own(v, "optedOut");
  if (typeof optedOut !== "boolean" || !isTimestamp(own(v, "at")) || !isMethod(own(v, "method"))) return 0;
  return optedOut ? 2 : 1;
}

/** Entries keyed by id: every own key must be one of \`index\`'s. */
function onlyKeys(o: Obj, index: ReadonlyMap<string, number>): boolean {
  for (const k in o) {
    if (hasOwn(o, k) && !index.has(k)) return false;
  }
  return true;
}

function readPurposes(o: unknown): boolean {
  if (!isObject(o) || !onlyKeys(o, CHOICE_INDEX)) return false;
  for (let i = 0; i < CHOICE_KEYS.length; i++) {
    const v = own(o, CHOICE_KEYS[i]!);
    if (v === undefined) continue;
    const s = readChoice(v, CHOICE_EXPLICIT[i] === 1);
    if (s === NONE) return false;
    CHOICE_STATE[i] = s;
  }
  return true;
}

function readRecipients(o: unknown): boolean {
  if (!isObject(o) || !onlyKeys(o, RECIPIENT_KEY_INDEX)) return false;
  for (let i = 0; i < RECIPIENT_KEYS.length; i++) {
    const v = own(o, RECIPIENT_KEYS[i]!);
    if (v === undefined) continue;
    const s = readChoice(v, false);
    if (s === NONE) return false;
    RECIPIENT_STATE[i] = s;
  }
  return true;
}

function readOptOuts(o: unknown): boolean {
  if (!isObject(o)) return false;
  for (const k in o) {
    if (hasOwn(o, k) && k !== "channels" && (k !== "interestBasedAdvertising" || !HAS_IBA)) return false;
  }
  const channels = own(o, "channels");
  if (channels !== undefined) {
    if (!isObject(channels) || !onlyKeys(channels, CHANNEL_INDEX)) return false;
    for (let i = 0; i < CHANNEL_KEYS.length; i++) {
      const v = own(channels, CHANNEL_KEYS[i]!);
      if (v === undefined) continue;
      const s = readOptOut(v);
      if (s === 0) return false;
      CHANNEL_OPTED_OUT[i] = s === 2 ? 1 : 0;
    }
  }
  if (HAS_IBA) {
    const v = own(o, "interestBasedAdvertising");
    if (v !== undefined) {
      const s = readOptOut(v);
      if (s === 0) return false;
      ibaOptedOut = s === 2;
    }
  }
  return true;
}

function resetScratch(): void {
  CHOICE_STATE.fill(NONE);
  RECIPIENT_STATE.fill(NONE);
  CHANNEL_OPTED_OUT.fill(0);
  ibaOptedOut = false;
}

/**
 * Reads a record into the scratch state. \`current\`: a record with a well-formed consentHash
 * under another policy id or consentHash is STALE (checked first, so an old record is reported as
 * stale rather than as malformed); otherwise it only has to be well-formed (consent.schema.json).
 */
function readRecord(rec: unknown, current: boolean): number {
  // a record that throws while read (an inherited member, a getter that throws, a Proxy) is a
  // malformed record, whichever object holds it
  try {
    return readRecordMembers(rec, current);
  } catch {
    return BAD_RECORD;
  }
}

function readRecordMembers(rec: unknown, current: boolean): number {
  resetScratch();
  if (!isObject(rec)) return BAD_RECORD;
  const policy = own(rec, "policy");
  const hash = own(rec, "consentHash");
  if (typeof policy !== "string" || typeof hash !== "string") return BAD_RECORD;
  // a record of an earlier version this one accepts (accepts_consent_from) is current, holding
  // only the choices that version offered
  const earlier = policy === POLICY_ID && hash !== CONSENT_HASH ? ACCEPTED_CONSENT_HASHES.indexOf(hash) : -1;
  // stale: a well-formed record of another version (or policy); a hash that is no hash is malformed
  if (current && HASH.test(hash) && (policy !== POLICY_ID || (hash !== CONSENT_HASH && earlier < 0))) return STALE;
  if (policy !== POLICY_ID || !HASH.test(hash)) return BAD_RECORD;
  for (const k in rec) {
    if (!hasOwn(rec, k)) continue;
    switch (k) {
      case "policy":
      case "policyVersion":
      case "consentHash":
      case "subject":
      case "createdAt":
      case "updatedAt":
      case "purposes":
      case "recipients":
      case "optOuts":
        break;
      default:
        return BAD_RECORD;
    }
  }
  const version = own(rec, "policyVersion");
  if (version !== undefined && !(typeof version === "string" && VERSION.test(version))) return BAD_RECORD;
  const subject = own(rec, "subject");
  if (typeof subject !== "string" || !SUBJECT.test(subject)) return BAD_RECORD;
  if (!isTimestamp(own(rec, "createdAt")) || !isTimestamp(own(rec, "updatedAt"))) return BAD_RECORD;
  const purposes = own(rec, "purposes");
  if (purposes !== undefined && !readPurposes(purposes)) return BAD_RECORD;
  const recipients = own(rec, "recipients");
  if (recipients !== undefined && !readRecipients(recipients)) return BAD_RECORD;
  const optOuts = own(rec, "optOuts");
  if (optOuts !== undefined && !readOptOuts(optOuts)) return BAD_RECORD;
  if (earlier >= 0) {
    const [choices, recipients] = ACCEPTED_UNOFFERED[earlier]!;
    for (let i = 0; i < choices.length; i++) if (CHOICE_STATE[choices[i]!] !== NONE) return BAD_RECORD;
    for (let i = 0; i < recipients.length; i++) if (RECIPIENT_STATE[recipients[i]!] !== NONE) return BAD_RECORD;
  }
  return OK;
}

/** How a place code reads: its jurisdictions' bits, and the places the person may be in when it does not say which (else null). */
interface PlaceRead {
  readonly bits: number;
  readonly places: readonly number[] | null;
}
/**
 * Place codes read before, so that a context's code is read once (reading one takes substrings):
 * at most PLACE_CACHE_SIZE of them, then each further one is read afresh.
 */
const PLACE_CACHE = new Map<string, PlaceRead>();
const PLACE_CACHE_SIZE = 1024;

function readPlace(j: string): PlaceRead {
  const known = PLACE_CACHE.get(j);
  if (known !== undefined) return known;
  const read = readPlaceCode(j);
  if (PLACE_CACHE.size < PLACE_CACHE_SIZE) PLACE_CACHE.set(j, read);
  return read;
}

function readPlaceCode(j: string): PlaceRead {
  // a territory outside the EU written as a subdivision (\`FR-PF\`) is the territory (\`PF\`)
  const territory = JURISDICTION_BITS.has(j) ? undefined : TERRITORY_SUBDIVISIONS.get(j);
  if (territory !== undefined) return readPlaceCode(territory);
  const dash = j.indexOf("-");
  const country = dash > 0 ? j.slice(0, dash) : j;
  if (
    (!JURISDICTION_BITS.has(j) && !JURISDICTION_BITS.has(country) && !KNOWN_PLACE_CODES.has(country)) ||
    // a US state written the other way round (\`CA-US\` for \`US-CA\`) is a mistake, not a place in Canada
    (dash > 0 && !JURISDICTION_BITS.has(j) && j.slice(dash + 1) === "US" && US_STATES.has(country))
  ) {
    // a code of no place (\`USA\`, \`XX\`, \`T1\`): as if none were given, not a place outside
    // every jurisdiction of the policy
    return freeze({ bits: 0, places: PLACE_MASKS.length > 1 ? PLACE_MASKS : null });
  }
  // a subdivision (\`DE-BY\`) is also in its country and what that is in
  const bits = (JURISDICTION_BITS.get(j) ?? 0) | (dash > 0 ? (JURISDICTION_BITS.get(country) ?? 0) : 0);
  // a region that holds places the rules tell apart (\`US\` where a rule names \`US-CA\`) leaves
  // the person in any of them, answered as every one of them is; so does a US state that does not
  // exist (somewhere in the US), and a subdivision no jurisdiction is of a country whose places
  // the rules tell apart (\`DE-BE\` where a rule names \`DE-BY\`, \`EU-DE\`: policyc knows the
  // subdivisions of the US only)
  let region = j;
  if (dash > 0 && !JURISDICTION_BITS.has(j)) {
    if (country === "US") region = US_STATES.has(j.slice(dash + 1)) ? j : "US";
    else if (PLACES_WITHIN.has(country)) region = country;
  }
  return freeze({ bits, places: PLACES_WITHIN.get(region) ?? null });
}

/** Checks a context and reads it into baseMask and the scratch state. */
function readContext(ctx: unknown): number {
  if (!isObject(ctx)) return BAD_CONTEXT;
  // A handle of another copy of this module (loaded twice, or another policy's guards) is not
  // an empty context: it is refused. So is a copy of a handle, which a WeakMap does not know
  // (\`{ ...handle }\`, \`structuredClone\`, a JSON round trip carry its key; \`Object.create(handle)\`
  // inherits both marks).
  if (PREPARED_MARK in ctx || PREPARED_KEY in ctx) return BAD_CONTEXT;
  // A Map, a Set, a Date... holds its entries where no property is: read as an object it would be
  // an empty context (no record, no place), in which an opt-out purpose holds consent.
  if (objectToString.call(ctx) !== "[object Object]") return BAD_CONTEXT;
  for (const k in ctx) {
    if (!hasOwn(ctx, k)) continue;
    switch (k) {
      case "record":
      case "jurisdiction":
      case "age":
${FLAG_ATOMS.map((f) => `      case ${lit(f)}:`).join("\n")}
        break;
      default:
        return BAD_CONTEXT;
    }
  }
  let base = 0;
  const j = own(ctx, "jurisdiction");
  contextPlaces = PLACE_MASKS;
  // not knowing where the person is never allows what a place the policy names would deny
  if ((j === undefined || j === null) && PLACE_MASKS.length > 1) base |= UNKNOWN_PLACE;
  if (j !== undefined && j !== null) {
    // a code in upper case: \`"eu"\` or \`"EU "\` is a mistake to refuse, not a place outside the EU
    if (typeof j !== "string" || !JURISDICTION.test(j)) return BAD_CONTEXT;
    const read = readPlace(j);
    base |= read.bits;
    if (read.places !== null) {
      base |= UNKNOWN_PLACE;
      contextPlaces = read.places;
    }
  }
  for (let i = 0; i < FLAG_KEYS.length; i++) {
    const v = own(ctx, FLAG_KEYS[i]!);
    if (v === undefined) continue;
    if (typeof v !== "boolean") return BAD_CONTEXT;
    if (v) base |= FLAG_BITS[i]!;
  }
  const age = own(ctx, "age");
  contextAgeBlock = 0;
  if (age === undefined || age === null) {
    // a minor of no known age may be of any age under 18, anyone else of any age from 18 on:
    // answered as every such age is (MINOR_AGE_MASKS, ADULT_AGE_MASKS), where the policy's ages
    // tell them apart (\`age_under 16\` minors, \`age_under 21\` adults)
    const minor = (base & BIT_MINOR) !== 0;
    const ages = minor ? MINOR_AGE_MASKS : ADULT_AGE_MASKS;
    if (ages.length > 1) {
      contextAgeBlock = ages.length;
      contextPlaces = withAges((base & UNKNOWN_PLACE) === 0 ? NO_PLACE : contextPlaces, minor);
      base |= UNKNOWN_PLACE;
    } else base |= ages[0] ?? 0;
  } else {
    if (typeof age !== "number" || !Number.isInteger(age) || age < 0 || age > ${MAX_AGE}) return BAD_CONTEXT;
    if (age < ${AGE_OF_MAJORITY}) base |= BIT_MINOR;
    for (let i = 0; i < AGE_LIMITS.length; i++) if (age < AGE_LIMITS[i]!) base |= AGE_BITS[i]!;
  }
  baseMask = base;
  const record = own(ctx, "record");
  if (record === undefined || record === null) {
    resetScratch();
    return OK;
  }
  return readRecord(record, true);
}

/** consent and explicit_consent for leaf purpose \`p\`, from the scratch state. */
function purposeBits(p: number): number {
  const c = PURPOSE_CHOICE[p]!;
  const state = c >= 0 ? CHOICE_STATE[c]! : NONE;
  let objected = PURPOSE_IBA[p] === 1 && ibaOptedOut;
  const start = PURPOSE_CHANNEL_START[p]!;
  const end = PURPOSE_CHANNEL_START[p + 1]!;
  if (!objected && end > start) {
    objected = true;
    for (let i = start; i < end; i++) {
      if (CHANNEL_OPTED_OUT[PURPOSE_CHANNELS[i]!] !== 1) {
        objected = false;
        break;
      }
    }
  }
  const mode = PURPOSE_MODE[p]!;
  let bits = 0;
  if (mode === NOTICE) bits |= BIT_CONSENT;
  else if (!objected && (mode === OPT_IN ? state === GRANTED || state === GRANTED_EXPLICIT : state !== WITHDRAWN)) bits |= BIT_CONSENT;
  if (!objected && state === GRANTED_EXPLICIT) bits |= BIT_EXPLICIT;
  return bits;
}

/** recipient_consent for leaf recipient \`r\`, from the scratch state. */
function recipientBits(r: number): number {
  let granted = false;
  for (let i = RECIPIENT_COVER_START[r]!; i < RECIPIENT_COVER_START[r + 1]!; i++) {
    const s = RECIPIENT_STATE[RECIPIENT_COVER[i]!]!;
    if (s === WITHDRAWN) return 0;
    if (s === GRANTED) granted = true;
  }
  return granted ? BIT_RECIPIENT : 0;
}

interface Prepared {
  readonly refusal: Decision | null;
  /** The places (and ages) the person may be in, when \`UNKNOWN_PLACE\` is in the masks (\`contextPlaces\`). */
  readonly places: readonly number[];
  /** How many ages each place is tried with (\`contextAgeBlock\`). */
  readonly ageBlock: number;
  /** Per leaf purpose: base facts | consent bits (\`STALE_MASK\` when the record is stale, \`UNKNOWN_PLACE\` when no place is given). */
  readonly purposes: Int32Array;
  /** Per leaf recipient: recipient_consent bit. */
  readonly recipients: Int32Array;
}
const PREPARED = new WeakMap<object, Prepared>();
/** Marks every handle, of every copy of every policy's guards, so that a foreign one is refused. */
const PREPARED_MARK = Symbol.for("policyc.preparedContext");
/**
 * The same as a string key, enumerable so that copies of a handle carry it: no context has it, so
 * a copy is refused as malformed rather than read as an empty context (no record, no place).
 */
const PREPARED_KEY = "policyc:preparedContext";

/**
 * Checks \`ctx\` and its consent record once and digests them, for any number of guard calls.
 * The result is a snapshot: later changes to \`ctx\` or its record are not seen.
 */
export function prepareContext(ctx: Context | PreparedContext): PreparedContext {
  if (typeof ctx === "object" && ctx !== null && PREPARED.has(ctx)) return ctx as PreparedContext;
  const handle = freeze(
    Object.defineProperties(Object.create(null), { [PREPARED_MARK]: { value: true }, [PREPARED_KEY]: { value: true, enumerable: true } }),
  ) as PreparedContext;
  const purposes = new Int32Array(NP);
  const recipients = new Int32Array(NR);
  let refusal: Decision | null = REFUSALS.reentrantCall;
  let places: readonly number[] = PLACE_MASKS;
  let ageBlock = 0;
  if (!busy) {
    busy = true;
    try {
      const status = readContext(ctx);
      places = contextPlaces;
      ageBlock = contextAgeBlock;
      if (status === OK) {
        for (let p = 0; p < NP; p++) purposes[p] = baseMask | purposeBits(p);
        for (let r = 0; r < NR; r++) recipients[r] = recipientBits(r);
        refusal = null;
      } else if (status === STALE) {
        // the stale bit in every purpose's mask: the lookup path tests nothing more
        for (let p = 0; p < NP; p++) purposes[p] = baseMask | noticeBits(p) | STALE_MASK;
        refusal = null;
      } else refusal = STATUS_DECISION[status]!;
    } catch {
      refusal = REFUSALS.malformedContext;
    } finally {
      busy = false;
    }
  }
  PREPARED.set(handle, { refusal, places, ageBlock, purposes, recipients });
  return handle;
}

/** consent for a notice purpose, which asks for nothing: what holds of purpose \`p\` whatever the record. */
function noticeBits(p: number): number {
  return PURPOSE_MODE[p] === NOTICE ? BIT_CONSENT : 0;
}

/**
 * In a mask from maskOf: the request's record is stale, and the mask holds none of its facts.
 * Above every atom's bit (there are at most 30), and carried in the value rather than in module
 * state, which a guard called from a context getter could change.
 */
const STALE_MASK = 1 << 30;

/**
 * In a mask from maskOf: the context does not say where the person is, and the policy's rules
 * tell places apart; or it names a region that holds places the rules tell apart. The mask holds
 * the region's \`in:\` atoms (none without a place); the request is answered when every place the
 * person may be in (\`PLACE_MASKS\`, or the region's \`PLACES_WITHIN\`) gets the same answer, and
 * refused as \`unknownJurisdiction\` otherwise.
 */
const UNKNOWN_PLACE = 1 << 31;
/** Either of the marks that send a request off the lookup path. */
const SPECIAL_MASK = STALE_MASK | UNKNOWN_PLACE;

/** The atom mask of a request's context, or a refusal. \`r\` < 0: no recipient. */
function maskOf(p: number, r: number, ctx: unknown): number | Decision {
  const prepared = typeof ctx === "object" && ctx !== null ? PREPARED.get(ctx) : undefined;
  if (prepared !== undefined) {
    if (prepared.refusal !== null) return prepared.refusal;
    requestPlaces = prepared.places;
    requestAgeBlock = prepared.ageBlock;
    return prepared.purposes[p]! | (r >= 0 ? prepared.recipients[r]! : 0);
  }
  if (busy) return REFUSALS.reentrantCall;
  busy = true;
  try {
    const status = readContext(ctx);
    requestPlaces = contextPlaces;
    requestAgeBlock = contextAgeBlock;
    if (status === STALE) return baseMask | noticeBits(p) | STALE_MASK;
    if (status !== OK) return STATUS_DECISION[status]!;
    return baseMask | purposeBits(p) | (r >= 0 ? recipientBits(r) : 0);
  } catch {
    return REFUSALS.malformedContext;
  } finally {
    busy = false;
  }
}

/** Leaf indices of a request, or a refusal. Returns the cell; writes the purpose and recipient. */
let requestPurpose = 0;
let requestRecipient = -1;
function cellOf(a: number, category: unknown, purpose: unknown, recipient: unknown): number | Decision {
  const c = typeof category === "string" ? CATEGORY_INDEX.get(category) : undefined;
  if (c === undefined) return REFUSALS.unknownCategory;
  const p = typeof purpose === "string" ? PURPOSE_INDEX.get(purpose) : undefined;
  if (p === undefined) return REFUSALS.unknownPurpose;
  let r = -1;
  if (a >= 2) {
    const i = typeof recipient === "string" ? RECIPIENT_INDEX.get(recipient) : undefined;
    if (i === undefined) return REFUSALS.unknownRecipient;
    r = i;
  } else if (recipient !== null && recipient !== undefined) return REFUSALS.unexpectedRecipient;
  requestPurpose = p;
  requestRecipient = r;
  return r < 0 ? CELL_BASE[a]! + c * NP + p : CELL_BASE[a]! + (c * NP + p) * NR + r;
}

function run(a: number, category: unknown, purpose: unknown, recipient: unknown, ctx: unknown): Decision {
  const cell = cellOf(a, category, purpose, recipient);
  if (typeof cell !== "number") return cell;
  // read before the context is: a guard called from one of its getters sets them anew
  const p = requestPurpose;
  const r = requestRecipient;
  const mask = maskOf(p, r, ctx);
  if (typeof mask !== "number") return mask;
  return (mask & SPECIAL_MASK) !== 0 ? specialAnswer(cell, mask, p, r, requestPlaces, requestAgeBlock) : lookup(cell, mask);
}

/** A request whose mask holds STALE_MASK or UNKNOWN_PLACE; \`places\`: where the person may be. */
function specialAnswer(cell: number, mask: number, p: number, r: number, places: readonly number[], ageBlock: number): Decision {
  if ((mask & UNKNOWN_PLACE) === 0) return staleAnswer(cell, mask & ~STALE_MASK, p, r);
  // the answer in every place (and age) the person could be: the region itself (or none of the
  // policy's places) first
  const rest = mask & ~UNKNOWN_PLACE;
  let first: Decision = DEFAULT_DENY;
  for (let i = 0; i < places.length; i++) {
    const d = answerAt(cell, rest | places[i]!, p, r);
    if (i === 0) first = d;
    else if (d.allowed !== first.allowed) return onlyTheAgeMatters(cell, rest, p, r, places, ageBlock) ? REFUSALS.unknownAge : REFUSALS.unknownJurisdiction;
  }
  return first;
}

function answerAt(cell: number, m: number, p: number, r: number): Decision {
  return (m & STALE_MASK) !== 0 ? staleAnswer(cell, m & ~STALE_MASK, p, r) : lookup(cell, m);
}

/** Whether every place gets the answers the first place gets at each age: then only the age matters. */
function onlyTheAgeMatters(cell: number, rest: number, p: number, r: number, places: readonly number[], ageBlock: number): boolean {
  if (ageBlock === 0) return false;
  for (let i = ageBlock; i < places.length; i++) {
    if (answerAt(cell, rest | places[i]!, p, r).allowed !== answerAt(cell, rest | places[i % ageBlock]!, p, r).allowed) return false;
  }
  return true;
}

/**
 * A request made with a stale record: answered as the rules answer it when no consent the person
 * could have given or withdrawn changes the answer, whichever of consent, explicit consent and
 * consent to the recipient hold: allowed (a contract, a legal obligation, a law), with the
 * decision without them; or denied even with all of them (a deny rule, a place or age the rules
 * exclude), with the decision that says why. Otherwise refused as \`staleRecord\`, so that the
 * person is asked again.
 */
function staleAnswer(cell: number, mask: number, p: number, r: number): Decision {
  const open = (PURPOSE_MODE[p] === NOTICE ? 0 : BIT_CONSENT) | BIT_EXPLICIT | (r >= 0 ? BIT_RECIPIENT : 0);
  // every subset of the open bits, the full one first and the empty one last
  const all = lookup(cell, mask | open);
  for (let s = open; ; s = (s - 1) & open) {
    const d = s === open ? all : lookup(cell, mask | s);
    if (d.allowed !== all.allowed) return REFUSALS.staleRecord;
    if (s === 0) return all.allowed ? d : all;
  }
}

// ---- guards ----------------------------------------------------------------------------------

/** May we collect \`category\` for \`purpose\`? */
export function mayCollect(category: Category, purpose: Purpose, ctx: Context | PreparedContext): Decision {
  return run(0, category, purpose, null, ctx);
}

/** May we use (process) \`category\` for \`purpose\`? */
export function mayUse(category: Category, purpose: Purpose, ctx: Context | PreparedContext): Decision {
  return run(1, category, purpose, null, ctx);
}

/** Alias of \`mayUse\`: the policy language's \`process\` means \`use\`. */
export const mayProcess: (category: Category, purpose: Purpose, ctx: Context | PreparedContext) => Decision = mayUse;

/** May we share (disclose) \`category\` with \`recipient\` for \`purpose\`? */
export function mayShare(category: Category, recipient: Recipient, purpose: Purpose, ctx: Context | PreparedContext): Decision {
  return run(2, category, purpose, recipient, ctx);
}

/** May we sell \`category\` to \`recipient\` for \`purpose\`? */
export function maySell(category: Category, recipient: Recipient, purpose: Purpose, ctx: Context | PreparedContext): Decision {
  return run(3, category, purpose, recipient, ctx);
}

/** May we transfer \`category\` to \`recipient\` (across borders) for \`purpose\`? */
export function mayTransfer(category: Category, recipient: Recipient, purpose: Purpose, ctx: Context | PreparedContext): Decision {
  return run(4, category, purpose, recipient, ctx);
}

/**
 * Any request, for an action known only at run time: \`recipient\` is required for share, sell
 * and transfer, and must be null otherwise (or the request is refused: \`unknownRecipient\`,
 * \`unexpectedRecipient\`). With the action known when writing the call, \`mayShare\`,
 * \`mayUse\`... let the compiler check the recipient.
 */
export function decide(
  action: Action,
  category: Category,
  purpose: Purpose,
  recipient: Recipient | null,
  ctx: Context | PreparedContext,
): Decision {
  const a = typeof action === "string" ? ACTION_INDEX.get(action) : undefined;
  if (a === undefined) return REFUSALS.unknownAction;
  return run(a, category, purpose, recipient, ctx);
}

// Boolean shorthands: \`canX(...)\` is \`mayX(...).allowed\`.
export function canCollect(category: Category, purpose: Purpose, ctx: Context | PreparedContext): boolean {
  return run(0, category, purpose, null, ctx).allowed;
}
export function canUse(category: Category, purpose: Purpose, ctx: Context | PreparedContext): boolean {
  return run(1, category, purpose, null, ctx).allowed;
}
export const canProcess: (category: Category, purpose: Purpose, ctx: Context | PreparedContext) => boolean = canUse;
export function canShare(category: Category, recipient: Recipient, purpose: Purpose, ctx: Context | PreparedContext): boolean {
  return run(2, category, purpose, recipient, ctx).allowed;
}
export function canSell(category: Category, recipient: Recipient, purpose: Purpose, ctx: Context | PreparedContext): boolean {
  return run(3, category, purpose, recipient, ctx).allowed;
}
export function canTransfer(category: Category, recipient: Recipient, purpose: Purpose, ctx: Context | PreparedContext): boolean {
  return run(4, category, purpose, recipient, ctx).allowed;
}

// ---- introspection -----------------------------------------------------------------------------

/** True when \`x\` is well-formed per consent.schema.json (it may still be stale). */
export function isConsentRecord(x: unknown): x is ConsentRecord {
  if (busy) return false;
  busy = true;
  try {
    return readRecord(x, false) === OK;
  } catch {
    return false;
  } finally {
    busy = false;
  }
}

/** Whether a record can be used: \`current\`, \`stale\` (ask the person again), \`malformed\`, or \`absent\`. */
export function consentRecordStatus(x: unknown): "current" | "stale" | "malformed" | "absent" {
  if (x === undefined || x === null) return "absent";
  if (busy) return "malformed";
  busy = true;
  try {
    const s = readRecord(x, true);
    return s === OK ? "current" : s === STALE ? "stale" : "malformed";
  } catch {
    return "malformed";
  } finally {
    busy = false;
  }
}

/** The atoms that hold for a purpose (and recipient) under \`ctx\`, or null when refused, the record is stale, the place is not precise enough (absent, a code of no place, or a region holding places the rules tell apart) or the age is not given where the policy's ages tell such people apart. Allocates. */
export function factsOf(purpose: Purpose, recipient: Recipient | null, ctx: Context | PreparedContext): Atom[] | null {
  const p = typeof purpose === "string" ? PURPOSE_INDEX.get(purpose) : undefined;
  if (p === undefined) return null;
  let r = -1;
  if (recipient !== null && recipient !== undefined) {
    const i = typeof recipient === "string" ? RECIPIENT_INDEX.get(recipient) : undefined;
    if (i === undefined) return null;
    r = i;
  }
  const mask = maskOf(p, r, ctx);
  // a stale record says nothing the guards trust about consent, and a context without a place
  // leaves the \`in:\` atoms open: the facts are not known
  if (typeof mask !== "number" || (mask & SPECIAL_MASK) !== 0) return null;
  return ATOMS.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** The decision for a request when exactly \`facts\` hold; an unknown atom is a malformed context. */
export function decideFacts(
  action: Action,
  category: Category,
  purpose: Purpose,
  recipient: Recipient | null,
  facts: readonly Atom[],
): Decision {
  const a = typeof action === "string" ? ACTION_INDEX.get(action) : undefined;
  if (a === undefined) return REFUSALS.unknownAction;
  const cell = cellOf(a, category, purpose, recipient);
  if (typeof cell !== "number") return cell;
  let mask = 0;
  try {
    if (!Array.isArray(facts)) return REFUSALS.malformedContext;
    for (let k = 0; k < facts.length; k++) {
      const f: unknown = facts[k];
      const i = typeof f === "string" ? ATOM_INDEX.get(f) : undefined;
      if (i === undefined) return REFUSALS.malformedContext;
      mask |= 1 << i;
    }
  } catch {
    return REFUSALS.malformedContext;
  }
  return lookup(cell, mask);
}

// ---- retention queries -------------------------------------------------------------------------

/** The retention that applies to a category, or null for an unknown id or one no rule covers. */
export function retentionOf(category: Category): RetentionInfo | null {
  const c = typeof category === "string" ? CATEGORY_INDEX.get(category) : undefined;
  return c === undefined ? null : CATEGORY_RETENTION[c]!;
}

const DAY_MS = 86_400_000;

function isDate(t: unknown): t is Date {
  return typeof t === "object" && t !== null && Object.prototype.toString.call(t) === "[object Date]";
}

/**
 * The end of a time limit that starts at \`start\` (milliseconds): hours, days and weeks as fixed
 * lengths; months and years on the calendar, in UTC, on the same day of the month or, where the
 * month is shorter, its last day (a month from 31 January ends on 28 or 29 February).
 */
function endOf(start: number, d: RetentionDuration): number {
  switch (d.unit) {
    case "hour":
      return start + d.amount * 3_600_000;
    case "day":
      return start + d.amount * DAY_MS;
    case "week":
      return start + d.amount * 7 * DAY_MS;
    default: {
      const months = d.unit === "year" ? d.amount * 12 : d.amount;
      const at = new Date(start);
      const day = at.getUTCDate();
      at.setUTCDate(1);
      at.setUTCMonth(at.getUTCMonth() + months);
      const probe = new Date(at.getTime());
      probe.setUTCMonth(probe.getUTCMonth() + 1, 0);
      at.setUTCDate(Math.min(day, probe.getUTCDate()));
      return at.getTime();
    }
  }
}

/**
 * When a rule's time limit ends for data whose start is \`start\`: its period capped by its maximum,
 * whichever ends first on the calendar (\`period 30 days  max 1 month\` ends after 28 days from
 * 1 February); NaN when it has neither.
 */
function limitEnd(rule: RetentionRule, start: number): number {
  const period = rule.period === null || rule.period === "indefinite" ? Number.NaN : endOf(start, rule.period);
  const max = rule.max === null ? Number.NaN : endOf(start, rule.max);
  return Number.isNaN(period) ? max : Number.isNaN(max) ? period : Math.min(period, max);
}

/** The most milliseconds from 1970 a Date holds, either way. */
const MAX_TIME = 8.64e15;

/** Milliseconds of a time, NaN when it is not one; never throws (a fake Date, a hostile Proxy). */
function toMillis(t: unknown): number {
  try {
    if (typeof t === "number") return Math.abs(t) <= MAX_TIME ? t : Number.NaN;
    if (typeof t === "string") {
      if (!TIMESTAMP.test(t)) return Number.NaN;
      // A leap second (23:59:60, which TIMESTAMP accepts as RFC 3339 does) counts as :59.
      return Date.parse(t.replace(/:60(?=[.Z+-])/, ":59"));
    }
    // a Date of any realm (a vm context, another frame); getTime throws for anything else
    if (isDate(t)) return Date.prototype.getTime.call(t);
  } catch {
    // not a time
  }
  return Number.NaN;
}

const RETENTION_FROM: readonly RetentionFrom[] = ["collection", "account_deletion", "withdrawal", "last_activity", "contract_end"];

function isBareTime(t: unknown): boolean {
  return typeof t === "number" || typeof t === "string" || isDate(t);
}

/** True when \`times\` is a time, or an object of known starts each a time, null or absent. */
function wellFormedTimes(times: unknown): boolean {
  if (isBareTime(times)) return Number.isFinite(toMillis(times));
  if (!isObject(times)) return false;
  for (const k in times) {
    if (hasOwn(times, k) && RETENTION_FROM.indexOf(k as RetentionFrom) < 0) return false;
  }
  for (let i = 0; i < RETENTION_FROM.length; i++) {
    const v = own(times, RETENTION_FROM[i]!);
    if (v !== undefined && v !== null && !Number.isFinite(toMillis(v))) return false;
  }
  return true;
}

/** The milliseconds of one start in well-formed \`times\`, NaN when not given. */
function startOf(times: unknown, from: RetentionFrom): number {
  if (isBareTime(times)) return from === "collection" ? toMillis(times) : Number.NaN;
  const v = own(times as Obj, from);
  return v === undefined || v === null ? Number.NaN : toMillis(v);
}

/**
 * True when data of \`category\` has outlived its time limit at \`now\` (the limit's last instant
 * has passed; months and years count on the calendar, in UTC). \`times\` is when it was
 * collected, or an object with that time (\`collection\`) and those of the events a policy's periods
 * count from (\`account_deletion\`, \`withdrawal\`, \`last_activity\`, \`contract_end\`; absent or null:
 * not happened); a time is a \`Date\`, milliseconds since 1970 (not Unix seconds) or an ISO 8601
 * timestamp with its time and zone. Each retention rule of the category must have run out, counted from its own
 * start: data kept for several purposes may stay as long as one of them needs it.
 * False when that is not known: a rule without a time limit (criteria only, indefinite, a start
 * the policy leaves open; the criteria decide, and the guards cannot see them: check
 * \`retentionOf(category).rules\`), a start not given (the account still exists), an unknown
 * category, or a time that is not one. False therefore means "not known to be expired", never
 * "keep forever".
 */
export function isExpired(category: Category, times: Date | number | Timestamp | RetentionTimes, now: Date | number | Timestamp = Date.now()): boolean {
  const info = retentionOf(category);
  if (info === null) return false;
  try {
    if (!wellFormedTimes(times)) return false;
    const to = toMillis(now);
    if (!Number.isFinite(to)) return false;
    for (const rule of info.rules) {
      if (rule.limitDays === null || rule.from === null) return false;
      const start = startOf(times, rule.from);
      // NaN (no start, no limit, or an end beyond what a Date holds) is never past
      if (!Number.isFinite(start) || !(to > limitEnd(rule, start))) return false;
    }
    return true;
  } catch {
    // a hostile object (a throwing getter, a Proxy): not known to be expired
    return false;
  }
}
`;