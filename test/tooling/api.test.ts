/** The programmatic API (src/api.ts): the CLI's work as values, never printing or exiting. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../../src/api.js";
import { policyc, project, ROOT, snapshot, tinyPolicy } from "./helpers.js";

describe("the API", () => {
  it("exports compile, check, format, diff and build", () => {
    for (const name of ["compile", "check", "format", "diff", "build", "diffModels", "renderDiagnostics", "watchBuild"]) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe("function");
    }
    expect(api.ChangeId.SHARING_WIDENED).toBe("SHARING_WIDENED");
  });

  it("check returns diagnostics as values, unreadable files included", () => {
    const clean = api.check("examples/taskflow.policy", { cwd: ROOT });
    expect(clean).toMatchObject({ ok: true, diagnostics: [] });
    const bad = api.check(["test/fixtures/syntax/invalid/three-errors.policy", "missing.policy"], { cwd: ROOT });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["PC9001", "PC1001", "PC1001", "PC1001"]);
    expect(api.check("examples", { cwd: ROOT }).diagnostics[0]!.message).toContain("`examples`: it is a directory");
    const text = api.check({ path: "mem.policy", text: tinyPolicy() }, { cwd: ROOT });
    expect(text.ok).toBe(true);
    expect(api.renderDiagnostics(bad.diagnostics, bad.sources, "json", ROOT)).toContain('"version": 1');
  });

  it("check reports a problem of a file two roots import once, like the CLI", async () => {
    const dir = project({
      "shared.policy": 'category shared "Shared" { class nonsense }\n',
      "a.policy": 'import "./shared"\n' + tinyPolicy("a"),
      "b.policy": 'import "./shared"\n' + tinyPolicy("b"),
    });
    const r = api.check(["a.policy", "b.policy"], { cwd: dir });
    const inShared = r.diagnostics.filter((d) => d.span?.file === "shared.policy");
    expect(inShared).toHaveLength(1);
    const cli = await policyc(["check", "--format", "json", "a.policy", "b.policy"], { cwd: dir });
    const reported = (JSON.parse(cli.stdout) as { diagnostics: { file?: string }[] }).diagnostics;
    expect(reported.filter((d) => d.file === "shared.policy")).toHaveLength(1);
  });

  it("format returns the text, or why it cannot", () => {
    const ok = api.format('category   a "A"\n');
    expect(ok).toEqual({ ok: true, text: 'category a "A"\n', changed: true });
    const bad = api.format("category {");
    expect(bad).toMatchObject({ ok: false, reason: "syntax" });
  });

  it("diff returns the changes, from files or texts", () => {
    const before = readFileSync(join(ROOT, "test/fixtures/diff/LABEL_CHANGED/previous.policy"), "utf8");
    const after = before.replace('"Newsletter"', '"Our newsletter"');
    const result = api.diff({ path: "a.policy", text: before }, { path: "b.policy", text: after }, { cwd: ROOT });
    expect(result.ok && result.changes.map((c) => [c.id, c.class])).toEqual([["LABEL_CHANGED", "editorial"]]);
    expect(api.diff("nope.policy", "nope.policy", { cwd: ROOT })).toMatchObject({ ok: false, diagnostics: [{ code: "PC9001" }] });
  });

  it("build writes, checks, and reports a bad configuration as a value", () => {
    const dir = project({ "p/one.policy": tinyPolicy("one") });
    const config = { inputs: ["p/*.policy"], outDir: "out", emitters: ["model"] };
    expect(api.build({ cwd: dir, config, check: true })).toMatchObject({ status: "stale", exitCode: 1 });
    expect(api.build({ cwd: dir, config })).toMatchObject({ status: "written", exitCode: 0 });
    expect(Object.keys(snapshot(join(dir, "out")))).toEqual(["one/policy.json"]);
    expect(api.build({ cwd: dir, config, check: true })).toMatchObject({ status: "up-to-date", exitCode: 0 });
    expect(api.build({ cwd: dir, config: { ...config, emitters: ["nope"] } })).toMatchObject({ status: "invalid-config", exitCode: 2, diagnostics: [{ code: "PC9002" }] });
    expect(api.build({ cwd: dir })).toMatchObject({ status: "invalid-config", diagnostics: [{ code: "PC9001" }] });
  });

  it("reports misused options and arguments as values (PC9002), never applying them as given", () => {
    const text = { path: "a.policy", text: 'policy p "P" { }' };
    const messages = (r: { diagnostics: readonly { code: string; message: string }[] }) => r.diagnostics.map((d) => `${d.code} ${d.message}`);
    const bad = api.check(text, { severities: { PC3002: "loud" as never, PC3OO2: "off" }, profiles: ["nope" as never] });
    expect(bad.ok).toBe(false);
    expect(messages(bad)).toEqual([
      'PC9002 invalid option: `profiles[0]` must be one of "gdpr", "ccpa", found the string "nope"',
      'PC9002 invalid option: `severities` has a key that is neither a diagnostic code (PC3002) nor a name (unused-category): "PC3OO2"',
      'PC9002 invalid option: `severities.PC3002` must be one of "error", "warning", "info", "off", found the string "loud"',
    ]);
    expect(messages(api.check(text, { severities: { PC1009: "off" } }))).toEqual(["PC9002 invalid option: `severities.PC1009` cannot change PC1009 (unknown-declaration): syntax and name errors are always errors"]);
    expect(messages(api.check({ path: "a.policy", text: 5 as never }))).toEqual(["PC9002 invalid option: a file is a path or `{ path, text }` with two strings, found an object"]);
    expect(api.diff(undefined as never, "x")).toMatchObject({ ok: false, diagnostics: [{ code: "PC9002" }] });
    for (const maxWarnings of [Number.NaN, -1, 1.5]) expect(api.build({ maxWarnings })).toMatchObject({ status: "invalid-config", exitCode: 2, diagnostics: [{ code: "PC9002" }] });
    expect(api.build({ config: null as never })).toMatchObject({ status: "invalid-config", diagnostics: [{ code: "PC9002" }] });
    expect(() => api.renderDiagnostics([], new Map(), "xml" as never)).toThrow(RangeError);
    expect(() => api.format(null as never)).toThrow(TypeError);
    // compile checks them too: no model, and nothing applied as given
    const compiled = api.compile("a.policy", { rootText: text.text, severities: { PC4001: "loud" as never }, profiles: ["hipaa" as never] });
    expect(compiled.model).toBeUndefined();
    expect(messages(compiled)).toEqual([
      'PC9002 invalid option: `profiles[0]` must be one of "gdpr", "ccpa", found the string "hipaa"',
      'PC9002 invalid option: `severities.PC4001` must be one of "error", "warning", "info", "off", found the string "loud"',
    ]);
    expect(messages(api.compile(5 as never))).toEqual(["PC9002 invalid option: the root file is a path, found the number 5"]);
    expect(messages(api.compile("a.policy", { rootText: Buffer.from("x") as never }))).toEqual(["PC9002 invalid option: `rootText` is the root file's text, found an object"]);
    // good options still work
    expect(api.check(text, { severities: { PC3002: "off" }, profiles: ["gdpr"] }).ok).toBe(true);
    expect(api.compile("a.policy", { rootText: text.text, profiles: ["gdpr"] }).model).toBeDefined();
  });

  it("EMITTERS cannot be changed by a caller: a later build would write less", () => {
    expect(() => (api.EMITTERS as unknown[]).splice(1)).toThrow(TypeError);
    expect(() => Object.assign(api.EMITTERS[0]!, { name: "x" })).toThrow(TypeError);
    expect(api.EMITTERS.map((e) => e.name)).toEqual(["model", "document", "consent", "guards"]);
  });

  it("the document emitter called on its own writes nothing for a templates folder that is not there (PC9010)", () => {
    const { model } = api.compile("a.policy", { rootText: tinyPolicy() });
    const document = api.EMITTERS.find((e) => e.name === "document")!;
    const missing = document.emit(model!, { banner: [], templatesDir: join(ROOT, "test", "no-such-wording"), cwd: ROOT });
    expect(missing.files).toEqual([]);
    expect(missing.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(["PC9010 the templates folder `test/no-such-wording` does not exist"]);
    const file = document.emit(model!, { banner: [], templatesDir: join(ROOT, "README.md"), cwd: ROOT });
    expect(file.diagnostics.map((d) => d.code)).toEqual(["PC9010"]);
    expect(document.emit(model!, { banner: [], cwd: ROOT }).files.length).toBeGreaterThan(0);
  });
});
