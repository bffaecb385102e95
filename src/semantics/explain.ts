/**
 * `policyc explain`: why a request is allowed or denied. Combines the decision table (under which
 * conditions the request is allowed at all) with the reference evaluator (what happens for the
 * facts given, and the chain of rules that decided), with source locations.
 */
import type { Action, PolicyModel, Rule, SourceRef } from "../model/types.js";
import { evaluate, FLOW_ACTIONS, leafIds, type Decision, type Request } from "./evaluate.js";
import { AtomIndex, cellFor, type Cell, type Term } from "./table.js";
import { didYouMean, suggest } from "../util/suggest.js";
import { JURISDICTION_CODE, placesInRules, regionsHoldingPlaces, regionsOf } from "../model/rights.js";
import { meantHelp, namesakesOf, placesNamed, unknownPlace } from "../model/places.js";
import { AGE_FACT, personFacts } from "./places.js";
import { canBeExplicit } from "../model/bases.js";
import { builtinGroupLeaves } from "../model/groups.js";
import { adultAgeMasks, ageLimit, isAge, MAX_AGE, minorAgeMasks } from "../model/ages.js";

export interface ExplainQuery {
  readonly action: Action;
  readonly category: string;
  readonly purpose?: string;
  readonly recipient?: string;
  readonly facts: readonly string[];
}

export interface RequestExplanation {
  readonly request: Request;
  readonly cell: Cell;
  readonly decision: Decision;
}

export interface Explanation {
  readonly query: ExplainQuery;
  readonly results: readonly RequestExplanation[];
  /** Problems with the query itself (unknown names), phrased for people. */
  readonly errors: readonly string[];
  /**
   * What the query may not mean, though it is a query: a place that is none (`in:CA-US`), or a
   * country where the policy declares its namesake subdivision (`in:CA`, Canada, beside `US-CA`).
   */
  readonly notes: readonly string[];
}

const leaves = (xs: readonly { id: string; children: readonly string[]; leaves: readonly string[] }[], id: string) =>
  xs.find((x) => x.id === id)?.leaves;

