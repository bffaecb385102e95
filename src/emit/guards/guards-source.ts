/**
 * Generates `guards.ts`: a dependency-free ES module that serializes the decision table.
 *
 * Every request is a cell of the table; every cell points at a "shape" (its deny terms, then its
 * allow terms, each a pair of bitmasks over the condition atoms and the decision it yields).
 * A guard call maps ids to numbers through `Map`s (so `__proto__` or `toString` are just unknown
 * ids), turns the context into a bitmask of the atoms that hold, and scans the cell's few terms:
 * no rule is interpreted at runtime and nothing is allocated. Decision objects are frozen and
 * preallocated, one per deciding rule.
 *
 * The file is the fixed runtime (runtime.ts) with the policy's declarations around it. The
 * emitter renders those declarations three ways itself (TypeScript, JavaScript, declarations);
 * the fixed runtime's JavaScript and declarations are compiled once (runtime.compiled.ts), so
 * emitting needs no TypeScript and takes milliseconds.
 */
import { cellBases } from "../../semantics/table.js";
import { ACTIONS, isFlowAction } from "../../syntax/ast.js";
import { FLAG_ATOMS, type GuardPlan } from "./plan.js";
import { KNOWN_PLACE_CODES, placesInRules, placesWithin, TERRITORY_SUBDIVISIONS } from "../../model/rights.js";
import { US_SUBDIVISIONS } from "../../model/codes.js";
import { adultAgeMasks, ageLimit, minorAgeMasks } from "../../model/ages.js";
import { recordTypes } from "./record-types.js";
import { PRELUDE_TS, RUNTIME_TS } from "./runtime.js";
import type { CompiledPart } from "./runtime-compile.js";
import { bannerComment, commentText, jsdoc, lit, union, wrapNumbers } from "./text.js";

/** Text rendered as guards.ts, guards.js and guards.d.ts at once. */
class Out {
  readonly ts: string[] = [];
  readonly js: string[] = [];
  private readonly declarations: string[] = [];
  /** A section heading not yet written to the declarations: written before what comes next there. */
  private heading: string | null = null;
  /** Comments and blank lines: the same in all three. */
  raw(text: string): this {
    this.ts.push(text);
    this.js.push(text);
    if (this.heading !== null) this.heading += text;
    else this.declarations.push(text);
    return this;
  }
  /**
   * A section's heading: in the declarations only if the section declares something there (the
   * policy's facts and retention tables are not exported, and would leave an empty heading).
   */
  section(text: string): this {
    this.ts.push(text);
    this.js.push(text);
    this.heading = text;
    return this;
  }
  /** Adds to the declarations, after the pending heading when there is something to declare. */
  private declare(text: string): void {
    if (this.heading !== null && text.trim() !== "") {
      this.declarations.push(this.heading);
      this.heading = null;
    }
    if (this.heading !== null) this.heading += text;
    else this.declarations.push(text);
  }
  /**
   * The declarations file: a heading nothing came after is left out. It ends in \`export {};\`:
   * without it every top-level declaration of a .d.ts counts as exported, and TypeScript would
   * accept an import of a constant guards.js keeps to itself (\`PREPARED_BRAND\`).
   */
  get dts(): string {
    return this.declarations.join("") + "\nexport {};\n";
  }
  /** Type declarations: TypeScript and declarations only. */
  type(text: string): this {
    this.ts.push(text);
    this.declare(text);
    return this;
  }
  /** `[export] const name: type = value;` (`value` may differ between TypeScript and JavaScript). */
  const(name: string, type: string, value: string | Dual, options: { exported?: boolean; doc?: string } = {}): this {
    const doc = options.doc ?? "";
    const exp = options.exported ? "export " : "";
    const v = typeof value === "string" ? { ts: value, js: value } : value;
    this.ts.push(`${doc}${exp}const ${name}: ${type} = ${v.ts};\n`);
    this.js.push(`${doc}${exp}const ${name} = ${v.js};\n`);
    if (options.exported) this.declare(`${doc}export declare const ${name}: ${type};\n`);
    return this;
  }
  /** Fixed TypeScript with its precompiled JavaScript and declarations. */
  compiled(part: CompiledPart): this {
    this.ts.push(part.ts);
    this.js.push(part.js);
    this.declare(part.dts);
    return this;
  }
}

