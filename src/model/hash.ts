/**
 * Content hashes of the model. `hash` covers the policy's meaning: everything but source
 * positions, the ids the compiler generated from them, the standard library's mark on texts and
 * the model schema's version, so reformatting or moving a block
 * declaration does not change it (rules stay in their order: the published policy lists them so).
 * `consentHash` covers only what a consent record depends on, in an order-free form (moving a
 * rule, reordering its conditions, a purpose's channels or basis variants does not change it;
 * an exception's place does, as the first exception that applies decides); a record given under
 * another `consentHash` is stale. Sharing that only a law allows is left out of it.
 */
import { ageLimit } from "./ages.js";
import { consentRelevant } from "./bases.js";
import { isFlowAction, LAW_ATOMS } from "../syntax/ast.js";
import type { Audience, PolicyModel, Rule } from "./types.js";

/**
 * JSON with object keys sorted, so equal values always serialize to equal text. A text's mark of
 * the standard library (`LText.std`) is left out: it says where the text comes from, and two
 * texts that read the same are the same.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, false);
}

const POSITIONAL = /^(rule|except|assert):/;

/** A member that says where something is written rather than what it says. */
function isPositional(key: string, v: unknown): boolean {
  if (key === "sourceRef" || key === "languageRefs" || key === "textRefs") return true;
  // The model schema's version says how the model is written down, not what the policy says.
  if (key === "$schema") return true;
  // Whether a text is the standard library's says where it comes from (LText.std), not what it says.
  if (key === "std" && v === true) return true;
  if (key === "source" && typeof v === "object" && v !== null && "line" in v) return true;
  return key === "id" && typeof v === "string" && POSITIONAL.test(v);
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `canonicalJson`, leaving out positional members (source references and the ids made from
 * them) at any depth when `strip` is set: one walk, with no copy of the value.
 */
function canonical(value: unknown, strip: boolean): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      // as `Array.prototype.join` writes it: nothing for undefined
      const item: unknown = value[i];
      if (item !== undefined) out += canonical(item, strip);
    }
    return out + "]";
  }
  return canonicalObject(value as Record<string, unknown>, strip, (v) => canonical(v, strip));
}

/** `canonical` of an object, with `valueText` writing each member's value. */
function canonicalObject(record: Record<string, unknown>, strip: boolean, valueText: (value: unknown, key: string) => string): string {
  const keys = Object.keys(record).sort(byCodeUnit);
  let out = "{";
  let first = true;
  for (const k of keys) {
    let v = record[k];
    if (v === undefined || (strip ? isPositional(k, v) : k === "std" && v === true)) continue;
    // A policy that accepts no earlier consent hashes as it did before it could.
    if (strip && k === "acceptsConsentFrom" && Array.isArray(v) && v.length === 0) continue;
    let name = k;
    // A purpose's (or a variant's) one basis is hashed as the single value it was before a list
    // could hold several, so that upgrading the compiler leaves the fingerprint of a policy that
    // did not change as it was. Nothing sorts between "bases" and "basis": the order holds.
    if (strip && k === "bases" && Array.isArray(v) && v.length <= 1) {
      name = "basis";
      v = v[0] ?? null;
    }
    if (!first) out += ",";
    first = false;
    out += JSON.stringify(name) + ":" + valueText(v, k);
  }
  return out + "}";
}

/**
 * What a rule decides, without its wording or its place: prose and translations never make
 * consent stale, nor does listing its conditions in another order (a conjunction). Its
 * exceptions keep their order: the first that applies decides (grammar/semantics.md).
 */
function ruleShape(r: Rule, atomOf: (atom: string) => string = (a) => a): unknown {
  return {
    effect: r.effect,
    action: r.action,
    categories: r.categories,
    recipients: r.recipients,
    purposes: r.purposes,
    conditions: r.conditions.map((l) => `${l.negated ? "not " : ""}${atomOf(l.atom)}`).sort(byCodeUnit),
    exceptions: r.exceptions.map((e) => ruleShape(e, atomOf)),
  };
}

/**
 * An audience's rules with `minor` for its age, as they were before the guards could tell ages
 * apart: the published policy, which is what people consented to, said the same then, so a
 * compiler upgrade does not make every record stale. The ages are a part of their own (\`ages\`).
 */
const ageAsMinor = (atom: string): string => (ageLimit(atom) === null ? atom : "minor");

/** Top-level rules in an order of their own: deny-overrides combines them whatever their order. */
function sortedShapes(rules: readonly Rule[], atomOf?: (atom: string) => string): unknown[] {
  return rules
    .map((r) => {
      const shape = ruleShape(r, atomOf);
      return { shape, key: canonicalJson(shape) };
    })
    .sort((a, b) => byCodeUnit(a.key, b.key))
    .map((x) => x.shape);
}

/** A rule that only a law triggers: no consent given or withdrawn changes what it allows. */
const byLawOnly = (r: Rule): boolean => r.conditions.some((l) => !l.negated && LAW_ATOMS.has(l.atom));

const sorted = (xs: readonly string[]): string[] => [...xs].sort(byCodeUnit);

