import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { computeHashes } from "../../src/model/hash.js";
import { compile } from "../../src/program.js";
import { compileText, HEADER } from "../helpers.js";

const schema = JSON.parse(readFileSync(new URL("../../schema/policy-model.schema.json", import.meta.url), "utf8")) as object;

describe("the normalized model's JSON Schema", () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validate = ajv.compile(schema);

  it.each(["examples/xiaomi.policy", "examples/taskflow.policy", "examples/pixelquest.policy"])(
    "validates the model of %s in ajv strict mode",
    (file) => {
      const model = compile(file).model;
      // round-trip through JSON, as policy.json is written
      const ok = validate(JSON.parse(JSON.stringify(model)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    },
  );

  it("accepts a tracker whose gate the policy does not state (null), and a text marked as the standard library's", () => {
    const model = compileText(
      HEADER + `import "std/taxonomy"\npurpose p "P" { basis contract  uses contact.email }\ntracker t "T" { type cookie  collects contact.email  purposes p }\n`,
    ).model!;
    expect(model.trackers[0]!.gate).toBeNull();
    expect(model.categories.find((c) => c.id === "contact.email")!.label.std).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(model)))).toBe(true);
  });

  it("versions the model, without making the version part of the policy's fingerprint", () => {
    const model = compile("examples/taskflow.policy").model!;
    expect(model.$schema).toBe((schema as { $id: string }).$id);
    const { hash, consentHash, ...rest } = model;
    expect(computeHashes({ ...rest, $schema: "https://policyc.dev/schema/policy-model-1.json" } as unknown as typeof rest)).toEqual({ hash, consentHash });
  });

  it("rejects a model with a misspelled member", () => {
    const model = JSON.parse(JSON.stringify(compile("examples/taskflow.policy").model)) as Record<string, unknown>;
    model["purpose"] = model["purposes"];
    expect(validate(model)).toBe(false);
  });
});

describe("the content hash", () => {
  it("ignores formatting and comments, but not meaning", () => {
    const a = compileText(HEADER + `category c "C"\npurpose p "P" { basis contract uses c }\n`).model!;
    const b = compileText(HEADER + `// a comment\n\ncategory   c "C"\n\n\npurpose p "P" {\n  basis contract\n  uses c\n}\n`).model!;
    const c = compileText(HEADER + `category c "C"\npurpose p "P" { basis consent uses c }\n`).model!;
    expect(b.hash).toBe(a.hash);
    expect(c.hash).not.toBe(a.hash);
    expect(c.consentHash).not.toBe(a.consentHash);
  });

  it("does not make consent stale when only wording or translations change", () => {
    const a = compileText(HEADER + `category c "C"\npurpose p "P" { basis consent uses c withdraw "x" }\n`).model!;
    const b = compileText(HEADER + `category c "C" @de "C"\npurpose p "Purpose" { basis consent uses c withdraw "y" }\n`).model!;
    expect(b.hash).not.toBe(a.hash);
    expect(b.consentHash).toBe(a.consentHash);
  });
});

describe("inline suppressions", () => {
  it("silence one diagnostic on the next declaration, with a reason", () => {
    const text = HEADER + `category c "C"\ncategory d "D"\n// policyc-ignore PC3002: kept for the next release\ncategory e "E"\npurpose p "P" { basis contract uses c }\n`;
    const codes = compileText(text).diagnostics.map((d) => `${d.code}@${text.slice(0, d.span!.start).split("\n").length}`);
    expect(codes).toContain("PC3002@3"); // `d` is still reported
    expect(codes).not.toContain("PC3002@5"); // `e` is suppressed
  });
});
