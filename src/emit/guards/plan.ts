/**
 * The guard plan: everything the consent and guards emitters need, derived once from the
 * normalized model and its decision table. The consent schema, the generated guards, the
 * generated arbitraries and the reference mapping from a context to facts (facts.ts) all read
 * this one description, so they cannot disagree about which purposes are choices, which
 * recipients need consent or which opt-outs exist.
 *
 * Pipeline position: emitters (after the decision table). Reads the model, never the AST.
 */
import type { Basis, ConsentMode, LText, PolicyModel, Retention, RetentionFrom, Rule } from "../../model/types.js";
import { decisionTableOf, isUnconditional, type DecisionTable, type Term } from "../../semantics/table.js";
import { leafIds } from "../../semantics/evaluate.js";
import { fileLine } from "../../model/build.js";
import { canBeExplicit, consentRelevant, isChoice } from "../../model/bases.js";
import { countsFrom } from "../../model/retention.js";
import { placesInRules, regionsHoldingPlaces } from "../../model/rights.js";

/**
 * Names that can never be keys of a consent record: ajv (and most JSON tooling) ignores a
 * `__proto__` member of `properties`, so a record could not carry a choice under that name.
 * A purpose, recipient or channel with this id is simply not offered as a choice.
 */
export const UNUSABLE_KEYS: ReadonlySet<string> = new Set(["__proto__"]);


/** How a record says the choice was collected (GDPR Art. 7(1): the controller proves consent). */
export const COLLECTION_METHODS = [
  "web_form",
  "mobile_app",
  "email",
  "phone",
  "in_person",
  "paper",
  "api",
  "import",
  "other",
] as const;

/**
 * A day that exists: 31 days in January, March, May, July, August, October and December, 30 in
 * April, June, September and November, 28 in February, and 29 in a leap year (divisible by 4,
 * and by 400 where it is divisible by 100).
 */
const CALENDAR_DATE =
  "(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))" +
  "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)";
/**
 * RFC 3339 date-time (upper-case `T` and `Z`) on a day that exists, the same text in the schema
 * and the guards: a pattern, so that any JSON Schema validator checks the calendar too.
 */
export const TIMESTAMP_PATTERN =
  "^" + CALENDAR_DATE + "T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$";
/**
 * No control characters: C0, DEL and C1 (U+0085, a line break to some readers, among them), nor
 * the bidi embeddings, overrides and isolates that reorder text shown in a log or a console.
 */
const NO_CONTROLS = "[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]";
/** 1 to 256 characters, no control characters. */
export const SUBJECT_PATTERN = `^${NO_CONTROLS}{1,256}$`;
/** 1 to 64 characters, no control characters. */
export const VERSION_PATTERN = `^${NO_CONTROLS}{1,64}$`;
export const HASH_PATTERN = "^sha256:[0-9a-f]{64}$";

/** Context members that are plain booleans and the atom each one sets. */
export const FLAG_ATOMS = ["required_by_law", "permitted_by_law", "anonymised", "aggregated", "at_request", "minor"] as const;
export type FlagAtom = (typeof FLAG_ATOMS)[number];
/** Every member a runtime context may have. Anything else makes the context malformed. */
export const CONTEXT_KEYS: readonly string[] = ["record", "jurisdiction", "age", ...FLAG_ATOMS];

export interface PurposePlan {
  readonly id: string;
  readonly label: LText;
  readonly mode: ConsentMode;
  /** Index into `choices`, or -1 when the record has no entry for this purpose. */
  readonly choice: number;
  /** An `interestBasedAdvertising` opt-out counts as an objection to this purpose. */
  readonly iba: boolean;
  /** Indices into `channels`: when every one is opted out, the person has objected. */
  readonly channels: readonly number[];
}

export interface ChoicePlan {
  /** Purpose id, the key in `record.purposes`. */
  readonly id: string;
  readonly label: LText;
  readonly mode: ConsentMode;
  /** The entry may carry `explicit: true` (opt-in purposes and explicit-consent bases). */
  readonly explicit: boolean;
  readonly withdraw: LText | null;
  readonly optOut: LText | null;
}

export interface RecipientChoicePlan {
  /** Recipient id (any level of the hierarchy), the key in `record.recipients`. */
  readonly id: string;
  readonly label: LText;
  /** The leaf recipients a grant covers. */
  readonly leaves: readonly string[];
}

export interface ChannelPlan {
  readonly name: string;
  /** Leaf purposes that reach people over this channel. */
  readonly purposes: readonly string[];
}

