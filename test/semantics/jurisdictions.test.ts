/**
 * How the jurisdictions a policy names are read: a place written out (`California`,
 * `CALIFORNIA`), a subdivision that does not exist (`US-XX`) or is written the wrong way round
 * (`CA-US`), a country where its state was meant (`US` for the CCPA), and a country code in a
 * condition where the policy declares a subdivision of that name (`in CA` beside `US-CA`).
 * Each is a place where the CCPA's (or the GDPR's) checks would otherwise be silently off.
 */
import { describe, expect, it } from "vitest";
import { compileText } from "../helpers.js";
import { explain } from "../../src/semantics/explain.js";

const header = (j: string) => `policy test "Test" { controller "Acme" { email "privacy@acme.example" }  jurisdictions ${j} }\n`;
const body = `category c "C" { class personal }\nrecipient r "R"\npurpose p "P" { basis contract  uses c }\n`;

/** `[code, text under the span, help]` of the jurisdiction diagnostics of a policy. */
function found(text: string, codes = ["PC2013", "PC2018", "PC2020", "PC2024", "PC2025", "PC2026"]): [string, string, string | undefined][] {
  return compileText(text)
    .diagnostics.filter((d) => codes.includes(d.code))
    .map((d) => [d.code, text.slice(d.span!.start, d.span!.end), d.help]);
}

describe("a place written out", () => {
  it("in any case, a US state's name is taken for its code, `US-CA`, not for a jurisdiction of the policy's own", () => {
    expect(found(header("EU, California") + body)).toEqual([["PC2020", "California", "did you mean `US-CA` (California)?"]]);
    // doing what the help of PC2020 used to say (`CALIFORNIA`) must not turn the CCPA off in silence
    expect(found(header("EU, CALIFORNIA") + body)).toEqual([["PC2024", "CALIFORNIA", "did you mean `US-CA` (California)?"]]);
    expect(found(header("new_york, NewYork, TEXAS, OHIO, district_of_columbia") + body)).toEqual([
      ["PC2020", "new_york", "did you mean `US-NY` (New York)?"],
      ["PC2020", "NewYork", "did you mean `US-NY` (New York)?"],
      ["PC2024", "TEXAS", "did you mean `US-TX` (Texas)?"],
      ["PC2024", "OHIO", "did you mean `US-OH` (Ohio)?"],
      ["PC2020", "district_of_columbia", "did you mean `US-DC` (District of Columbia)?"],
    ]);
  });

  it("a country's name is taken for its code; a name that is a country's and a state's offers both", () => {
    expect(found(header("Germany, GERMANY, united_states, Georgia") + body)).toEqual([
      ["PC2020", "Germany", "did you mean `DE` (Germany)?"],
      ["PC2024", "GERMANY", "did you mean `DE` (Germany)?"],
      ["PC2020", "united_states", "did you mean `US` (United States)?"],
      ["PC2020", "Georgia", "did you mean `GE` (Georgia, the country) or `US-GA` (Georgia, the US state)?"],
    ]);
    // a territory with a country code of its own is offered by it
    expect(found(header("PuertoRico") + body)).toEqual([["PC2020", "PuertoRico", "did you mean `PR` (Puerto Rico)?"]]);
  });

  it("a state's postal code alone, where it is no country, is taken for the state", () => {
    expect(found(header("NY, TX") + body)).toEqual([
      ["PC2024", "NY", "did you mean `US-NY` (New York)?"],
      ["PC2024", "TX", "did you mean `US-TX` (Texas)?"],
    ]);
  });

  it("keeps what is no place's name as it was: a region of the policy's own, a lower-case code", () => {
    expect(found(header("APAC, EMEA, WESTCOAST, US-CA") + body)).toEqual([]);
    expect(found(header("us, eu") + body)).toEqual([
      ["PC2020", "us", "write `US`"],
      ["PC2020", "eu", "write `EU`"],
    ]);
  });
});

