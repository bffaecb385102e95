import { describe, expect, it } from "vitest";
import { compile } from "../../src/program.js";
import { explain, explanationJson, renderExplanation } from "../../src/semantics/explain.js";
import { parseRequestWords } from "../../src/cli/explain.js";
import { compileText } from "../helpers.js";

const xiaomi = compile("examples/xiaomi.policy").model!;

describe("policyc explain", () => {
  it("parses a request as people write it", () => {
    expect(parseRequestWords(["disclose", "contact.email", "with", "partners", "for", "marketing.direct"])).toEqual({
      action: "share",
      category: "contact.email",
      recipient: "partners",
      purpose: "marketing.direct",
    });
    expect(() => parseRequestWords(["shar", "contact"])).toThrow(/unknown action `shar`/);
    expect(() => parseRequestWords(["share", "contact", "with"])).toThrow(/expected a name after `with`/);
  });

  it("gives the decision, its conditions and the chain of rules with locations", () => {
    const ex = explain(xiaomi, {
      action: "share",
      category: "contact.email",
      recipient: "partners",
      purpose: "marketing.direct",
      facts: ["required_by_law"],
    });
    expect(ex.errors).toEqual([]);
    expect(ex.results).toHaveLength(1);
    // the source's promise is unconditional, and deny overrides what a law requires
    expect(ex.results[0]!.decision.allowed).toBe(false);
    const text = renderExplanation(xiaomi, ex, "examples");
    expect(text).toContain("decision when required_by_law: DENIED");
    expect(text).toMatch(/decided by: no_partner_marketing \(examples\/xiaomi\.policy:\d+:1\)\n/);
    expect(text).toContain("in general: never allowed");
    expect(text).toMatch(/rules that apply:\n    deny  no_partner_marketing .*\n    allow lawful_disclosure/);
    // an exception's chain: the allow, then the deny under it that decides
    const pixelquest = compile("examples/pixelquest.policy").model!;
    const teen = explain(pixelquest, { action: "share", category: "device.id", recipient: "advertisers", purpose: "marketing.advertising", facts: ["consent", "age:14"] });
    expect(teen.results[0]!.decision.allowed).toBe(false);
    expect(renderExplanation(pixelquest, teen, "examples")).toMatch(/decided by: ads \(examples\/pixelquest\.policy:\d+:1\) -> except no_ads_sharing_under_16 \(examples\/pixelquest\.policy:\d+:10\)/);
  });

  it("answers a purpose that asks for no consent with `consent` holding, as the guards do", () => {
    const text =
      `policy p "P" { controller "X" { email "a@b.c" } }\ncategory c "C" { class personal }\nrecipient r "R" { type partner }\n` +
      `purpose n "N" { basis contract  uses c }\npurpose o "O" { basis consent  uses c }\nallow share c with r when consent\n`;
    const model = compileText(text).model!;
    const ask = (purpose: string) => explain(model, { action: "share", category: "c", recipient: "r", purpose, facts: [] });
    // `n` asks for nothing (a contract): its consent holds for everyone, and the guards allow
    expect(ask("n").results[0]!.decision.allowed).toBe(true);
    expect(renderExplanation(model, ask("n"))).toContain("decision when no condition holds but consent (`n` asks for none: `consent notice`): ALLOWED");
    // `o` asks first: without the consent given, denied, and nothing said of consent holding
    expect(ask("o").results[0]!.decision.allowed).toBe(false);
    expect(renderExplanation(model, ask("o"))).toContain("decision when no condition holds: DENIED");
    const json = JSON.stringify(explanationJson(model, ask("n")));
    expect(json).toContain('"derived":["consent"]');
  });

  it("answers a purpose no record can hold explicit consent for without it, as the guards do", () => {
    const text =
      `policy p "P" { controller "X" { email "a@b.c" } }\ncategory c "C" { class personal }\nrecipient r "R" { type partner }\n` +
      `purpose b "Billing" { basis contract  uses c }\npurpose o "O" { basis explicit_consent  uses c }\nallow share c with r when explicit_consent\n`;
    const model = compileText(text).model!;
    const ask = (purpose: string) => explain(model, { action: "share", category: "c", recipient: "r", purpose, facts: ["explicit_consent"] });
    expect(ask("b").results[0]!.decision.allowed).toBe(false);
    expect(renderExplanation(model, ask("b"))).toContain("decision when explicit_consent (explicit consent cannot be given for `b`: no consent record carries it, so it is left out): DENIED");
    expect(explanationJson(model, ask("b"))[0]).toMatchObject({ facts: { ignored: ["explicit_consent"] } });
    // a purpose that asks for it: allowed with it
    expect(ask("o").results[0]!.decision.allowed).toBe(true);
  });

  it("locates an exclusion a purpose inherits where its parent writes `excludes`", () => {
    const text =
      `policy p "P" { controller "X" { email "a@b.c" } }\naudience kids "Kids" { age_under 13 }\ncategory c "C" { class personal }\n` +
      `purpose m "M" { basis contract  uses c  excludes kids }\npurpose m.child "Child" { uses c }\n`;
    const model = compileText(text).model!;
    const ex = explain(model, { action: "use", category: "c", purpose: "m.child", facts: ["minor"] });
    expect(ex.results[0]!.decision.allowed).toBe(false);
    expect(renderExplanation(model, ex)).toContain("decided by: excludes:m.child:use (main.policy:4:50)");
  });

  it("locates an exclusion at its list in the imported file when a refining declaration does not write it", () => {
    const lib = `audience kids "Kids" { age_under 13 }\ncategory c "C" { class personal }\npurpose m "M" {\n  basis contract\n  uses c\n  excludes kids\n}\n`;
    const text = `import "lib.policy"\npolicy p "P" { controller "X" { email "a@b.example" } }\npurpose m { prose "Refined here." }\n`;
    const model = compileText(text, { "lib.policy": lib }).model!;
    const ex = explain(model, { action: "use", category: "c", purpose: "m", facts: ["age:10"] });
    expect(renderExplanation(model, ex)).toContain("decided by: excludes:m:use (lib.policy:6:12)");
  });

  it("names a rule or an exception written without `as` by its place, not by its generated id", () => {
    const text =
      `policy p "P" { controller "X" { email "a@b.c" } }\ncategory c "C" { class personal }\nrecipient police "Police" { type authority }\n` +
      `purpose legal "L" { basis legal_obligation  uses c }\n` +
      `deny share c with anyone\n  except allow with police when required_by_law\n`;
    const model = compileText(text).model!;
    const ex = explain(model, { action: "share", category: "c", recipient: "police", purpose: "legal", facts: ["required_by_law"] });
    expect(ex.results[0]!.decision.allowed).toBe(true);
    const out = renderExplanation(model, ex);
    expect(out).toContain("decided by: the rule at main.policy:5:1 -> the exception at main.policy:6:10\n");
    expect(out).toContain("    allow the exception at main.policy:6:10\n");
    expect(out).not.toContain("except:");
    expect(out).not.toContain("rule:");
  });

  it("explains a built-in group (personal, sensitive, all_data) leaf by leaf, and says when the policy has none of it", () => {
    const personal = explain(xiaomi, { action: "sell", category: "personal", recipient: "partners", purpose: "marketing.direct", facts: [] });
    expect(personal.errors).toEqual([]);
    const leaves = xiaomi.categories.filter((c) => c.children.length === 0 && c.classification !== "anonymous" && c.classification !== "aggregate");
    expect(personal.results.map((r) => r.request.category).sort()).toEqual(leaves.map((c) => c.id).sort());
    expect(personal.results.every((r) => !r.decision.allowed)).toBe(true);
    expect(explain(xiaomi, { action: "use", category: "all_data", purpose: "services.provide", facts: [] }).results).toHaveLength(
      xiaomi.categories.filter((c) => c.children.length === 0).length,
    );
    expect(explain(xiaomi, { action: "use", category: "sensitive", purpose: "services.provide", facts: [] }).errors).toEqual([
      "the policy has no `sensitive` data",
    ]);
  });

  it("denies by default and says so", () => {
    const ex = explain(xiaomi, { action: "sell", category: "contact.email", recipient: "partners", purpose: "marketing.direct", facts: [] });
    const text = renderExplanation(xiaomi, ex);
    expect(text).toContain("DENIED");
    expect(text).toContain("no_sale");
  });

  it("expands a parent category to its leaves and rejects unknown names", () => {
    const ex = explain(xiaomi, { action: "use", category: "contact", purpose: "communications", facts: [] });
    const leaves = xiaomi.categories.find((c) => c.id === "contact")!.leaves;
    expect(leaves.length).toBeGreaterThan(1);
    expect(ex.results.map((r) => r.request.category)).toEqual(leaves);
    const bad = explain(xiaomi, { action: "share", category: "contact.emial", purpose: "x", facts: ["consnet"] });
    expect(bad.errors).toEqual([
      "unknown category `contact.emial`: did you mean `contact.email`?",
      "unknown purpose `x`",
      "`share` needs a recipient: add `with <recipient>`",
      expect.stringContaining("unknown condition `consnet`"),
    ]);
    const near = explain(xiaomi, { action: "share", category: "contact", purpose: "marketing.direkt", recipient: "partner", facts: [] });
    expect(near.errors).toEqual(["unknown purpose `marketing.direkt`: did you mean `marketing.direct`?", "unknown recipient `partner`: did you mean `partners`?"]);
  });
});

describe("explain notes a person of no given age where the guards would refuse them", () => {
  it("an adult, under an age limit above 18, as the guards answer a context without an age", () => {
    const model = compileText(
      'policy a "A" { controller "Acme" { email "a@b.example" } jurisdictions EU }\ncategory email "Email" { class personal }\n' +
        'purpose drinks "Drinks offers" { basis legitimate_interests  interest "x"  uses email }\naudience under21 "Under 21" { age_under 21  marketing no }\n' +
        "deny use personal for drinks when age_under 21 as no_drinks_offers\n",
    ).model!;
    const ask = (facts: string[]) => explain(model, { ...parseRequestWords(["use", "email", "for", "drinks"]), facts });
    expect(ask(["in:DE"]).notes).toEqual([
      "a person without `age:N` or `minor` is taken to be an adult over every age the policy names; the guards answer a context without an `age` only as every age from 18 on is, and refuse the rest as `unknownAge`: give `age:N` to ask about one age",
    ]);
    expect(ask(["in:DE", "age:25"]).notes).toEqual([]);
    expect(ask(["in:DE", "minor"]).notes).toEqual([]);
  });
});