/** What a decision object says; one is preallocated per distinct (effect, rule) pair. */
export interface DecisionPlan {
  readonly allowed: boolean;
  readonly reason: string;
  /** `file:line` of the deciding declaration, or null. */
  readonly rule: string | null;
  readonly ruleId: string | null;
}

export interface ShapePlan {
  /** Terms as [pos, neg, decision index] triples: deny terms first, then allow terms. */
  readonly deny: readonly (readonly [number, number, number])[];
  readonly allow: readonly (readonly [number, number, number])[];
  /**
   * The decision when no term holds though an allow exists (a denial that says which conditions
   * the first allow waits for), or -1 for the default deny. Written as a last term that always
   * holds, so the runtime's lookup needs no case of its own.
   */
  readonly otherwise: number;
}

export interface RetentionPlan {
  readonly id: string;
  readonly label: LText;
  readonly period: Retention["period"];
  readonly max: Retention["max"];
  readonly criteria: readonly string[];
  readonly end: readonly string[];
  readonly purposes: readonly string[];
  readonly rule: string;
  /** What `limitDays` counts from, or null with it (a start the policy leaves open, or no limit). */
  readonly from: RetentionFrom | null;
  /** Days from `from` after which data kept under this rule must go, or null when time alone never decides. */
  readonly limitDays: number | null;
}

export interface CategoryRetentionPlan {
  readonly category: string;
  /** Indices into `retention`. */
  readonly rules: readonly number[];
  /** The longest limit of its rules when they all count from the same start (`from`), else null. */
  readonly limitDays: number | null;
  readonly from: RetentionFrom | null;
}

/** What a consent record holds and how it yields facts; needs no decision table. */
export interface ConsentPlan {
  readonly model: PolicyModel;
  readonly policyId: string;
  readonly consentHash: string;
  /**
   * Earlier versions whose records are current too (`accepts_consent_from`, proved by the
   * checker), each with what its records can hold: indices into `choices` and `recipientChoices`
   * of the keys it did not offer, which one of its records must not have.
   */
  readonly accepted: readonly { readonly consentHash: string; readonly path: string; readonly unofferedChoices: readonly number[]; readonly unofferedRecipients: readonly number[] }[];
  /** Leaf purposes, in model order. */
  readonly purposes: readonly PurposePlan[];
  /** Leaf recipient ids, in model order. */
  readonly recipients: readonly string[];
  readonly choices: readonly ChoicePlan[];
  readonly recipientChoices: readonly RecipientChoicePlan[];
  /** For each leaf recipient, the indices of `recipientChoices` that cover it. */
  readonly recipientCover: readonly (readonly number[])[];
  readonly channels: readonly ChannelPlan[];
  /** Leaf purposes an interest-based advertising opt-out objects to; null when there are none. */
  readonly iba: readonly string[] | null;
  /** Category, purpose and recipient labels by id (leaves and groups). */
  readonly labels: {
    readonly categories: ReadonlyMap<string, LText>;
    readonly purposes: ReadonlyMap<string, LText>;
    readonly recipients: ReadonlyMap<string, LText>;
  };
}

export interface GuardPlan extends ConsentPlan {
  readonly table: DecisionTable;
  /** Leaf category ids, in table order. */
  readonly categories: readonly string[];
  /** Atom names by bit position (`table.atoms`). */
  readonly atoms: readonly string[];
  /** Jurisdictions of the `in:` atoms, with their bit positions. */
  readonly jurisdictions: readonly { readonly id: string; readonly bit: number }[];
  /** The regions a context may name that hold places the rules tell apart (regionsHoldingPlaces), by jurisdiction sets. */
  readonly regions: ReadonlyMap<string, string[][]>;
  readonly decisions: readonly DecisionPlan[];
  readonly shapes: readonly ShapePlan[];
  /** Shape index of every table cell, in table order. */
  readonly cellShapes: readonly number[];
  readonly retention: readonly RetentionPlan[];
  readonly categoryRetention: readonly CategoryRetentionPlan[];
}

/** Every rule and exception of the model, by id. */
function allRules(rules: readonly Rule[], out: Map<string, Rule> = new Map()): Map<string, Rule> {
  for (const r of rules) {
    if (!out.has(r.id)) out.set(r.id, r);
    allRules(r.exceptions, out);
  }
  return out;
}

function basisText(model: PolicyModel, purposeId: string, suffix: string): string {
  const p = model.purposes.find((x) => x.id === purposeId);
  if (!p) return "";
  if (suffix) {
    const j = suffix.slice(1);
    const v = p.basisIn.find((x) => x.jurisdiction === j);
    return v ? ` (${basesWords(v.bases)} in ${j})` : "";
  }
  return p.bases.length > 0 ? ` (${basesWords(p.bases)})` : "";
}

