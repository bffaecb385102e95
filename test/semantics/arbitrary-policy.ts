/**
 * A fast-check generator of small random policies, as source text. Used by the differential
 * tests (decision table vs reference evaluator, assertions vs brute force).
 */
import fc from "fast-check";

export const ATOMS_USED = ["consent", "explicit_consent", "required_by_law", "minor", "anonymised", "in:EU"] as const;

const CATEGORIES = ["c1", "c2", "c3", "g.x", "g.y"];
const PURPOSES = ["p1", "p2", "p3"];
const RECIPIENTS = ["r1", "r2", "r3"];
const ACTIONS = ["collect", "use", "share", "sell", "transfer"] as const;
const CONDITIONS = ["consent", "explicit_consent", "required_by_law", "not minor", "minor", "anonymised", "in EU", "not in EU"];

const subset = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });

interface RuleSpec {
  effect: "allow" | "deny";
  action: (typeof ACTIONS)[number];
  data: readonly string[];
  recipients: readonly string[] | null;
  purposes: readonly string[] | null;
  conditions: readonly string[];
  exceptions: readonly RuleSpec[];
}

type Conditions = fc.Arbitrary<string[]>;

function exceptionArb(conditionsArb: Conditions, parent: { effect: "allow" | "deny"; data: readonly string[] }, depth: number): fc.Arbitrary<RuleSpec> {
  const effect = parent.effect === "allow" ? "deny" : "allow";
  return fc
    .record({
      data: parent.data.length > 0 ? fc.option(fc.subarray([...parent.data], { minLength: 1 }), { nil: null }) : fc.constant(null),
      conditions: conditionsArb,
    })
    .chain(({ data, conditions }) => {
      const self = { effect, data: data ?? parent.data } as const;
      const nested = depth > 0 ? fc.array(exceptionArb(conditionsArb, { effect: self.effect, data: self.data }, depth - 1), { maxLength: 1 }) : fc.constant([]);
      return nested.map((exceptions) => ({
        effect,
        action: "use" as const, // printed without an action: inherits
        data: data ?? [],
        recipients: null,
        purposes: null,
        conditions,
        exceptions,
      }));
    });
}

const ruleArb = (conditionsArb: Conditions): fc.Arbitrary<RuleSpec> => fc
  .record({
    effect: fc.constantFrom("allow" as const, "deny" as const),
    action: fc.constantFrom(...ACTIONS),
    data: fc.oneof(subset(CATEGORIES), fc.constant(["personal"]), fc.constant(["g"])),
    recipients: fc.option(subset([...RECIPIENTS, "anyone"]), { nil: null }),
    purposes: fc.option(subset(PURPOSES), { nil: null }),
    conditions: conditionsArb,
  })
  .chain((r) => {
    // `personal` depends on the random classes: its exceptions inherit the data instead of naming it
    const data = r.data[0] === "personal" ? [] : r.data[0] === "g" ? ["g.x", "g.y"] : r.data;
    return fc.array(exceptionArb(conditionsArb, { effect: r.effect, data }, 1), { maxLength: 2 }).map((exceptions) => ({ ...r, exceptions }));
  });

function printRule(r: RuleSpec, top: boolean): string {
  const flow = r.action === "share" || r.action === "sell" || r.action === "transfer";
  const parts: string[] = [r.effect];
  if (top) parts.push(r.action);
  if (r.data.length > 0) parts.push(r.data.join(", "));
  if (top && flow && r.recipients) parts.push("with", r.recipients.join(", "));
  if (r.purposes) parts.push("for", r.purposes.join(", "));
  if (r.conditions.length > 0) parts.push("when", r.conditions.join(", "));
  let text = parts.join(" ");
  if (r.exceptions.length === 1) text += " except " + printRule(r.exceptions[0]!, false);
  else if (r.exceptions.length > 1) text += " except {\n" + r.exceptions.map((e) => "  " + printRule(e, false)).join("\n") + "\n}";
  return text;
}

const purposeArb = fc.record({
  basis: fc.constantFrom("consent", "explicit_consent", "contract", "legitimate_interests", null),
  variant: fc.boolean(),
  uses: subset(CATEGORIES),
  excludesKids: fc.boolean(),
  marketing: fc.boolean(),
  mode: fc.constantFrom("opt_in", "opt_out", null),
});

/**
 * Random policies whose rules take their conditions from `conditions` (as written after `when`),
 * under the header's `jurisdictions`.
 */
export const policyArb = (conditions: readonly string[] = CONDITIONS, jurisdictions = "EU"): fc.Arbitrary<string> => fc
  .record({
    classes: fc.array(fc.constantFrom("personal", "sensitive", "anonymous"), { minLength: 5, maxLength: 5 }),
    purposes: fc.array(purposeArb, { minLength: 3, maxLength: 3 }),
    rules: fc.array(ruleArb(fc.subarray([...conditions], { maxLength: 2 })), { maxLength: 5 }),
    kidsCollect: fc.boolean(),
    kidsMarketing: fc.boolean(),
  })
  .map(({ classes, purposes, rules, kidsCollect, kidsMarketing }) => {
    const lines = [
      `policy random "Random" { controller "Acme" { email "a@b.example" } jurisdictions ${jurisdictions} }`,
      `audience kids "Kids" { age_under 13 collect ${kidsCollect ? "yes" : "no"} marketing ${kidsMarketing ? "yes" : "no"} }`,
      `category g "G" { class ${classes[3]} }`,
      ...CATEGORIES.map((c, i) => `category ${c} "${c}"${c.startsWith("g.") ? "" : ` { class ${classes[i]} }`}`),
      ...RECIPIENTS.map((r) => `recipient ${r} "${r}"`),
      ...purposes.map((p, i) => {
        const body = [
          p.basis ? `basis ${p.basis}${p.variant ? " { EU explicit_consent }" : ""}` : "",
          p.basis === "legitimate_interests" ? `interest "x"` : "",
          p.mode && p.basis && p.basis.includes("consent") ? `consent ${p.mode}` : "",
          `uses ${p.uses.join(", ")}`,
          p.excludesKids ? "excludes kids" : "",
          p.marketing ? "marketing yes" : "",
        ].filter(Boolean);
        return `purpose ${PURPOSES[i]} "${PURPOSES[i]}" { ${body.join("  ")} }`;
      }),
      ...rules.map((r) => printRule(r, true)),
    ];
    return lines.join("\n") + "\n";
  });

export const policyTextArb: fc.Arbitrary<string> = policyArb();
