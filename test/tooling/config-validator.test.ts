/**
 * `policyc build` and `check` validate policyc.config.json with a validator that ajv generated
 * ahead of time (src/build/config-validator.compiled.ts), so that a run loads neither ajv nor
 * the schema compiler. This test regenerates it from schema/policyc-config.schema.json and fails
 * when the committed file is stale (`npm run baselines` rewrites it), and holds it to what ajv
 * compiling the schema at run time decides, errors included.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import compiled from "../../src/build/config-validator.compiled.js";
import { ROOT } from "./helpers.js";

const schemaText = readFileSync(join(ROOT, "schema", "policyc-config.schema.json"), "utf8");

/** The module text: ajv's standalone code, which must need nothing at run time. */
function compiledModule(): string {
  // `unicode: false` counts string length in UTF-16 units instead of through ajv's runtime
  // helper; the schema's only length bound is `minLength: 1`, where the two agree.
  const ajv = new Ajv2020({ allErrors: true, strict: true, unicode: false, logger: false, code: { source: true, esm: true } });
  const code = standaloneModule.default(ajv, ajv.compile(JSON.parse(schemaText) as object));
  if (/\brequire\s*\(|\bimport\b/.test(code)) throw new Error("the standalone config validator still needs a package at run time");
  return [
    "// @ts-nocheck",
    "// Generated from schema/policyc-config.schema.json by test/tooling/config-validator.test.ts",
    "// (ajv standalone code). Do not edit. Regenerate: npm run baselines",
    code.replace(/^"use strict";\s*/, ""),
    "",
  ].join("\n");
}

const reference = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(schemaText) as object);
const validate = compiled as unknown as ((data: unknown) => boolean) & { errors: ErrorObject[] | null };

const strip = (errors: readonly ErrorObject[] | null | undefined) =>
  (errors ?? []).map(({ instancePath, schemaPath, keyword, params, message }) => ({ instancePath, schemaPath, keyword, params, message }));

describe("the precompiled configuration validator", () => {
  it("is the current ajv compilation of the schema", async () => {
    await expect(compiledModule()).toMatchFileSnapshot("../../src/build/config-validator.compiled.ts");
  });

  it("decides like ajv compiling the schema at run time, with the same errors", () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom("", "gdpr", "ccpa", "en", "pt-BR", "x"));
    const config = fc.record(
      {
        inputs: fc.oneof(fc.array(fc.oneof(fc.string(), value), { maxLength: 3 }), value),
        outDir: value,
        emitters: fc.array(fc.constantFrom("model", "document", "", "model"), { maxLength: 3 }),
        templates: value,
        languages: fc.array(fc.constantFrom("en", "de", "EN", "pt-BR", "x"), { maxLength: 3 }),
        profiles: fc.array(fc.oneof(fc.constantFrom("gdpr", "ccpa", "hipaa"), value), { maxLength: 3 }),
        rules: fc.dictionary(fc.constantFrom("PC3002", "unused-category", "x"), fc.oneof(fc.constantFrom("off", "warning", "error", "info"), value)),
        withSources: value,
        extra: value,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(config, value, fc.array(value)), (data) => {
        const expected = reference(data);
        expect(validate(data)).toBe(expected);
        expect(strip(validate.errors)).toEqual(strip(reference.errors));
      }),
      { numRuns: 500 },
    );
  });
});
