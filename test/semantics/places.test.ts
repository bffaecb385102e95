/**
 * A person is in one place, and holds every `in` atom of the jurisdictions that place lies in
 * (as the guards give them). The static checks must range over those people only: tested here
 * against a brute force over concrete places, written without `placeAssignments`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allRequests, evaluate, literalHolds, type Facts } from "../../src/semantics/evaluate.js";
import { buildDecisionTable } from "../../src/semantics/table.js";
import { checkAssertion } from "../../src/semantics/assertions.js";
import { placeAssignments, withRegions } from "../../src/semantics/places.js";
import { regionsOf } from "../../src/model/rights.js";
import type { Assertion } from "../../src/model/types.js";
import { explain, renderExplanation } from "../../src/semantics/explain.js";
import { compileText } from "../helpers.js";
import { computeHashes } from "../../src/model/hash.js";
import type { Rule } from "../../src/model/types.js";
import { ATOMS_USED, policyArb } from "./arbitrary-policy.js";

/** Places that give every assignment of `in:EU`, `in:EEA`, `in:DE`, `in:US-CA` a person can have (null: no place given). */
const PLACES = [null, "DE", "DE-BY", "FR", "NO", "EU", "EEA", "US-CA", "US", "GB", "BR"] as const;
/** Ages on each side of 13, 16 and 18 (undefined: not known), each told a minor or not. */
const AGES = [undefined, 5, 13, 14, 16, 17, 18, 40].flatMap((age) => [false, true].map((minor) => ({ age, minor })));
// every other atom a random policy can make hold (its basis, its rules)
const OTHER_ATOMS: readonly string[] = ATOMS_USED.filter((a) => !a.startsWith("in:") && a !== "minor");

/**
 * The facts of a person in `place`, of `age` (told a minor or not), for whom exactly `others` of
 * the other atoms hold: as grammar/semantics.md says the guards derive them.
 */
function person(place: string | null, others: readonly string[], who: { age: number | undefined; minor: boolean } = { age: undefined, minor: false }): Facts {
  const facts = new Set([...others, ...(place === null ? [] : regionsOf(place).map((j) => `in:${j}`))]);
  if (who.minor || (who.age !== undefined && who.age < 18)) facts.add("minor");
  for (const n of [13, 16]) if (who.age === undefined ? who.minor : who.age < n) facts.add(`age_under:${n}`);
  return facts;
}

function* subsets<T>(xs: readonly T[]): Generator<T[]> {
  for (let m = 0; m < 1 << xs.length; m++) yield xs.filter((_, i) => m & (1 << i));
}

const RULE_CONDITIONS = ["consent", "required_by_law", "in EU", "not in EU", "in EEA", "not in EEA", "in DE", "in US-CA", "not in US-CA", "minor", "age_under 16", "not age_under 16"];
const ASSERT_CONDITIONS = ["consent", "in EU", "not in EU", "in EEA", "not in EEA", "in DE", "in US-CA", "minor", "not minor", "age_under 16", "age_under 13", "not age_under 16"];

