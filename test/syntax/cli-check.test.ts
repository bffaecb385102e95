/**
 * `policyc check` end to end: output and exit codes (1 for errors, 2 for a tool failure; a clean
 * run is in test/tooling/formats.test.ts). One run goes through `bin/policyc.js` in a process of
 * its own (the exit code a shell sees, no colour on a pipe); the rest run the same CLI
 * in-process, which is much faster.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { policyc, project, ROOT, tinyPolicy } from "../tooling/helpers.js";

describe("policyc check", () => {
  it("exits 1 and prints every diagnostic with a summary, as a process", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "policyc.js"), "check", "test/fixtures/syntax/invalid/three-errors.policy"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("test/fixtures/syntax/invalid/three-errors.policy:3:21 - error PC1001:");
    expect(r.stdout).not.toContain("\u001b[");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("found 3 errors in 1 file");
  });

  it("prints what the README shows, pretty and as JSON", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### `policyc check`"));
    const shown = /```text\n([\s\S]*?)\.\.\.\n/.exec(section)?.[1];
    const pretty = await policyc(["check", "test/fixtures/syntax/invalid/three-errors.policy"]);
    expect(shown).toBeDefined();
    expect(pretty.stdout.startsWith(shown!)).toBe(true);
    const json = await policyc(["check", "--format", "json", "test/fixtures/syntax/invalid/three-errors.policy"]);
    const first = (JSON.parse(json.stdout) as { diagnostics: { message: string; start: unknown; end: unknown }[] }).diagnostics[0]!;
    for (const line of [`"message": ${JSON.stringify(first.message)}`, `"start": ${JSON.stringify(first.start).replace(/,/g, ", ").replace(/:/g, ": ").replace(/^\{/, "{ ").replace(/\}$/, " }")}`]) {
      expect(section).toContain(line);
    }
  });

  it("exits 2 when a file cannot be read, reporting PC9001 in the chosen format and checking the others", async () => {
    const pretty = await policyc(["check", "no/such/file.policy"]);
    expect(pretty.code).toBe(2);
    expect(pretty.stdout).toContain("error PC9001: cannot read `no/such/file.policy`: no such file");
    const json = await policyc(["check", "--format", "json", "no/such/file.policy", "test/fixtures/syntax/invalid/three-errors.policy"]);
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout) as { diagnostics: { code: string; file: string | null }[]; summary: { errors: number } };
    expect(doc.diagnostics[0]).toMatchObject({ code: "PC9001", file: "no/such/file.policy" });
    expect(doc.diagnostics.filter((d) => d.code === "PC1001" && d.file === "test/fixtures/syntax/invalid/three-errors.policy")).not.toHaveLength(0);
    expect(doc.summary.errors).toBe(4);
  });

  it("with no files, checks the inputs of policyc.config.json, and without one says what to do", async () => {
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["*.policy"], outDir: "generated" }),
      "a.policy": tinyPolicy("a", 'category extra "Extra"\n'), // an unused category: a warning
      "b.policy": "policy b {",
    });
    const r = await policyc(["check", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    const files = new Set((JSON.parse(r.stdout) as { diagnostics: { file: string | null }[] }).diagnostics.map((d) => d.file));
    expect([...files].sort()).toEqual(["a.policy", "b.policy"]);
    // what would stop the build stops check too, with the same codes, whatever the emitters
    const broken = project({
      "policyc.config.json": JSON.stringify({ inputs: ["a.policy", "missing.policy"], outDir: "generated", emitters: ["model"], templates: "wording" }),
      "a.policy": tinyPolicy("a"),
    });
    const stopped = await policyc(["check", "--format", "json"], { cwd: broken });
    expect(stopped.code).toBe(2);
    expect((JSON.parse(stopped.stdout) as { diagnostics: { code: string; message: string }[] }).diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "PC9004 the input `missing.policy` matches no file",
      "PC9010 the templates folder `wording` does not exist",
    ]);
    const none = await policyc(["check"], { cwd: project({}) });
    expect(none.code).toBe(2);
    expect(none.stdout + none.stderr).toContain("error PC9001: cannot read `policyc.config.json`: no such file (name the files to check, or create it with `policyc init`)");
    // a tool failure is a document in JSON and SARIF too (a CI step must not upload an empty file)
    for (const format of ["json", "sarif"]) {
      const r = await policyc(["check", "--format", format], { cwd: project({}) });
      expect(r.code).toBe(2);
      expect(JSON.stringify(JSON.parse(r.stdout))).toContain("PC9001");
      const bad = await policyc(["check", "--format", format], { cwd: project({ "policyc.config.json": '{ "inputs": ["a.policy"], "outDir": "gen", "emitters": ["guard"] }' }) });
      expect(bad.code).toBe(2);
      expect(JSON.stringify(JSON.parse(bad.stdout))).toContain('did you mean \\"guards\\"');
    }
  });

  it("reports a document language without a wording pack (PC5002) as build does, unless no documents are built", async () => {
    const policy = tinyPolicy("a").replace("languages en", "languages en, fr");
    const dir = project({ "a.policy": policy });
    const r = await policyc(["check", "--format", "json", "a.policy"], { cwd: dir });
    expect(r.code).toBe(1);
    const found = (JSON.parse(r.stdout) as { diagnostics: { code: string; message: string; file: string; start: { offset: number }; end: { offset: number } }[] }).diagnostics.find(
      (d) => d.code === "PC5002",
    );
    expect(found).toMatchObject({ message: "there are no wording templates for language `fr`, so no `fr` document can be written", file: "a.policy" });
    // at the language in the header's `languages` that asks for it
    expect(policy.slice(found!.start.offset, found!.end.offset)).toBe("fr");
    expect(policy.slice(found!.start.offset - 4, found!.start.offset)).toBe("en, ");
    const modelOnly = project({ "a.policy": policy, "policyc.config.json": JSON.stringify({ inputs: ["a.policy"], outDir: "generated", emitters: ["model"] }) });
    expect((await policyc(["check", "a.policy"], { cwd: modelOnly })).code).toBe(0);
  });

  it("exits 2 on misuse, and prints the version from package.json", async () => {
    expect((await policyc(["check", "--format", "yaml", "a.policy"])).code).toBe(2);
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(await policyc(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});

describe("policyc check: files that are not regular files", () => {
  it("refuses a device, a link to one and a FIFO instead of reading forever", async () => {
    const dir = project({ "main.policy": 'import "./zero.policy"\nimport "./pipe.policy"\n' + tinyPolicy("main") });
    symlinkSync("/dev/zero", join(dir, "zero.policy"));
    spawnSync("mkfifo", [join(dir, "pipe.policy")]);
    const device = await policyc(["check", "/dev/zero"], { cwd: dir });
    expect(device.code).toBe(2);
    expect(device.stdout + device.stderr).toContain("cannot read `/dev/zero`: not a regular file (a device, a pipe or a socket)");
    const pipe = await policyc(["check", "pipe.policy"], { cwd: dir });
    expect(pipe.code).toBe(2);
    expect(pipe.stdout + pipe.stderr).toContain("cannot read `pipe.policy`: not a regular file");
    // as imports: not missing but unreadable, said as such, the rest of the program checked
    const imports = await policyc(["check", "--format", "json", "main.policy"], { cwd: dir });
    expect(imports.code).toBe(1);
    const found = (JSON.parse(imports.stdout) as { diagnostics: { code: string; message: string }[] }).diagnostics;
    expect(found.filter((d) => d.code === "PC2022").map((d) => d.message)).toEqual([
      "cannot read `./pipe.policy` (`pipe.policy`): not a regular file (a device, a pipe or a socket)",
    ]);
    // the link leads out of the project: refused before it is opened (PC2032)
    expect(found.filter((d) => d.code === "PC2032").map((d) => d.message)).toEqual([
      "`./zero.policy` leads to `/dev/zero`, outside `.`, where policyc reads policies from",
    ]);
    expect(found.filter((d) => d.code === "PC2006")).toEqual([]);
  }, 30_000);
});