/** "unknown recipient `partner`: did you mean `partners`?" */
function unknown(kind: string, name: string | undefined, xs: readonly { id: string }[]): string {
  const close = name === undefined ? undefined : suggest(name, xs.map((x) => x.id));
  return `unknown ${kind} \`${name}\`${close ? `: did you mean \`${close}\`?` : ""}`;
}

export function explain(model: PolicyModel, query: ExplainQuery): Explanation {
  const errors: string[] = [];
  const cats =
    leaves(model.categories, query.category) ??
    builtinGroupLeaves(model.categories.filter((c) => c.children.length === 0), query.category);
  if (!cats) errors.push(unknown("category", query.category, model.categories));
  else if (cats.length === 0) errors.push(`the policy has no \`${query.category}\` data`);
  const purps = query.purpose
    ? leaves(model.purposes, query.purpose)
    : leafIds(model.purposes);
  if (!purps) errors.push(unknown("purpose", query.purpose, model.purposes));
  const flow = FLOW_ACTIONS.has(query.action);
  let recs: readonly (string | null)[] = [null];
  if (flow) {
    if (!query.recipient) errors.push(`\`${query.action}\` needs a recipient: add \`with <recipient>\``);
    else {
      const r = leaves(model.recipients, query.recipient);
      if (!r) errors.push(unknown("recipient", query.recipient, model.recipients));
      else recs = r;
    }
  } else if (query.recipient) errors.push(`\`${query.action}\` takes no recipient`);
  const atoms = new AtomIndex(model);
  for (const f of query.facts) {
    // a person can be anywhere: `in:DE` is a place, in the policy's `EU` and `EEA`
    // an age fact follows from the person's age: `age:12`, not `age_under:13` given alone
    const limit = ageLimit(f);
    if (limit !== null) {
      const example = Number.isInteger(limit) && limit >= 1 && limit <= MAX_AGE ? `age:${limit - 1}` : "age:14";
      errors.push(`give the person's age (\`${example}\`) or \`minor\` instead of \`${f}\`: the age facts follow from them`);
      continue;
    }
    if (atoms.atoms.includes(f) || (f.startsWith("in:") && JURISDICTION_CODE.test(f.slice(3)))) continue;
    // the person's age, from which the guards derive `minor` and the `age_under` facts
    if (AGE_FACT.test(f) && isAge(Number(f.slice(4)))) continue;
    if (f.startsWith("age:")) {
      errors.push(`\`${f}\` is not an age: give whole years from 0 to ${MAX_AGE} (\`age:14\`)`);
      continue;
    }
    const known = atoms.atoms.filter((a) => ageLimit(a) === null);
    const hint = f.startsWith("in:") ? placeHint(f.slice(3)) : didYouMean(f, known);
    errors.push(`unknown condition \`${f}\`: ${hint ?? `the conditions are ${known.join(", ")}, and age:<years>`}`);
  }
  const places = query.facts.filter((f) => f.startsWith("in:"));
  const inOne = places.some((p) => places.every((q) => regionsOf(p.slice(3)).includes(q.slice(3))));
  if (places.length > 1 && !inOne) errors.push(`a person is in one place; \`--when\` names ${places.map((f) => `\`${f}\``).join(" and ")}, which no place lies in at once (give the one place, such as \`in:DE\`, and the jurisdictions it lies in follow)`);
  if (query.facts.filter((f) => AGE_FACT.test(f)).length > 1) errors.push("a person has one age; `--when` names several");
  const notes = query.facts.flatMap((f) => (f.startsWith("in:") && JURISDICTION_CODE.test(f.slice(3)) ? placeNotes(f.slice(3), model.header.jurisdictions) : []));
  if (errors.length > 0 || !cats || !purps) return { query, results: [], errors, notes };
  // the jurisdictions of the policy the place lies in hold too, and the facts of an age, as the
  // guards derive them
  const facts = new Set(personFacts(query.facts, atoms.atoms));
  const results: RequestExplanation[] = [];
  for (const category of cats)
    for (const purpose of purps)
      for (const recipient of recs) {
        const request: Request = { action: query.action, category, purpose, recipient };
        results.push({ request, cell: cellFor(model, request, atoms), decision: evaluate(model, request, purposeFacts(model, query, purpose, facts)) });
      }
  // an opt-out purpose's `consent` holds for anyone who has not objected (the guards give it
  // without a record): a question without it asks about someone who objected
  if (!facts.has("consent")) {
    const optOut = [...new Set(results.filter((r) => !r.decision.allowed).map((r) => r.request.purpose))].filter(
      (id) => model.purposes.find((p) => p.id === id)?.consentMode === "opt_out",
    );
    for (const id of optOut) {
      notes.push(`\`${id}\` is opt-out: \`consent\` holds for a person who has not objected (the guards give it without a record); this asks about one who objected, and \`--when consent\` about one who has not`);
    }
  }
  // a person of no place, or of a region holding places the rules tell apart, is one place here;
  // the guards answer such a context only as every place is
  const given = query.facts.filter((f) => f.startsWith("in:")).map((f) => f.slice(3));
  const jurisdictions = atoms.atoms.flatMap((a) => (a.startsWith("in:") ? [a.slice(3)] : []));
  const named = placesInRules(model.rules);
  if (given.length === 0 && named.size > 0) {
    notes.push("no `in:` place is given, so this asks about a person in none of the policy's jurisdictions; the guards answer a context without a `jurisdiction` only as every place is, and refuse the rest as `unknownJurisdiction`: give `in:XX` to ask about one place");
  } else {
    const regions = regionsHoldingPlaces(jurisdictions, named);
    for (const place of given.filter((p) => regions.has(p))) {
      notes.push(`\`in:${place}\` holds places the rules tell apart (${[...named].filter((n) => n !== place && regionsOf(n).includes(place)).map((n) => `\`${n}\``).join(", ")}): this asks about a person in ${place} outside them; the guards answer \`jurisdiction: "${place}"\` only as every place in it is, and refuse the rest as \`unknownJurisdiction\``);
    }
  }
  // a minor of no given age is under every limit here; the guards answer such a context only
  // as every age under 18 is
  const limits = atoms.atoms.map(ageLimit).filter((n): n is number => n !== null);
  const ageGiven = query.facts.some((f) => /^age:/.test(f));
  if (facts.has("minor") && !ageGiven && minorAgeMasks(limits).length > 1) {
    notes.push("a minor without `age:N` is taken to be under every age the policy names; the guards answer a context with `minor` and no `age` only as every age under 18 is, and refuse the rest as `unknownAge`: give `age:N` to ask about one age");
  }
  // likewise an adult of no given age, under a limit above 18 (`age_under 21`)
  if (!facts.has("minor") && !ageGiven && adultAgeMasks(limits).length > 1) {
    notes.push("a person without `age:N` or `minor` is taken to be an adult over every age the policy names; the guards answer a context without an `age` only as every age from 18 on is, and refuse the rest as `unknownAge`: give `age:N` to ask about one age");
  }
  return { query, results, errors, notes };
}

/** `in:California`, `in:de`: the code of the place, as the guards are given it. */
function placeHint(place: string): string | undefined {
  const named = placesNamed(place);
  if (named.length > 0) return meantHelp(named, "in:");
  const upper = place.toUpperCase();
  return upper !== place && JURISDICTION_CODE.test(upper) ? `did you mean \`in:${upper}\`?` : undefined;
}

