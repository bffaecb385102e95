/**
 * The pieces statements are made of: names of categories, recipients, purposes and audiences in
 * this document's language (as template placeholders), rule phrasing (what, to whom, what for,
 * under which conditions, with which exceptions), and the order declarations are shown in.
 */
import { ageLimit } from "../../model/ages.js";
import type { Category, Literal, LText, Purpose, Recipient, Rule, SourceRef } from "../../model/types.js";
import { humanize } from "../../model/build.js";
import { type DocContext, translation, where } from "./context.js";
import { text } from "./mdast.js";
import type { TemplateData, TemplateValue } from "./templates.js";
import { isFlowAction } from "../../syntax/ast.js";
import { SELECTORS } from "../../semantics/binder.js";

const CATEGORY_SELECTORS: ReadonlySet<string> = new Set(SELECTORS.category);
const RECIPIENT_SELECTORS: ReadonlySet<string> = new Set(SELECTORS.recipient);
const PURPOSE_SELECTORS = new Set(["any"]);
/** Conditions under which sharing belongs to "where the law allows" rather than to ordinary sharing. */
export { LAW_ATOMS } from "../../syntax/ast.js";

/**
 * Declarations in the order the author wrote them: the root file first, then imported files,
 * each by position; the id breaks ties. The model itself is sorted by id.
 */
/**
 * The age an audience's name adds to its label in this language: none when the label already
 * says it ("Children under 13", not "Children under 13 (under 13)").
 */
export function ageToSay(ctx: DocContext, a: { readonly ageUnder: number | null; readonly label: LText }): number | null {
  const label = translation(a.label, ctx.lang) ?? a.label.text;
  return a.ageUnder !== null && new RegExp(`(^|\\D)${a.ageUnder}(\\D|$)`, "u").test(label) ? null : a.ageUnder;
}