describe("subdivisions", () => {
  it("reports a US subdivision that does not exist, with the state a name or the start of one spells", () => {
    const text = header("US-XX, US-TEXAS, US-CALI, US-CA, US-DC, US-PR, US-NY") + body;
    const d = compileText(text).diagnostics.filter((x) => x.code === "PC2025");
    expect(d.map((x) => [text.slice(x.span!.start, x.span!.end), x.message, x.help])).toEqual([
      [
        "US-XX",
        "jurisdiction `US-XX` names no subdivision policyc knows: the United States has no subdivision `XX` (ISO 3166-2:US)",
        "write the country's code, `-` and the subdivision's code (`US-CA` for California, `US-NY` for New York)",
      ],
      ["US-TEXAS", "jurisdiction `US-TEXAS` names no subdivision policyc knows: the United States has no subdivision `TEXAS` (ISO 3166-2:US)", "did you mean `US-TX` (Texas)?"],
      ["US-CALI", "jurisdiction `US-CALI` names no subdivision policyc knows: the United States has no subdivision `CALI` (ISO 3166-2:US)", "did you mean `US-CA` (California)?"],
    ]);
  });

  it("reports a US subdivision written the wrong way round, and takes any subdivision of another country", () => {
    const text = header("CA-US, DE-US, CA-QC, DE-BY, GB-ENG, FR-75") + body;
    expect(compileText(text).diagnostics.filter((x) => x.code === "PC2025").map((x) => [text.slice(x.span!.start, x.span!.end), x.message, x.help])).toEqual([
      ["CA-US", "jurisdiction `CA-US` names no subdivision policyc knows: it reads as `US-CA` with the country and the subdivision swapped", "did you mean `US-CA` (California)?"],
      ["DE-US", "jurisdiction `DE-US` names no subdivision policyc knows: it reads as `US-DE` with the country and the subdivision swapped", "did you mean `US-DE` (Delaware)?"],
    ]);
  });

  it("reports an unknown subdivision in a condition on a declared country, once", () => {
    expect(found(header("US, US-NY") + body + "allow share c with r for p when in US-XX\nallow share c with r for p when in US-XX, consent\n")).toEqual([
      ["PC2025", "US-XX", "write the country's code, `-` and the subdivision's code (`US-CA` for California, `US-NY` for New York)"],
    ]);
  });
});

describe("`US` alone", () => {
  it("says that the CCPA's checks and rights are California's, when no US subdivision is declared", () => {
    const text = header("EU, US") + body;
    const r = compileText(text);
    const d = r.diagnostics.filter((x) => x.code === "PC2026");
    expect(d.map((x) => [x.severity, text.slice(x.span!.start, x.span!.end), x.message, x.help])).toEqual([
      [
        "warning",
        "US",
        "jurisdiction `US` does not turn on the CCPA's checks and rights: they apply to California, `US-CA`",
        "if the policy covers California, add `US-CA` to `jurisdictions`; if it does not, suppress this with a reason",
      ],
    ]);
    expect(r.model!.rights.some((x) => x.jurisdiction === "US")).toBe(false);
  });

  it("is quiet where a US subdivision is declared, where `US` is not in the header, and when suppressed", () => {
    for (const j of ["US, US-CA", "US, US-NY", "US-CA", "EU", "CA"]) expect(found(header(j) + body, ["PC2026"]), j).toEqual([]);
    // a basis variant or a condition on `US` is no declaration of the policy's jurisdictions
    expect(found(header("EU") + `category c "C" { class personal }\nrecipient r "R"\npurpose p "P" { basis contract { US legitimate_interests }  uses c  interest "x" }\n`, ["PC2026"])).toEqual([]);
    const suppressed = `// policyc-ignore PC2026: we do not serve California\n` + header("US") + body;
    expect(found(suppressed)).toEqual([]);
    expect(compileText(header("US") + body, {}, { severities: { PC2026: "off" } }).diagnostics.map((d) => d.code)).not.toContain("PC2026");
  });
});

describe("a country in a condition where the policy declares its namesake subdivision", () => {
  it("says that `CA` is Canada and that the policy declares `US-CA`", () => {
    const text = header("EU, US-CA") + body + "allow share c with r for p when consent, in CA\n";
    expect(found(text)).toEqual([["PC2013", "CA", "`CA` is Canada; the policy declares `US-CA` (California): did you mean `US-CA`?"]]);
    // a subdivision of another country, whose name policyc does not know
    expect(found(header("DE-BY") + body + "allow share c with r for p when in BY\n")).toEqual([
      ["PC2013", "BY", "`BY` is Belarus; the policy declares `DE-BY`: did you mean `DE-BY`?"],
    ]);
    // a place written out in a condition
    expect(found(header("US-CA") + body + "allow share c with r for p when in CALIFORNIA\n")).toEqual([["PC2013", "CALIFORNIA", "did you mean `US-CA` (California)?"]]);
    // Canada declared: no hint
    expect(found(header("CA, US-CA") + body + "allow share c with r for p when in CA\n")).toEqual([]);
  });

  it("explain notes it for `--when in:CA`, and suggests the code of a place written out", () => {
    const model = compileText(header("EU, US-CA") + body + "allow share c with r for p when consent, in US-CA\n").model!;
    const q = (facts: string[]) => explain(model, { action: "share", category: "c", recipient: "r", purpose: "p", facts });
    const canada = q(["consent", "in:CA"]);
    expect(canada.errors).toEqual([]);
    expect(canada.notes).toEqual(["`in:CA` is Canada, which lies in no jurisdiction of the policy; it declares `US-CA` (California): did you mean `in:US-CA`?"]);
    expect(q(["consent", "in:US-CA"]).notes).toEqual([]);
    expect(q(["consent", "in:DE"]).notes).toEqual([]);
    expect(q(["in:CA-US"]).notes).toEqual(["`in:CA-US` names no subdivision policyc knows: it reads as `US-CA` with the country and the subdivision swapped; did you mean `in:US-CA` (California)?"]);
    expect(q(["in:California"]).errors).toEqual(["unknown condition `in:California`: did you mean `in:US-CA` (California)?"]);
  });
});
