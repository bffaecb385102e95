/**
 * Words that name members of `Object.prototype` (`toString`, `constructor`, `__proto__`...) are
 * words like any other wherever the language reads a name: a field, a party's field, an action,
 * a condition, a unit. Lookup tables once answered them from the prototype: a field `toString`
 * crashed the lowering (PC1099), `when toString` crashed the compiler, and `allow toString a`
 * compiled to a rule without an action. Each must be an ordinary error with a code and a place.
 */
import { describe, expect, test } from "vitest";
import { compileText } from "../helpers.js";
import { EMITTERS } from "../../src/emit/registry.js";

const WORDS = [...Object.getOwnPropertyNames(Object.prototype), "prototype", "__proto__"].filter((w) => /^[A-Za-z_][\w]*$/.test(w));

const HEAD = `policy s "S" { controller "C" { email "a@b.example" } }
category a { class personal }
purpose p { basis contract  uses a }
retention r { applies_to a  period 1 year }
`;

const PLACES: readonly [string, (w: string) => string, string][] = [
  ["a block's field", (w) => `category b { ${w} }`, "PC1010"],
  ["a block's field with a value", (w) => `section s { ${w} "x" }`, "PC1010"],
  ["a party's field", (w) => `policy s "S" { controller "C" { email "a@b.example"  ${w} "x" } }`, "PC1010"],
  ["a rule's action", (w) => `allow ${w} a`, "PC1016"],
  ["an assertion's action", (w) => `assert never ${w} a`, "PC1016"],
  ["a condition", (w) => `allow use a for p when ${w}`, "PC1017"],
];

describe("words named like Object.prototype's members", () => {
  for (const [place, write, code] of PLACES) {
    test(`in ${place}: an ordinary error, ${code}, never a crash`, () => {
      for (const w of WORDS) {
        const extra = write(w);
        // a party's field is in the header itself: the policy is that line alone
        const text = extra.startsWith("policy ") ? extra : `${HEAD}${extra}\n`;
        const r = compileText(text);
        const codes = r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code);
        expect(codes, `${extra}`).toContain(code);
        expect(codes, `${extra}`).not.toContain("PC1099");
        expect(r.diagnostics.find((d) => d.code === code)?.span, `${extra}`).toBeDefined();
      }
    });
  }

  test("as a unit, the word is not a unit", () => {
    for (const w of WORDS) {
      const r = compileText(`${HEAD}retention q { applies_to a  period 3 ${w} }\n`);
      expect(r.diagnostics.some((d) => d.code === "PC1011"), w).toBe(true);
      expect(r.diagnostics.map((d) => d.code)).not.toContain("PC1099");
    }
  });

  test("as names of declarations they compile and emit like any name", () => {
    const r = compileText(`${HEAD}category toString { class personal }\npurpose constructor { basis contract  uses toString }\nretention valueOf { applies_to toString  period 1 year }\n`);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.model).toBeDefined();
    for (const e of EMITTERS) expect(() => e.emit(r.model!, { banner: ["t"] })).not.toThrow();
  });
});
