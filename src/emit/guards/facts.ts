/**
 * The reference mapping from a runtime context (facts the caller vouches for, plus the person's
 * consent record) to the condition atoms that hold for one request. The generated guards
 * implement the same mapping over bitmasks; the tests hold them to this plain version, which
 * validates records with ajv against the emitted schema and shares no code with them.
 *
 * - `consent`: notice purposes always; opt-in purposes when their entry is `granted`; opt-out
 *   purposes unless their entry is `withdrawn`. An objection (the interest-based advertising
 *   opt-out for profiling marketing purposes, or every channel the purpose uses opted out)
 *   defeats consent to opt-in and opt-out purposes.
 * - `explicit_consent`: the entry is `granted` with `explicit: true`, and not objected to.
 * - `recipient_consent`: some entry covering the recipient is `granted` and none is `withdrawn`.
 * - the six booleans of the context; `in:<J>` when `ctx.jurisdiction` is `J` or a place in `J`
 *   (`DE` in `EU` and `EEA`: `regionsOf`). A jurisdiction that is not an upper-case code is a
 *   malformed context; one that names no place (`USA`) is as if none were given, and a region
 *   that holds places the rules tell apart is answered as every place in it is (`placeReader`).
 * - `age_under:<N>` when `ctx.age` is below N; without an age, a `ctx.minor` may be of any age
 *   under 18 and anyone else of any age from 18 on, and the answer is the one every such age
 *   gets (else `unknown-age`); `minor` also when the age is below 18 (`ageFacts`,
 *   `unknownAgeMasks`). An age that is neither null nor a whole number from 0
 *   to 150 is a malformed context.
 * Refusals, in the order the guards check them: unknown action, category, purpose, recipient (or
 * a recipient given to collect or use), malformed context, malformed record, stale record. A
 * stale record (another policy's or another consentHash's, but for an earlier version's the policy
 * accepts, whose records the guards and the schema limit to the choices that version offered)
 * holds no consent: a request is answered when the answer is the same whichever consents hold
 * (allowed without them, or denied even with all of them), and refused as stale otherwise.
 */
import type { PolicyModel } from "../../model/types.js";
import { JURISDICTION_CODE, placeReader, placesInRules, placesWithin, regionsOf, type PlaceReader } from "../../model/rights.js";
import { decisionTableOf } from "../../semantics/table.js";
import { ageAtom, ageFacts, agesTested, isAge, unknownAgeMasks } from "../../model/ages.js";
import { evaluate, FLOW_ACTIONS, type Request } from "../../semantics/evaluate.js";
import { ACTIONS } from "../../syntax/ast.js";
import { CONTEXT_KEYS, FLAG_ATOMS, planConsent } from "./plan.js";
import { consentSchema } from "./schema.js";
import { compileConsentSchema } from "./validator.js";
import type { ValidateFunction } from "ajv/dist/2020.js";

export type Refusal =
  | "unknown-action"
  | "unknown-category"
  | "unknown-purpose"
  | "unknown-recipient"
  | "unexpected-recipient"
  | "malformed-context"
  | "malformed-record"
  | "stale-record"
  | "unknown-jurisdiction"
  | "unknown-age";

export type FactsResult =
  | {
      readonly ok: true;
      readonly facts: ReadonlySet<string>;
      /**
       * The record is stale: `facts` hold none of its consents, and `open` are the atoms it could
       * have made hold (referenceDecision answers only what none of them changes).
       */
      readonly stale?: { readonly open: readonly string[] };
      /**
       * The context does not say where the person is, and the rules tell places apart: \`facts\`
       * hold no \`in:\` atom, and these are the sets of them the person could be under, none first
       * (referenceDecision answers only what is the same under all of them).
       */
      readonly places?: readonly (readonly string[])[];
      /**
       * How many ages of a minor whose age is not given each place of `places` is tried with,
       * places outermost (0 or absent: the age is known).
       */
      readonly ageBlock?: number;
    }
  | { readonly ok: false; readonly refusal: Refusal };