function basesWords(bases: readonly Basis[]): string {
  return `${bases.length === 1 ? "basis" : "bases"} ${bases.join(", ")}`;
}

/** An atom as a decision's reason words it: `in EU` for `in:EU`, `age_under 16` for `age_under:16`. */
function atomWords(atom: string): string {
  return atom.startsWith("in:") ? `in ${atom.slice(3)}` : atom.startsWith("age_under:") ? `age_under ${atom.slice(10)}` : atom;
}

/** The sentence a decision object carries. Rule ids are model ids, never free text. */
function reasonFor(model: PolicyModel, rule: Rule, allowed: boolean): string {
  const verb = allowed ? "allowed" : "denied";
  switch (rule.origin) {
    case "purpose": {
      const m = /^purpose:(.*):(collect|use)(@[^@]*)?$/.exec(rule.id);
      const purpose = m?.[1] ?? rule.purposes[0] ?? "";
      return `${verb} by purpose ${purpose}${basisText(model, purpose, m?.[3] ?? "")}`;
    }
    case "audience": {
      const ex = /^excludes:(.*):[a-z]+$/.exec(rule.id);
      if (ex) {
        const p = model.purposes.find((x) => x.id === ex[1]);
        return `${verb}: purpose ${ex[1]} excludes ${(p?.excludes ?? []).join(", ")}`;
      }
      const au = /^audience:(.*):(collect|marketing)$/.exec(rule.id);
      if (au) return `${verb}: ${au[2] === "collect" ? "no collection from" : "no marketing to"} audience ${au[1]}`;
      return `${verb} by ${rule.id}`;
    }
    default: {
      const generated = /^(rule|except):/.exec(rule.id);
      if (generated) return `${verb} by the ${generated[1] === "except" ? "exception" : "rule"} at ${fileLine(rule.sourceRef)}`;
      return `${verb} by rule ${rule.id}`;
    }
  }
}

/** The rule's time limit in days and what it counts from; both null when time alone never ends it. */
function timeLimit(r: Retention): { from: RetentionFrom | null; limitDays: number | null } {
  const limitDays = ruleLimit(r);
  return limitDays === null ? { from: null, limitDays } : { from: countsFrom(r), limitDays };
}

/** The rule's time limit in days from `ruleFrom`, or null when time alone never ends it. */
function ruleLimit(r: Retention): number | null {
  // time since collection alone never ends it: `isExpired` must not say an active account's data is
  if (countsFrom(r) === null) return null;
  const max = r.max ? r.max.days : null;
  if (r.period !== null && r.period !== "indefinite") return max === null ? r.period.days : Math.min(r.period.days, max);
  return max;
}

const consentPlans = new WeakMap<PolicyModel, ConsentPlan>();

/** The consent part of the plan (cached per model). */
export function planConsent(model: PolicyModel): ConsentPlan {
  const cached = consentPlans.get(model);
  if (cached) return cached;
  const leafPurposes = model.purposes.filter((p) => p.children.length === 0);

  const choices: ChoicePlan[] = [];
  const choiceIndex = new Map<string, number>();
  for (const p of leafPurposes) {
    if (!isChoice(p) || UNUSABLE_KEYS.has(p.id)) continue;
    choiceIndex.set(p.id, choices.length);
    choices.push({ id: p.id, label: p.label, mode: p.consentMode, explicit: canBeExplicit(p), withdraw: p.withdraw, optOut: p.optOut });
  }

  const channelNames = [
    ...new Set(leafPurposes.filter(consentRelevant).flatMap((p) => p.channels.filter((c) => !UNUSABLE_KEYS.has(c)))),
  ].sort();
  const channels: ChannelPlan[] = channelNames.map((name) => ({
    name,
    purposes: leafPurposes.filter((p) => consentRelevant(p) && p.channels.includes(name)).map((p) => p.id),
  }));
  const ibaPurposes = leafPurposes.filter((p) => p.marketing && p.profiling && p.consentMode !== "notice").map((p) => p.id);

  const purposes: PurposePlan[] = leafPurposes.map((p) => ({
    id: p.id,
    label: p.label,
    mode: p.consentMode,
    choice: choiceIndex.get(p.id) ?? -1,
    iba: ibaPurposes.includes(p.id),
    channels: consentRelevant(p) ? p.channels.map((c) => channelNames.indexOf(c)).filter((i) => i >= 0) : [],
  }));

  const recipientChoices: RecipientChoicePlan[] = model.recipients
    .filter((r) => r.needsConsent && !UNUSABLE_KEYS.has(r.id))
    .map((r) => ({ id: r.id, label: r.label, leaves: r.leaves }));
  const recipients = leafIds(model.recipients);
  const recipientCover = recipients.map((leaf) => recipientChoices.flatMap((rc, i) => (rc.leaves.includes(leaf) ? [i] : [])));

  const plan: ConsentPlan = {
    model,
    policyId: model.header.id,
    consentHash: model.consentHash,
    accepted: model.header.acceptsConsentFrom
      .filter((a) => a.consentHash !== model.consentHash)
      .map((a) => ({
        consentHash: a.consentHash,
        path: a.path,
        unofferedChoices: choices.flatMap((c, i) => (a.purposes.includes(c.id) ? [] : [i])),
        unofferedRecipients: recipientChoices.flatMap((r, i) => (a.recipients.includes(r.id) ? [] : [i])),
      })),
    purposes,
    recipients,
    choices,
    recipientChoices,
    recipientCover,
    channels,
    iba: ibaPurposes.length > 0 ? ibaPurposes : null,
    labels: {
      categories: new Map(model.categories.map((c) => [c.id, c.label])),
      purposes: new Map(model.purposes.map((p) => [p.id, p.label])),
      recipients: new Map(model.recipients.map((r) => [r.id, r.label])),
    },
  };
  consentPlans.set(model, plan);
  return plan;
}

