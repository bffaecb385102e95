/**
 * Hostile text: labels full of quotes, backticks, comment terminators, template syntax, line
 * breaks, U+2028/U+2029, NUL, emoji and bidi controls; ids that are Object.prototype names
 * (`__proto__`, `constructor`, `toString`, `hasOwnProperty`, `valueOf`) or contain hyphens; a
 * source file name with `*\/`, quotes and `${}`. The generated TypeScript (guards, arbitraries,
 * invariants, validator declarations) compiles under `--strict` with zero errors, every string
 * comes back equal to the original, and the JavaScript the emitter renders itself behaves like
 * TypeScript's own compilation of guards.ts.
 */
import { join } from "node:path";
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import type * as TS from "typescript";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allRequests } from "../../../src/semantics/evaluate.js";
import { compare, type Arbitraries, type Stats } from "./agreement.js";
import { compileXiaomi, emitAll, file, importFile, scratch, typeCheck, writeFiles, type Compiled, type GuardsModule } from "./helpers.js";
import { compile } from "../../../src/program.js";
import { buildDecisionTable } from "../../../src/semantics/table.js";

const ts = createRequire(import.meta.url)("typescript") as typeof TS;

const Q = "`";
const D = "$";
/** The policy header (root file). Strings use the language's escapes (`\\"`, `\\n`, `\\u{...}`). */
const HOSTILE_HEADER = String.raw`policy hostile-1 "Title \"quotes\", ${Q}backticks${Q}, */ and ${D}{x} \u{2028} line\u{2029}sep \u{0} end" {
  controller "Acme" { email "a@b.example" }
  jurisdictions EU, US-CA
}
`;
/** Declarations, in a file the root imports. */
const HOSTILE_POLICY = String.raw`audience kids "Kids */ /* \n" { age_under 13  collect no  marketing no }
category __proto__ "Proto \" */ ${D}{evil} ${Q}tick${Q} \\ back" { class personal }
category constructor "Ctor\nnew line\u{D}\u{A}windows"
category toString """
  multi
  line */ label
"""
category hasOwnProperty "emoji 🎉 RTL \u{202E}abc \u{FEFF}bom"
category a-b "A-B </script> <!--"
category a-b.c_d "hyphen -->"
recipient isPrototypeOf "R proto" { needs_consent yes }
recipient valueOf "R valueOf */ //"
recipient a-b "R a-b" { needs_consent yes }
recipient a-b.x "R a-b x"
purpose constructor "P ctor ${D}{1+1} \u{2029}" { basis consent  consent opt_in  uses __proto__, toString  channels valueOf, email  marketing yes  profiling yes }
purpose propertyIsEnumerable "P proto */" { basis consent  consent opt_out  uses constructor, a-b }
purpose toString "P tostring" { basis contract  uses hasOwnProperty }
purpose hasOwnProperty "P hop" { basis explicit_consent  uses __proto__ }
allow share personal with isPrototypeOf for constructor when consent, recipient_consent as rule_1 "prose */ ${Q}x${Q} ${D}{y}"
allow share personal with a-b when recipient_consent, in US-CA
deny use __proto__ for constructor when minor except allow when required_by_law
retention keep "Keep \u{2028} */" { applies_to __proto__  period 30 days  end delete }
retention other "Other" { applies_to constructor  criteria while_needed  end delete }
assert never sell personal to anyone
assert allows share __proto__ with isPrototypeOf for constructor when consent, explicit_consent, recipient_consent
`;
/** Imported by a root file beside it, so that source references name it with its folder. */
const HOSTILE_FILE = `we*/ird "q" ${D}{x}\u2028.policy`;

function compileHostile(): Compiled {
  const host = { readFile: (path: string) => (path === `/virtual-guards/${HOSTILE_FILE}` ? HOSTILE_POLICY : undefined) };
  const root = `import ${JSON.stringify("./" + HOSTILE_FILE)}\n${HOSTILE_HEADER}`;
  const r = compile("/virtual-guards/main.policy", { cwd: "/virtual-guards", rootText: root, host });
  const errors = r.diagnostics.filter((d) => d.severity === "error" && /^PC[12]/.test(d.code));
  expect(errors.map((d) => d.message)).toEqual([]);
  return { model: r.model!, table: buildDecisionTable(r.model!) };
}

