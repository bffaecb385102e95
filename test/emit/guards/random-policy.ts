/**
 * Random small policies, as source text, that exercise everything a consent record and the
 * guards depend on: consent modes (opt-in, opt-out, notice), bases with jurisdiction variants,
 * marketing channels, profiling marketing purposes (interest-based advertising), recipients that
 * need consent (on groups and leaves), audiences, and rules with every condition atom, negations,
 * jurisdictions and nested exceptions.
 */
import fc from "fast-check";

const CATEGORIES = ["c1", "c2", "g.x", "g.y"];
const RECIPIENTS = ["r1", "r2.a", "r2.b"];
const PURPOSES = ["p1", "p2", "m.a", "m.b"];
const ACTIONS = ["collect", "use", "share", "sell", "transfer"] as const;
const CONDITIONS = [
  "consent",
  "explicit_consent",
  "recipient_consent",
  "required_by_law",
  "permitted_by_law",
  "anonymised",
  "aggregated",
  "at_request",
  "minor",
  "not minor",
  "not consent",
  "in EU",
  "not in EU",
  "in US-CA",
  "age_under 16",
  "not age_under 13",
  "age_under 18",
  // a limit above the age of majority tells adults apart (ADULT_AGE_MASKS)
  "age_under 21",
  "not age_under 19",
];
const BASES = ["consent", "explicit_consent", "consent_or_no_objection", "contract", "legal_obligation", "legitimate_interests", null] as const;

interface RuleSpec {
  readonly effect: "allow" | "deny";
  readonly action: (typeof ACTIONS)[number];
  readonly data: readonly string[];
  readonly recipients: readonly string[] | null;
  readonly purposes: readonly string[] | null;
  readonly conditions: readonly string[];
  readonly unless: boolean;
  readonly exceptions: readonly RuleSpec[];
}

const conditionsArb = fc.subarray(CONDITIONS, { maxLength: 3 });

function exceptionArb(effect: "allow" | "deny", depth: number): fc.Arbitrary<RuleSpec> {
  const mine = effect === "allow" ? "deny" : "allow";
  return fc
    .record({ conditions: conditionsArb, unless: fc.boolean(), nested: depth > 0 ? fc.array(exceptionArb(mine, depth - 1), { maxLength: 1 }) : fc.constant([]) })
    .map(({ conditions, unless, nested }) => ({
      effect: mine,
      action: "use" as const,
      data: [],
      recipients: null,
      purposes: null,
      conditions,
      unless,
      exceptions: nested,
    }));
}

export const ruleArb: fc.Arbitrary<RuleSpec> = fc
  .record({
    effect: fc.constantFrom("allow" as const, "deny" as const),
    action: fc.constantFrom(...ACTIONS),
    data: fc.oneof(fc.subarray(CATEGORIES, { minLength: 1 }), fc.constantFrom(["personal"], ["g"], ["all_data"])),
    recipients: fc.option(fc.oneof(fc.subarray(RECIPIENTS, { minLength: 1 }), fc.constantFrom(["r2"], ["anyone"])), { nil: null }),
    purposes: fc.option(fc.oneof(fc.subarray(PURPOSES, { minLength: 1 }), fc.constant(["m"])), { nil: null }),
    conditions: conditionsArb,
    unless: fc.boolean(),
  })
  .chain((r) => fc.array(exceptionArb(r.effect, 1), { maxLength: 2 }).map((exceptions) => ({ ...r, exceptions })));

export function printRule(r: RuleSpec, top: boolean): string {
  const flow = r.action === "share" || r.action === "sell" || r.action === "transfer";
  const parts: string[] = [r.effect];
  if (top) parts.push(r.action, r.data.join(", "));
  if (top && flow && r.recipients) parts.push("with", r.recipients.join(", "));
  if (top && r.purposes) parts.push("for", r.purposes.join(", "));
  if (r.conditions.length > 0) {
    parts.push(r.unless ? "unless" : "when", r.conditions.join(", "));
  }
  let text = parts.join(" ");
  if (r.exceptions.length === 1) text += " except " + printRule(r.exceptions[0]!, false);
  else if (r.exceptions.length > 1) text += " except {\n  " + r.exceptions.map((e) => printRule(e, false)).join("\n  ") + "\n}";
  return text;
}

