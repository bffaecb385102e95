/**
 * The built-in wording templates ship precompiled (src/emit/document/templates.compiled.ts), so
 * that a one-off build does not have Handlebars parse and compile every template of every
 * language. This test regenerates that file from templates/ and fails when the committed one is
 * stale (`npm run baselines` rewrites it); it also holds the precompiled templates to what
 * compiling the same texts at run time produces, and checks that a build of the built-in packs
 * compiles no template while a project's own templates are still compiled.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { afterEach, describe, expect, it, vi } from "vitest";
import { analyseTemplate, precompiledByText, precompiledRow, templateSource, TEMPLATE_OPTIONS, WordingPack, type TemplateAnalysis, type TemplateData } from "../../../src/emit/document/templates.js";
import { clearProcessCaches } from "../../../src/util/memo.js";
import { compile } from "../../../src/program.js";
import type { PolicyModel } from "../../../src/model/types.js";
import { emit, wordingModels } from "./helpers.js";
import { project, ROOT } from "../../tooling/helpers.js";

// The same CommonJS module object templates.ts loads through require.
const Handlebars = createRequire(import.meta.url)("handlebars") as typeof import("handlebars");

const TEMPLATES = join(ROOT, "templates");
const create = Handlebars.create.bind(Handlebars);

/** Every built-in template file: language folder and file name, in a stable order. */
function builtinTemplates(): { lang: string; name: string; raw: string }[] {
  return readdirSync(TEMPLATES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((lang) =>
      readdirSync(join(TEMPLATES, lang))
        .filter((name) => name.endsWith(".hbs"))
        .sort()
        .map((name) => ({ lang, name, raw: readFileSync(join(TEMPLATES, lang, name), "utf8") })),
    );
}

/** The module text: one row per distinct template text, the spec as Handlebars precompiles it. */
function compiledModule(): string {
  const helpers = WordingPack.load({ lang: "en" })!.helperNames;
  const rows = new Map<string, string>();
  for (const { lang, name, raw } of builtinTemplates()) {
    const source = templateSource(raw);
    if (rows.has(source)) continue;
    const analysis = analyseTemplate(Handlebars.parse(source), helpers);
    if ("misuse" in analysis) throw new Error(`templates/${lang}/${name}: ${analysis.misuse.message}`);
    // Handlebars' code with its white space taken out: a third of the size, the same program
    const code = transformSync(`(${Handlebars.precompile(source, { ...TEMPLATE_OPTIONS }) as unknown as string});`, { loader: "js", minifyWhitespace: true }).code;
    const spec = code.trim().replace(/^\(/, "").replace(/\);?$/, "");
    rows.set(source, `    // templates/${lang}/${name}\n    ${precompiledRow(source, analysis, spec)},`);
  }
  return [
    "// @ts-nocheck",
    "// Generated from templates/*/*.hbs by test/emit/document/templates-compiled.test.ts (Handlebars",
    "// precompile, strict, noEscape). Do not edit. Regenerate: npm run baselines",
    "",
    "/** The helper names (sorted) the analyses below were made with. */",
    `export const PRECOMPILED_HELPERS: string = ${JSON.stringify([...helpers].sort().join(","))};`,
    "",
    "/** [text, Handlebars spec, names, printed, [field, line, column, end line, end column]], made afresh on every call. */",
    "export function precompiledTemplates(): unknown[] {",
    "  return [",
    ...rows.values(),
    "  ];",
    "}",
    "",
  ].join("\n");
}

function xiaomi(): PolicyModel {
  const result = compile("examples/xiaomi.policy", { cwd: ROOT });
  if (!result.model) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.model;
}

/** Every Handlebars instance made while `run` runs, with its `parse`, `compile` and `template` watched. */
function watchingHandlebars<T>(run: () => T): { result: T; compiled: number; parsed: number; templated: number } {
  const made: { compile: { mock: { calls: unknown[] } }; parse: { mock: { calls: unknown[] } }; template: { mock: { calls: unknown[] } } }[] = [];
  const spy = vi.spyOn(Handlebars, "create").mockImplementation(() => {
    const hb = create();
    made.push({ compile: vi.spyOn(hb, "compile"), parse: vi.spyOn(hb, "parse"), template: vi.spyOn(hb, "template") });
    return hb;
  });
  let result: T;
  try {
    result = run();
  } finally {
    spy.mockRestore();
  }
  const count = (key: "compile" | "parse" | "template") => made.reduce((n, m) => n + m[key].mock.calls.length, 0);
  return { result, compiled: count("compile"), parsed: count("parse"), templated: count("template") };
}

afterEach(() => vi.restoreAllMocks());

describe("the precompiled built-in templates", () => {
  it("are the current precompilation of templates/", async () => {
    await expect(compiledModule()).toMatchFileSnapshot("../../../src/emit/document/templates.compiled.ts");
  });

  it("hold every built-in template, read back with what analysing its text at run time finds", () => {
    const helpers = WordingPack.load({ lang: "en" })!.helperNames;
    const byText = precompiledByText(helpers);
    const plain = (a: TemplateAnalysis) => ({ names: [...a.names], printed: [...a.printed], fields: a.fields, fieldAt: [...a.fieldAt] });
    const texts = new Set<string>();
    for (const { lang, name, raw } of builtinTemplates()) {
      const source = templateSource(raw);
      texts.add(source);
      const built = byText.get(source);
      expect(built, `templates/${lang}/${name}`).toBeDefined();
      const analysis = analyseTemplate(Handlebars.parse(source), helpers) as TemplateAnalysis;
      expect(plain(built!.analysis), `templates/${lang}/${name}`).toEqual(plain(analysis));
    }
    expect(byText.size).toBe(texts.size);
    // made with other helpers, the analyses would not hold: none is used
    expect(precompiledByText(new Set([...helpers, "shout"])).size).toBe(0);
  });

  it("write what the same templates compiled at run time write, for every language", () => {
    // A project folder with every built-in template, each with a comment added: texts no
    // precompiled template has, so the build compiles them as a project's own.
    const files: Record<string, string> = {};
    for (const { lang, name, raw } of builtinTemplates()) files[`${lang}/${name}`] = `${raw}{{!-- compiled at run time --}}`;
    const dir = project(files);
    const models = wordingModels();
    const rendered = new Set<string>();
    const render = WordingPack.prototype.render;
    vi.spyOn(WordingPack.prototype, "render").mockImplementation(function (this: WordingPack, name: string, data: TemplateData) {
      rendered.add(name);
      return render.call(this, name, data);
    });
    for (const model of models) {
      const languages = ["en", "de"];
      clearProcessCaches();
      const built = watchingHandlebars(() => emit(model, { languages }));
      clearProcessCaches();
      const own = watchingHandlebars(() => emit(model, { languages, templatesDir: dir }));
      expect(own.compiled).toBeGreaterThan(0);
      expect(built.result.files.length).toBe(2 * languages.length);
      expect(own.result.files.map((f) => [f.path, f.content])).toEqual(built.result.files.map((f) => [f.path, f.content]));
      expect(own.result.diagnostics).toEqual(built.result.diagnostics);
    }
    expect([...rendered].sort()).toEqual(builtinTemplates().filter((t) => t.lang === "en").map((t) => t.name.replace(/\.hbs$/, "")).sort());
  });

  it("spare a build of the built-in packs from compiling any template; a project's own are compiled", () => {
    const model = xiaomi();
    clearProcessCaches();
    const built = watchingHandlebars(() => emit(model, { languages: model.header.languages }));
    expect(built.templated).toBeGreaterThan(40);
    expect(built.compiled).toBe(0);
    expect(built.parsed).toBe(0);

    // one template of the project's: that one is compiled, and only that one
    const dir = project({ "en/deny-rule.hbs": "We promise never to do this: {{list (quoted categories)}}.\n" });
    clearProcessCaches();
    const own = watchingHandlebars(() => emit(model, { languages: ["en"], templatesDir: dir }));
    expect(own.compiled).toBe(1);
    expect(own.result.files.find((f) => f.path === "policy.md")!.content).toContain("We promise never to do this");

    // a Handlebars that refuses the precompiled specs (another release): the texts are compiled
    clearProcessCaches();
    const normal = emit(model, { languages: ["en"] });
    clearProcessCaches();
    const refusing = vi.spyOn(Handlebars, "create").mockImplementation(() => {
      const hb = create();
      // refuses every spec but those its own `compile` makes (which runs `template` within)
      const template = hb.template.bind(hb);
      const compileText = hb.compile.bind(hb);
      let compiling = 0;
      hb.template = (spec) => {
        if (compiling === 0) throw new Error("Template was precompiled with an older version of Handlebars");
        return template(spec);
      };
      hb.compile = (input, options) => {
        const fn = compileText(input, options);
        return (context, runOptions) => {
          compiling++;
          try {
            return fn(context, runOptions);
          } finally {
            compiling--;
          }
        };
      };
      return hb;
    });
    let recompiled;
    try {
      recompiled = emit(model, { languages: ["en"] });
    } finally {
      refusing.mockRestore();
    }
    expect(recompiled.files).toEqual(normal.files);
    expect(recompiled.diagnostics).toEqual(normal.diagnostics);

    // a project's copy of a built-in template, byte for byte, is the built-in one
    const copy = project({ "en/deny-rule.hbs": readFileSync(join(TEMPLATES, "en", "deny-rule.hbs"), "utf8") });
    clearProcessCaches();
    expect(watchingHandlebars(() => emit(model, { languages: ["en"], templatesDir: copy })).compiled).toBe(0);
  });
});

