/**
 * How the jurisdictions a policy names are read: a place written out (`California`,
 * `CALIFORNIA`) is offered by its code. Each is a place where the CCPA's (or the GDPR's) checks
 * would otherwise be silently off.
 */
import { describe, expect, it } from "vitest";
import { compileText } from "../helpers.js";

const header = (j: string) => `policy test "Test" { controller "Acme" { email "privacy@acme.example" }  jurisdictions ${j} }\n`;
const body = `category c "C" { class personal }\nrecipient r "R"\npurpose p "P" { basis contract  uses c }\n`;

/** `[code, text under the span, help]` of the jurisdiction diagnostics of a policy. */
function found(text: string, codes = ["PC2013", "PC2018", "PC2020", "PC2024"]): [string, string, string | undefined][] {
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