const purposeArb = fc.record({
  // one basis, or several (never a consent basis among them: PC1030)
  basis: fc.oneof(fc.constantFrom<string | null>(...BASES), fc.constantFrom("legal_obligation, legitimate_interests", "contract, legal_obligation", "vital_interests, public_task")),
  variant: fc.constantFrom(null, "explicit_consent", "consent", "contract"),
  mode: fc.constantFrom("opt_in", "opt_out", "notice", null),
  uses: fc.subarray(CATEGORIES, { minLength: 1 }),
  channels: fc.subarray(["email", "sms"]),
  marketing: fc.boolean(),
  profiling: fc.boolean(),
  excludesKids: fc.boolean(),
  excludesTeens: fc.boolean(),
});

export const policyTextArb: fc.Arbitrary<string> = fc
  .record({
    classes: fc.array(fc.constantFrom("personal", "sensitive", "anonymous", "pseudonymous"), { minLength: 4, maxLength: 4 }),
    recipientConsent: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    purposes: fc.array(purposeArb, { minLength: 4, maxLength: 4 }),
    rules: fc.array(ruleArb, { maxLength: 6 }),
    kids: fc.record({ collect: fc.boolean(), marketing: fc.boolean() }),
    // a second audience: older (16, or 21: adults under 21), of the same age, or of no age (every minor)
    teens: fc.option(fc.record({ age: fc.constantFrom<number | null>(16, 13, 21, null), collect: fc.boolean(), marketing: fc.boolean() }), { nil: null }),
    period: fc.constantFrom(null, "30 days", "2 years"),
  })
  .map(({ classes, recipientConsent, purposes, rules, kids, teens, period }) => {
    const needs = (b: boolean) => (b ? " { needs_consent yes }" : "");
    const lines = [
      `policy random "Random" { controller "Acme" { email "a@b.example" } jurisdictions EU, US-CA }`,
      `audience kids "Kids" { age_under 13  collect ${kids.collect ? "yes" : "no"}  marketing ${kids.marketing ? "yes" : "no"} }`,
      teens
        ? `audience teens "Teens" { ${teens.age === null ? "" : `age_under ${teens.age}  `}collect ${teens.collect ? "yes" : "no"}  marketing ${teens.marketing ? "yes" : "no"} }`
        : "",
      `category c1 "C1" { class ${classes[0]} }`,
      `category c2 "C2" { class ${classes[1]} }`,
      `category g "G" { class ${classes[2]} }`,
      `category g.x "G x"`,
      `category g.y "G y" { class ${classes[3]} }`,
      `recipient r1 "R1"${needs(recipientConsent[0]!)}`,
      `recipient r2 "R2"${needs(recipientConsent[1]!)}`,
      `recipient r2.a "R2 a"${needs(recipientConsent[2]!)}`,
      `recipient r2.b "R2 b"`,
      `purpose m "Marketing" { marketing yes }`,
      ...purposes.map((p, i) => {
        const body = [
          p.basis ? `basis ${p.basis}${p.variant ? ` { EU ${p.variant} }` : ""}` : "",
          p.basis?.includes("legitimate_interests") ? `interest "x"` : "",
          p.mode ? `consent ${p.mode}` : "",
          `uses ${p.uses.join(", ")}`,
          p.channels.length > 0 ? `channels ${p.channels.join(", ")}` : "",
          p.marketing ? "marketing yes" : "",
          p.profiling ? "profiling yes" : "",
          p.excludesKids || (p.excludesTeens && teens) ? `excludes ${[p.excludesKids ? "kids" : "", p.excludesTeens && teens ? "teens" : ""].filter(Boolean).join(", ")}` : "",
        ].filter(Boolean);
        return `purpose ${PURPOSES[i]} "${PURPOSES[i]}" { ${body.join("  ")} }`;
      }),
      period ? `retention keep "Keep" { applies_to c1, g  period ${period}  end delete }` : `retention keep "Keep" { applies_to c1  criteria while_needed  end delete }`,
      ...rules.map((r) => printRule(r, true)),
    ];
    return lines.join("\n") + "\n";
  });
