import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, allRequests, inScope, literalHolds } from "../../src/semantics/evaluate.js";
import { allowedParts, allowsSome, AtomIndex, buildDecisionTable, cellIndex, decideCell, lookupVerdict, someCell, type DecisionTable, type Verdict } from "../../src/semantics/table.js";
import type { Request } from "../../src/semantics/evaluate.js";
import { checkAssertion, neverViolations } from "../../src/semantics/assertions.js";
import type { PolicyModel, Rule } from "../../src/model/types.js";
import { compile } from "../../src/program.js";
import { compileText } from "../helpers.js";
import { ATOMS_USED, policyTextArb } from "./arbitrary-policy.js";

/** Every assignment of `atoms` (by default those the generator uses). */
function* factSets(atoms: readonly string[] = ATOMS_USED): Generator<Set<string>> {
  for (let m = 0; m < 1 << atoms.length; m++) yield new Set(atoms.filter((_, i) => m & (1 << i)));
}

/** Every cell of the table with its request, in table order, as `someCell` visits them. */
function cellsOf(table: DecisionTable): { request: Request; verdict: Verdict }[] {
  const out: { request: Request; verdict: Verdict }[] = [];
  someCell(table, (verdict, action, category, purpose, recipient) => {
    out.push({ request: { action, category, purpose, recipient }, verdict });
    return false;
  });
  return out;
}

function agree(model: PolicyModel, atomsVaried?: readonly string[]): void {
  const table = buildDecisionTable(model);
  const cells = cellsOf(table);
  expect(cells.length).toBe(table.verdicts.length);
  const atoms = new AtomIndex(model);
  let i = 0;
  for (const req of allRequests(model)) {
    const { request, verdict: cell } = cells[i++]!;
    expect(request).toEqual(req);
    for (const facts of factSets(atomsVaried)) {
      const reference = evaluate(model, req, facts);
      const fromTable = decideCell(cell, atoms.mask(facts));
      const referenceRule = reference.decidedBy?.rule.id ?? null;
      if (reference.allowed !== fromTable.allowed || referenceRule !== fromTable.rule) {
        throw new Error(
          `disagree on ${JSON.stringify(req)} with ${[...facts].join(",")}: ` +
            `evaluator ${reference.allowed} by ${referenceRule}, table ${fromTable.allowed} by ${fromTable.rule}`,
        );
      }
    }
  }
  expect(i).toBe(cells.length);
}

