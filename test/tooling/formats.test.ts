/**
 * The output formats of `check` (and `build`): the JSON shape, SARIF validated against the
 * official SARIF 2.1.0 schema, pretty output with and without colour, and the exit codes.
 *
 * test/fixtures/sarif-schema-2.1.0.json is the SARIF 2.1.0 JSON schema as published by its
 * authors (schemastore's `sarif-2.1.0-rtm.5.json`, the final 2.1.0 schema), copied verbatim
 * from the npm package @microsoft/jest-sarif@1.0.0-beta.0 (MIT), `lib/schemas/`. It is written
 * in JSON Schema draft-04; ajv reads it as draft-07 once `id` is renamed `$id`, which changes
 * nothing else (it uses no draft-04-only keyword). Its `language` pattern has a stray `]` that only
 * non-Unicode regular expressions accept, as in the .NET validator the schema was written for.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { ALL_CODES } from "../../src/diagnostics/catalogue.js";
import { createDiagnostic } from "../../src/diagnostics/diagnostic.js";
import { docsAnchor, slug, toSarif } from "../../src/diagnostics/formats/index.js";
import { FIXTURES, policyc, project, ROOT, tinyPolicy } from "./helpers.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const THREE_ERRORS = "test/fixtures/syntax/invalid/three-errors.policy";

function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(FIXTURES, "sarif-schema-2.1.0.json"), "utf8")) as Record<string, unknown>;
  const { id, $schema: _draft, ...rest } = schema;
  // unicodeRegExp off: the schema's `language` pattern has a stray `]`, legal only without the `u` flag.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: id as string });
}

describe("--format json", () => {
  it("has the documented, stable shape", async () => {
    const r = await policyc(["check", "--format", "json", THREE_ERRORS, "examples/taskflow.policy"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { version: number; diagnostics: Record<string, unknown>[]; summary: unknown };
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ errors: 3, warnings: 0 });
    expect(report.diagnostics).toHaveLength(3);
    for (const d of report.diagnostics) {
      expect(Object.keys(d).sort()).toEqual(["code", "end", "file", "help", "message", "name", "related", "severity", "start"]);
    }
    expect(report.diagnostics[0]).toMatchObject({
      code: "PC1001",
      name: "unexpected-token",
      severity: "error",
      file: THREE_ERRORS,
      start: { line: 3, column: 21, offset: expect.any(Number) },
      end: { line: expect.any(Number), column: expect.any(Number), offset: expect.any(Number) },
      related: [],
    });
  });

  it("gives related locations their own positions, and null positions to problems without a file", async () => {
    const text = `${tinyPolicy()}category thing "Thing"\ncategory thing "Thing again"\n`;
    const firstLine = text.slice(0, text.indexOf('category thing "Thing"')).split("\n").length;
    const dir = project({ "dup.policy": text });
    const r = await policyc(["check", "--format", "json", "dup.policy", "missing.policy"], { cwd: dir });
    expect(r.code).toBe(2); // an unreadable file is a tool failure, reported before anything else
    const ok = await policyc(["check", "--format", "json", "dup.policy"], { cwd: dir });
    const report = JSON.parse(ok.stdout) as { diagnostics: { related: { file: string; start: { line: number } }[] }[] };
    const withRelated = report.diagnostics.find((d) => d.related.length > 0);
    expect(withRelated?.related[0]).toMatchObject({ file: "dup.policy", start: { line: firstLine } });
  });

  it("prints a whole document even when there is nothing to report", async () => {
    const r = await policyc(["check", "--format", "json", "examples/taskflow.policy"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ version: 1, diagnostics: [], summary: { errors: 0, warnings: 0 } });
  });
});

describe("--format sarif", () => {
  const validate = sarifValidator();

  it("is valid SARIF 2.1.0 for errors, warnings and a clean run", async () => {
    for (const file of [THREE_ERRORS, "examples/xiaomi.policy", "examples/taskflow.policy"]) {
      const r = await policyc(["check", "--format", "sarif", file]);
      const log = JSON.parse(r.stdout) as unknown;
      const valid = validate(log);
      expect(validate.errors ?? [], file).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it("carries the catalogue as rules and each diagnostic as a result with a region", async () => {
    const r = await policyc(["check", "--format", "sarif", THREE_ERRORS]);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string; name: string; helpUri: string; shortDescription: { text: string }; fullDescription: { text: string } }[] } }; results: Record<string, any>[] }[];
    };
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe("policyc");
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(ALL_CODES.map((c) => c.code));
    const rule = run.tool.driver.rules.find((x) => x.id === "PC1001")!;
    expect(rule.name).toBe("unexpected-token");
    expect(rule.helpUri).toMatch(/docs\/diagnostics\.md#pc1001-unexpected-token-error$/);
    expect(run.results).toHaveLength(3);
    expect(run.results[0]).toMatchObject({
      ruleId: "PC1001",
      level: "error",
      message: { text: expect.any(String) },
      locations: [{ physicalLocation: { artifactLocation: { uri: THREE_ERRORS, uriBaseId: "%SRCROOT%" }, region: { startLine: 3, startColumn: 21 } } }],
    });
    const region = run.results[0]!.locations[0].physicalLocation.region as Record<string, number>;
    expect(region.endLine).toBeGreaterThanOrEqual(region.startLine!);
  });

  it("points each helpUri at a heading that exists in docs/diagnostics.md", () => {
    const doc = readFileSync(join(ROOT, "docs", "diagnostics.md"), "utf8");
    const anchors = new Set(doc.split("\n").filter((l) => l.startsWith("### ")).map((l) => slug(l.slice(4))));
    for (const c of ALL_CODES) expect(anchors.has(docsAnchor(c)), c.code).toBe(true);
  });

  it("reports warnings at level warning", async () => {
    const r = await policyc(["check", "--format", "sarif", "examples/xiaomi.policy"]);
    const results = (JSON.parse(r.stdout) as { runs: { results: { level: string }[] }[] }).runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    expect(new Set(results.map((x) => x.level))).toEqual(new Set(["warning"]));
  });

  it("places a problem of the project as a whole in the configuration file: code scanning rejects a result without a location", async () => {
    const dir = project({ "a.policy": 'policy a "A" { controller "X" { email "a@b.example" } }\ncategory c "C"\n', "ci/pc.json": JSON.stringify({ inputs: ["../a.policy", "../missing.policy"], outDir: "../gen", languages: ["en", "fr"] }) });
    const r = await policyc(["check", "--format", "sarif", "--config", "ci/pc.json"], { cwd: dir });
    const results = (JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: unknown } }[] }[] }[] }).runs[0]!.results;
    const project_ = results.filter((x) => x.ruleId === "PC5002" || x.ruleId === "PC9004");
    expect(project_.map((x) => x.ruleId).sort()).toEqual(["PC5002", "PC9004"]);
    expect(results.every((x) => x.locations.length === 1)).toBe(true);
    for (const x of project_) {
      expect(x.locations).toHaveLength(1);
      expect(x.locations[0]!.physicalLocation.artifactLocation.uri).toBe("ci/pc.json");
      expect(x.locations[0]!.physicalLocation.region).toBeUndefined();
    }
  });

  it("maps a location in the standard library (`std/...`) to its shipped file", () => {
    const file = "std/taxonomy.policy";
    const text = readFileSync(join(ROOT, "stdlib", "taxonomy.policy"), "utf8");
    const d = createDiagnostic("PC3002", { category: "`contact`" }, { file, start: 0, end: 6 });
    const sarif = toSarif([d], new Map([[file, text]]), { cwd: ROOT, toolVersion: "0", docsUri: "https://example.test/d.md" }) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    const location = sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation;
    expect(location.artifactLocation.uri).toBe("stdlib/taxonomy.policy");
    expect(location.region.startLine).toBe(1);
  });
});

describe("--format github", () => {
  it("one workflow command per diagnostic, with the span, the code as title and the help", async () => {
    const r = await policyc(["check", "--format", "github", "examples/xiaomi.policy"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    const json = JSON.parse((await policyc(["check", "--format", "json", "examples/xiaomi.policy"])).stdout) as { diagnostics: unknown[] };
    expect(lines).toHaveLength(json.diagnostics.length);
    expect(lines[0]).toBe(
      "::warning file=examples/xiaomi.policy,line=7,col=8,endLine=7,endColumn=14,title=PC4001 gdpr-controller-contact::the controller's contact details are missing (email, address, phone)%0Ahelp: give the controller an `email`, `address` or `phone` in the `policy` header",
    );
  });

  it("escapes what the runner reads as syntax; a file that cannot be read is the file of its problem", async () => {
    const dir = project({ "a,b:c%.policy": tinyPolicy("a", 'category unused "Unused: 100% done" { class personal }\n') });
    const r = await policyc(["check", "--format", "github", "a,b:c%.policy", "missing.policy"], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.some((l) => l.startsWith("::error file=missing.policy,title=PC9001 file-not-found::cannot read"))).toBe(true);
    const unused = lines.find((l) => l.includes("PC3002"))!;
    expect(unused).toMatch(/^::warning file=a%2Cb%3Ac%25\.policy,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=PC3002 unused-category::/);
    // every line is one command: no raw line break, and each % in the message escaped
    for (const l of lines) expect(l.split("::").length).toBeGreaterThanOrEqual(3);
    expect(r.stdout).not.toMatch(/%(?!25|0A|0D|2C|3A)/);
  });
});

describe("--format pretty", () => {
  it("prints colours only on a terminal, and never with NO_COLOR", async () => {
    const plain = await policyc(["check", THREE_ERRORS], { tty: false, env: {} });
    const tty = await policyc(["check", THREE_ERRORS], { tty: true, env: {} });
    const noColor = await policyc(["check", THREE_ERRORS], { tty: true, env: { NO_COLOR: "1" } });
    expect(plain.stdout).not.toContain("\u001b[");
    expect(tty.stdout).toContain("\u001b[");
    expect(noColor.stdout).not.toContain("\u001b[");
    expect(plain.stdout.trimEnd().split("\n").at(-1)).toBe("found 3 errors in 1 file");
  });

  it("counts the files its problems are in: a problem of no file counts none", async () => {
    const dir = project({ "a.policy": tinyPolicy("a"), notes: "x", "c.json": JSON.stringify({ inputs: ["a.policy"], outDir: "notes" }) });
    const r = await policyc(["build", "-c", "c.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("found 1 error");
  });

  it("prints nothing for a clean file", async () => {
    expect(await policyc(["check", "examples/taskflow.policy"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("exit codes", () => {
  it("0 clean, 1 errors, 2 unreadable file or misuse", async () => {
    expect((await policyc(["check", "examples/taskflow.policy"])).code).toBe(0);
    expect((await policyc(["check", THREE_ERRORS])).code).toBe(1);
    expect((await policyc(["check", "no/such.policy"])).code).toBe(2);
    expect((await policyc(["check", "--format", "xml", "examples/taskflow.policy"])).code).toBe(2);
    expect((await policyc(["check", "--max-warnings", "many", "examples/taskflow.policy"])).code).toBe(2);
    expect((await policyc(["frobnicate"])).code).toBe(2);
    // --json beside another --format is refused, not resolved to the other format
    for (const [format, ...command] of [
      ["sarif", "check", "examples/taskflow.policy"],
      ["github", "build", "--check"],
      ["markdown", "diff", "examples/taskflow.policy", "examples/taskflow.policy"],
    ]) {
      const r = await policyc([...command, "--format", format!, "--json"]);
      expect(r, command[0]).toMatchObject({ code: 2, stdout: "" });
      expect(r.stderr, command[0]).toContain(`error: option '--json' cannot be used with option '--format ${format}'`);
    }
    expect((await policyc(["check", "--format", "json", "--json", "examples/taskflow.policy"])).code).toBe(0);
  });

  it("1 with more warnings than --max-warnings, 0 within the limit", async () => {
    const over = await policyc(["check", "--max-warnings", "0", "examples/xiaomi.policy"]);
    expect(over.code).toBe(1);
    const count = Number(/too many warnings: (\d+), at most 0 allowed/.exec(over.stderr)?.[1]);
    expect(count).toBeGreaterThan(1);
    expect((await policyc(["check", "--max-warnings", String(count), "examples/xiaomi.policy"])).code).toBe(0);
    expect((await policyc(["check", "--max-warnings", String(count - 1), "examples/xiaomi.policy"])).code).toBe(1);
    expect((await policyc(["check", "--max-warnings", "0", "examples/taskflow.policy"])).code).toBe(0);
  });
});
