/**
 * The installed command: `npm run build` bundles the CLI (dist/policyc-cli.cjs) with a launcher
 * (dist/policyc.cjs) that keeps V8's compiled code between runs. Built here the same way, into a
 * folder inside the repository (the bundle finds stdlib/ and templates/ by walking up), it must
 * print what the CLI prints in-process, make its cache on the first run, use it on the next, and
 * shrug off a cache that is damaged. Run through bin/policyc.js, as an installed command is, it
 * must start without what a check does not need: Node's ES module loader, and `child_process`
 * (with `dgram`), which commander loads as it starts.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleCli } from "../../scripts/bundle.js";
import { policyc, project, ROOT, tinyPolicy } from "./helpers.js";

const OUT = join(ROOT, `.policyc-tmp-launch-test-${process.pid}`);
let launcher = "";

beforeAll(async () => {
  launcher = await bundleCli(OUT);
});
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

function node(args: readonly string[], cwd: string = ROOT) {
  const r = spawnSync(process.execPath, [launcher, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const caches = () => (existsSync(join(OUT, ".cache")) ? readdirSync(join(OUT, ".cache")).filter((f) => f.endsWith(".v8")) : []);

describe("the bundled command and its code cache", () => {
  it("prints what the CLI prints, makes a cache per command, and uses it", async () => {
    const expected = await policyc(["check", "examples/xiaomi.policy"]);
    expect(expected.code).toBe(0);
    expect(caches()).toEqual([]);

    const first = node(["check", "examples/xiaomi.policy"]);
    expect(first).toEqual(expected);
    const made = caches();
    expect(made).toHaveLength(1);
    expect(made[0]).toMatch(/^policyc-cli-check-v\d+/);

    const path = join(OUT, ".cache", made[0]!);
    const written = statSync(path);
    expect(made[0]).toContain(createHash("sha256").update(readFileSync(join(OUT, "policyc-cli.cjs"))).digest("hex").slice(0, 32));
    const second = node(["check", "examples/xiaomi.policy"]);
    expect(second).toEqual(expected);
    expect(caches()).toEqual(made);
    // used as it is: not rejected, so not written again
    const after = statSync(path);
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);

    const version = node(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(caches()).toHaveLength(2);
  });

  it("builds a project with its own wording as the sources do (every dependency bundled whole)", async () => {
    const dir = project({
      "shop.policy": tinyPolicy("shop"),
      "policyc.config.json": JSON.stringify({ inputs: ["shop.policy"], outDir: "generated", templates: "wording" }),
      "wording/en/labels.json": '{ "sections": { "rigths": "Rights" } }\n',
      "wording/en/controller.hbs": "Run by {{#if legalNmae}}{{legalName}}{{/if}}.\n",
    });
    const expected = await policyc(["build", "--format", "json"], { cwd: dir });
    expect(expected.code).toBe(1);
    const bundled = node(["build", "--format", "json"], dir);
    expect(bundled).toEqual(expected);
    // the key's place, found by jsonc-parser, and the field's, by Handlebars
    expect(bundled.stdout).toContain('"file": "wording/en/labels.json"');
    expect(bundled.stdout).toContain('"file": "wording/en/controller.hbs"');
  });

  it("is ASCII, which the launcher reads as Latin-1, and reads and writes other scripts as the sources do", async () => {
    const bytes = readFileSync(join(OUT, "policyc-cli.cjs"));
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
    // text outside ASCII in the policy, the diagnostics and the documents (the bundle itself
    // holds none: its regular expressions write such characters as escapes)
    const dir = project({
      "shop.policy": tinyPolicy(
        "shop",
        '\ncategory contact.phone "Téléphone" { provision contractual consequence "联系 § 3 …" }\nsection intro "Über uns" { prose """Wir schreiben Ihnen… Kontakt: 联系我们 (§ 5 TMG).""" }\n',
      ),
      "quoted.policy": tinyPolicy("quoted", '\ncategory contact.phone “Téléphone” { provision contractual }\n'),
      "policyc.config.json": JSON.stringify({ inputs: ["shop.policy"], outDir: "generated" }),
    });
    const json = ["check", "shop.policy", "quoted.policy", "--format", "json"];
    expect(node(json, dir)).toEqual(await policyc(json, { cwd: dir }));
    const pretty = await policyc(["check", "quoted.policy"], { cwd: dir });
    expect(pretty.stdout).toContain('strings are written in double quotes: `"Téléphone"`');
    expect(node(["check", "quoted.policy"], dir)).toEqual(pretty);
    // what the bundle writes is what the sources would write, byte for byte
    expect(node(["build"], dir).code).toBe(0);
    const fresh = await policyc(["build", "--check"], { cwd: dir });
    expect(fresh.stderr).toContain("is up to date");
    expect(fresh.code).toBe(0);
    const written = readFileSync(join(dir, "generated", "shop", "policy.md"), "utf8");
    expect(written).toContain("联系我们 (§ 5 TMG)");
    expect(written).toContain("Téléphone");
  });

  it("starts through bin/policyc.js without Node's ES module loader or child_process", async () => {
    // an installed package's layout, inside the repository so that the bundle finds stdlib/
    const pkg = join(OUT, "package");
    mkdirSync(join(pkg, "bin"), { recursive: true });
    mkdirSync(join(pkg, "dist"), { recursive: true });
    for (const f of readdirSync(join(ROOT, "bin"))) copyFileSync(join(ROOT, "bin", f), join(pkg, "bin", f));
    for (const f of ["policyc.cjs", "policyc-cli.cjs"]) copyFileSync(join(OUT, f), join(pkg, "dist", f));
    // prints the modules Node loaded, as it exits (`net` is not asked about: output to a pipe loads it)
    const preload = join(OUT, "modules.cjs");
    writeFileSync(preload, 'process.on("exit", () => process.stderr.write("\\n@@" + JSON.stringify(process.moduleLoadList)));\n');
    const loaded = (args: readonly string[]) => {
      const r = spawnSync(process.execPath, ["-r", preload, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      const at = r.stderr.lastIndexOf("\n@@");
      return { code: r.status, stdout: r.stdout, stderr: r.stderr.slice(0, at), modules: JSON.parse(r.stderr.slice(at + 3)) as string[] };
    };
    const expected = await policyc(["check", "examples/xiaomi.policy"]);
    const viaBin = loaded([join(pkg, "bin", "policyc.js"), "check", "examples/xiaomi.policy"]);
    expect({ code: viaBin.code, stdout: viaBin.stdout, stderr: viaBin.stderr }).toEqual(expected);
    const unwanted = (modules: readonly string[]) =>
      modules.filter((m) => /^NativeModule (internal\/modules\/esm\/(load|module_job|translators)|child_process|dgram)$/.test(m));
    expect(unwanted(viaBin.modules)).toEqual([]);
    // what the check is held against: the same probe sees an ES module start, and commander's own
    const esm = join(OUT, "empty.mjs");
    writeFileSync(esm, "");
    expect(unwanted(loaded([esm]).modules)).toContain("NativeModule internal/modules/esm/load");
    expect(unwanted(loaded(["-e", 'require("' + join(ROOT, "node_modules", "commander").replace(/\\/g, "/") + '")']).modules)).toContain("NativeModule child_process");
  });

  it("in a checkout, runs the sources once one is newer than the bundle", () => {
    // a checkout's layout: bin/, dist/ as `npm run build` makes it, and src/ (here a stand-in
    // for the CLI's entry that says it ran), inside the repository so that tsx resolves
    const repo = join(OUT, "checkout");
    mkdirSync(join(repo, "bin"), { recursive: true });
    mkdirSync(join(repo, "dist"), { recursive: true });
    mkdirSync(join(repo, "src", "cli"), { recursive: true });
    for (const f of readdirSync(join(ROOT, "bin"))) copyFileSync(join(ROOT, "bin", f), join(repo, "bin", f));
    for (const f of ["policyc.cjs", "policyc-cli.cjs"]) copyFileSync(join(OUT, f), join(repo, "dist", f));
    const main = join(repo, "src", "cli", "main.ts");
    writeFileSync(main, 'process.stdout.write("the sources ran\\n");\n');
    const run = () => spawnSync(process.execPath, [join(repo, "bin", "policyc.js"), "--version"], { cwd: ROOT, encoding: "utf8" }).stdout;
    const bundle = node(["--version"]).stdout;
    expect(bundle).toMatch(/^\d+\.\d+\.\d+/);

    // sources older than the bundle: the bundle runs
    const past = new Date(Date.now() - 3_600_000);
    for (const p of [main, join(repo, "src", "cli"), join(repo, "src")]) utimesSync(p, past, past);
    expect(run()).toBe(bundle);
    // a source edited since: the sources run, not the compiler as it was built
    const later = new Date(Date.now() + 60_000);
    utimesSync(main, later, later);
    expect(run()).toBe("the sources ran\n");
    // a file added: its folder is newer
    utimesSync(main, past, past);
    expect(run()).toBe(bundle);
    writeFileSync(join(repo, "src", "cli", "new.ts"), "export {};\n");
    utimesSync(join(repo, "src", "cli", "new.ts"), past, past);
    utimesSync(join(repo, "src", "cli"), later, later);
    expect(run()).toBe("the sources ran\n");
  });

  it("runs the same with a damaged cache, and makes it again", () => {
    const [name] = caches().filter((f) => f.includes("-check-"));
    const path = join(OUT, ".cache", name!);
    writeFileSync(path, "not a code cache");
    const r = node(["check", "examples/taskflow.policy", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty("diagnostics");
    expect(readFileSync(path, "utf8")).not.toBe("not a code cache");
  });

  it.skipIf(process.platform === "win32")("does not read a cache that others may write, and replaces it", () => {
    const [name] = caches().filter((f) => f.includes("-check-"));
    const path = join(OUT, ".cache", name!);
    writeFileSync(path, "planted");
    chmodSync(path, 0o666);
    const r = node(["check", "examples/xiaomi.policy"]);
    expect(r.code).toBe(0);
    expect(readFileSync(path, "utf8")).not.toBe("planted");
    expect(statSync(path).mode & 0o777).toBe(0o644);
    expect(readdirSync(join(OUT, ".cache")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("reports an unreadable file (exit 2) and a policy with errors (exit 1) like the CLI", async () => {
    const missing = await policyc(["check", "test/fixtures/does-not-exist.policy"]);
    expect(missing.code).toBe(2);
    expect(node(["check", "test/fixtures/does-not-exist.policy"])).toEqual(missing);
    const broken = join(OUT, "broken.policy");
    writeFileSync(broken, 'policy broken "Broken" {\n  version 1.0\n}\ncategory x "X" { class nonsense }\n');
    const errors = await policyc(["check", broken]);
    expect(errors.code).toBe(1);
    expect(node(["check", broken])).toEqual(errors);
  });

  it.skipIf(!existsSync("/dev/full"))("says in one line that it cannot write its output (a full disk), exit 2, never a stack trace", () => {
    const full = openSync("/dev/full", "w");
    try {
      const broken = join(project({ "bad.policy": "category {" }), "bad.policy");
      const r = spawnSync(process.execPath, [launcher, "check", broken], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", full, "pipe"] });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("policyc: cannot write to standard output: no space left on the device\n");
    } finally {
      closeSync(full);
    }
  });
});