/** An expression written differently in TypeScript (with `!` or `as`) and in JavaScript. */
interface Dual {
  readonly ts: string;
  readonly js: string;
}


/** Compiles a fixed part of guards.ts to JavaScript and declarations (cached by the caller). */
export type PartCompiler = (ts: string) => CompiledPart;

export interface GuardsOutput {
  readonly ts: string;
  readonly js: string;
  readonly dts: string;
}

function typedArray(kind: string, nums: readonly number[]): string {
  if (nums.length === 0) return `new ${kind}(0)`;
  return `new ${kind}([\n${wrapNumbers(nums, "  ")}\n])`;
}

/** The narrowest typed array for `nums` (a loop: spreading one argument per cell overflows the stack). */
function smallest(nums: readonly number[]): string {
  let max = 0;
  for (const n of nums) if (n > max) max = n;
  return max < 65536 ? "Uint16Array" : "Uint32Array";
}

function atomBit(plan: GuardPlan, atom: string): number {
  const i = plan.atoms.indexOf(atom);
  if (i < 0) throw new Error(`internal: atom ${atom} missing from the table`);
  return 1 << i;
}

/** Label with its parents' labels, `Contact details › Email address`, for doc comments. */
function trail(labels: ReadonlyMap<string, { text: string }>, id: string): string {
  const parts = id.split(".");
  const out: string[] = [];
  for (let i = 1; i <= parts.length; i++) {
    const l = labels.get(parts.slice(0, i).join("."));
    if (l) out.push(l.text);
  }
  return out.join(" › ");
}

function unionWithDocs(name: string, doc: string, ids: readonly string[], labelOf: (id: string) => string): string {
  if (ids.length === 0) return `${jsdoc([doc])}export type ${name} = never;\n`;
  return `${jsdoc([doc])}export type ${name} =\n${ids.map((id) => `  /** ${commentText(labelOf(id))} */\n  | ${lit(id)}`).join("\n")};\n`;
}

function cellRows(plan: GuardPlan): string {
  const C = plan.categories.length;
  const P = plan.purposes.length;
  const R = plan.recipients.length;
  const rows: string[] = [];
  let k = 0;
  ACTIONS.forEach((action) => {
    const width = isFlowAction(action) ? P * R : P;
    for (let c = 0; c < C; c++) {
      const nums = plan.cellShapes.slice(k, k + width);
      k += width;
      if (nums.length === 0) continue;
      rows.push(`  /* ${commentText(`${action} ${plan.categories[c]}`)} */ ${nums.join(", ")},`);
    }
  });
  if (k !== plan.cellShapes.length) throw new Error("internal: decision table cells out of order");
  return rows.join("\n");
}

function shapeRows(plan: GuardPlan): { terms: string; starts: number[]; splits: number[] } {
  const rows: string[] = [];
  const starts: number[] = [];
  const splits: number[] = [];
  let offset = 0;
  plan.shapes.forEach((s, i) => {
    starts.push(offset);
    splits.push(offset + s.deny.length * 3);
    // the otherwise decision as a last term that always holds (see ShapePlan)
    const all = [...s.deny, ...s.allow, ...(s.otherwise >= 0 ? [[0, 0, s.otherwise] as const] : [])];
    offset += all.length * 3;
    const describe = (t: readonly [number, number, number]) => {
      const lits = [
        ...plan.atoms.filter((_, b) => (t[0] & (1 << b)) !== 0),
        ...plan.atoms.filter((_, b) => (t[1] & (1 << b)) !== 0).map((a) => `not ${a}`),
      ];
      return `${lits.length ? lits.join(" & ") : "always"} → ${plan.decisions[t[2]]!.ruleId}`;
    };
    const otherwise = s.otherwise >= 0 ? ` otherwise decision ${s.otherwise}` : "";
    const doc = `shape ${i}: deny [${s.deny.map(describe).join("; ")}] allow [${s.allow.map(describe).join("; ")}]${otherwise}`;
    rows.push(`  // ${commentText(doc)}`);
    if (all.length > 0) rows.push(`  ${all.map((t) => `${t[0]}, ${t[1]}, ${t[2]},`).join(" ")}`);
  });
  starts.push(offset);
  return { terms: rows.join("\n"), starts, splits };
}