describe("decision table", () => {
  it("agrees with the reference evaluator on every request of random policies", () => {
    fc.assert(
      fc.property(policyTextArb, (text) => {
        const r = compileText(text);
        const errors = r.diagnostics.filter((d) => d.severity === "error" && !d.code.startsWith("PC3"));
        expect(errors, text).toEqual([]);
        agree(r.model!);
      }),
      { numRuns: 100 },
    );
  });

  it("agrees with the reference evaluator on every example", () => {
    for (const f of ["examples/xiaomi.policy", "examples/taskflow.policy", "examples/pixelquest.policy"]) {
      const r = compile(f);
      expect(r.model, f).toBeDefined();
      agree(r.model!);
    }
  });

  it("implements deny-overrides with exceptions", () => {
    const r = compileText(
      `policy t "T" { controller "A" { email "a@b.c" } }\ncategory c "C"\nrecipient r "R"\npurpose p "P" { basis contract uses c }\n` +
        `allow share c with r when consent\ndeny share c with r except allow when required_by_law\n`,
    );
    const m = r.model!;
    const req = { action: "share" as const, category: "c", purpose: "p", recipient: "r" };
    expect(evaluate(m, req, new Set(["consent"])).allowed).toBe(false);
    expect(evaluate(m, req, new Set(["required_by_law"])).allowed).toBe(true);
    expect(evaluate(m, req, new Set()).allowed).toBe(false);
    expect(evaluate(m, { ...req, action: "use", recipient: null }, new Set()).allowed).toBe(true);
  });

  it("never lets an exception reach past its rule's conditions: it carves a part out of the rule", () => {
    const r = compileText(
      `policy t "T" { controller "A" { email "a@b.c" }  jurisdictions US-CA, EU }\ncategory c "C"\nrecipient r "R"\npurpose p "P" { basis contract uses c }\n` +
        // a deny in California with an allow at the person's request: outside California
        // nothing allows the sale, at request or not
        `deny sell c to r when in US-CA except allow when at_request\n` +
        // an allow with consent, whose deny exception for minors holds only where it would allow:
        // a minor shared with under a law is not denied by it
        `allow share c with r when consent except deny when minor\nallow share c with r when required_by_law\n`,
    );
    const m = r.model!;
    // over every assignment of the facts these rules test
    agree(m, ["at_request", "consent", "minor", "required_by_law", "in:US-CA", "in:EU"]);
    const sell = { action: "sell" as const, category: "c", purpose: "p", recipient: "r" };
    expect(evaluate(m, sell, new Set(["in:US-CA", "at_request"])).allowed).toBe(true);
    expect(evaluate(m, sell, new Set(["in:US-CA"])).allowed).toBe(false);
    expect(evaluate(m, sell, new Set(["in:EU", "at_request"])).allowed).toBe(false);
    expect(evaluate(m, sell, new Set(["at_request"])).decidedBy).toBeNull();
    const share = { ...sell, action: "share" as const };
    expect(evaluate(m, share, new Set(["consent", "minor"])).allowed).toBe(false);
    expect(evaluate(m, share, new Set(["required_by_law", "minor"])).allowed).toBe(true);
    expect(evaluate(m, share, new Set(["consent"])).allowed).toBe(true);
  });

  it("decides a rule with 2,000 exceptions that share their conditions as the reference evaluator does", () => {
    // only whether an earlier exception applies matters to a later one: the formula of "some
    // earlier exception" must not grow with their number
    const exceptions = "  allow when consent\n  allow when at_request, consent\n".repeat(1000);
    const r = compileText(
      `policy t "T" { controller "A" { email "a@b.c" } }\ncategory c "C"\nrecipient r "R"\npurpose p "P" { basis contract uses c }\n` +
        `deny share c with r except {\n${exceptions}}\n`,
    );
    const m = r.model!;
    expect(m.rules[0]!.exceptions).toHaveLength(2000);
    agree(m);
    const req = { action: "share" as const, category: "c", purpose: "p", recipient: "r" };
    const first = m.rules[0]!.exceptions[0]!.id;
    expect(evaluate(m, req, new Set(["consent"])).decidedBy?.rule.id).toBe(first);
    expect(evaluate(m, req, new Set(["at_request"])).allowed).toBe(false);
  });
});