const validators = new WeakMap<PolicyModel, ValidateFunction>();

/** The ajv validator of the model's consent schema (cached per model). */
export function consentValidator(model: PolicyModel): ValidateFunction {
  let v = validators.get(model);
  if (!v) {
    v = compileConsentSchema(JSON.stringify(consentSchema(planConsent(model), [])));
    validators.set(model, v);
  }
  return v;
}

/** An object as JSON builds it (prototype Object.prototype, of any realm, or none), as the guards read one. */
const isObject = (x: unknown): x is Record<string, unknown> => {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === null || (Object.getPrototypeOf(proto) === null && Object.prototype.hasOwnProperty.call(proto, "isPrototypeOf") && Object.prototype.hasOwnProperty.call(proto, "hasOwnProperty"));
};
const own = (o: Record<string, unknown>, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const ownKeys = (o: object): string[] => Object.keys(o);

/** What a request's context means: the atoms that hold, or why the guards refuse it. */
export function factsFromContext(model: PolicyModel, request: Request, ctx: unknown): FactsResult {
  const plan = planConsent(model);
  const leaf = (xs: readonly { id: string; children: readonly string[] }[], id: unknown) =>
    typeof id === "string" && xs.some((x) => x.id === id && x.children.length === 0);
  if (!(ACTIONS as readonly unknown[]).includes(request.action)) return { ok: false, refusal: "unknown-action" };
  if (!leaf(model.categories, request.category)) return { ok: false, refusal: "unknown-category" };
  if (!leaf(model.purposes, request.purpose)) return { ok: false, refusal: "unknown-purpose" };
  const flow = FLOW_ACTIONS.has(request.action);
  if (flow && !leaf(model.recipients, request.recipient)) return { ok: false, refusal: "unknown-recipient" };
  if (!flow && request.recipient !== null && request.recipient !== undefined) return { ok: false, refusal: "unexpected-recipient" };

  if (!isObject(ctx)) return { ok: false, refusal: "malformed-context" };
  if (ownKeys(ctx).some((k) => !CONTEXT_KEYS.includes(k))) return { ok: false, refusal: "malformed-context" };
  const facts = new Set<string>();
  const jurisdiction = own(ctx, "jurisdiction");
  if (jurisdiction !== undefined && jurisdiction !== null && (typeof jurisdiction !== "string" || !JURISDICTION_CODE.test(jurisdiction))) {
    return { ok: false, refusal: "malformed-context" };
  }
  // a code of no place (`USA`, `XX`) is as if none were given; a US state that does not exist is
  // somewhere in the US (placeReader, as the guards read it)
  const known = placesOf(model);
  const place = typeof jurisdiction === "string" ? known.reader.read(jurisdiction) : null;
  if (typeof jurisdiction === "string" && place !== null) for (const j of regionsOf(jurisdiction)) facts.add(`in:${j}`);
  const options = place !== null ? (known.regions.get(place) ?? []) : known.unknown;
  let places: { places?: readonly (readonly string[])[]; ageBlock?: number } = options.length > 1 ? { places: options } : {};
  for (const f of FLAG_ATOMS) {
    const v = own(ctx, f);
    if (v !== undefined && typeof v !== "boolean") return { ok: false, refusal: "malformed-context" };
    if (v === true) facts.add(f);
  }
  const age = own(ctx, "age") ?? undefined;
  if (age !== undefined && !isAge(age)) return { ok: false, refusal: "malformed-context" };
  const limits = agesTested(model.rules, model.assertions);
  // a minor whose age is not given may be of any age under 18, anyone else of any age from 18
  // on: answered as every such age is
  const bands = age === undefined ? unknownAgeMasks(limits, facts.has("minor")) : [];
  if (bands.length > 1) {
    const ages = bands.map((under) => under.map(ageAtom));
    places = { places: (places.places ?? [[]]).flatMap((place) => ages.map((a) => [...place, ...a])), ageBlock: ages.length };
  } else for (const f of ageFacts(age, facts.has("minor"), limits)) facts.add(f);

  const record = own(ctx, "record") ?? null;
  if (record !== null) {
    if (!isObject(record)) return { ok: false, refusal: "malformed-record" };
    const policy = own(record, "policy");
    const hash = own(record, "consentHash");
    if (typeof policy !== "string" || typeof hash !== "string") return { ok: false, refusal: "malformed-record" };
    const accepted = plan.accepted.some((a) => a.consentHash === hash);
    if (/^sha256:[0-9a-f]{64}$/.test(hash) && (policy !== plan.policyId || (hash !== plan.consentHash && !accepted))) {
      // stale: none of its consents hold; a notice purpose asks for none
      const mode = plan.purposes.find((p) => p.id === request.purpose)!.mode;
      if (mode === "notice") facts.add("consent");
      const open = [...(mode === "notice" ? [] : ["consent"]), "explicit_consent", ...(flow ? ["recipient_consent"] : [])];
      return { ok: true, facts, stale: { open }, ...places };
    }
    if (!consentValidator(model)(record)) return { ok: false, refusal: "malformed-record" };
  }
  const section = (key: string): Record<string, unknown> => {
    const s = record === null ? undefined : own(record as Record<string, unknown>, key);
    return isObject(s) ? s : {};
  };
  const entry = (o: Record<string, unknown>, key: string): Record<string, unknown> | null => {
    const e = own(o, key);
    return isObject(e) ? e : null;
  };

  // the purpose
  const purpose = plan.purposes.find((p) => p.id === request.purpose)!;
  const choice = purpose.choice >= 0 ? entry(section("purposes"), purpose.id) : null;
  const optOuts = section("optOuts");
  const channelOptOuts = isObject(own(optOuts, "channels")) ? (own(optOuts, "channels") as Record<string, unknown>) : {};
  const ibaOptedOut = purpose.iba && entry(optOuts, "interestBasedAdvertising")?.["optedOut"] === true;
  const channelNames = purpose.channels.map((i) => plan.channels[i]!.name);
  const allChannelsOptedOut =
    channelNames.length > 0 && channelNames.every((c) => entry(channelOptOuts, c)?.["optedOut"] === true);
  const objected = ibaOptedOut || allChannelsOptedOut;
  const status = choice?.["status"];
  const consent =
    purpose.mode === "notice" ||
    (!objected && (purpose.mode === "opt_in" ? status === "granted" : status !== "withdrawn"));
  if (consent) facts.add("consent");
  if (!objected && status === "granted" && choice?.["explicit"] === true) facts.add("explicit_consent");

  // the recipient
  if (flow) {
    const i = plan.recipients.indexOf(request.recipient!);
    const statuses = plan.recipientCover[i]!.map((c) => entry(section("recipients"), plan.recipientChoices[c]!.id)?.["status"]);
    if (statuses.includes("granted") && !statuses.includes("withdrawn")) facts.add("recipient_consent");
  }
  return { ok: true, facts, ...places };
}

export interface ReferenceDecision {
  readonly allowed: boolean;
  /** Id of the deciding rule (reference evaluator), or null. */
  readonly ruleId: string | null;
  readonly refusal: Refusal | null;
  readonly facts: ReadonlySet<string> | null;
  /** Answered under a stale record (its consents not held): \`factsOf\` knows no facts then. */
  readonly stale: boolean;
  /**
   * The context gives no place and the rules tell places apart: answered as every place answers
   * (\`facts\` are those of a place in none of the policy's jurisdictions), and \`factsOf\` knows
   * no facts.
   */
  readonly unknownPlace?: boolean;
}

/** How the reference reads places for one model (placesOf): made once per model. */
interface ModelPlaces {
  readonly reader: PlaceReader;
  /**
   * The sets of \`in:\` atoms a person whose place is not known can be under: none first, then each
   * place's that lies in some jurisdiction the rules name (\`DE\`: \`in:EU\` and \`in:EEA\`); empty
   * when the rules name no place.
   */
  readonly unknown: readonly (readonly string[])[];
  /**
   * For a region that holds places the rules tell apart (\`US\` where a rule names \`US-CA\`), the
   * sets of \`in:\` atoms a person in it can be under: somewhere in it outside those places first,
   * then each of them.
   */
  readonly regions: ReadonlyMap<string, readonly (readonly string[])[]>;
}
const modelPlaces = new WeakMap<PolicyModel, ModelPlaces>();

function placesOf(model: PolicyModel): ModelPlaces {
  let known = modelPlaces.get(model);
  if (!known) {
    const named = placesInRules(model.rules);
    const unknown = new Map<string, string[]>([["", []]]);
    for (const [, within] of placesWithin([...named])) {
      const atoms = within.map((j) => `in:${j}`).sort();
      unknown.set(atoms.join(" "), atoms);
    }
    // the jurisdictions the decision table tells apart (its `in:` atoms), as the guards read them
    const reader = placeReader(decisionTableOf(model).atoms.flatMap((a) => (a.startsWith("in:") ? [a.slice(3)] : [])), named);
    const regions = new Map([...reader.regions].map(([region, sets]) => [region, sets.map((set) => set.map((j) => `in:${j}`))]));
    modelPlaces.set(model, (known = { reader, unknown: unknown.size > 1 ? [...unknown.values()] : [], regions }));
  }
  return known;
}

/** The reference decision for a request under a runtime context. */
export function referenceDecision(model: PolicyModel, request: Request, ctx: unknown): ReferenceDecision {
  const f = factsFromContext(model, request, ctx);
  if (!f.ok) return { allowed: false, ruleId: null, refusal: f.refusal, facts: null, stale: false };
  if (f.places) {
    // where the person is (or their age) is not known: answered only when every place (and
    // age) gets the same answer
    const each = f.places.map((place) => decideWith(model, request, { ...f, facts: new Set([...f.facts, ...place]) }));
    // where every place gets the answers the first gets at each age, only the age matters
    const block = f.ageBlock ?? 0;
    const ageOnly = block > 0 && each.every((d, i) => d.allowed === each[i % block]!.allowed);
    const refusal = ageOnly ? "unknown-age" : "unknown-jurisdiction";
    if (each.some((d) => d.allowed !== each[0]!.allowed)) return { allowed: false, ruleId: null, refusal, facts: null, stale: f.stale !== undefined, unknownPlace: true };
    // as in a place in none of the policy's jurisdictions
    return { ...each[0]!, unknownPlace: true };
  }
  return decideWith(model, request, f);
}

/** The reference decision for facts known in full (a stale record's consents aside). */
function decideWith(model: PolicyModel, request: Request, f: Extract<FactsResult, { ok: true }>): ReferenceDecision {
  if (f.stale) {
    // answered only when the same whichever of the record's consents hold: allowed without them,
    // or denied even with all of them (and then as it is denied with all of them)
    const open = f.stale.open;
    const withAll = new Set([...f.facts, ...open]);
    const all = evaluate(model, request, withAll);
    for (let s = 0; s < 1 << open.length; s++) {
      const facts = new Set([...f.facts, ...open.filter((_, i) => (s & (1 << i)) !== 0)]);
      if (evaluate(model, request, facts).allowed !== all.allowed) return { allowed: false, ruleId: null, refusal: "stale-record", facts: null, stale: true };
    }
    if (!all.allowed) return { allowed: false, ruleId: all.decidedBy?.rule.id ?? null, refusal: null, facts: withAll, stale: true };
  }
  const d = evaluate(model, request, f.facts);
  return { allowed: d.allowed, ruleId: d.decidedBy?.rule.id ?? null, refusal: null, facts: f.facts, stale: f.stale !== undefined };
}
