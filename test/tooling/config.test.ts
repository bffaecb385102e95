/**
 * policyc.config.json: the schema is valid (ajv strict) and every problem is one PC9002
 * diagnostic naming the JSON path and what is expected there.
 */
import { EMITTER_NAMES } from "../../src/emit/names.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { jsonPath, parseConfig, validateConfig } from "../../src/build/config.js";
import { EMITTERS } from "../../src/emit/registry.js";
import { policyc, project, ROOT } from "./helpers.js";

const NAMES = EMITTERS.map((e) => e.name);

it("the emitters' names a configuration may list are the registry's, so check and fmt refuse what build refuses", () => {
  expect(EMITTER_NAMES).toEqual(NAMES);
  expect(validateConfig({ inputs: ["a.policy"], outDir: "out", emitters: ["guard"] }).diagnostics.map((d) => d.message)).toEqual([
    expect.stringContaining('`$.emitters[0]` is not an emitter: "guard"; did you mean "guards"?'),
  ]);
});

function messages(data: unknown): string[] {
  return validateConfig(data, NAMES).diagnostics.map((d) => `${d.code} ${d.message}`);
}

describe("the configuration schema", () => {
  it("compiles in ajv strict mode and accepts the repository's configuration", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, "schema", "policyc-config.schema.json"), "utf8")) as object;
    const validate = new Ajv2020({ strict: true }).compile(schema);
    expect(validate(JSON.parse(readFileSync(join(ROOT, "policyc.config.json"), "utf8")))).toBe(true);
  });

  it("accepts every option", () => {
    expect(
      messages({
        $schema: "./schema/policyc-config.schema.json",
        inputs: ["policies/*.policy", "extra/one.policy"],
        outDir: "generated",
        emitters: ["model", "document"],
        templates: "wording",
        languages: ["en", "pt-BR"],
        profiles: ["gdpr", "ccpa"],
        rules: { PC3002: "off", "gdpr-dpo-contact": "warning", PC4001: "error", PC4007: "info" },
        withSources: true,
      }),
    ).toEqual([]);
  });
});