/**
 * node:crypto is loaded on the first hash, not with the model: `check` never reads a hash, and
 * loading the module is about 5 ms of every cold start.
 */
function sha256(text: string): string {
  return "sha256:" + process.getBuiltinModule("node:crypto").createHash("sha256").update(text).digest("hex");
}

/**
 * A list of bases as the consent hash writes it: one basis as the single value it was before a
 * purpose could list several, so that consent records given under earlier compilers stay valid;
 * several in an order-free form.
 */
function basisValue(bases: readonly string[]): string | readonly string[] | null {
  return bases.length === 0 ? null : bases.length === 1 ? (bases[0] ?? null) : sorted(bases);
}

/** `{ ages }`: each audience's age, by id, when some audience has one; else nothing. */
function ages(audiences: readonly Audience[]): Record<string, unknown> {
  const aged = audiences.filter((a) => a.ageUnder !== null);
  return aged.length > 0 ? { ages: [...aged].sort((x, y) => byCodeUnit(x.id, y.id)).map((a) => ({ id: a.id, ageUnder: a.ageUnder })) } : {};
}

/** `{ [key]: shapes }` for a non-empty list of rules, else nothing. */
function withRules(key: string, rules: readonly Rule[], atomOf?: (atom: string) => string): Record<string, unknown> {
  return rules.length > 0 ? { [key]: sortedShapes(rules, atomOf) } : {};
}

/**
 * Writes the text of a top-level part of the model (`rules`) for the content hash, given how to
 * make it: a watch session's memo remembers it under the part's content.
 */
export type PartText = (part: string, make: () => string) => string;

/** The content hash (`PolicyModel.hash`) of a model without its hashes. */
export function contentHash(model: unknown, partText?: PartText): string {
  if (partText === undefined || model === null || typeof model !== "object" || Array.isArray(model)) return sha256(canonical(model, true));
  return sha256(canonicalObject(model as Record<string, unknown>, true, (v, key) => partText(key, () => canonical(v, true))));
}

export function computeHashes(model: Omit<PolicyModel, "hash" | "consentHash">, partText?: PartText): { hash: string; consentHash: string } {
  return { hash: contentHash(model, partText), consentHash: sha256(canonicalJson(consentParts(model))) };
}

/**
 * The parts of a consent record's meaning whose text differs between two models (`purposes`,
 * `denies`, ...): what moved `consentHash`, for `diff` to name.
 */
export function changedConsentParts(a: Omit<PolicyModel, "hash" | "consentHash">, b: Omit<PolicyModel, "hash" | "consentHash">): string[] {
  const x = consentParts(a);
  const y = consentParts(b);
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => canonicalJson(x[k]) !== canonicalJson(y[k])).sort(byCodeUnit);
}

/** What `consentHash` covers, part by part (grammar/semantics.md). */
function consentParts(model: Omit<PolicyModel, "hash" | "consentHash">): Record<string, unknown> {
  return {
    id: model.header.id,
    purposes: model.purposes
      .filter(consentRelevant)
      .map((p) => ({
        id: p.id,
        basis: basisValue(p.bases),
        basisIn: [...p.basisIn]
          .sort((x, y) => byCodeUnit(x.jurisdiction, y.jurisdiction))
          .map((v) => ({ jurisdiction: v.jurisdiction, basis: basisValue(v.bases) })),
        mode: p.consentMode,
        uses: p.uses,
        channels: sorted(p.channels),
        // decide which purposes count as interest-based advertising in a record
        marketing: p.marketing,
        profiling: p.profiling,
        // who is never asked: consent given does not cover a purpose that now reaches minors
        excludes: sorted(p.excludes),
      })),
    // what a consent banner asks for: a consent-gated tracker that collects more needs new consent
    trackers: model.trackers
      .filter((t) => t.gate === "consent")
      .sort((a, b) => byCodeUnit(a.id, b.id))
      .map((t) => ({ id: t.id, providers: sorted(t.providers), collects: sorted(t.collects), purposes: sorted(t.purposes) })),
    // a grant to a group covers its leaves, so the hierarchy is part of what a record means
    recipients: model.recipients.filter((r) => r.needsConsent).map((r) => ({ id: r.id, leaves: r.leaves })),
    // What else decides what a consent allows: a deny (or an audience's `collect no`/`marketing
    // no`, a purpose's `excludes`) that goes away widens a consent already given, and the diff
    // says so. Each is present only when the policy has such rules, so that the hash of a
    // policy without them is what it was before they counted.
    ...withRules("denies", model.rules.filter((r) => r.origin === "rule" && r.effect === "deny")),
    ...withRules("audiences", model.rules.filter((r) => r.origin === "audience"), ageAsMinor),
    // The age that puts a person in an audience: moving it widens or narrows what the consent of
    // those between the two ages allows (an audience of every minor made `age_under 16` lets
    // 16- and 17-year-olds' consent to marketing count). Present only when some audience has one.
    ...ages(model.audiences),
    rules: sortedShapes(model.rules.filter((r) => r.origin === "rule" && r.effect === "allow" && isFlowAction(r.action) && !byLawOnly(r))),
  };
}