/**
 * Builds the whole plan. `table` defaults to the model's decision table, built once per model and
 * shared with the checker (`decisionTableOf`); the plan only reads it.
 */
export function planGuards(model: PolicyModel, table: DecisionTable = decisionTableOf(model)): GuardPlan {
  const consent = planConsent(model);
  if (
    JSON.stringify(table.purposes) !== JSON.stringify(consent.purposes.map((p) => p.id)) ||
    JSON.stringify(table.recipients) !== JSON.stringify(consent.recipients)
  ) {
    throw new Error("internal: decision table and model disagree on leaf ids");
  }

  // ---- decisions and the serialized table ------------------------------------------------------
  const rulesById = allRules(model.rules);
  const decisions: DecisionPlan[] = [];
  const decisionIndex = new Map<string, number>();
  const decisionOf = (ruleId: string, allowed: boolean): number => {
    const key = `${allowed ? "allow" : "deny"} ${ruleId}`;
    let i = decisionIndex.get(key);
    if (i === undefined) {
      const rule = rulesById.get(ruleId);
      i = decisions.length;
      decisions.push({
        allowed,
        reason: rule ? reasonFor(model, rule, allowed) : `${allowed ? "allowed" : "denied"} by ${ruleId}`,
        rule: rule ? fileLine(rule.sourceRef) : null,
        ruleId,
      });
      decisionIndex.set(key, i);
    }
    return i;
  };
  // A request that an allow would grant under other facts is denied for want of them: the
  // decision says which facts each allow waits for, a purpose's own first (the grant a service
  // usually means), not "no rule allows this request".
  // An allow whose conditions always bring a deny of the cell with them (`allow when minor,
  // consent` under `deny when minor`) can grant nothing: it is not named. At most a few are.
  const MAX_NAMED = 3;
  const unmetIndex = new Map<string, number>();
  const unmetOf = (allow: readonly Term[], deny: readonly Term[]): number => {
    const terms = allow.filter((t) => !deny.some((d) => (d.pos & ~t.pos) === 0 && (d.neg & ~t.neg) === 0));
    if (terms.length === 0) return -1;
    const key = termsKey(terms);
    let i = unmetIndex.get(key);
    if (i === undefined) {
      const ordered = [...terms.filter((t) => rulesById.get(t.rule)?.origin === "purpose"), ...terms.filter((t) => rulesById.get(t.rule)?.origin !== "purpose")];
      const named = ordered.slice(0, MAX_NAMED);
      const parts = named.map((t, k) => {
        const rule = rulesById.get(t.rule);
        const lits = [
          ...table.atoms.filter((_, b) => (t.pos & (1 << b)) !== 0).map(atomWords),
          ...table.atoms.filter((_, b) => (t.neg & (1 << b)) !== 0).map((a) => `not ${atomWords(a)}`),
        ];
        const allows = rule ? reasonFor(model, rule, true) : `allowed by ${t.rule}`;
        return `${k === 0 ? allows : allows.replace(/^allowed /, "or ")} only when ${lits.join(", ")}`;
      });
      const more = new Set(ordered.slice(MAX_NAMED).map((t) => t.rule)).size;
      const rest = more > 0 ? `; or by ${more} more rule${more === 1 ? "" : "s"}` : "";
      i = decisions.length;
      decisions.push({ allowed: false, reason: `denied: ${[...new Set(parts)].join("; ")}${rest}`, rule: null, ruleId: null });
      unmetIndex.set(key, i);
    }
    return i;
  };
  const shapes: ShapePlan[] = [];
  const cells = table.verdicts;
  const cellShapes: number[] = new Array<number>(cells.length).fill(0);
  const triple = (t: Term, allowed: boolean) => [t.pos, t.neg, decisionOf(t.rule, allowed)] as const;
  // A shape is known by its content: the (pos, neg, rule) of its deny terms, then of its allow
  // terms, with rules as small numbers. Its triples (and so its decisions) are made only for a
  // content not seen before, in cell order, which gives decisions and shapes the order they
  // would have if every cell were serialized in turn.
  const ruleNo = new Map<string, number>();
  const termsKey = (terms: readonly Term[]): string => {
    let key = "";
    for (const t of terms) {
      let r = ruleNo.get(t.rule);
      if (r === undefined) ruleNo.set(t.rule, (r = ruleNo.size));
      key += `${t.pos},${t.neg},${r};`;
    }
    return key;
  };
  const shapeIndex = new Map<string, number>();
  // Neighbouring cells (the recipients of one flow, the purposes of one category) most often
  // have the very same lists (the table gives cells with the same rules the same arrays): those
  // reuse the previous cell's shape without building its key.
  let lastDeny: readonly Term[] | null = null;
  let lastAllow: readonly Term[] | null = null;
  let lastShape = -1;
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c]!;
    if (cell.deny !== lastDeny || cell.allow !== lastAllow) {
      const key = `${termsKey(cell.deny)}|${termsKey(cell.allow)}`;
      let i = shapeIndex.get(key);
      if (i === undefined) {
        i = shapes.length;
        shapes.push({
          deny: cell.deny.map((t) => triple(t, false)),
          allow: cell.allow.map((t) => triple(t, true)),
          // an allow without conditions always holds: nothing is left to say otherwise
          otherwise: cell.allow.length > 0 && !cell.allow.some(isUnconditional) ? unmetOf(cell.allow, cell.deny) : -1,
        });
        shapeIndex.set(key, i);
      }
      lastDeny = cell.deny;
      lastAllow = cell.allow;
      lastShape = i;
    }
    cellShapes[c] = lastShape;
  }

  // ---- retention ---------------------------------------------------------------------------------
  const retention: RetentionPlan[] = model.retention.map((r) => ({
    id: r.id,
    label: r.label,
    period: r.period,
    max: r.max,
    criteria: r.criteria,
    end: r.end,
    purposes: r.purposes,
    rule: fileLine(r.sourceRef),
    ...timeLimit(r),
  }));
  // The retention rules of each category, in rule order and each rule once: one pass over the
  // rules (asking every rule about every category is quadratic in the size of the policy).
  const rulesByCategory = new Map<string, number[]>();
  model.retention.forEach((r, i) => {
    for (const c of r.categories) {
      const list = rulesByCategory.get(c);
      if (!list) rulesByCategory.set(c, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  const categoryRetention: CategoryRetentionPlan[] = table.categories.map((c) => {
    const rules = rulesByCategory.get(c) ?? [];
    const limits = rules.map((i) => retention[i]!.limitDays);
    const from = rules.length === 0 ? null : retention[rules[0]!]!.from;
    // Data kept for several purposes may stay as long as the longest of them needs it; one rule
    // that time alone does not bound (criteria only, or indefinite) leaves the category unbounded,
    // and limits counted from different starts have no one longest
    const unbounded = limits.length === 0 || limits.some((l) => l === null) || rules.some((i) => retention[i]!.from !== from);
    const limitDays = unbounded ? null : (limits as number[]).reduce((a, b) => Math.max(a, b));
    return { category: c, rules, limitDays, from: unbounded ? null : from };
  });

  const atoms = table.atoms;
  const jurisdictions = atoms.flatMap((a, bit) => (a.startsWith("in:") ? [{ id: a.slice(3), bit }] : []));
  return {
    ...consent,
    table,
    categories: table.categories,
    atoms,
    jurisdictions,
    regions: regionsHoldingPlaces(jurisdictions.map((j) => j.id), placesInRules(model.rules)),
    decisions,
    shapes,
    cellShapes,
    retention,
    categoryRetention,
  };
}