describe("configuration errors name the JSON path and what is expected", () => {
  it.each([
    [{ outDir: "generated" }, 'PC9002 invalid configuration: `$` is missing `inputs` (a list of .policy files or patterns, e.g. ["policies/*.policy"])'],
    [{ inputs: ["a.policy"] }, 'PC9002 invalid configuration: `$` is missing `outDir` (the folder to write to, e.g. "generated")'],
    [{ inputs: "examples/*.policy", outDir: "generated" }, 'PC9002 invalid configuration: `$.inputs` must be a list, found the string "examples/*.policy": write ["examples/*.policy"]'],
    [{ inputs: [], outDir: "generated" }, "PC9002 invalid configuration: `$.inputs` must not be empty"],
    [{ inputs: ["a.policy", 3], outDir: "generated" }, "PC9002 invalid configuration: `$.inputs[1]` must be a string, found the number 3"],
    [{ inputs: ["a.policy"], outdir: "generated", outDir: "g" }, "PC9002 invalid configuration: `$` has an unknown property `outdir`: did you mean `outDir`?"],
    [{ inputs: ["a.policy"], outDir: "g", rules: { PC3002: "of" } }, 'PC9002 invalid configuration: `$.rules.PC3002` must be one of "error", "warning", "info", "off", found the string "of": did you mean "off"?'],
    [{ inputs: ["a.policy"], outDir: "g", profiles: ["hipaa"] }, 'PC9002 invalid configuration: `$.profiles[0]` must be one of "gdpr", "ccpa", found the string "hipaa"'],
    [{ inputs: ["a.policy"], outDir: "g", profiles: [1] }, 'PC9002 invalid configuration: `$.profiles[0]` must be one of "gdpr", "ccpa", found the number 1'],
    [{ inputs: ["a.policy"], outDir: "g", rules: { PC3002: false } }, 'PC9002 invalid configuration: `$.rules.PC3002` must be one of "error", "warning", "info", "off", found `false`'],
    [{ inputs: ["a.policy"], outDir: "g", languages: ["English"] }, 'PC9002 invalid configuration: `$.languages[0]` must be a language tag such as "en" or "pt-BR", found the string "English"'],
    [{ inputs: ["a.policy"], outDir: "g", withSources: "yes" }, 'PC9002 invalid configuration: `$.withSources` must be `true` or `false`, found the string "yes"'],
    [{ inputs: ["a.policy"], outDir: "g", emitters: ["documents"] }, 'PC9002 invalid configuration: `$.emitters[0]` is not an emitter: "documents"; did you mean "document"? (the emitters are "model", "document", "consent", "guards")'],
    [{ inputs: ["a.policy"], outDir: "g", rules: { "unused-categroy": "off" } }, 'PC9002 invalid configuration: `$.rules.unused-categroy` names no diagnostic: did you mean "unused-category"?'],
    [{ inputs: ["a.policy"], outDir: "g", rules: { PC3002: "off", "unused-category": "warning" } }, "PC9002 invalid configuration: `$.rules.unused-category` and `$.rules.PC3002` both set PC3002 (unused-category): keep one"],
    [{ inputs: ["a.policy"], outDir: "g", rules: { "unknown-declaration": "off" } }, "PC9002 invalid configuration: `$.rules.unknown-declaration` cannot change PC1009 (unknown-declaration): syntax and name errors are always errors"],
    [{ inputs: ["a.policy"], outDir: "g", rules: { PC2001: "warning" } }, "PC9002 invalid configuration: `$.rules.PC2001` cannot change PC2001 (unknown-name): syntax and name errors are always errors"],
    [{ inputs: ["a.policy"], outDir: "g", rules: { PC9003: "off" } }, "PC9002 invalid configuration: `$.rules.PC9003` cannot change PC9003 (stale-output): the tool's own findings (a file it cannot read, a stale output) always stop the command"],
    [[], "PC9002 invalid configuration: `$` must be an object, found a list"],
  ])("%j", (data, expected) => {
    expect(messages(data)).toEqual([expected]);
  });

  it("accepts settings for the name warnings and for errors left as errors", () => {
    expect(messages({ inputs: ["a.policy"], outDir: "g", rules: { PC2013: "off", PC2016: "error", PC1009: "error" } })).toEqual([]);
  });

  it("names an unknown diagnostic code", () => {
    expect(messages({ inputs: ["a.policy"], outDir: "g", rules: { PC3999: "off" } })[0]).toMatch(/^PC9002 invalid configuration: `\$\.rules\.PC3999` names no diagnostic/);
  });

  it("names a key of no diagnostic's shape once, without blaming the whole object", () => {
    for (const key of ["PC99x", "__proto__", "Not A Name"]) {
      const rules = JSON.parse(`{ ${JSON.stringify(key)}: "off" }`) as Record<string, string>;
      expect(messages({ inputs: ["a.policy"], outDir: "g", rules })).toEqual([
        `PC9002 invalid configuration: \`$.rules\` has a key that is neither a diagnostic code (PC3002) nor a name (unused-category): ${JSON.stringify(key)}`,
      ]);
    }
  });

  it("reports every problem at once", () => {
    expect(messages({ inputs: "x", outDir: 3, extra: true })).toHaveLength(3);
  });

  it("reports JSON syntax errors with the file name", () => {
    const result = parseConfig("{ inputs: [] }", "/p/policyc.config.json", NAMES);
    expect(result.config).toBeUndefined();
    expect(result.diagnostics[0]?.message).toMatch(/^invalid configuration: \/p\/policyc\.config\.json is not valid JSON: /);
    // where: a span in the file, whose text comes with the result for the code frame
    const text = '{\n  "inputs": ["a.policy"],\n  outDir: "gen"\n}\n';
    const multi = parseConfig(text, "/p/policyc.config.json", NAMES, "policyc.config.json");
    expect(multi.diagnostics[0]?.message).toBe("invalid configuration: policyc.config.json is not valid JSON: Expected double-quoted property name");
    expect(multi.diagnostics[0]?.span).toEqual({ file: "policyc.config.json", start: text.indexOf("outDir"), end: text.indexOf("outDir") + 1 });
    expect(multi.sources?.get("policyc.config.json")).toBe(text);
  });

  it("refuses a key given twice in one object (JSON keeps the last silently), and bytes that are not UTF-8", () => {
    const text = '{\n  "inputs": ["a.policy"],\n  "outDir": "gen",\n  "rules": { "PC3002": "off" },\n  "outDir": "gen2"\n}\n';
    const twice = parseConfig(text, "/p/c.json", NAMES, "c.json");
    expect(twice.config).toBeUndefined();
    expect(twice.diagnostics.map((d) => d.message)).toEqual(["invalid configuration: c.json sets `outDir` twice in one object (first at line 3), and JSON keeps only the last: delete one"]);
    expect(twice.diagnostics[0]?.span).toEqual({ file: "c.json", start: text.lastIndexOf('"outDir"'), end: text.lastIndexOf('"outDir"') + 8 });
    // the same key in two objects, or escaped differently but equal, is told apart as JSON does
    expect(parseConfig('{ "inputs": ["a.policy"], "outDir": "gen", "rules": { "inputs": "off" } }', "/p/c.json", NAMES).diagnostics.map((d) => d.message).join("\n")).not.toContain("twice");
    expect(parseConfig('{ "inputs": ["a.policy"], "outDir": "gen", "out\\u0044ir": "x" }', "/p/c.json", NAMES, "c.json").diagnostics[0]?.message).toContain("sets `outDir` twice");
    const latin1 = parseConfig('{ "inputs": ["a.policy"], "outDir": "o\uFFFD" }', "/p/c.json", NAMES, "c.json");
    expect(latin1.diagnostics.map((d) => d.message)).toEqual(["invalid configuration: c.json has bytes here that are not valid UTF-8 (read as U+FFFD): save it as UTF-8"]);
  });

  it("refuses an empty list of emitters (a build owns outDir: it would only remove the outputs) and NUL in a path", () => {
    const messages = (text: string) => parseConfig(text, "/p/c.json", NAMES, "c.json").diagnostics.map((d) => d.message);
    expect(messages('{ "inputs": ["a.policy"], "outDir": "gen", "emitters": [] }')).toEqual(["invalid configuration: `$.emitters` must not be empty"]);
    expect(messages('{ "inputs": ["a\\u0000.policy"], "outDir": "gen\\u0000x", "templates": "t\\u0000" }')).toEqual([
      "invalid configuration: `$.inputs[0]` is a path and cannot hold a NUL character (\\u0000)",
      "invalid configuration: `$.outDir` is a path and cannot hold a NUL character (\\u0000)",
      "invalid configuration: `$.templates` is a path and cannot hold a NUL character (\\u0000)",
    ]);
    // an empty path is empty, not one with a NUL in it
    expect(messages('{ "inputs": [""], "outDir": "", "templates": "" }')).toEqual([
      "invalid configuration: `$.inputs[0]` must not be an empty string",
      "invalid configuration: `$.outDir` must not be an empty string",
      "invalid configuration: `$.templates` must not be an empty string",
    ]);
  });

  it("refuses arrays or objects nested thousands deep with an error, not a stack overflow", () => {
    for (const [n, key] of [[5000, "inputs"], [200_000, "x"]] as const) {
      const text = `{ "${key}": ${"[".repeat(n)}${"]".repeat(n)}, "outDir": "gen" }`;
      const r = parseConfig(text, "/p/c.json", NAMES, "c.json");
      expect(r.config).toBeUndefined();
      expect(r.diagnostics.map((d) => d.message)).toEqual([
        "invalid configuration: c.json nests arrays or objects more than 32 levels deep: a configuration has a few levels (see the schema)",
      ]);
    }
  });

  it("says where JSON.parse failed even when Node's message gives no position, without quoting the file", () => {
    const cases: [string, string, string][] = [
      ['{\n  "inputs": ["a.policy"],\n  "outDir": out\n}\n', "Unexpected token 'o'", "o"],
      ['{ "inputs": ["a.policy"], "outDir": "gen" } x', "Unexpected non-whitespace character after JSON", "x"],
      ['{ "inputs": ["a.policy"]', "Expected ',' or '}' after property value", ""],
    ];
    for (const [text, message, under] of cases) {
      const d = parseConfig(text, "/p/c.json", NAMES, "c.json").diagnostics[0]!;
      expect(d.message, text).toBe(`invalid configuration: c.json is not valid JSON: ${message}`);
      expect(d.span?.whole, text).toBeUndefined();
      expect(text.slice(d.span!.start, d.span!.end), text).toBe(under);
    }
  });

  it("points at the second of two keys, and reads digits as a key of an object", () => {
    const twice = '{ "inputs": ["a.policy"], "outDir": "gen", "rules": { "PC3002": "off", "PC3002": "loud" } }';
    const d = parseConfig(twice, "/p/c.json", NAMES).diagnostics[0]!;
    expect(d.message).toContain("sets `PC3002` twice in one object");
    expect(twice.slice(d.span!.start, d.span!.end)).toBe('"PC3002"');
    expect(d.span!.start).toBe(twice.lastIndexOf('"PC3002"'));
    const digits = '{ "inputs": ["a.policy"], "outDir": "gen", "rules": { "3002": "off" } }';
    const k = parseConfig(digits, "/p/c.json", NAMES).diagnostics[0]!;
    expect(k.span?.whole).toBeUndefined();
    expect(digits.slice(k.span!.start, k.span!.end)).toBe('"3002"');
  });

  it("reads a file that starts with a byte order mark, and points past it", () => {
    const text = '\uFEFF{ "inputs": ["a.policy"], "outDir": "gen", "outdir": "x" }';
    const r = parseConfig(text, "/p/c.json", NAMES);
    expect(r.diagnostics.map((d) => d.message)).toEqual(["invalid configuration: `$` has an unknown property `outdir`: did you mean `outDir`?"]);
    const span = r.diagnostics[0]!.span!;
    expect(text.slice(span.start, span.end)).toBe('"outdir"');
    expect(parseConfig('\uFEFF{ "inputs": ["a.policy"], "outDir": "gen" }', "/p/c.json", NAMES).config?.outDir).toBe("gen");
  });

  it("points at the key or value each problem is about, in the file's text", () => {
    const text = '{\n  "inputs": ["a.policy"],\n  "outdir": "gen",\n  "rules": { "unused-categroy": "off", "PC3002": "of" },\n  "emitters": ["guard"]\n}\n';
    const at = (result: ReturnType<typeof parseConfig>) =>
      result.diagnostics.map((d) => (d.span ? (d.span.whole ? "(whole)" : text.slice(d.span.start, d.span.end)) : "(none)"));
    // schema errors: the missing key's object, the unknown key, the bad value
    expect(at(parseConfig(text, "/p/c.json", NAMES))).toEqual(["{", '"outdir"', '"of"']);
    // then the names the schema cannot know
    const named = text.replace('"outdir"', '"outDir"').replace('"of"', '"off"');
    const result = parseConfig(named, "/p/c.json", NAMES);
    expect(result.diagnostics.map((d) => (d.span ? named.slice(d.span.start, d.span.end) : "(none)"))).toEqual(['"unused-categroy"', '"guard"']);
  });

  it("writes JSON paths for keys of any shape", () => {
    expect(jsonPath("")).toBe("$");
    expect(jsonPath("/inputs/0")).toBe("$.inputs[0]");
    expect(jsonPath("/rules/a~1b")).toBe('$.rules["a/b"]');
  });

  it("makes `policyc build` exit 2 and print the problems in the chosen format", async () => {
    const dir = project({ "policyc.config.json": JSON.stringify({ inputs: "x.policy", outDir: "generated" }) });
    const r = await policyc(["build", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string; file: string | null; start: { line: number; column: number } | null }[] };
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ code: "PC9002", file: "policyc.config.json", start: expect.objectContaining({ line: 1, column: 11 }), message: expect.stringContaining("`$.inputs` must be a list") }),
    ]);
    const missing = await policyc(["build"], { cwd: project() });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain("PC9001: cannot read `policyc.config.json`: no such file (run `policyc init` to create one, or pass --config)");
  });
});
