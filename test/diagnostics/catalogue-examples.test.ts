/**
 * Every diagnostic's documented example (docs/diagnostics.md, `policyc explain PCxxxx`) raises
 * that diagnostic, and no other error, when written into a small policy: the header (with
 * `jurisdictions EU, US-CA`, so that the regulatory checks run), the standard taxonomy and one
 * purpose. An example that declares its own `policy` keeps it; PC2007 (no policy at all) is
 * compiled alone. The few that cannot be written as one text say why.
 */
import { describe, expect, it } from "vitest";
import { ALL_CODES } from "../../src/diagnostics/catalogue.js";
import { compileText } from "../helpers.js";

const CANNOT: Readonly<Record<string, string>> = {
  PC1028: "needs bytes that are not UTF-8",
  PC1029: "needs 65 levels of nesting",
  PC1032: "needs more than 500 syntax errors (test/syntax/recovery.test.ts has them)",
  PC1034: "needs a carriage return alone, which an example in the documentation cannot show",
  PC1099: "no input is meant to cause it",
  PC2005: "needs two files that import each other",
  PC2021: "needs 22 audiences of different ages (its fixture has them)",
  PC2022: "needs a file that exists but cannot be read (test/syntax/cli-check.test.ts imports a device and a pipe)",
  PC2023: "needs a second file, the earlier version (its fixture has one)",
  PC2027: "needs hundreds of categories, purposes and recipients (its fixture has them)",
  PC2031: "needs a hundred each of categories, purposes and recipients and sixty broad rules (its fixture has them)",
  PC3026: "needs a second file, the earlier version (its fixture has one)",
  PC3027: "needs a second file, the earlier version (its fixture has one)",
};

function wrap(code: string, example: string): string {
  if (code === "PC2007") return example + "\n";
  const taxonomy = example.includes('import "std/taxonomy"') ? "" : 'import "std/taxonomy"\n';
  const policy = /^\s*policy\b/m.test(example) ? "" : 'policy p "P" { controller "Acme" { email "privacy@acme.example" }  jurisdictions EU, US-CA }\n';
  const purpose = 'purpose services "Services" { basis contract  uses contact, device, usage }\n';
  return taxonomy + policy + purpose + example + "\n";
}

describe("the catalogue's examples", () => {
  const checked = ALL_CODES.filter((c) => /^PC[1234]/.test(c.code) && !(c.code in CANNOT));

  it("cover the syntax, name, consistency and regulatory codes, but the few that cannot be one text", () => {
    expect(checked.length).toBeGreaterThan(70);
    for (const code of Object.keys(CANNOT)) expect(ALL_CODES.some((c) => c.code === code), code).toBe(true);
  });

  for (const c of checked) {
    it(`${c.code} ${c.name}: its example raises it, and no other error`, () => {
      const r = compileText(wrap(c.code, c.example));
      const codes = r.diagnostics.map((d) => d.code);
      expect(codes, c.example).toContain(c.code);
      expect(r.diagnostics.filter((d) => d.severity === "error" && d.code !== c.code).map((d) => `${d.code} ${d.message}`), c.example).toEqual([]);
    });
  }
});