describe("hostile labels and ids", () => {
  const hostile = compileHostile();
  const dir = scratch("hostile");
  const hostileDir = join(dir, "hostile");
  const xiaomiDir = join(dir, "xiaomi");
  const hostileFiles = emitAll(hostile, [`Generated from ${HOSTILE_FILE} */ \u2028 by policyc`]);
  writeFiles(hostileDir, hostileFiles);
  writeFiles(xiaomiDir, emitAll(compileXiaomi()));

  it("the model keeps the hostile text (the test is not vacuous)", () => {
    expect(hostile.model.header.title.text).toContain("*/");
    expect(hostile.model.header.title.text).toContain("\u2028");
    expect(hostile.model.categories.map((c) => c.id)).toEqual(expect.arrayContaining(["__proto__", "constructor", "toString", "hasOwnProperty", "a-b.c_d"]));
    expect(hostile.model.rules[0]!.sourceRef.file).toBe(HOSTILE_FILE);
  });

  it("generated TypeScript compiles with zero errors under --strict (hostile and xiaomi)", () => {
    // a service's code under exactOptionalPropertyTypes may pass members that are undefined
    writeFileSync(
      join(xiaomiDir, "consumer.ts"),
      'import { mayUse, type ConsentRecord, type Context } from "./guards.js";\n' +
        "declare const stored: ConsentRecord | undefined;\ndeclare const place: string | undefined;\n" +
        'const ctx: Context = { record: stored, jurisdiction: place, minor: undefined };\nexport const allowed: boolean = mayUse("contact.email", "services.provide", ctx).allowed;\n',
    );
    const names = ["guards.ts", "guards.d.ts", "arbitraries.ts", "invariants.generated.ts", "consent-validator.d.ts"];
    // guards.d.ts and guards.ts both answer `./guards.js`: check the declarations in their own program
    const withSource = [...[hostileDir, xiaomiDir].flatMap((d) => names.filter((n) => n !== "guards.d.ts").map((n) => join(d, n))), join(xiaomiDir, "consumer.ts")];
    expect(typeCheck(withSource)).toEqual([]);
    const declarations = [hostileDir, xiaomiDir].map((d) => join(d, "guards.d.ts"));
    expect(typeCheck(declarations)).toEqual([]);
  });

  it("every string comes back equal to the original", async () => {
    const guards = await importFile<GuardsModule>(join(hostileDir, "guards.js"));
    const { model } = hostile;
    expect(guards.POLICY_TITLE).toBe(model.header.title.text);
    expect(guards.POLICY_ID).toBe("hostile-1");
    for (const c of model.categories.filter((x) => x.children.length === 0)) expect(guards.CATEGORY_LABELS[c.id]).toBe(c.label.text);
    for (const p of model.purposes.filter((x) => x.children.length === 0)) expect(guards.PURPOSE_LABELS[p.id]).toBe(p.label.text);
    for (const r of model.recipients.filter((x) => x.children.length === 0)) expect(guards.RECIPIENT_LABELS[r.id]).toBe(r.label.text);
    expect(Object.getPrototypeOf(guards.CATEGORY_LABELS)).toBe(null);
    expect(Object.keys(guards.CATEGORY_LABELS)).toContain("__proto__");
    // decisions carry the hostile file name in `rule`
    const d = guards.decide("use", "__proto__", "constructor", null, { minor: true });
    expect(d.allowed).toBe(false);
    expect(d.rule?.startsWith(`${HOSTILE_FILE}:`)).toBe(true);
    expect(d.rule?.slice(HOSTILE_FILE.length)).toMatch(/^:\d+$/);
    // the schema's titles
    const schema = JSON.parse(file(hostileFiles, "consent.schema.json")) as { title: string; properties: { purposes: { properties: Record<string, { title: string }> } } };
    expect(schema.title).toBe(`Consent record: ${model.header.title.text}`);
    expect(schema.properties.purposes.properties["constructor"]!.title).toBe(model.purposes.find((p) => p.id === "constructor")!.label.text);
    // no raw line or paragraph separators anywhere (older tools end a line there), and no raw
    // bidi controls: the code and the JSON must show what they do ("Trojan Source")
    expect(model.categories.find((c) => c.id === "hasOwnProperty")!.label.text).toContain("\u202E");
    for (const f of hostileFiles) expect(f.content, f.path).not.toMatch(/[\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
    // prototype-named purposes are choices like any other (`__proto__` cannot name one: PC2009)
    expect(Object.keys(schema.properties.purposes.properties)).toContain("propertyIsEnumerable");
  });

  it("prototype-named ids are ids like any other", async () => {
    const guards = await importFile<GuardsModule>(join(hostileDir, "guards.js"));
    expect(guards.isCategory("__proto__")).toBe(true);
    expect(guards.isCategory("constructor")).toBe(true);
    expect(guards.isPurpose("hasOwnProperty")).toBe(true);
    expect(guards.isPurpose("valueOf")).toBe(false);
    expect(guards.isRecipient("valueOf")).toBe(true);
    expect(guards.isRecipient("toString")).toBe(false);
    expect(guards.isCategory("a-b")).toBe(false); // a group, not a leaf
    expect(guards.decide("use", "toString", "toString", null, {}).allowed).toBe(false); // toString uses hasOwnProperty only
    expect(guards.decide("use", "hasOwnProperty", "toString", null, {}).allowed).toBe(true);
  });

  it("the emitter's JavaScript behaves like TypeScript's compilation of guards.ts", async () => {
    for (const [name, c, d] of [
      ["hostile", hostile, hostileDir],
      ["xiaomi", compileXiaomi(), xiaomiDir],
    ] as const) {
      const source = file(emitAll(c), "guards.ts");
      const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
      writeFileSync(join(d, "guards.tsc.js"), js);
      const reference = await importFile<GuardsModule>(join(d, "guards.tsc.js"));
      const guards = await importFile<GuardsModule>(join(d, "guards.js"));
      const arbs = await importFile<Arbitraries>(join(d, "arbitraries.ts"));
      expect(Object.keys(guards).sort(), name).toEqual(Object.keys(reference).sort());
      for (const k of ["CATEGORY_LABELS", "PURPOSE_LABELS", "RECIPIENT_LABELS", "POLICY_TITLE", "CONSENT_HASH", "ATOMS"] as const) {
        expect(guards[k], `${name} ${k}`).toEqual(reference[k]);
      }
      const contexts = [{}, ...fc.sample(arbs.contextArb, { numRuns: 6, seed: 5 }), ...fc.sample(arbs.badContextArb, { numRuns: 3, seed: 6 })];
      const mismatches: string[] = [];
      for (const ctx of contexts) {
        for (const r of allRequests(c.model)) {
          const a = guards.decide(r.action, r.category, r.purpose, r.recipient, ctx);
          const b = reference.decide(r.action, r.category, r.purpose, r.recipient, ctx);
          if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${name} ${JSON.stringify(r)}: ${a.reason} vs ${b.reason}`);
        }
        if (mismatches.length > 5) break;
      }
      expect(mismatches).toEqual([]);
      for (const cat of c.table.categories) expect(JSON.stringify(guards.retentionOf(cat))).toBe(JSON.stringify(reference.retentionOf(cat)));
    }
  });

  it("the guards agree with the reference on the hostile policy", async () => {
    const guards = await importFile<GuardsModule>(join(hostileDir, "guards.js"));
    const arbs = await importFile<Arbitraries>(join(hostileDir, "arbitraries.ts"));
    const stats: Stats = { checked: 0, attributionDiffers: 0, examples: [] };
    const contexts = [{}, ...fc.sample(arbs.contextArb, { numRuns: 30, seed: 8 }), ...fc.sample(arbs.badContextArb, { numRuns: 10, seed: 9 })];
    expect(compare(hostile, guards, [...allRequests(hostile.model)], contexts, stats).slice(0, 5)).toEqual([]);
  });
});