describe("places", () => {
  it("gives the assignments of the `in` atoms that some place gives", () => {
    const atoms = ["consent", "in:DE", "in:EEA", "in:EU", "in:US-CA"];
    const bit = (...js: string[]) => js.reduce((m, j) => m | (1 << atoms.indexOf(`in:${j}`)), 0);
    const got = placeAssignments(atoms);
    expect(got.bits).toBe(bit("DE", "EEA", "EU", "US-CA"));
    expect(new Set(got.masks)).toEqual(new Set([0, bit("DE", "EEA", "EU"), bit("EEA", "EU"), bit("EEA"), bit("US-CA")]));
    expect(got.masks[0]).toBe(0);
    expect(withRegions(["in:DE-BY", "consent"], atoms).sort()).toEqual(["consent", "in:DE", "in:DE-BY", "in:EEA", "in:EU"]);
  });

  it("checks assertions over the people that exist, as a brute force over concrete places does", () => {
    const assertionArb = fc.record({
      mode: fc.constantFrom("never" as const, "allows" as const),
      action: fc.constantFrom("collect", "use", "share", "sell"),
      data: fc.constantFrom("personal", "c1", "g"),
      conditions: fc.subarray(ASSERT_CONDITIONS, { maxLength: 2 }),
      unless: fc.boolean(),
    });
    fc.assert(
      fc.property(policyArb(RULE_CONDITIONS, "EU, EEA, US-CA"), assertionArb, (text, s) => {
        const flow = s.action === "share" || s.action === "sell";
        const unless = s.mode === "never" && s.unless && s.conditions.length > 0;
        // `unless` takes atoms: `unless in EU`, not `unless not in EU`
        if (unless && s.conditions.some((c) => c.startsWith("not "))) return;
        const words = s.conditions.length === 0 ? "" : ` ${unless ? "unless" : "when"} ${s.conditions.join(", ")}`;
        const assertion = `assert ${s.mode} ${s.action} ${s.data}${flow ? " with anyone" : ""}${words}`;
        const result = compileText(text + assertion + "\n");
        // the checker ran: no syntax or name errors (a random policy may break other checks)
        expect(result.diagnostics.filter((d) => d.severity === "error" && /^PC[12]/.test(d.code)), `${text}${assertion}`).toEqual([]);
        const model = result.model!;
        const a: Assertion = model.assertions[0]!;
        const assumedHold = (facts: Facts) => a.conditions.every((l) => literalHolds(l, facts));
        const people = PLACES.flatMap((place) =>
          AGES.flatMap((who) => [...subsets(OTHER_ATOMS)].map((others) => ({ place, who, others, facts: person(place, others, who) }))),
          // explicit consent is consent too: no one has the one without the other
        ).filter((p) => !(p.facts.has("explicit_consent") && !p.facts.has("consent")));
        const possible = people.filter((p) => assumedHold(p.facts));
        // for `allows`: exactly the assumed atoms hold besides the place and the age, and the
        // person is not a minor unless the assertion speaks of minors or of an age
        const aboutPerson = (atom: string) => atom.startsWith("in:") || atom === "minor" || atom.startsWith("age_under:");
        const positives = a.conditions.filter((l) => !l.negated && !aboutPerson(l.atom)).map((l) => l.atom);
        const ofAge = a.conditions.some((l) => !l.negated && (l.atom === "minor" || l.atom.startsWith("age_under:")));
        const exactly = (p: (typeof people)[number]) =>
          p.others.length === positives.length && positives.every((x) => p.others.includes(x)) && (ofAge || !p.facts.has("minor"));
        let violated = false;
        for (const req of allRequests(model)) {
          if (req.action !== a.action || !a.categories.includes(req.category) || !a.purposes.includes(req.purpose)) continue;
          if (req.recipient !== null && !a.recipients.includes(req.recipient)) continue;
          for (const p of possible) {
            const allowed = evaluate(model, req, p.facts).allowed;
            if (a.mode === "never" ? allowed : exactly(p) && !allowed) violated = true;
          }
        }
        const codes = result.diagnostics.map((d) => d.code);
        expect(codes.includes("PC3022"), `vacuous? ${assertion}\n${text}`).toBe(possible.length === 0);
        expect(codes.includes("PC3019"), `${assertion}\n${text}`).toBe(violated);
        if (violated) {
          const table = buildDecisionTable(model);
          const cx = checkAssertion(table, a)!;
          // the counterexample is a person who exists: their `in` atoms are those of some place
          const ins = cx.facts.filter((f) => f.startsWith("in:")).sort().join();
          const atomsOf = (pl: string | null) => [...person(pl, [])].filter((f) => table.atoms.includes(f)).sort().join();
          expect(PLACES.some((pl) => atomsOf(pl) === ins), cx.facts.join()).toBe(true);
          // and of some age
          const ofAgeFacts = (facts: Iterable<string>) => [...facts].filter((f) => f === "minor" || f.startsWith("age_under:")).sort().join();
          expect(AGES.some((who) => ofAgeFacts([...person(null, [], who)].filter((f) => table.atoms.includes(f))) === ofAgeFacts(cx.facts)), cx.facts.join()).toBe(true);
          expect(evaluate(model, cx.request, new Set(cx.facts)).allowed).toBe(a.mode === "never");
        }
      }),
      { numRuns: 150 },
    );
  });

  it("proves what holds for every person and refutes what holds only for people who cannot exist", () => {
    const head = `policy t "T" { controller "Acme" { email "a@b.example" } jurisdictions EU, EEA }\ncategory c "C" { class personal }\nrecipient r "R"\npurpose p "P" { basis contract  uses c }\n`;
    const codes = (body: string) => compileText(head + body).diagnostics.map((d) => d.code);
    // no one is in the EU and outside the EEA: the allow never reaches the EU
    expect(codes("allow sell c to r for p unless in EEA\nassert never sell c to r when in EU\n")).not.toContain("PC3019");
    // everyone in the EU is in the EEA, so the deny reaches them
    expect(codes("allow sell c to r for p\ndeny sell c to r when in EEA\nassert allows sell c to r when in EU\n")).toContain("PC3019");
    // someone in Norway is in the EEA and not in the EU
    expect(codes("allow sell c to r for p when in EU\nassert allows sell c to r when in EEA\n")).toContain("PC3019");
    expect(codes("allow sell c to r for p when in EEA\nassert allows sell c to r when in EU\n")).not.toContain("PC3019");
    expect(codes("assert never sell c to r when in EU, not in EEA\n")).toContain("PC3022");
    expect(codes("assert never sell c to r when consent, not consent\n")).toContain("PC3022");
    expect(codes("assert never sell c to r when age_under 13, not age_under 16\n")).toContain("PC3022");
    expect(codes("assert never sell c to r when age_under 13, not minor\n")).toContain("PC3022");
    // a 14-year-old is a minor and not under 13: the audience of children does not reach them
    const ages = `audience kids "Kids" { age_under 13  marketing no }\npurpose m "M" { basis contract  uses c  marketing yes }\nallow sell c to r for m\n`;
    expect(codes(ages + "assert never sell c to r for m when age_under 13\n")).not.toContain("PC3019");
    expect(codes(ages + "assert never sell c to r for m when minor\n")).toContain("PC3019");
    expect(codes(ages + "assert allows sell c to r for m when age_under 16\n")).toContain("PC3019");
    expect(codes(ages + "assert allows sell c to r for m\n")).not.toContain("PC3019");
  });

  it("checks an `allows` for exactly its literals: people with consent only where it assumes consent or explicit consent", () => {
    const head = 'policy t "T" { controller "Acme" { email "a@b.example" } }\ncategory email "E" { class personal }\npurpose ads "Ads" { basis consent  consent opt_in  uses email  withdraw "x" }\nrecipient r "R"\n';
    const codes = (body: string) => compileText(head + body).diagnostics.map((d) => d.code);
    // explicit consent comes with consent: the assertion speaks of someone, and fails
    expect(codes("deny share email with r for ads\nassert allows share email with r for ads when explicit_consent\n")).toContain("PC3019");
    expect(codes("allow share email with r for ads when explicit_consent\nassert allows share email with r for ads when explicit_consent\n")).not.toContain("PC3019");
    // without consent assumed, someone who consented is not whom it speaks of
    expect(codes("allow share email with r for ads except deny when consent\nassert allows share email with r for ads\n")).not.toContain("PC3019");
  });

  it("names, for a failed `allows`, only the allows its people could still meet with more facts", () => {
    const head = `policy t "T" { controller "Acme" { email "a@b.example" } jurisdictions EU, US }\ncategory e "E" { class personal }\npurpose news "N" { basis consent  uses e  withdraw "w" }\n`;
    const help = (body: string) => compileText(head + body).diagnostics.find((d) => d.code === "PC3019")?.help;
    // the purpose's own allow waits for consent; `r1` can never apply to a minor (or in the EU)
    expect(help("allow use e for news unless minor as r1\nassert allows use e for news when minor\n")).toBe(
      "the basis of purpose `news` allows it only under conditions the assertion does not state: add them to the assertion, or change it",
    );
    expect(help("allow use e for news when in US as r1\nassert allows use e for news when in EU\n")).toMatch(/^the basis of purpose `news` allows it/);
    expect(help("allow use e for news when in EU, consent as r1\nassert allows use e for news when in EU\n")).toMatch(/^rule `r1`, the basis of purpose `news` allow it/);
  });

  it("names a purpose's allows once, and none that a deny would refuse anyway", () => {
    const head = `policy t "T" { controller "Acme" { email "a@b.example" } jurisdictions EU, US }\ncategory e "E" { class personal }\n`;
    const help = (body: string) => compileText(head + body).diagnostics.find((d) => d.code === "PC3019")?.help;
    expect(help(`purpose news "N" { basis consent { EU explicit_consent }  uses e  withdraw "w" }\nassert allows use e for news\n`)).toBe(
      "the basis of purpose `news` allows it only under conditions the assertion does not state: add them to the assertion, or change it",
    );
    expect(help(`purpose news "N" { basis consent  uses e  withdraw "w" }\ndeny use e for news when consent as d\nassert allows use e for news\n`)).toMatch(/^no rule allows it under the assertion's conditions, even with more facts/);
  });

  it("reports every rule that passes data on without the consent a purpose or a recipient needs", () => {
    const head = `policy t "T" { controller "Acme" { email "a@b.example" } }\ncategory e "E" { class personal }\nrecipient m "M"\nrecipient ad "Ad" { needs_consent yes }\n`;
    const found = (body: string, code: string) => compileText(head + body).diagnostics.filter((d) => d.code === code).map((d) => d.message.split(" ")[1]);
    expect(found(`purpose a "A" { basis consent  uses e  withdraw "w" }\npurpose b "B" { basis consent  uses e  withdraw "w" }\nallow share e with m for a, b as x\nallow sell e to m for b as y\n`, "PC3024")).toEqual(["`x`", "`y`"]);
    expect(found(`purpose a "A" { basis contract  uses e }\nallow share e with ad for a as x\nallow transfer e to ad for a when consent as y\n`, "PC3023")).toEqual(["`x`", "`y`"]);
    // explicit consent: plain consent does not do, and the message says which is needed
    const explicit = compileText(head + `purpose a "A" { basis explicit_consent  uses e  withdraw "w" }\nallow share e with m for a when consent as x\n`).diagnostics.find((d) => d.code === "PC3024")!;
    expect(explicit.message).toContain("without `explicit_consent`");
    expect(explicit.help).toBe("add `explicit_consent` to the `when` of the rule that allows it");
  });

  it("explains a request for a person in a place, with the jurisdictions it lies in", () => {
    const text = `policy t "T" { controller "Acme" { email "a@b.example" } jurisdictions EU, EEA, US-CA }\ncategory c "C" { class personal }\nrecipient r "R"\npurpose p "P" { basis contract  uses c }\nallow sell c to r for p unless in EEA as outside\n`;
    const model = compileText(text).model!;
    const ask = (facts: string[]) => explain(model, { action: "sell", category: "c", recipient: "r", purpose: "p", facts });
    const de = ask(["in:DE"]);
    expect(de.errors).toEqual([]);
    expect(de.results[0]!.decision.allowed).toBe(false);
    expect(renderExplanation(model, de)).toContain("sell c to r for p\n  decision when in:DE (so in:EU, in:EEA): DENIED");
    expect(ask(["in:BR"]).results[0]!.decision.allowed).toBe(true);
    expect(ask(["in:EU", "in:EEA"]).errors).toEqual([]);
    expect(ask(["in:EU", "in:US-CA"]).errors).toEqual([expect.stringContaining("a person is in one place")]);
    expect(ask(["in:eu"]).errors).toEqual(["unknown condition `in:eu`: did you mean `in:EU`?"]);
  });

  it("keeps the consent hash of an audience of an age as it was when its rules said `minor`", () => {
    const text = `policy t "T" { controller "Acme" { email "a@b.example" } }\ncategory c "C" { class personal }\npurpose p "P" { basis consent  consent opt_in  uses c  marketing yes  withdraw "w"  excludes kids }\naudience kids "Kids" { age_under 13  collect no  marketing no }\n`;
    const model = compileText(text).model!;
    expect(model.rules.filter((r) => r.origin === "audience").flatMap((r) => r.conditions.map((l) => l.atom))).toContain("age_under:13");
    // the model as compilers before ages wrote it
    const asMinor = (r: Rule): Rule => ({ ...r, conditions: r.conditions.map((l) => ({ ...l, atom: l.atom.startsWith("age_under:") ? "minor" : l.atom })), exceptions: r.exceptions.map(asMinor) });
    const { hash: _h, consentHash: _c, ...rest } = model;
    const before = computeHashes({ ...rest, rules: model.rules.map((r) => (r.origin === "audience" ? asMinor(r) : r)) });
    expect(before.consentHash).toBe(model.consentHash);
    // the model's meaning did change: the guards now tell a 14-year-old from a child
    expect(before.hash).not.toBe(model.hash);
  });
});