describe("allowsSome", () => {
  /** Every allow of a flow, top-level or an exception at any depth. */
  const flowAllows = (rules: readonly Rule[]): Rule[] =>
    rules.flatMap((r) => [...(r.effect === "allow" && r.recipients.length > 0 ? [r] : []), ...flowAllows(r.exceptions)]);

  it("says of each allow and recipient whether the reference evaluator lets a request through by it", () => {
    fc.assert(
      fc.property(policyTextArb, (text) => {
        const model = compileText(text).model!;
        const table = buildDecisionTable(model);
        const requests = [...allRequests(model)];
        for (const rule of flowAllows(model.rules)) {
          for (const recipient of rule.recipients) {
            const scope = { action: rule.action, categories: rule.categories, purposes: rule.purposes, recipients: [recipient] };
            // some request of the scope, under some facts, allowed with this rule among those deciding it
            const reference = requests.some(
              (req) =>
                req.recipient === recipient &&
                inScope(rule, req) &&
                [...factSets()].some((facts) => {
                  // people who can exist: explicit consent is consent too
                  if (facts.has("explicit_consent") && !facts.has("consent")) return false;
                  const d = evaluate(model, req, facts);
                  return d.allowed && d.applied.some((s) => s.rule.id === rule.id);
                }),
            );
            expect(allowsSome(table, rule.id, scope), `${rule.id} to ${recipient} in\n${text}`).toBe(reference);
            // the categories and purposes it lets through, each as allowsSome says of it alone
            const parts = allowedParts(table, rule.id, scope);
            expect(parts.categories.size > 0, `${rule.id} to ${recipient} in\n${text}`).toBe(reference);
            for (const category of rule.categories) expect(parts.categories.has(category), category).toBe(allowsSome(table, rule.id, { ...scope, categories: [category] }));
            for (const purpose of rule.purposes) expect(parts.purposes.has(purpose), purpose).toBe(allowsSome(table, rule.id, { ...scope, purposes: [purpose] }));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("counts an allow only under facts under which no deny of the cell holds", () => {
    const m = compileText(
      `policy t "T" { controller "A" { email "a@b.c" } }\ncategory c "C"\nrecipient r "R"\npurpose p "P" { basis contract uses c }\n` +
        `allow share c with r when consent as a\nallow share c with r when at_request as b\ndeny share c with r when consent\ndeny share c with r when not at_request, not explicit_consent\n`,
    ).model!;
    const scope = { action: "share" as const, categories: ["c"], purposes: ["p"], recipients: ["r"] };
    const table = buildDecisionTable(m);
    expect(allowsSome(table, "a", scope)).toBe(false);
    expect(allowsSome(table, "b", scope)).toBe(true);
  });
});

describe("audiences", () => {
  const text =
    `policy t "T" { controller "A" { email "a@b.c" } }\naudience kids "Kids" { age_under 13  marketing no }\n` +
    `category email "Email" { class personal }\ncategory address "Address" { class personal }\ncategory stats "Stats" { class aggregate }\n` +
    `recipient partners "Partners"\n` +
    `purpose news "News" { basis consent  consent opt_in  uses email  excludes kids  withdraw "w" }\n` +
    `purpose ads "Ads" { basis legitimate_interests  interest "i"  uses email  marketing yes }\n` +
    `allow share all_data with anyone when permitted_by_law\n`;
  const m = compileText(text).model!;
  const share = (category: string, purpose: string, facts: string[]) =>
    evaluate(m, { action: "share", category, purpose, recipient: "partners" }, new Set(facts));

  // a child under 13: a minor, and under the audience's age
  const kid = ["minor", "age_under:13"];

  it("a purpose that excludes an audience is closed to its members' personal data, whatever the purpose uses", () => {
    expect(share("address", "news", ["permitted_by_law"]).allowed).toBe(true);
    expect(share("address", "news", ["permitted_by_law", ...kid]).allowed).toBe(false);
    expect(share("address", "news", ["permitted_by_law", ...kid]).decidedBy?.rule.id).toBe("excludes:news:share");
    expect(share("email", "news", ["permitted_by_law", ...kid]).allowed).toBe(false);
    // aggregate data the purpose does not use is about no one
    expect(share("stats", "news", ["permitted_by_law", ...kid]).allowed).toBe(true);
    // a minor of 14 is not in an audience of children under 13
    expect(share("address", "news", ["permitted_by_law", "minor"]).allowed).toBe(true);
  });

  it("`marketing no` keeps their personal data from every marketing purpose: used, shared, sold or transferred", () => {
    expect(share("address", "ads", ["permitted_by_law"]).allowed).toBe(true);
    expect(share("address", "ads", ["permitted_by_law", ...kid]).decidedBy?.rule.id).toBe("audience:kids:marketing:share");
    expect(evaluate(m, { action: "use", category: "email", purpose: "ads", recipient: null }, new Set(kid)).decidedBy?.rule.id).toBe("audience:kids:marketing");
    expect(evaluate(m, { action: "use", category: "email", purpose: "ads", recipient: null }, new Set()).allowed).toBe(true);
  });
});

describe("assertions", () => {
  it("never reports a satisfied assertion and always reports a violated one, with a counterexample the evaluator confirms", () => {
    const scopeArb = fc.record({
      action: fc.constantFrom("collect", "use", "share", "sell"),
      data: fc.constantFrom("personal", "c1", "g", "all_data"),
      unless: fc.subarray(["consent", "required_by_law", "not minor"], { maxLength: 2 }),
    });
    fc.assert(
      fc.property(policyTextArb, scopeArb, (text, s) => {
        const flow = s.action === "share" || s.action === "sell";
        const assertion = `assert never ${s.action} ${s.data}${flow ? " with anyone" : ""}${s.unless.length ? " unless " + s.unless.join(", ") : ""}`;
        const base = compileText(text);
        const model = base.model!;
        const a = compileText(text + assertion + "\n");
        const assertionModel = a.model!.assertions[0]!;
        // brute force with the evaluator: allowed anywhere with every `unless` literal false?
        let violated = false;
        for (const req of allRequests(model)) {
          if (req.action !== s.action || !assertionModel.categories.includes(req.category)) continue;
          if (req.recipient !== null && !assertionModel.recipients.includes(req.recipient)) continue;
          for (const facts of factSets()) {
            // assertions range over people who can exist: explicit consent is consent too
            if (facts.has("explicit_consent") && !facts.has("consent")) continue;
            const unlessFalse = assertionModel.conditions.every((l) => literalHolds(l, facts));
            if (unlessFalse && evaluate(model, req, facts).allowed) violated = true;
          }
        }
        const reported = a.diagnostics.some((d) => d.code === "PC3019");
        expect(reported, `${assertion}\n${text}`).toBe(violated);
        if (violated) {
          const cx = checkAssertion(buildDecisionTable(a.model!), assertionModel)!;
          expect(evaluate(a.model!, cx.request, new Set(cx.facts)).allowed).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("assertion checks over shared verdicts", () => {
  // buildDecisionTable shares one verdict object among cells decided alike, and the checks try a
  // verdict once: a table whose every cell has a verdict of its own must give the same answers
  const unshared = (t: DecisionTable): DecisionTable => ({ ...t, verdicts: t.verdicts.map((v) => ({ ...v })) });
  const scopeArb = fc.record({
    mode: fc.constantFrom("never", "allows"),
    action: fc.constantFrom("collect", "use", "share", "sell"),
    data: fc.constantFrom("personal", "c1", "g", "all_data"),
    conditions: fc.subarray(["consent", "required_by_law", "minor"], { maxLength: 2 }),
  });

  it("find the same counterexamples, in the same order, as trying every cell", () => {
    let shared = 0;
    let violations = 0;
    fc.assert(
      fc.property(policyTextArb, scopeArb, (text, s) => {
        const flow = s.action === "share" || s.action === "sell";
        const tail = s.conditions.length ? (s.mode === "never" ? " unless " : " when ") + s.conditions.join(", ") : "";
        const compiled = compileText(`${text}assert ${s.mode} ${s.action} ${s.data}${flow ? " with anyone" : ""}${tail}\n`);
        const model = compiled.model!;
        const assertion = model.assertions[0]!;
        const table = buildDecisionTable(model);
        if (new Set(table.verdicts).size < table.verdicts.length) shared++;
        const alone = unshared(table);
        expect(checkAssertion(table, assertion)).toEqual(checkAssertion(alone, assertion));
        const found = neverViolations(table, assertion);
        violations += found.length;
        expect(found).toEqual(neverViolations(alone, assertion));
      }),
      { numRuns: 150 },
    );
    // the comparison means something: verdicts were shared, and rules broke assertions
    expect(shared).toBeGreaterThan(100);
    expect(violations).toBeGreaterThan(20);
  });

  it("report every rule that breaks an assertion on the flagship, as trying every cell does", () => {
    const model = compile("examples/xiaomi.policy").model!;
    const table = buildDecisionTable(model);
    for (const action of ["share", "sell", "transfer"] as const) {
      const claim = { ...model.assertions[0]!, id: "x", mode: "never" as const, action, categories: table.categories, purposes: table.purposes, recipients: table.recipients, conditions: [{ atom: "consent" as const, negated: true }] };
      const found = neverViolations(table, claim);
      expect(found).toEqual(neverViolations(unshared(table), claim));
      if (action === "share") expect(found.length).toBeGreaterThan(3);
    }
    // `assert allows` for each purpose: where the first cells hold, the counterexample comes late
    let late = 0;
    for (const action of ["use", "share"] as const)
      for (const purpose of table.purposes) {
        const claim = { ...model.assertions[0]!, id: "x", mode: "allows" as const, action, categories: table.categories, purposes: [purpose], recipients: table.recipients, conditions: [{ atom: "consent" as const, negated: false }] };
        const cx = checkAssertion(table, claim);
        expect(cx).toEqual(checkAssertion(unshared(table), claim));
        if (cx !== null && cx.request.category !== table.categories[0]) late++;
      }
    expect(late).toBeGreaterThan(3);
  });
});

describe("cellIndex", () => {
  it("finds the position of every cell of the table from its request, and nothing outside it", () => {
    const model = compile("examples/xiaomi.policy").model!;
    const table = buildDecisionTable(model);
    cellsOf(table).forEach(({ request, verdict }, i) => {
      expect(cellIndex(table, request)).toBe(i);
      expect(lookupVerdict(table, request)).toBe(verdict);
    });
    expect(cellIndex(table, { action: "share", category: "contact.email", purpose: "communications", recipient: null })).toBeUndefined();
    expect(lookupVerdict(table, { action: "use", category: "nope", purpose: "communications", recipient: null })).toBeUndefined();
  });
});
