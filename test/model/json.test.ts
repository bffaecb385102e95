/**
 * The model is JSON through and through: written as policy.json, and compared as JSON by a watch
 * session (`src/model/parts.ts`: equal JSON is taken as equal content, so a document section, the
 * decision table or the guards are reused). A value JSON writes otherwise than it is (a Map, a
 * function, `undefined` in an array, which JSON writes as `null`) would make two different models
 * look equal. On the examples and on random policies, the model read back from its JSON is the
 * model.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compile } from "../../src/program.js";
import type { PolicyModel } from "../../src/model/types.js";
import { compileText } from "../helpers.js";
import { policyTextArb } from "../semantics/arbitrary-policy.js";

/** The model as plain data (its hashes read), and the same read back from its JSON. */
function roundTrip(model: PolicyModel): { model: unknown; json: unknown } {
  return { model: { ...model }, json: JSON.parse(JSON.stringify(model)) };
}

describe("the model is JSON", () => {
  test.each(["xiaomi", "taskflow", "pixelquest"])("examples/%s: its JSON read back is the model", (name) => {
    const { model, json } = roundTrip(compile(`examples/${name}.policy`).model!);
    expect(json).toEqual(model);
  });

  test("random policies: their JSON read back is the model", () => {
    let models = 0;
    fc.assert(
      fc.property(policyTextArb, (text) => {
        const r = compileText(text);
        if (!r.model) return;
        models += 1;
        const { model, json } = roundTrip(r.model);
        expect(json).toEqual(model);
      }),
      { numRuns: 60 },
    );
    expect(models).toBeGreaterThan(0);
  });

  test("the comparison sees what JSON loses", () => {
    expect({ a: [null] }).not.toEqual({ a: [undefined] });
    expect({ a: {} }).not.toEqual({ a: new Map([["k", 1]]) });
  });
});
