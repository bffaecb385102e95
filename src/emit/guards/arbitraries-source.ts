/**
 * Generates `arbitraries.ts`: fast-check arbitraries for one policy (its ids, well-formed and
 * malformed consent records, contexts, requests) and `withFacts`, which adjusts a context so
 * that chosen atoms hold or fail for a request. The invariant tests and the project's own
 * differential tests are built on them.
 */
import { COLLECTION_METHODS, FLAG_ATOMS, SUBJECT_PATTERN, type GuardPlan } from "./plan.js";
import { bannerComment, commentText, lit } from "./text.js";
import { placesWithin } from "../../model/rights.js";
import { AGE_OF_MAJORITY, ageLimit, MAX_AGE } from "../../model/ages.js";

/** The text of `arbitraries.ts`. */
export function arbitrariesSource(plan: GuardPlan, banner: readonly string[]): string {
  const purposeInfo = plan.purposes
    .map((p) => {
      const choice = p.choice >= 0 ? plan.choices[p.choice]! : null;
      return `  [${lit(p.id)}, { mode: ${lit(p.mode)}, choice: ${choice ? "true" : "false"}, explicit: ${choice?.explicit ? "true" : "false"}, iba: ${p.iba}, channels: [${p.channels.map((i) => lit(plan.channels[i]!.name)).join(", ")}] }],`;
    })
    .join("\n");
  const places = [...placesWithin(plan.jurisdictions.map((j) => j.id))]
    .map(([place, within]) => `  [${lit(place)}, [${within.map(lit).join(", ")}]],`)
    .join("\n");
  const regions = [...plan.regions.keys()];
  const ageLimits = plan.atoms.map(ageLimit).filter((n): n is number => n !== null);
  // a country no jurisdiction of the policy holds, nor is (`JP` unless the policy names it)
  const taken = new Set([...placesWithin(plan.jurisdictions.map((j) => j.id)).keys(), ...plan.jurisdictions.map((j) => j.id)]);
  // a country's code (the guards read a code of no place, \`ZZ\`, as no place given)
  const outside = ["JP", "BR", "IN", "AU", "ZA", "KR", "MX", "AR", "SG", "NG"].find((c) => !taken.has(c) && !plan.jurisdictions.some((j) => j.id === c || j.id.startsWith(c + "-"))) ?? "JP";
  const cover = plan.recipients
    .map((r, i) => `  [${lit(r)}, [${plan.recipientCover[i]!.map((c) => lit(plan.recipientChoices[c]!.id)).join(", ")}]],`)
    .join("\n");
  return `${bannerComment(banner)}/**
 * fast-check arbitraries for the privacy policy ${commentText(plan.policyId)}: ids, consent records
 * (well-formed per consent.schema.json, malformed, and stale), contexts and requests.
 */
import fc from "fast-check";
import {
  ACTIONS,
  CATEGORIES,
  CONSENT_HASH,
  JURISDICTIONS,
  POLICY_ID,
  PURPOSES,
  RECIPIENTS,
  type Action,
  type Atom,
  type Category,
  type CollectionMethod,
  type ConsentRecord,
  type Context,
  type Purpose,
  type Recipient,
} from "./guards.js";

/** One request of the policy's domain. \`recipient\` is null for collect and use. */
export interface Request {
  readonly action: Action;
  readonly category: Category;
  readonly purpose: Purpose;
  readonly recipient: Recipient | null;
}

type Json = Record<string, unknown>;

/** How each leaf purpose's consent is decided (mirrors guards.ts). */
interface PurposeInfo {
  readonly mode: "opt_in" | "opt_out" | "notice";
  /** The record has an entry for it. */
  readonly choice: boolean;
  /** The entry may say \`explicit\`. */
  readonly explicit: boolean;
  /** The interest-based advertising opt-out objects to it. */
  readonly iba: boolean;
  /** Opting out of all of them objects to it. */
  readonly channels: readonly string[];
}
/** The policy's jurisdictions each place lies in (mirrors guards.ts: \`DE\` is in the EU and the EEA). */
const PLACES: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
${places}
]);

/** A place in none of the policy's jurisdictions. */
const OUTSIDE = ${lit(outside)};

/**
 * Regions that hold places the rules tell apart (mirrors guards.ts \`PLACES_WITHIN\`: \`US\` where a
 * rule names \`US-CA\`): naming one does not say where the person is, so the guards answer only
 * what every place in it gets.
 */
const REGIONS: ReadonlySet<string> = new Set<string>([${regions.map(lit).join(", ")}]);

/**
 * Whether the guards know where a person in \`place\` is as precisely as the rules ask: not a
 * region that holds places they tell apart (\`US\` for \`US-CA\`), nor a subdivision no
 * jurisdiction is of one (\`DE-X1\` where a rule names \`DE-BY\`: somewhere in Germany).
 */
function precise(place: string): boolean {
  if (REGIONS.has(place)) return false;
  const dash = place.indexOf("-");
  return dash < 0 || PLACES.has(place) || !REGIONS.has(place.slice(0, dash));
}

/** A subdivision of each country among the places and regions (\`DE-X1\`), one no policy names. */
const SUBDIVISIONS: readonly string[] = [...PLACES.keys(), ...REGIONS].filter((p) => /^[A-Z]{2}$/.test(p)).map((p) => p + "-X1");

/**
 * A place of each kind the policy tells apart: every place its jurisdictions name (\`DE\`, \`EU\`),
 * the regions that hold places its rules name (\`US\` for \`US-CA\`), a subdivision of each
 * country among them (\`DE-X1\`, SUBDIVISIONS), and one in none of them.
 */
export const KNOWN_PLACES: readonly string[] = Object.freeze([...new Set([...PLACES.keys(), ...REGIONS, ...SUBDIVISIONS, OUTSIDE])]);

/** Whether a person in \`place\` is in \`region\` too, and somewhere more precise (\`DE\` in \`EU\`, \`US-CA\` in \`US\`, \`DE-X1\` in \`DE\`). */
export function liesWithin(place: string, region: string): boolean {
  if (place === region) return false;
  const dash = place.indexOf("-");
  if (dash > 0 && (place.slice(0, dash) === region || liesWithin(place.slice(0, dash), region))) return true;
  return (PLACES.get(place) ?? []).includes(region);
}

const PURPOSE_INFO: ReadonlyMap<string, PurposeInfo> = new Map<string, PurposeInfo>([
${purposeInfo}
]);
/** For each leaf recipient, the record keys (recipients that need consent) whose grant covers it. */
const RECIPIENT_COVER: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
${cover}
]);
const CHOICES: readonly { readonly id: string; readonly explicit: boolean }[] = [
${plan.choices.map((c) => `  { id: ${lit(c.id)}, explicit: ${c.explicit} },`).join("\n")}
];
const RECIPIENT_KEYS: readonly string[] = [${plan.recipientChoices.map((r) => lit(r.id)).join(", ")}];
const CHANNELS: readonly string[] = [${plan.channels.map((c) => lit(c.name)).join(", ")}];
const HAS_IBA: boolean = ${plan.iba !== null};
const FLAGS = [${FLAG_ATOMS.map(lit).join(", ")}] as const;
/** The ages of the policy's audiences (mirrors guards.ts: \`age_under:13\` holds below 13). */
const AGE_LIMITS: readonly number[] = [${ageLimits.join(", ")}];
/** The policy's ages tell minors apart (an age under 18 among them): a minor's age then matters. */
const MINORS_VARY = AGE_LIMITS.some((n) => n > 0 && n < ${AGE_OF_MAJORITY});
/** The policy's ages tell adults apart (an age above 18 among them): an adult's age then matters. */
const ADULTS_VARY = AGE_LIMITS.some((n) => n > ${AGE_OF_MAJORITY});
const METHODS: readonly CollectionMethod[] = [${COLLECTION_METHODS.map(lit).join(", ")}];
const SUBJECT = new RegExp(${lit(SUBJECT_PATTERN)}, "u");
/** Names naive lookups get wrong (\`unknownIdArb\` drops the ones this policy declares). */
const HOSTILE = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "", " ", "\\u0000"];

/**
 * One of \`xs\`, by index (\`fc.constantFrom(...xs)\` would overflow the stack for a very long list);
 * for an empty list, an arbitrary that throws when sampled (the policy declares none).
 */
function constantFrom<T>(xs: readonly T[]): fc.Arbitrary<T> {
  if (xs.length > 0) return fc.nat({ max: xs.length - 1 }).map((i) => xs[i]!);
  return fc.constant(null).map((): T => {
    throw new Error("the policy declares none of these");
  });
}

// ---- ids -------------------------------------------------------------------------------------

export const actionArb: fc.Arbitrary<Action> = fc.constantFrom(...ACTIONS);
export const categoryArb: fc.Arbitrary<Category> = constantFrom(CATEGORIES);
export const purposeArb: fc.Arbitrary<Purpose> = constantFrom(PURPOSES);
export const recipientArb: fc.Arbitrary<Recipient> = constantFrom(RECIPIENTS);

/** Strings that are not ids in \`known\`: prototype names, blanks, near misses and noise. */
export function unknownIdArb(known: readonly string[]): fc.Arbitrary<string> {
  const near = known.flatMap((k) => [k.toUpperCase(), k + "_", k + ".x", " " + k]);
  return fc.oneof(fc.constantFrom(...HOSTILE, ...near), fc.string({ maxLength: 12 })).filter((s) => !known.includes(s));
}

/**
 * A request of any action, each action as likely as the others, with known ids and a recipient
 * exactly when the action takes one; nothing is drawn and then filtered away.
 */
export const requestArb: fc.Arbitrary<Request> = fc.oneof(
  ...ACTIONS.filter((action) => action === "collect" || action === "use" || RECIPIENTS.length > 0).map((action) =>
    fc
      .tuple(categoryArb, purposeArb, action === "collect" || action === "use" ? fc.constant(null) : recipientArb)
      .map(([category, purpose, recipient]): Request => ({ action, category, purpose, recipient })),
  ),
);

// ---- consent records -------------------------------------------------------------------------

export const timestampArb: fc.Arbitrary<string> = fc.oneof(
  fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc
    .tuple(
      fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-12-31T23:59:59Z"), noInvalidDate: true }),
      fc.constantFrom("+01:00", "-05:30", "+14:00", "Z"),
    )
    .map(([d, zone]) => d.toISOString().slice(0, 19) + zone),
);
export const methodArb: fc.Arbitrary<CollectionMethod> = constantFrom(METHODS);
export const subjectArb: fc.Arbitrary<string> = fc
  .oneof(fc.string({ minLength: 1, maxLength: 24 }), fc.string({ minLength: 1, maxLength: 8, unit: "grapheme" }))
  .filter((s) => SUBJECT.test(s));

const statusArb = fc.constantFrom("granted" as const, "withdrawn" as const);
function choiceArb(explicit: boolean): fc.Arbitrary<Json> {
  return explicit
    ? fc.record({ status: statusArb, at: timestampArb, method: methodArb, explicit: fc.boolean() }, { requiredKeys: ["status", "at", "method"] })
    : fc.record({ status: statusArb, at: timestampArb, method: methodArb });
}
const optOutArb: fc.Arbitrary<Json> = fc.record({ optedOut: fc.boolean(), at: timestampArb, method: methodArb });

function entries(keys: readonly string[], arb: (key: string) => fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc.tuple(...keys.map((k) => fc.option(arb(k), { nil: undefined }))).map((values) => {
    const out: Json = {};
    keys.forEach((k, i) => {
      if (values[i] !== undefined) out[k] = values[i];
    });
    return out;
  });
}

const choicesArb = entries(
  CHOICES.map((c) => c.id),
  (k) => choiceArb(CHOICES.find((c) => c.id === k)!.explicit),
);
const recipientsArb = entries(RECIPIENT_KEYS, () => choiceArb(false));
const optOutsArb: fc.Arbitrary<Json> = fc
  .tuple(fc.option(entries(CHANNELS, () => optOutArb), { nil: undefined }), HAS_IBA ? fc.option(optOutArb, { nil: undefined }) : fc.constant(undefined))
  .map(([channels, iba]) => {
    const out: Json = {};
    if (channels !== undefined) out["channels"] = channels;
    if (iba !== undefined) out["interestBasedAdvertising"] = iba;
    return out;
  });

/** Well-formed, current consent records (valid per consent.schema.json). */
export const consentRecordArb: fc.Arbitrary<ConsentRecord> = fc
  .record(
    {
      policy: fc.constant(POLICY_ID),
      policyVersion: fc.constantFrom("1", "1.0", "2024-05", "v2 (draft)"),
      consentHash: fc.constant(CONSENT_HASH),
      subject: subjectArb,
      createdAt: timestampArb,
      updatedAt: timestampArb,
      purposes: choicesArb,
      recipients: recipientsArb,
      optOuts: optOutsArb,
    },
    { requiredKeys: ["policy", "consentHash", "subject", "createdAt", "updatedAt"] },
  )
  .map((r) => r as ConsentRecord);

/**
 * Well-formed records made under another consentHash: stale. The guards answer a request with
 * one only when no consent could change the answer (allowed without consent, or denied even
 * with it), and refuse any other as \`staleRecord\`.
 */
export const staleConsentRecordArb: fc.Arbitrary<ConsentRecord> = fc
  .tuple(consentRecordArb, fc.stringMatching(/^[0-9a-f]{64}$/))
  .filter(([, hex]) => "sha256:" + hex !== CONSENT_HASH)
  .map(([r, hex]) => ({ ...r, consentHash: "sha256:" + hex }));

const clone = (r: unknown): Json => JSON.parse(JSON.stringify(r)) as Json;
/** Sets an own, enumerable member even for \`__proto__\` (as JSON.parse does). */
function put(o: Json, key: string, value: unknown): Json {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  return o;
}
function section(r: Json, key: string): Json {
  const s = r[key];
  if (typeof s === "object" && s !== null && !Array.isArray(s)) return s as Json;
  return put(r, key, {})[key] as Json;
}

/** Not RFC 3339, or days that do not exist (the 31st of a 30-day month, the 29th of February outside a leap year). */
const badTimestampArb = fc.constantFrom(
  "2024-13-01T00:00:00Z",
  "2024-01-01",
  "2024-01-01 00:00:00Z",
  "yesterday",
  "",
  "2024-01-01T00:00:00z",
  "2025-02-31T00:00:00Z",
  "2023-02-29T12:00:00Z",
  "2100-02-29T00:00:00Z",
  "2024-04-31T00:00:00Z",
);
const wrongTypeArb = fc.constantFrom<unknown>(1, true, [], {}, "", null);
const isJsonObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
const badEntryArb: fc.Arbitrary<unknown> = fc.oneof(
  wrongTypeArb.filter((v) => !isJsonObject(v)),
  fc.record({ status: fc.constantFrom("yes", "GRANTED", "revoked", ""), at: timestampArb, method: methodArb }),
  fc.record({ status: statusArb, at: badTimestampArb, method: methodArb }),
  fc.record({ status: statusArb, at: timestampArb, method: fc.constantFrom("webform", "Email", "") }),
  fc.record({ status: statusArb, method: methodArb }),
  fc.record({ status: statusArb, at: timestampArb }),
  fc.record({ status: statusArb, at: timestampArb, method: methodArb, note: fc.string() }),
  fc.record({ status: statusArb, at: timestampArb, method: methodArb, explicit: fc.constantFrom<unknown>("yes", 1, null) }),
);
const badOptOutArb: fc.Arbitrary<unknown> = fc.oneof(
  wrongTypeArb.filter((v) => !isJsonObject(v)),
  fc.record({ optedOut: fc.constantFrom<unknown>("yes", 1, null), at: timestampArb, method: methodArb }),
  fc.record({ optedOut: fc.boolean(), at: badTimestampArb, method: methodArb }),
  fc.record({ optedOut: fc.boolean(), at: timestampArb }),
  fc.record({ optedOut: fc.boolean(), at: timestampArb, method: methodArb, status: statusArb }),
);
const TOP_KEYS = ["policy", "policyVersion", "consentHash", "subject", "createdAt", "updatedAt", "purposes", "recipients", "optOuts"];

/** One change that makes a well-formed record malformed. */
const mutationArb: fc.Arbitrary<(r: Json) => unknown> = fc.oneof(
  fc.constantFrom("policy", "consentHash", "subject", "createdAt", "updatedAt").map((k) => (r: Json) => {
    delete r[k];
    return r;
  }),
  unknownIdArb(TOP_KEYS).map((k) => (r: Json) => put(r, k, true)),
  fc
    .tuple(fc.constantFrom(...TOP_KEYS), wrongTypeArb)
    .filter(([k, v]) => !(isJsonObject(v) && (k === "purposes" || k === "recipients" || k === "optOuts")))
    .map(([k, v]) => (r: Json) => put(r, k, v)),
  fc.constantFrom("createdAt", "updatedAt").chain((k) => badTimestampArb.map((v) => (r: Json) => put(r, k, v))),
  fc.constantFrom("", "\\u0001", "x".repeat(257), "tab\\there").map((v) => (r: Json) => put(r, "subject", v)),
  fc.constantFrom("", "x".repeat(65), "line\\nbreak").map((v) => (r: Json) => put(r, "policyVersion", v)),
  fc.constantFrom(POLICY_ID + "_", "", POLICY_ID.toUpperCase() + "!").map((v) => (r: Json) => put(r, "policy", v)),
  fc.constantFrom("sha256:", "sha1:abc", CONSENT_HASH.toUpperCase() + "0").filter((v) => v !== CONSENT_HASH).map((v) => (r: Json) => put(r, "consentHash", v)),
  unknownIdArb(CHOICES.map((c) => c.id)).map((k) => (r: Json) => (put(section(r, "purposes"), k, { status: "granted", at: "2024-01-01T00:00:00Z", method: "web_form" }), r)),
  unknownIdArb(RECIPIENT_KEYS).map((k) => (r: Json) => (put(section(r, "recipients"), k, { status: "granted", at: "2024-01-01T00:00:00Z", method: "web_form" }), r)),
  unknownIdArb(["channels", ...(HAS_IBA ? ["interestBasedAdvertising"] : [])]).map((k) => (r: Json) => (put(section(r, "optOuts"), k, {}), r)),
  unknownIdArb(CHANNELS).map((k) => (r: Json) => (put(section(section(r, "optOuts"), "channels"), k, { optedOut: true, at: "2024-01-01T00:00:00Z", method: "email" }), r)),
  ...(CHOICES.length > 0
    ? [fc.tuple(constantFrom(CHOICES), badEntryArb).map(([c, e]) => (r: Json) => (put(section(r, "purposes"), c.id, e), r))]
    : []),
  ...(CHOICES.some((c) => !c.explicit)
    ? [constantFrom(CHOICES.filter((c) => !c.explicit)).map((c) => (r: Json) => (put(section(r, "purposes"), c.id, { status: "granted", at: "2024-01-01T00:00:00Z", method: "web_form", explicit: true }), r))]
    : []),
  ...(RECIPIENT_KEYS.length > 0
    ? [fc.tuple(constantFrom(RECIPIENT_KEYS), badEntryArb).map(([k, e]) => (r: Json) => (put(section(r, "recipients"), k, e), r))]
    : []),
  ...(CHANNELS.length > 0
    ? [fc.tuple(constantFrom(CHANNELS), badOptOutArb).map(([k, e]) => (r: Json) => (put(section(section(r, "optOuts"), "channels"), k, e), r))]
    : []),
  ...(HAS_IBA ? [badOptOutArb.map((e) => (r: Json) => (put(section(r, "optOuts"), "interestBasedAdvertising", e), r))] : []),
  fc.constantFrom<unknown>(1, "record", [], true).map((v) => () => v),
);

/** Values that are not well-formed consent records (and not null or undefined: those mean "no record"). */
export const invalidConsentRecordArb: fc.Arbitrary<unknown> = fc
  .tuple(consentRecordArb, mutationArb)
  .map(([r, mutate]) => mutate(clone(r)));

// ---- contexts --------------------------------------------------------------------------------

const jurisdictionArb: fc.Arbitrary<string | null | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  ...(JURISDICTIONS.length > 0 ? [constantFrom<string>(JURISDICTIONS)] : []),
  // places in none of the policy's jurisdictions, and in some of them (\`DE\`: the EU, the EEA)
  fc.constantFrom("US", "CN", "DE", "NO", "GB", "DE-BY", "US-NY", "GB-SCT"),
);

/** Ages at and around each audience's limit and the age of majority, and any other. */
const ageArb: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, ${AGE_OF_MAJORITY - 1}, ${AGE_OF_MAJORITY}, ${MAX_AGE}, ...AGE_LIMITS.flatMap((n) => [n - 1, n])).filter((n) => n >= 0),
  fc.nat({ max: ${MAX_AGE} }),
);

/** Well-formed contexts: optional flags, jurisdiction, age and (current) record. */
export const contextArb: fc.Arbitrary<Context> = fc.record(
  {
    record: fc.oneof(fc.constant(undefined), fc.constant(null), consentRecordArb, consentRecordArb),
    jurisdiction: jurisdictionArb,
    age: fc.oneof(ageArb, ageArb, fc.constant(null)),
${FLAG_ATOMS.map((f) => `    ${f}: fc.boolean(),`).join("\n")}
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Context>;

/**
 * Contexts the guards must not trust: malformed themselves or carrying a malformed record (every
 * request refused), or carrying a stale record (answered only where no consent could change the
 * answer: never allowed more than with no record at all).
 */
export const badContextArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, 0, "ctx", [], true),
  fc.tuple(contextArb, unknownIdArb(["record", "jurisdiction", "age", ...FLAGS])).map(([c, k]) => put({ ...c }, k, true)),
  fc.tuple(contextArb, fc.constantFrom<unknown>(-1, 1.5, ${MAX_AGE + 1}, NaN, Infinity, "12", true)).map(([c, v]) => put({ ...c }, "age", v)),
  fc.tuple(contextArb, fc.constantFrom(...FLAGS), fc.constantFrom<unknown>("yes", 1, null, 0)).map(([c, k, v]) => put({ ...c }, k, v)),
  fc.tuple(contextArb, fc.constantFrom<unknown>(1, true, {}, [], "eu", "EU ", "", "__proto__")).map(([c, v]) => put({ ...c }, "jurisdiction", v)),
  fc.tuple(contextArb, invalidConsentRecordArb).map(([c, r]) => put({ ...c }, "record", r)),
  fc.tuple(contextArb, staleConsentRecordArb).map(([c, r]) => put({ ...c }, "record", r)),
);

const AT = "2024-01-01T00:00:00Z";

/**
 * \`ctx\` changed so that every atom of \`hold\` holds and every atom of \`fail\` fails for
 * \`request\` (other atoms keep whatever \`ctx\` gives them; a context without a place gets one in
 * none of the policy's jurisdictions, where the facts are known), or null when no context can do
 * that (a notice purpose always has consent; a recipient that needs no consent never has it).
 */
export function withFacts(ctx: Context, request: Request, hold: readonly Atom[], fail: readonly Atom[]): Context | null {
  if (hold.some((a) => fail.includes(a))) return null;
  const out: Json = { ...(ctx as Json) };
  for (const f of FLAGS) {
    if (hold.includes(f)) out[f] = true;
    else if (fail.includes(f)) out[f] = false;
  }
  // an age (or none) and the minor flag under which the age facts to hold hold and those to fail fail
  const ages = hold.concat(fail).filter((a) => a === "minor" || a.startsWith("age_under:"));
  if (ages.length > 0) {
    const factsOf = (age: number | undefined, minor: boolean): string[] => {
      const out = minor || (age !== undefined && age < ${AGE_OF_MAJORITY}) ? ["minor"] : [];
      for (const n of AGE_LIMITS) if (age === undefined ? minor : age < n) out.push("age_under:" + n);
      return out;
    };
    const given = typeof out["age"] === "number" ? [out["age"]] : [];
    const candidates = [...given, undefined, 0, ${AGE_OF_MAJORITY - 1}, ${AGE_OF_MAJORITY}, ...AGE_LIMITS.flatMap((n) => [n - 1, n])].filter((a) => a === undefined || a >= 0);
    const fits = (age: number | undefined, minor: boolean) => {
      const facts = factsOf(age, minor);
      return hold.every((a) => !ages.includes(a) || facts.includes(a)) && fail.every((a) => !ages.includes(a) || !facts.includes(a));
    };
    const flags = [out["minor"] === true, out["minor"] !== true];
    // a person without an age is no one in particular where the policy's ages tell such people apart
    const found = candidates
      .flatMap((age) => flags.map((minor) => ({ age, minor })))
      .find((c) => !(c.age === undefined && (c.minor ? MINORS_VARY : ADULTS_VARY)) && fits(c.age, c.minor));
    if (!found) return null;
    if (found.age === undefined) delete out["age"];
    else out["age"] = found.age;
    out["minor"] = found.minor;
  } else if (typeof out["age"] !== "number" && (out["minor"] === true ? MINORS_VARY : ADULTS_VARY)) {
    // the guards answer a person of no known age only as every age they may be is: give one
    out["age"] = out["minor"] === true ? 0 : ${AGE_OF_MAJORITY};
  }
  // a place in every jurisdiction to hold and in none to fail (\`DE\` for \`in EU\` and \`in EEA\`)
  const places = hold.filter((a) => a.startsWith("in:")).map((a) => a.slice(3));
  // where a place lies, as the guards read it: its own entry, and its country's for a subdivision
  const within = (place: string): readonly string[] => {
    const dash = place.indexOf("-");
    return [...(PLACES.get(place) ?? []), ...(dash > 0 ? (PLACES.get(place.slice(0, dash)) ?? []) : [])];
  };
  const failing = (place: string) => within(place).some((j) => (fail as readonly string[]).includes("in:" + j));
  if (places.length > 0) {
    // a place precise enough for the guards: not a region that holds places the rules tell apart
    const place = [places[0]!, ...PLACES.keys(), ...SUBDIVISIONS].find((k) => precise(k) && places.every((j) => within(k).includes(j)) && !failing(k));
    if (place === undefined) return null;
    out["jurisdiction"] = place;
  } else if (typeof out["jurisdiction"] !== "string" || failing(out["jurisdiction"]) || !precise(out["jurisdiction"])) {
    // a place in none of the policy's jurisdictions: without one, where the rules tell places
    // apart the guards answer only what every place gets
    out["jurisdiction"] = OUTSIDE;
  }

  const record: Json =
    ctx.record === undefined || ctx.record === null
      ? { policy: POLICY_ID, consentHash: CONSENT_HASH, subject: "subject", createdAt: AT, updatedAt: AT }
      : clone(ctx.record);
  const info = PURPOSE_INFO.get(request.purpose);
  if (!info) return null;
  const want = (a: Atom) => (hold.includes(a) ? true : fail.includes(a) ? false : undefined);
  const consent = want("consent");
  const explicit = want("explicit_consent");
  const purposes = section(record, "purposes");
  const entry = (e: Json | undefined) => (e === undefined ? delete purposes[request.purpose] : put(purposes, request.purpose, e));
  const clearObjection = () => {
    const optOuts = section(record, "optOuts");
    if (info.iba) put(optOuts, "interestBasedAdvertising", { optedOut: false, at: AT, method: "web_form" });
    if (info.channels.length > 0) put(section(optOuts, "channels"), info.channels[0]!, { optedOut: false, at: AT, method: "web_form" });
  };
  const object = () => {
    const optOuts = section(record, "optOuts");
    if (info.iba) put(optOuts, "interestBasedAdvertising", { optedOut: true, at: AT, method: "web_form" });
    else if (info.channels.length > 0) for (const c of info.channels) put(section(optOuts, "channels"), c, { optedOut: true, at: AT, method: "web_form" });
    else return false;
    return true;
  };
  if (explicit === true) {
    if (consent === false || !info.choice || !info.explicit) return null;
    entry({ status: "granted", at: AT, method: "web_form", explicit: true });
    clearObjection();
  } else {
    if (consent === true && info.mode !== "notice") {
      if (!info.choice && info.mode === "opt_in") return null;
      if (info.choice) entry({ status: "granted", at: AT, method: "web_form", ...(info.explicit ? { explicit: false } : {}) });
      clearObjection();
    } else if (consent === false) {
      if (info.mode === "notice") return null;
      // An opt-in purpose has no consent without a record or an entry, too: those ways are kept
      // as \`ctx\` has them, so that a guard that took a missing entry for consent is caught.
      const current = purposes[request.purpose] as Json | undefined;
      if (info.choice && (info.mode !== "opt_in" || current?.["status"] === "granted")) entry({ status: "withdrawn", at: AT, method: "web_form" });
      else if (!info.choice && info.mode === "opt_out" && !object()) return null;
    }
    if (explicit === false && info.choice) {
      const e = purposes[request.purpose] as Json | undefined;
      if (e && e["explicit"] === true) entry({ ...e, explicit: false });
    }
  }

  const recipientConsent = want("recipient_consent");
  if (recipientConsent !== undefined) {
    const covering = request.recipient === null ? [] : (RECIPIENT_COVER.get(request.recipient) ?? []);
    if (recipientConsent && covering.length === 0) return null;
    const recipients = section(record, "recipients");
    for (const k of covering) {
      if (recipientConsent) put(recipients, k, { status: "granted", at: AT, method: "web_form" });
      else if (recipients[k] !== undefined) put(recipients, k, { status: "withdrawn", at: AT, method: "web_form" });
    }
  }
  // a context without a record keeps it that way when nothing had to be written into one
  const hadRecord = ctx.record !== undefined && ctx.record !== null;
  const blank = (v: unknown): boolean => v === undefined || (typeof v === "object" && v !== null && Object.values(v).every(blank));
  if (hadRecord || !["purposes", "recipients", "optOuts"].every((k) => blank(record[k]))) out["record"] = record;
  return out as Context;
}
`;
}