/**
 * Where the policy's version goes in `guardsSource`'s text (`withVersion` puts it there): the one
 * thing the guards say that a release changes on its own, so that a watch session reuses the
 * rest after such an edit. No generated text holds it otherwise: literals and comments write
 * control characters escaped, and the fixed runtime has none.
 */
export const VERSION_SLOT = "\u0000POLICY_VERSION\u0000";

/** A text of `guardsSource` cut where the version goes: `withVersion` joins the pieces with it. */
export function versionSlots(text: string): readonly string[] {
  return text.split(VERSION_SLOT);
}

/** The text whose `versionSlots` are `pieces`, with the policy's version in its place. */
export function withVersion(pieces: readonly string[], version: string | null): string {
  return pieces.length === 1 ? pieces[0]! : pieces.join(version === null ? "null" : lit(version));
}

/**
 * `guards.ts`, `guards.js` and `guards.d.ts`, with `VERSION_SLOT` where the version goes.
 * `compile` turns the fixed runtime into JS and d.ts.
 */
export function guardsSource(plan: GuardPlan, banner: readonly string[], compile: PartCompiler): GuardsOutput {
  const m = plan.model;
  const C = plan.categories.length;
  const P = plan.purposes.length;
  const R = plan.recipients.length;
  const cellBase = cellBases(C, P, R).slice(0, ACTIONS.length);
  const shapes = shapeRows(plan);
  const jurisdictionIds = plan.jurisdictions.map((j) => j.id);
  const modeCode = { notice: 0, opt_in: 1, opt_out: 2 } as const;
  const channelStarts: number[] = [];
  const channelList: number[] = [];
  for (const p of plan.purposes) {
    channelStarts.push(channelList.length);
    for (const c of p.channels) channelList.push(c);
  }
  channelStarts.push(channelList.length);
  const coverStarts: number[] = [];
  const coverList: number[] = [];
  for (const cover of plan.recipientCover) {
    coverStarts.push(coverList.length);
    for (const c of cover) coverList.push(c);
  }
  coverStarts.push(coverList.length);
  const title = m.header.title.text;
  const list = (xs: readonly string[]) => `Object.freeze([${xs.map(lit).join(", ")}])`;
  const labelList = (ids: readonly string[], text: (id: string) => string) => `[\n${ids.map((id) => `  ${lit(text(id))},`).join("\n")}\n]`;

  const out = new Out();
  out.raw(`${bannerComment(banner)}/**
 * Runtime guards for the privacy policy ${commentText(plan.policyId)}: ${commentText(title)}.
 *
 * Every guard answers one request (an action on a leaf data category, for a leaf purpose, and
 * for share, sell and transfer, with a leaf recipient) under a context: the person's consent
 * record and the facts the caller vouches for. The answer is a frozen Decision:
 * \`allowed\`, a \`reason\`, the \`rule\` (\`file:line\` in the policy source) that decided (null
 * for the default deny and for refusals), and for a request refused before any rule the
 * \`refusal\` (a key of \`REFUSALS\`). It fails closed: unknown ids (including \`__proto__\` and other
 * Object.prototype names), a malformed context or consent record, and withdrawn consent all
 * deny. A record made under another policy or consentHash (stale) holds no consent: a request
 * is answered only when no consent could change the answer (a contract purpose), and otherwise
 * refused as \`staleRecord\`. Records of the earlier versions in \`ACCEPTED_CONSENT_HASHES\` are
 * current, and may hold only the choices their version offered.
 *
 * Facts a context yields, per request:
 * - consent: the record's entry for the purpose: opt-in purposes need \`granted\`, opt-out
 *   purposes hold unless \`withdrawn\`, notice purposes always hold. An objection (the
 *   interest-based advertising opt-out for profiling marketing purposes, or opting out of every
 *   channel a purpose uses) defeats consent to opt-in and opt-out purposes.
 * - explicit_consent: the entry is \`granted\` with \`explicit: true\` and not objected to.
 * - recipient_consent: a record entry for the recipient (or a group containing it) is
 *   \`granted\` and none covering it is \`withdrawn\`.
 * - required_by_law, permitted_by_law, anonymised, aggregated, at_request, minor: the
 *   context's booleans of the same names (absent means false).
 * - in:<jurisdiction>: \`ctx.jurisdiction\` is it or a place in it (\`DE\` and \`DE-BY\` are in the EU).
 * A request is allowed when no deny term of its cell holds and some allow term does.
 *
 * Cost: each guard is a few Map lookups and a scan of its cell's terms. With a plain context it
 * also checks and reads the whole consent record: linear in the record's size (every key of it
 * is checked, so a record with many unknown keys costs more before it is refused); call
 * \`prepareContext\` once per person and request batch to make every later call constant time.
 * A prepared context is answered only by the module that prepared it: one from another copy of
 * this file (loaded twice, or another policy's guards) is refused as malformed.
 * Nothing is allocated per call. The module is not reentrant through getters or proxies in the
 * context: such a nested call is denied.
 */

`);
  out.compiled(compile(PRELUDE_TS));
  out.section(`\n// ---- the policy: ids, labels, consent records ----------------------------------------------\n\n`);
  out.const("POLICY_ID", lit(plan.policyId), lit(plan.policyId), { exported: true });
  out.const("POLICY_TITLE", "string", lit(title), { exported: true });
  out.const("POLICY_VERSION", "string | null", VERSION_SLOT, { exported: true });
  out.const("CONSENT_HASH", "string", lit(plan.consentHash), {
    exported: true,
    doc: "/** Records made under another consentHash are stale: they deny every request a consent could change. */\n",
  });
  out.const("ACCEPTED_CONSENT_HASHES", "readonly string[]", list(plan.accepted.map((a) => a.consentHash)), {
    exported: true,
    doc: "/** The consentHashes of earlier versions whose records are current too (`accepts_consent_from`): this version allows no more under them. */\n",
  });
  out.const("ACCEPTED_UNOFFERED", "readonly (readonly [readonly number[], readonly number[]])[]", `[${plan.accepted.map((a) => `[[${a.unofferedChoices.join(", ")}], [${a.unofferedRecipients.join(", ")}]]`).join(", ")}]`, {
    doc: "/** Per accepted hash: the purpose and recipient entries (indices into CHOICE_KEYS, RECIPIENT_KEYS) its version did not offer, which its records must not hold. */\n",
  });
  out.raw("\n");
  out.type(`export type Action = ${union(ACTIONS)};\n`);
  out.type(unionWithDocs("Category", "A leaf data category of the policy.", plan.categories, (id) => trail(plan.labels.categories, id)));
  out.type(unionWithDocs("Purpose", "A leaf purpose of the policy.", plan.purposes.map((p) => p.id), (id) => trail(plan.labels.purposes, id)));
  out.type(unionWithDocs("Recipient", "A leaf recipient of the policy.", plan.recipients, (id) => trail(plan.labels.recipients, id)));
  out.type(`/** Jurisdictions the policy's rules distinguish (\`in:<jurisdiction>\` atoms). */\nexport type Jurisdiction = ${union(jurisdictionIds)};\n`);
  out.type(`/** Condition atoms, in bit order. */\nexport type Atom = ${union(plan.atoms)};\n\n`);
  out.const("ACTIONS", "readonly Action[]", list(ACTIONS), { exported: true });
  out.const("CATEGORIES", "readonly Category[]", list(plan.categories), { exported: true });
  out.const("PURPOSES", "readonly Purpose[]", list(plan.purposes.map((p) => p.id)), { exported: true });
  out.const("RECIPIENTS", "readonly Recipient[]", list(plan.recipients), { exported: true });
  out.const("JURISDICTIONS", "readonly Jurisdiction[]", list(jurisdictionIds), { exported: true });
  out.const("ATOMS", "readonly Atom[]", list(plan.atoms), { exported: true });
  out.raw("\n");
  out.const("CATEGORY_LABELS", "Readonly<Record<Category, string>>", `labels(CATEGORIES, ${labelList(plan.categories, (c) => plan.labels.categories.get(c)?.text ?? c)})`, {
    exported: true,
    doc: "/** Labels by id (objects without a prototype). */\n",
  });
  out.const("PURPOSE_LABELS", "Readonly<Record<Purpose, string>>", `labels(PURPOSES, ${labelList(plan.purposes.map((p) => p.id), (p) => plan.labels.purposes.get(p)?.text ?? p)})`, { exported: true });
  out.const("RECIPIENT_LABELS", "Readonly<Record<Recipient, string>>", `labels(RECIPIENTS, ${labelList(plan.recipients, (r) => plan.labels.recipients.get(r)?.text ?? r)})`, { exported: true });
  out.raw("\n");
  out.type(recordTypes(plan));
  out.section("\n// ---- the policy: how a context yields facts -----------------------------------------------\n\n");
  out.const("NP", "number", String(P));
  out.const("NR", "number", String(R));
  out.const("CELL_BASE", "readonly number[]", `[${cellBase.join(", ")}]`, { doc: "/** First cell of each action. */\n" });
  out.const("BIT_CONSENT", "number", String(atomBit(plan, "consent")));
  out.const("BIT_EXPLICIT", "number", String(atomBit(plan, "explicit_consent")));
  out.const("BIT_RECIPIENT", "number", String(atomBit(plan, "recipient_consent")));
  out.const("BIT_MINOR", "number", String(atomBit(plan, "minor")));
  out.const("FLAG_BITS", "readonly number[]", `[${FLAG_ATOMS.map((f) => atomBit(plan, f)).join(", ")}]`, {
    doc: `/** Bits of ${FLAG_ATOMS.join(", ")}. */\n`,
  });
  out.const(
    "JURISDICTION_BITS",
    "ReadonlyMap<string, number>",
    `new Map([${[...placesWithin(plan.jurisdictions.map((j) => j.id))]
      .map(([place, within]) => `[${lit(place)}, ${within.reduce((bits, id) => bits | (1 << plan.jurisdictions.find((j) => j.id === id)!.bit), 0)}]`)
      .join(", ")}])`,
    { doc: "/** The bits of the policy's jurisdictions a place lies in (`DE`: `in EU`, `in EEA`). */\n" },
  );
  out.const("KNOWN_PLACE_CODES", "ReadonlySet<string>", `new Set(${lit([...KNOWN_PLACE_CODES].join(" "))}.split(" "))`, {
    doc: "/** The codes of places a context may name besides the policy's own (`JURISDICTION_BITS`): the countries and territories, the EU, the EEA, the UK. Any other code (`USA`, `XX`) says nothing of where the person is. */\n",
  });
  out.const("TERRITORY_SUBDIVISIONS", "ReadonlyMap<string, string>", `new Map(${JSON.stringify([...TERRITORY_SUBDIVISIONS])})`, {
    doc: "/** Territories outside the EU written as a subdivision (`FR-PF`), by the code of their own (`PF`): the same place. */\n",
  });
  out.const("US_STATES", "ReadonlySet<string>", `new Set(${lit([...US_SUBDIVISIONS.keys()].join(" "))}.split(" "))`, {
    doc: "/** The subdivisions of the United States, by the code after `US-`: another (`US-XX`) is somewhere in the US. */\n",
  });
  out.const("PLACE_MASKS", "readonly number[]", `[${placeMasks(plan).join(", ")}]`, {
    doc: "/** Every set of the policy's jurisdictions a person can be in at once, in none of them first: what a context without a place could mean. */\n",
  });
  out.const(
    "PLACES_WITHIN",
    "ReadonlyMap<string, readonly number[]>",
    `new Map([${[...regionPlaces(plan)].map(([region, masks]) => `[${lit(region)}, [${masks.join(", ")}]]`).join(", ")}])`,
    { doc: "/** A region that holds places the rules tell apart (`US` where a rule names `US-CA`): its own jurisdictions' bits first, then each such place's. */\n" },
  );
  const ages = plan.atoms.flatMap((a, bit) => {
    const limit = ageLimit(a);
    return limit === null ? [] : [{ limit, bit }];
  });
  out.const("AGE_LIMITS", "readonly number[]", `[${ages.map((a) => a.limit).join(", ")}]`, {
    doc: "/** The ages of the policy's audiences (`age_under`), each with its bit in AGE_BITS. */\n",
  });
  out.const("AGE_BITS", "readonly number[]", `[${ages.map((a) => 1 << a.bit).join(", ")}]`);
  const ageMasks = (bands: number[][]) => `[${bands.map((under) => ages.filter((a) => under.includes(a.limit)).reduce((m, a) => m | (1 << a.bit), 0)).join(", ")}]`;
  out.const("MINOR_AGE_MASKS", "readonly number[]", ageMasks(minorAgeMasks(ages.map((a) => a.limit))), {
    doc: "/** The age bits of a minor of each age the policy's ages tell apart, youngest first: who a minor whose age is not given may be. */\n",
  });
  out.const("ADULT_AGE_MASKS", "readonly number[]", ageMasks(adultAgeMasks(ages.map((a) => a.limit))), {
    doc: "/** The same for an adult (18 and older) whose age is not given: more than one where an age limit is above 18. */\n",
  });
  out.const("PURPOSE_MODE", "Uint8Array", typedArray("Uint8Array", plan.purposes.map((p) => modeCode[p.mode])), {
    doc: "/** Per leaf purpose: consent mode (0 notice, 1 opt-in, 2 opt-out). */\n",
  });
  out.const("PURPOSE_CHOICE", "Int32Array", typedArray("Int32Array", plan.purposes.map((p) => p.choice)), {
    doc: "/** Per leaf purpose: its index in CHOICE_KEYS, or -1 when the record has no entry for it. */\n",
  });
  out.const("PURPOSE_IBA", "Uint8Array", typedArray("Uint8Array", plan.purposes.map((p) => (p.iba ? 1 : 0))), {
    doc: "/** Per leaf purpose: 1 when the interest-based advertising opt-out objects to it. */\n",
  });
  out.const("PURPOSE_CHANNEL_START", "Uint32Array", typedArray("Uint32Array", channelStarts), {
    doc: "/** Per leaf purpose p: its channels are PURPOSE_CHANNELS[start[p]..start[p+1]] (indices into CHANNEL_KEYS). */\n",
  });
  out.const("PURPOSE_CHANNELS", "Uint32Array", typedArray("Uint32Array", channelList));
  out.const("RECIPIENT_COVER_START", "Uint32Array", typedArray("Uint32Array", coverStarts), {
    doc: "/** Per leaf recipient: the record entries that cover it (indices into RECIPIENT_KEYS). */\n",
  });
  out.const("RECIPIENT_COVER", "Uint32Array", typedArray("Uint32Array", coverList));
  out.const("CHOICE_KEYS", "readonly string[]", `[${plan.choices.map((c) => lit(c.id)).join(", ")}]`, {
    doc: "/** Keys of record.purposes. */\n",
  });
  out.const("CHOICE_EXPLICIT", "Uint8Array", typedArray("Uint8Array", plan.choices.map((c) => (c.explicit ? 1 : 0))), {
    doc: "/** 1 when the purpose's entry may say `explicit`. */\n",
  });
  out.const("RECIPIENT_KEYS", "readonly string[]", `[${plan.recipientChoices.map((r) => lit(r.id)).join(", ")}]`, {
    doc: "/** Keys of record.recipients. */\n",
  });
  out.const("CHANNEL_KEYS", "readonly string[]", `[${plan.channels.map((c) => lit(c.name)).join(", ")}]`, {
    doc: "/** Keys of record.optOuts.channels. */\n",
  });
  out.const("HAS_IBA", "boolean", String(plan.iba !== null));
  out.section("\n// ---- the policy: retention ----------------------------------------------------------------\n\n");
  const r = retentionParts(plan);
  // read only by the categories' entries: a policy whose retention covers none has no use for it
  // (and `noUnusedLocals` would refuse it)
  if (plan.categoryRetention.some((cr) => cr.rules.length > 0)) out.const("RETENTION_RULES", "readonly RetentionRule[]", r.rules);
  out.const("CATEGORY_RETENTION", "readonly (RetentionInfo | null)[]", r.infos);
  out.section("\n// ---- guards (the same code for every policy) ---------------------------------------------\n\n");
  out.compiled(compile(RUNTIME_TS));
  out.section("\n// ---- the policy: the decision table -------------------------------------------------------\n\n");
  out.const(
    "DECISIONS",
    "readonly Decision[]",
    `[\n${plan.decisions
      .map((d) => {
        // AllowedDecision promises its rule: an allow always comes from one
        if (d.allowed && (d.rule === null || d.ruleId === null)) throw new Error(`internal: an allow decision without its rule (${d.reason})`);
        return d;
      })
      .map((d) => `  decision(${d.allowed}, ${lit(d.reason)}, ${d.rule === null ? "null" : lit(d.rule)}, ${d.ruleId === null ? "null" : lit(d.ruleId)}),`)
      .join("\n")}\n]`,
    { doc: "/** One frozen decision per deciding rule and effect. */\n" },
  );
  out.const("TERMS", "Int32Array", `new Int32Array([\n${shapes.terms}\n])`, {
    doc: "/** [pos, neg, decision] triples: a term holds when every pos atom and no neg atom holds. */\n",
  });
  out.const("SHAPE_START", "Uint32Array", typedArray("Uint32Array", shapes.starts), {
    doc: "/** Where each shape's terms start (deny terms first), and where its allow terms start. */\n",
  });
  out.const("SHAPE_ALLOW", "Uint32Array", typedArray("Uint32Array", shapes.splits));
  const cellKind = smallest(plan.cellShapes);
  out.const("CELL_SHAPE", cellKind, `new ${cellKind}([\n${cellRows(plan)}\n])`, {
    doc: "/** Shape of every cell: collect and use by category and purpose; flows by category, purpose and recipient. */\n",
  });
  return { ts: out.ts.join(""), js: out.js.join(""), dts: out.dts };
}

