/**
 * What the repository publishes in generated/ (kept in sync by `npm run gen:check` in CI) is
 * itself checked: every Markdown file passes markdownlint, every HTML page html-validate, every
 * policy.json its schema, and every guards.ts compiles under `tsc --strict`.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { htmlProblems, markdownProblems } from "./emit/document/helpers.js";
import { EMITTERS } from "../src/emit/registry.js";
import { compileText } from "./helpers.js";

const GENERATED = new URL("../generated/", import.meta.url).pathname;
const examples = readdirSync(GENERATED).filter((d) => !d.startsWith("."));
const files = examples.flatMap((e) => readdirSync(join(GENERATED, e)).map((f) => join(e, f)));
const read = (f: string) => readFileSync(join(GENERATED, f), "utf8");

/** How the generated TypeScript is checked: no output, the module settings of an ESM project. */
const COMPILE: ts.CompilerOptions = {
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  types: [],
};

describe("generated/", () => {
  it("holds outputs for every example", () => {
    const sources = readdirSync(new URL("../examples/", import.meta.url).pathname).filter((f) => f.endsWith(".policy"));
    expect(examples.sort()).toEqual(sources.map((f) => f.replace(/\.policy$/, "")).sort());
  });

  it.each(files.filter((f) => f.endsWith(".md")))("%s passes markdownlint", (f) => {
    expect(markdownProblems(f, read(f))).toBe("");
  });

  it.each(files.filter((f) => f.endsWith(".html")))("%s passes html-validate", (f) => {
    expect(htmlProblems(read(f))).toEqual([]);
  });

  it("every policy.json validates against the model schema", () => {
    const schema = JSON.parse(readFileSync(new URL("../schema/policy-model.schema.json", import.meta.url), "utf8")) as object;
    const validate = new Ajv2020({ strict: true }).compile(schema);
    for (const e of examples) expect(validate(JSON.parse(read(join(e, "policy.json")))), e).toBe(true);
  });

  it("every consent.schema.json is valid against the JSON Schema 2020-12 meta-schema", () => {
    // the build makes the standalone validator without this check (validator.ts): it is made here
    const ajv = new Ajv2020({ strict: true });
    for (const e of examples) expect(ajv.validateSchema(JSON.parse(read(join(e, "consent.schema.json"))) as object), `${e}: ${ajv.errorsText()}`).toBe(true);
    expect(ajv.validateSchema({ type: "object", properties: { a: { type: "strin" } } })).toBe(false);
  });

  it("every guards.ts compiles under tsc --strict with zero errors", () => {
    const roots = examples.map((e) => join(GENERATED, e, "guards.ts"));
    const program = ts.createProgram(roots, { ...COMPILE, strict: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  });

  it("the guards, arbitraries and invariants compile under the strictest settings a project may use", () => {
    // a project compiles the generated files as its own (README): they must pass its flags too
    const roots = examples.flatMap((e) => ["guards.ts", "arbitraries.ts", "invariants.test.ts"].map((f) => join(GENERATED, e, f)));
    // and so do those of policies that declare next to nothing (no retention, no purpose, no category)
    // (inside the project, so that they resolve fast-check and are ES modules as generated/ is)
    const cache = new URL("../node_modules/.cache/", import.meta.url).pathname;
    mkdirSync(cache, { recursive: true });
    const scratch = mkdtempSync(join(cache, "policyc-bare-"));
    const guards = EMITTERS.find((e) => e.name === "guards")!;
    for (const [name, text] of [
      ["bare", 'policy bare "Bare" { jurisdictions JP }\n'],
      ["small", 'policy small "Small" { jurisdictions EU }\ncategory c "C" { class personal }\npurpose p "P" { basis contract  uses c }\n'],
    ] as const) {
      const model = compileText(text).model!;
      mkdirSync(join(scratch, name));
      for (const f of guards.emit(model, { banner: [] }).files) writeFileSync(join(scratch, name, f.path), f.content);
      roots.push(...["guards.ts", "arbitraries.ts", "invariants.test.ts"].map((f) => join(scratch, name, f)));
    }
    const program = ts.createProgram(roots, {
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noPropertyAccessFromIndexSignature: true,
      noImplicitReturns: true,
      verbatimModuleSyntax: true,
      ...COMPILE,
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? relative(GENERATED, d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    rmSync(scratch, { recursive: true, force: true });
    expect(diagnostics).toEqual([]);
  });
});