/**
 * A place given as `--when in:XX` that is no place (PC2024, PC2025 in a policy), or a country
 * the policy does not cover where it declares its namesake subdivision (PC2013's hint): the
 * person asked about is not where the question may have meant.
 */
function placeNotes(place: string, declared: readonly string[]): string[] {
  const problem = unknownPlace(place);
  if (problem !== undefined) {
    const what = problem.kind === "country" ? "is not a country code (ISO 3166-1 alpha-2) or a region policyc knows" : `names no subdivision policyc knows: ${problem.reason}`;
    return [`\`in:${place}\` ${what}${problem.meant.length > 0 ? `; ${meantHelp(problem.meant, "in:")}` : ""}`];
  }
  if (declared.some((j) => regionsOf(place).includes(j) || regionsOf(j).includes(place))) return [];
  const namesakes = namesakesOf(place, declared, `in:${place}`);
  if (namesakes === undefined) return [];
  return [`${namesakes.what}, which lies in no jurisdiction of the policy; it declares ${namesakes.declared}: did you mean ${namesakes.codes.map((j) => `\`in:${j}\``).join(" or ")}?`];
}

/** A term as its literals: `["consent", "not in:EU"]`. */
function termLiterals(t: Term, atoms: readonly string[]): string[] {
  const out: string[] = [];
  atoms.forEach((a, i) => {
    if (t.pos & (1 << i)) out.push(a);
    if (t.neg & (1 << i)) out.push(`not ${a}`);
  });
  return out;
}

/**
 * An explanation as data (`explain --json`): per request, the facts the decision was made under
 * (those given, and those that follow from them: a place's regions, an age's facts), the
 * decision and the chain of rules that made it, the conditions under which the request is
 * allowed at all (`when` terms of allows, `unless` terms of denies, each with its rule), and the
 * rules that applied.
 */
export function explanationJson(model: PolicyModel, ex: Explanation, rootDir = "."): unknown[] {
  // files as the text names them: relative to the working directory, as every JSON output does
  const located = (ref: SourceRef): SourceRef => ({ ...ref, file: fileFrom(rootDir, ref.file) });
  const atoms = new AtomIndex(model).atoms;
  const facts = personFacts(ex.query.facts, atoms);
  const given = ex.query.facts;
  // each condition's rule with its place, as `decidedBy` and `applied` give theirs
  const byId = rulesById(model);
  const terms = (ts: readonly Term[]) =>
    ts.map((t) => {
      const rule = byId.get(t.rule);
      return { when: termLiterals(t, atoms), rule: t.rule, ...(rule ? { source: located(rule.sourceRef) } : {}) };
    });
  return ex.results.map((r) => ({
    request: r.request,
    facts: {
      given,
      derived: [...facts.filter((f) => !given.includes(f)), ...(consentTold(model, ex.query, r.request.purpose) ? ["consent"] : [])],
      // given, but no consent record can hold it for this purpose: answered without it
      ignored: explicitIgnored(model, ex.query, r.request.purpose) ? ["explicit_consent"] : [],
    },
    allowed: r.decision.allowed,
    decidedBy: r.decision.decidedBy ? r.decision.decidedBy.chain.map((x) => ({ id: x.id, source: located(x.sourceRef) })) : null,
    outcome: r.cell.outcome,
    conditions: { allow: terms(r.cell.allow), unless: terms(r.cell.deny) },
    applied: r.decision.applied.map((st) => ({ effect: st.effect, id: st.rule.id, source: located(st.rule.sourceRef) })),
  }));
}

/** Whether `consent` is taken to hold though not given: the purpose asks for none, as the guards read it. */
function consentTold(model: PolicyModel, query: ExplainQuery, purpose: string): boolean {
  return !query.facts.includes("consent") && model.purposes.find((p) => p.id === purpose)?.consentMode === "notice";
}

/** Whether `explicit_consent` is given but cannot hold for the purpose: no consent record carries it (PC3040). */
function explicitIgnored(model: PolicyModel, query: ExplainQuery, purpose: string): boolean {
  const p = model.purposes.find((x) => x.id === purpose);
  return query.facts.includes("explicit_consent") && p !== undefined && !canBeExplicit(p);
}

/** The facts a request is answered with, as the guards would hold them for its purpose. */
function purposeFacts(model: PolicyModel, query: ExplainQuery, purpose: string, facts: ReadonlySet<string>): ReadonlySet<string> {
  const told = consentTold(model, query, purpose);
  const ignored = explicitIgnored(model, query, purpose);
  if (!told && !ignored) return facts;
  const out = new Set(facts);
  if (told) out.add("consent");
  if (ignored) out.delete("explicit_consent");
  return out;
}

function termText(t: Term, atoms: readonly string[]): string {
  const parts: string[] = [];
  atoms.forEach((a, i) => {
    if (t.pos & (1 << i)) parts.push(a);
    if (t.neg & (1 << i)) parts.push(`not ${a}`);
  });
  return parts.length === 0 ? "always" : parts.join(" and ");
}

/** A file of the model as the user reaches it: under `rootDir` (the policy's folder), but the standard library's. */
function fileFrom(rootDir: string, file: string): string {
  return rootDir && rootDir !== "." && !file.startsWith("std/") ? `${rootDir}/${file}` : file;
}

function where(rule: Rule, rootDir: string): string {
  return `${fileFrom(rootDir, rule.sourceRef.file)}:${rule.sourceRef.line}:${rule.sourceRef.column}`;
}

/** Every rule and exception of the model, by id. */
function rulesById(model: PolicyModel): Map<string, Rule> {
  const byId = new Map<string, Rule>();
  const index = (r: Rule): void => {
    byId.set(r.id, r);
    r.exceptions.forEach(index);
  };
  model.rules.forEach(index);
  return byId;
}

/**
 * Renders an explanation for a terminal. `rootDir` (the folder of the policy file, as the user
 * named it) is put in front of source file names so locations can be clicked in editors.
 */
export function renderExplanation(model: PolicyModel, ex: Explanation, rootDir = ""): string {
  if (ex.errors.length > 0) return ex.errors.map((e) => `error: ${e}`).join("\n") + "\n";
  const atoms = new AtomIndex(model).atoms;
  const byId = rulesById(model);
  // a rule without a name (`as ...`) is named by its place: its id (`except:file:line`) would
  // read "except except:..." in a chain
  const ruleLabel = (id: string) => {
    const r = byId.get(id);
    if (!r) return id;
    if (id.startsWith("rule:")) return `the rule at ${where(r, rootDir)}`;
    if (id.startsWith("except:")) return `the exception at ${where(r, rootDir)}`;
    return `${id} (${where(r, rootDir)})`;
  };
  const out: string[] = [];
  const derived = personFacts(ex.query.facts, atoms).filter((f) => !ex.query.facts.includes(f));
  const factsText =
    ex.query.facts.length > 0 ? ex.query.facts.join(", ") + (derived.length > 0 ? ` (so ${derived.join(", ")})` : "") : "no condition holds";
  for (const { request, cell, decision } of ex.results) {
    const to = request.recipient ? ` ${request.action === "share" ? "with" : "to"} ${request.recipient}` : "";
    out.push(`${request.action} ${request.category}${to} for ${request.purpose}`);
    // `explain` answers a purpose that asks for no consent with `consent` holding, as the guards do
    // said where a condition of the request tests it
    const bit = atoms.indexOf("consent");
    const tested = bit >= 0 && [...cell.allow, ...cell.deny].some((t) => ((t.pos | t.neg) & (1 << bit)) !== 0);
    const told = tested && consentTold(model, ex.query, request.purpose);
    const withConsent = told ? `${factsText}${ex.query.facts.length > 0 ? ", and" : " but"} consent (\`${request.purpose}\` asks for none: \`consent notice\`)` : factsText;
    const asked = explicitIgnored(model, ex.query, request.purpose)
      ? `${withConsent} (explicit consent cannot be given for \`${request.purpose}\`: no consent record carries it, so it is left out)`
      : withConsent;
    out.push(`  decision when ${asked}: ${decision.allowed ? "ALLOWED" : "DENIED"}`);
    if (decision.decidedBy) {
      const chain = decision.decidedBy.chain.map((r, i) => (i === 0 || r.id.startsWith("except:") ? ruleLabel(r.id) : `except ${ruleLabel(r.id)}`));
      out.push(`  decided by: ${chain.join(" -> ")}`);
    } else {
      // where some allow waits for facts that do not hold, say so: "no rule allows it" would
      // contradict the allows listed under "in general"
      out.push(cell.allow.length > 0 ? `  decided by: default deny (no rule allows it when ${asked})` : "  decided by: default deny (no rule allows it)");
    }
    if (cell.outcome === "deny") out.push("  in general: never allowed");
    else if (cell.outcome === "allow") out.push("  in general: always allowed");
    else {
      out.push("  in general: allowed when");
      for (const t of cell.allow) out.push(`    - ${termText(t, atoms)}   [${ruleLabel(t.rule)}]`);
      if (cell.deny.length > 0) {
        out.push("    unless");
        for (const t of cell.deny) out.push(`    - ${termText(t, atoms)}   [${ruleLabel(t.rule)}]`);
      }
    }
    if (decision.applied.length > 0) {
      out.push("  rules that apply:");
      for (const s of decision.applied) out.push(`    ${s.effect.padEnd(5)} ${ruleLabel(s.rule.id)}`);
    }
    out.push("");
  }
  return out.join("\n");
}