function retentionParts(plan: GuardPlan): { rules: Dual; infos: Dual } {
  const duration = (d: { amount: number; unit: string; days: number } | null | "indefinite") =>
    d === null ? "null" : d === "indefinite" ? lit("indefinite") : `freeze({ amount: ${d.amount}, unit: ${lit(d.unit)}, days: ${d.days} })`;
  const rules = (ts: boolean) =>
    `[\n${plan.retention
      .map(
        (r) =>
          `  freeze({\n    id: ${lit(r.id)},\n    label: ${lit(r.label.text)},\n    period: ${duration(r.period)},\n    max: ${duration(r.max)},\n` +
          `    criteria: freeze([${r.criteria.map(lit).join(", ")}]),\n    end: freeze([${r.end.map(lit).join(", ")}]),\n` +
          `    purposes: freeze([${r.purposes.map(lit).join(", ")}])${ts ? " as readonly Purpose[]" : ""},\n    rule: ${lit(r.rule)},\n` +
          `    from: ${r.from === null ? "null" : lit(r.from)},\n    limitDays: ${r.limitDays === null ? "null" : r.limitDays},\n  }),`,
      )
      .join("\n")}\n]`;
  const infos = (ts: boolean) =>
    `[\n${plan.categoryRetention
      .map((cr) =>
        cr.rules.length === 0
          ? `  null, // ${commentText(cr.category)}`
          : `  freeze({ category: ${lit(cr.category)}, rules: freeze([${cr.rules.map((i) => `RETENTION_RULES[${i}]${ts ? "!" : ""}`).join(", ")}]), limitDays: ${cr.limitDays === null ? "null" : cr.limitDays}, from: ${cr.from === null ? "null" : lit(cr.from)} }),`,
      )
      .join("\n")}\n]`;
  return { rules: { ts: rules(true), js: rules(false) }, infos: { ts: infos(true), js: infos(false) } };
}

/**
 * The regions a context may name that hold places the rules tell apart, each with the masks of
 * where its person may be: the region's own jurisdictions (somewhere in it, in none of those
 * places) first, then each place's (`US`: `[US]`, `[US, US-CA]` where a rule names `US-CA`).
 * Only regions with more than one such mask.
 */
export function regionPlaces(plan: GuardPlan): Map<string, number[]> {
  const bit = new Map(plan.jurisdictions.map((j) => [j.id, j.bit]));
  return new Map([...plan.regions].map(([region, sets]) => [region, sets.map((set) => set.reduce((bits, j) => bits | (1 << bit.get(j)!), 0))]));
}

/**
 * The distinct sets of the jurisdictions the rules name (as bit masks) that a place can lie in: none
 * (a place outside all of them) first, then each place's (`DE`: the EU and the EEA). A context
 * that does not say where the person is could be any of them.
 */
export function placeMasks(plan: GuardPlan): number[] {
  // the places the rules tell apart: a jurisdiction only the header or an assertion names decides nothing
  const named = placesInRules(plan.model.rules);
  const masks = new Set<number>([0]);
  for (const [, within] of placesWithin(plan.jurisdictions.map((j) => j.id).filter((j) => named.has(j)))) {
    masks.add(within.reduce((bits, id) => bits | (1 << plan.jurisdictions.find((j) => j.id === id)!.bit), 0));
  }
  return [...masks];
}