export function bySource<T extends { readonly id: string; readonly sourceRef: SourceRef }>(ctx: DocContext, xs: readonly T[]): T[] {
  const root = ctx.model.header.source.file;
  return [...xs].sort((a, b) => {
    const ra = a.sourceRef.file === root ? 0 : 1;
    const rb = b.sourceRef.file === root ? 0 : 1;
    if (ra !== rb) return ra - rb;
    if (a.sourceRef.file !== b.sourceRef.file) return a.sourceRef.file < b.sourceRef.file ? -1 : 1;
    if (a.sourceRef.line !== b.sourceRef.line) return a.sourceRef.line - b.sourceRef.line;
    if (a.sourceRef.column !== b.sourceRef.column) return a.sourceRef.column - b.sourceRef.column;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** Declarations by id, one map per list, made when first asked for. */
const indexes = new WeakMap<readonly { readonly id: string }[], ReadonlyMap<string, unknown>>();

function byId<T extends { readonly id: string }>(xs: readonly T[]): ReadonlyMap<string, T> {
  let index = indexes.get(xs);
  if (!index) indexes.set(xs, (index = new Map(xs.map((x) => [x.id, x]))));
  return index as ReadonlyMap<string, T>;
}

/** Conditions said as one phrase when a rule has both (labels `conditions.<first>_<second>`). */
const PAIRED_CONDITIONS: readonly (readonly [string, string])[] = [
  ["anonymised", "aggregated"],
  ["consent", "recipient_consent"],
  ["explicit_consent", "recipient_consent"],
];

export class Names {
  // Lists are read from `ctx.model` on every lookup, so that a section that names a declaration
  // is noted as depending on that part of the model (see `DocContext.written`).
  constructor(private readonly ctx: DocContext) {}

  category(id: string): Category | undefined {
    return byId(this.ctx.model.categories).get(id);
  }
  purpose(id: string): Purpose | undefined {
    return byId(this.ctx.model.purposes).get(id);
  }
  recipient(id: string): Recipient | undefined {
    return byId(this.ctx.model.recipients).get(id);
  }

  /** `personal`, `sensitive`, `all_data`: selectors of data, not categories. */
  isSelector(id: string): boolean {
    return CATEGORY_SELECTORS.has(id);
  }

  /** A category's label, or the selector's name (`personal` -> "personal information"). */
  categoryName(id: string): string {
    if (CATEGORY_SELECTORS.has(id)) return this.ctx.label(`selectors.${id}`);
    return this.labelOf("category", this.category(id), id);
  }

  purposeName(id: string): string {
    return this.labelOf("purpose", this.purpose(id), id);
  }

  recipientName(id: string): string {
    return this.labelOf("recipient", this.recipient(id), id);
  }

  trackerName(id: string): string {
    return this.labelOf("tracker", byId(this.ctx.model.trackers).get(id), id);
  }

  /** A declaration's label as a placeholder; an id the model does not declare, humanized. */
  private labelOf(kind: string, decl: { readonly id: string; readonly label: LText; readonly sourceRef: SourceRef } | undefined, id: string): string {
    return decl ? this.ctx.t(decl.label, where(kind, decl.id, "`label`", decl.sourceRef)) : this.ctx.slot([text(humanize(id))]);
  }

  /** "Minors (under 16)". */
  audienceName(id: string): string {
    const a = byId(this.ctx.model.audiences).get(id);
    if (!a) return this.ctx.slot([text(humanize(id))]);
    const label = this.ctx.t(a.label, where("audience", a.id, "`label`", a.sourceRef));
    return this.ctx.slot(
      this.ctx.say("audience-name", {
        label,
        ageUnder: ageToSay(this.ctx, a),
      }),
    );
  }

  /** A jurisdiction's name in this language; a subdivision without one, with its country's: "DE-BY (Germany)". */
  jurisdiction(code: string): string {
    const own = this.ctx.pack.optionalLabel(`jurisdictions.${code}`);
    if (own !== undefined) return own;
    const dash = code.indexOf("-");
    const country = dash > 0 ? this.ctx.pack.optionalLabel(`jurisdictions.${code.slice(0, dash)}`) : undefined;
    return country === undefined ? code : `${code} (${country})`;
  }

  /**
   * The jurisdiction after "in", where a language declines it (`jurisdictionsIn` of its labels:
   * German "im Europäischen Wirtschaftsraum"), or null: the template then writes its own "in".
   */
  jurisdictionIn(code: string): string | null {
    return this.ctx.pack.optionalLabel(`jurisdictionsIn.${code}`) ?? null;
  }

    /** One condition in words: "with your consent", "when required by law", "outside the EU". */
  condition(l: Literal): string {
    if (l.atom.startsWith("in:")) {
      const code = l.atom.slice(3);
      return this.ctx.pack.render("condition-in", {
        jurisdiction: this.jurisdiction(code),
        where: this.jurisdictionIn(code),
        // German "außerhalb der Europäischen Union" (a language's `jurisdictionsOutside`), or null
        outside: this.ctx.pack.optionalLabel(`jurisdictionsOutside.${code}`) ?? null,
        negated: l.negated,
      });
    }
    const age = ageLimit(l.atom);
    if (age !== null) return this.ctx.pack.render("condition-age", { age, negated: l.negated });
    return this.ctx.label(`${l.negated ? "conditionsNegated" : "conditions"}.${l.atom}`);
  }

  /**
   * A rule's conditions in words, each as `condition` says it; two that read as one said as one
   * phrase where the pack has it (`conditions.anonymised_aggregated`: German "in anonymisierter
   * und aggregierter Form", not "in anonymisierter Form und in aggregierter Form"; "with your
   * consent, also to this recipient", not "with your consent and with your consent to this
   * recipient").
   */
  conditions(literals: readonly Literal[]): string[] {
    const held = (atom: string) => literals.some((l) => l.atom === atom && !l.negated);
    const joined = new Map<string, string>();
    for (const [a, b] of PAIRED_CONDITIONS) {
      const both = held(a) && held(b) && !joined.has(a) && !joined.has(b) ? this.ctx.pack.optionalLabel(`conditions.${a}_${b}`) : undefined;
      if (both !== undefined) joined.set(a, both).set(b, both);
    }
    const out: string[] = [];
    for (const l of literals) {
      const both = l.negated ? undefined : joined.get(l.atom);
      if (both === undefined) out.push(this.condition(l));
      else if (!out.includes(both)) out.push(both);
    }
    return out;
  }

  /**
   * Template data for a rule: `act` (one flag per action), the data (`selector` when the rule
   * names a selector such as `personal`, else `categories`), the recipients (`recipientSelector`
   * for `anyone` or `third_parties`, with `thirdParties` telling them apart, else `recipients`),
   * `purposes`, `conditions`, `exceptions` (phrases), `severalExceptions` and `exceptionLead`
   * (see `exceptionLead`). One exception is a phrase its rule's sentence goes on with ("except
   * with “Insurers”"); of several, each is a clause of its own that names what it inherits ("we
   * may share “Health data” with ..."), as phrases joined by "or" ran into each other ("for
   * “Hosting” or “Heart rate” with ..."). `ancestors` are the rules above an exception, nearest
   * first.
   */
  rule(rule: Rule, inherited = false, ancestors: readonly Rule[] = []): TemplateData {
    const w = rule.written;
    const onlySelector = w.categories.length === 1 && CATEGORY_SELECTORS.has(w.categories[0]!);
    const flow = isFlowAction(rule.action);
    const toAnyone = flow && (w.recipients.length === 0 || w.recipients.some((r) => RECIPIENT_SELECTORS.has(r)));
    const anyoneWord = w.recipients.includes("third_parties") && !w.recipients.includes("anyone") ? "third_parties" : "anyone";
    const several = rule.exceptions.length > 1;
    const within = [rule, ...ancestors];
    const exceptions = rule.exceptions.map((e): TemplateData => ({
      // a clause of its own that allows says the conditions it holds under, its rule's included
      // ("we may sell ... in California and at your request"); one that takes back what its rule
      // allows is read within that rule ("we may use ... with your consent; however, never when")
      ...(several ? this.rule(standalone(e, within, e.effect === "allow"), false, within) : this.rule(e, true, within)),
      // for exception.hbs: whether it allows what its rule denies, and whether it is a clause
      allow: e.effect === "allow",
      clause: several,
    }));
    const data: Record<string, TemplateValue> = {
      act: {
        collect: rule.action === "collect",
        use: rule.action === "use",
        share: rule.action === "share",
        sell: rule.action === "sell",
        transfer: rule.action === "transfer",
      },
      flow,
      selector: onlySelector ? this.ctx.label(`selectors.${w.categories[0]!}`) : null,
      categories: onlySelector ? [] : w.categories.map((c) => this.categoryName(c)),
      recipientSelector: toAnyone && !(inherited && w.recipients.length === 0) ? this.ctx.label(`selectors.${anyoneWord}`) : null,
      // "third parties" is not "anyone": German "an Dritte", not "an niemanden"
      thirdParties: toAnyone && anyoneWord === "third_parties",
      recipients: toAnyone ? [] : w.recipients.map((r) => this.recipientName(r)),
      purposes: w.purposes.filter((p) => !PURPOSE_SELECTORS.has(p)).map((p) => this.purposeName(p)),
      conditions: this.conditions(rule.conditions),
      exceptions: exceptions.map((e) => this.ctx.slot(this.ctx.say("exception", e))),
      severalExceptions: several,
      // the first exception's conditions as that exception's sentence words them
      exceptionLead: exceptionLead(rule, exceptions[0]?.["conditions"]),
    };
    return data;
  }
}

/**
 * The words the first exception begins with when it names only conditions (its first condition's
 * phrase, pack vocabulary), else "": for punctuation a language puts before a clause (German
 * "aber niemals, wenn Sie jünger als 16 Jahre sind", but "aber niemals in der EU").
 */
function exceptionLead(rule: Rule, firstConditions: TemplateValue | undefined): string {
  const first = rule.exceptions[0];
  if (!first || !Array.isArray(firstConditions) || firstConditions.length === 0) return "";
  const w = first.written;
  const namesMore = w.categories.length > 0 || w.recipients.length > 0 || w.purposes.some((p) => !PURPOSE_SELECTORS.has(p));
  return namesMore ? "" : String(firstConditions[0]);
}

/**
 * An exception said as a rule of its own: the data, recipients and purposes it does not name are
 * those of the nearest rule above it that does (`ancestors`, nearest first), as the semantics
 * inherit them. "allow with insurers" under "deny share health with third_parties" reads
 * "“Health data” with “Health insurers”". With `conditions`, for a statement that stands apart
 * from its rule's sentence, it also holds only where its ancestors' conditions do (outermost
 * first, each said once): "allow when at_request" under "deny sell personal when in US-CA" reads
 * "in California, at your request".
 */
export function standalone(exception: Rule, ancestors: readonly Rule[], conditions = false): Rule {
  const inherited = (field: keyof Rule["written"]): readonly string[] =>
    [exception, ...ancestors].find((r) => r.written[field].length > 0)?.written[field] ?? [];
  const written = { categories: inherited("categories"), recipients: inherited("recipients"), purposes: inherited("purposes") };
  if (!conditions) return { ...exception, written };
  const all = [...ancestors].reverse().concat(exception).flatMap((r) => r.conditions);
  const conditionsSaid = all.filter((l, i) => all.findIndex((m) => m.atom === l.atom && m.negated === l.negated) === i);
  return { ...exception, written, conditions: conditionsSaid };
}

/** True when a rule's conditions include one of `atoms`, positively. */
export function hasAtom(rule: Rule, atoms: ReadonlySet<string>): boolean {
  return rule.conditions.some((c) => !c.negated && atoms.has(c.atom));
}

/** A flow rule to everyone (`with anyone`, or no recipient written). */
export function toAnyone(rule: Rule): boolean {
  const w = rule.written.recipients;
  return w.length === 0 || w.some((r) => RECIPIENT_SELECTORS.has(r));
}

export function isFlow(rule: Rule): boolean {
  return isFlowAction(rule.action);
}

/** The statement key of a rule: its `as` name, or `rule-<file>-<line>` for an unnamed one. */
export function ruleKey(rule: Rule): string {
  return `rule-${rule.id.replace(/^(rule|except):/, "")}`;
}

/** A rule and its exceptions, depth first: the rules whose `prose` and places a statement of it carries. */
export function withExceptions(rule: Rule): Rule[] {
  return [rule, ...rule.exceptions.flatMap(withExceptions)];
}

/** Names a rule for diagnostics: `rule \`no_sale\`` or `rule at xiaomi.policy:120`. */
export function ruleWhere(rule: Rule) {
  return where("rule", rule.id, "prose", rule.sourceRef);
}
