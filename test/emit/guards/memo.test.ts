/**
 * With a memo (what `policyc build --watch` keeps), the guards emitter reuses the files it wrote
 * for a model that differs from the new one in nothing but its version, and puts the new version
 * in. The files must be byte for byte those of a one-off emit: on every example, after edits
 * that change the version and edits that change something else, on hostile versions, and on
 * random policies sharing one memo.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compile } from "../../../src/program.js";
import type { PolicyModel } from "../../../src/model/types.js";
import { guardsEmitter } from "../../../src/emit/guards/index.js";
import { VERSION_SLOT } from "../../../src/emit/guards/guards-source.js";
import { Memo } from "../../../src/util/memo.js";
import { compileText, withVersion } from "../../helpers.js";
import { policyTextArb } from "../../semantics/arbitrary-policy.js";
import { BANNER } from "./helpers.js";

function files(model: PolicyModel, memo?: Memo): Record<string, string> {
  const result = guardsEmitter.emit(model, { banner: BANNER, ...(memo ? { memo } : {}) });
  return Object.fromEntries(result.files.map((f) => [f.path, f.content]));
}

/** The memo's entry for a model's guards (one per policy). */
const entryOf = (memo: Memo, model: PolicyModel): unknown => memo.peek(`guards\u0000${model.header.source.file}`);

function modelOf(path: string, edit: (text: string) => string = (t) => t): PolicyModel {
  const r = compile(path, { rootText: edit(readFileSync(path, "utf8")) });
  if (!r.model) throw new Error(`${path} does not compile`);
  return r.model;
}

const versioned = (version: string) => (t: string) => withVersion(t, version);

describe("guards with a memo", () => {
  test.each(["xiaomi", "taskflow", "pixelquest"])("examples/%s: cold and warm memo give the files of a one-off emit", (name) => {
    const model = modelOf(`examples/${name}.policy`);
    const fresh = files(model);
    const memo = new Memo();
    expect(files(model, memo)).toEqual(fresh);
    expect(memo.count("guards")).toBe(1);
    const entry = entryOf(memo, model);
    expect(files(model, memo)).toEqual(fresh);
    expect(entryOf(memo, model)).toBe(entry);
  });

  test("a version edit reuses the files, with the new version in them", () => {
    const memo = new Memo();
    const original = modelOf("examples/xiaomi.policy");
    files(original, memo);
    const entry = entryOf(memo, original);
    expect(entry).toBeDefined();
    memo.sweep();
    const edited = modelOf("examples/xiaomi.policy", versioned("9.9.9"));
    const fresh = files(edited);
    expect(fresh["guards.ts"]).toContain('export const POLICY_VERSION: string | null = "9.9.9";');
    expect(fresh["guards.js"]).toContain('export const POLICY_VERSION = "9.9.9";');
    expect(files(edited, memo)).toEqual(fresh);
    // reused: the same entry, which the sweep after that build keeps
    expect(entryOf(memo, edited)).toBe(entry);
    memo.sweep();
    expect(memo.count("guards")).toBe(1);
  });

  test("versions that need escaping, and no version, read as a one-off emit writes them", () => {
    const memo = new Memo();
    const base = modelOf("examples/taskflow.policy");
    const versions = ['1.0 "beta"', "2\u2028line", "*/ x /*", "\u202eevil", "\u0000", "\\u0000", VERSION_SLOT, null];
    for (const version of versions) {
      const model: PolicyModel = { ...base, header: { ...base.header, version } };
      const out = files(model, memo);
      expect(out).toEqual(files(model));
      for (const text of Object.values(out)) expect(text).not.toContain("\u0000");
    }
    expect(files({ ...base, header: { ...base.header, version: null } })["guards.ts"]).toContain("export const POLICY_VERSION: string | null = null;");
    expect(memo.count("guards")).toBe(1);
  });

  test("the slot's text in the policy's own text is written as any text is", () => {
    const memo = new Memo();
    const base = modelOf("examples/taskflow.policy");
    const model: PolicyModel = {
      ...base,
      header: { ...base.header, title: { ...base.header.title, text: `T ${VERSION_SLOT} T` } },
      categories: base.categories.map((c, i) => (i === 0 ? { ...c, label: { ...c.label, text: VERSION_SLOT } } : c)),
    };
    const out = files(model, memo);
    expect(out).toEqual(files(model));
    for (const text of Object.values(out)) expect(text).not.toContain("\u0000");
    expect(out["guards.ts"]).toContain("T \\u0000POLICY_VERSION\\u0000 T");
  });

  test("the banner and the consent hash are part of what is reused", () => {
    const memo = new Memo();
    const model = modelOf("examples/taskflow.policy");
    const emit = (banner: string[], m: PolicyModel = model) => guardsEmitter.emit(m, { banner, memo }).files.find((f) => f.path === "guards.ts")!.content;
    expect(emit(["first banner"])).toContain("// first banner");
    expect(emit(["second banner"])).toContain("// second banner");
    expect(emit(["first banner"])).toContain("// first banner");
    // a model that says another consent hash than its parts make (not one buildModel makes)
    const other: PolicyModel = { ...model, consentHash: "sha256:other" };
    expect(emit(["first banner"], other)).toContain('"sha256:other"');
    expect(emit(["first banner"], other)).toEqual(guardsEmitter.emit(other, { banner: ["first banner"] }).files.find((f) => f.path === "guards.ts")!.content);
  });

  test("an edit to anything but the version writes the files again", () => {
    const memo = new Memo();
    files(modelOf("examples/xiaomi.policy"), memo);
    const edits = [
      (t: string) => t.replace("Xiaomi Privacy Policy", "Xiaomi | Privacy Policy"), // the title: POLICY_TITLE
      (t: string) => t.replace('"Direct marketing"', '"Direct marketing (edited)"'), // a label
      (t: string) => t.replace("deny share personal with partners for marketing.direct", "deny share personal with partners for marketing"), // a rule
      (t: string) => t.replace(/\ncategory [^\n]*\n/, (m) => `${m}// a comment only\n`), // lines move: rules name their lines
    ];
    let entry = entryOf(memo, modelOf("examples/xiaomi.policy"));
    for (const edit of edits) {
      const model = modelOf("examples/xiaomi.policy", edit);
      expect(files(model, memo)).toEqual(files(model));
      // written again, in place of the last (one entry per policy)
      const next = entryOf(memo, model);
      expect(next).toBeDefined();
      expect(next).not.toBe(entry);
      expect(memo.count("guards")).toBe(1);
      entry = next;
    }
  });

  test("random policies sharing one memo give the files of a one-off emit", () => {
    const memo = new Memo(8);
    fc.assert(
      fc.property(policyTextArb, fc.option(fc.string(), { nil: null }), (text, version) => {
        const r = compileText(text);
        if (!r.model) return;
        const model = { ...r.model, header: { ...r.model.header, version } };
        expect(files(model, memo)).toEqual(files(model));
      }),
      { numRuns: 30 },
    );
  });
});
