/** `policyc init`: a starter that passes `check` with no problem at all, and never overwrites. */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { installedPackage, policyId, starterConfig, starterPolicy } from "../../src/cli/init.js";
import { shellWord } from "../../src/util/shell-word.js";
import { policyc, project, snapshot } from "./helpers.js";

describe("policyc init", () => {
  it("creates a policy importing std/taxonomy and a configuration; check and build pass", async () => {
    const dir = project();
    const r = await policyc(["init", "my-shop"], { cwd: dir });
    expect(r.code).toBe(0);
    const policy = readFileSync(join(dir, "my-shop", "privacy.policy"), "utf8");
    expect(policy).toContain('import "std/taxonomy"');
    expect(policy).toContain("policy my_shop ");
    expect(JSON.parse(readFileSync(join(dir, "my-shop", "policyc.config.json"), "utf8"))).toMatchObject({ inputs: ["privacy.policy"], outDir: "generated" });
    const checked = await policyc(["check", "--format", "json", "privacy.policy"], { cwd: join(dir, "my-shop") });
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ diagnostics: [] });
    const built = await policyc(["build", "--max-warnings", "0"], { cwd: join(dir, "my-shop") });
    expect(built.code).toBe(0);
    expect(existsSync(join(dir, "my-shop", "generated", "privacy", "policy.md"))).toBe(true);
    expect((await policyc(["fmt", "--check"], { cwd: join(dir, "my-shop") })).code).toBe(0);
  });

  it("refuses to overwrite, and then writes nothing at all", async () => {
    const dir = project({ "policyc.config.json": "{}\n" });
    const r = await policyc(["init"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("policyc: `policyc.config.json` already exists: nothing was written\n");
    expect(snapshot(dir)).toEqual({ "policyc.config.json": "{}\n" });
    writeFileSync(join(dir, "privacy.policy"), "// mine\n");
    expect((await policyc(["init"], { cwd: dir })).code).toBe(2);
    expect(readFileSync(join(dir, "privacy.policy"), "utf8")).toBe("// mine\n");
  });

  it("names the files it writes, or would not overwrite, as given and with control characters escaped", async () => {
    const dir = project({});
    const name = "d\u001b[31m";
    const r = await policyc(["init", name], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("\u001b");
    expect(r.stderr.split("\n")[0]).toBe("created d\\x1b[31m/privacy.policy");
    const again = await policyc(["init", name], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("policyc: `d\\x1b[31m/privacy.policy` already exists: nothing was written\n");
    expect(again.stderr).not.toContain(dir);
  });

  it("derives the policy id from the folder name", () => {
    expect(policyId("My Shop!")).toBe("my_shop");
    expect(policyId("2024-site")).toBe("site");
    expect(policyId("---")).toBe("privacy");
    // a keyword cannot name a policy: a project folder called `allow` or `to` gets `privacy`
    for (const word of ["allow", "import", "never", "not", "in", "to", "Policy"]) expect(policyId(word), word).toBe("privacy");
    expect(policyId("allowance")).toBe("allowance");
  });

  it("writes a policy that checks clean in a folder named after a keyword", async () => {
    const dir = project();
    expect((await policyc(["init", "to"], { cwd: dir })).code).toBe(0);
    const r = await policyc(["check", "to/privacy.policy"], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: "" });
  });

  it("refuses a file where the folder should be: one line, exit 2, nothing written", async () => {
    const dir = project({ somefile: "mine\n" });
    const r = await policyc(["init", "somefile"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("policyc: `somefile` is a file, not a folder: nothing was written\n");
    expect(snapshot(dir)).toEqual({ somefile: "mine\n" });
  });

  it("refuses a folder under a file: one line, exit 2, nothing written", async () => {
    const dir = project({ somefile: "mine\n" });
    const r = await policyc(["init", "somefile/sub/deeper"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("policyc: cannot create `somefile/sub/deeper`: `somefile` is a file, not a folder: nothing was written\n");
    expect(snapshot(dir)).toEqual({ somefile: "mine\n" });
  });

  it("removes the first file when the second cannot be written, and says why in one line", async () => {
    // A dangling link passes the "already exists" check (it follows links), but the exclusive write fails on it.
    const dir = project();
    symlinkSync(join(dir, "nowhere"), join(dir, "policyc.config.json"));
    const r = await policyc(["init"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("policyc: cannot write `policyc.config.json`: something of that name already exists: nothing was written\n");
    expect(readdirSync(dir)).toEqual(["policyc.config.json"]);
    expect(lstatSync(join(dir, "policyc.config.json")).isSymbolicLink()).toBe(true);
  });

  // Root ignores permissions, so this runs only for other users.
  it.skipIf(process.getuid?.() === 0 || process.platform === "win32")("reports a folder it may not write to in one line, and leaves nothing behind", async () => {
    const dir = project();
    mkdirSync(join(dir, "locked"));
    chmodSync(join(dir, "locked"), 0o555);
    try {
      const r = await policyc(["init", "locked/shop"], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("policyc: cannot create the folder `locked/shop`: permission denied: nothing was written\n");
      expect(readdirSync(join(dir, "locked"))).toEqual([]);
    } finally {
      chmodSync(join(dir, "locked"), 0o755);
    }
  });

  it("quotes the path of the next command for a shell, only when it needs quoting", async () => {
    const dir = project();
    const spaced = await policyc(["init", "sp ace/dir"], { cwd: dir });
    expect(spaced.code).toBe(0);
    expect(spaced.stderr).toContain("\nnext: npx policyc check 'sp ace/dir/privacy.policy'\n");
    const quoted = await policyc(["init", "it's"], { cwd: dir });
    expect(quoted.code).toBe(0);
    expect(quoted.stderr).toContain("\nnext: npx policyc check 'it'\\''s/privacy.policy'\n");
    expect(existsSync(join(dir, "it's", "privacy.policy"))).toBe(true);
    const plain = await policyc(["init", "my-shop_2/v1.0"], { cwd: dir });
    expect(plain.stderr).toContain("\nnext: npx policyc check my-shop_2/v1.0/privacy.policy\n");
    expect((await policyc(["init", "."], { cwd: join(dir, "sp ace") })).stderr).toContain("\nnext: npx policyc check privacy.policy\n");
    // a folder whose name starts with `-` would be read as an option
    expect((await policyc(["init", "--", "-shop"], { cwd: dir })).stderr).toContain("\nnext: npx policyc check ./-shop/privacy.policy\n");
  });

  it.skipIf(process.platform === "win32")("quotes words so that a POSIX shell reads them back unchanged", () => {
    for (const word of ["plain/path.policy", "sp ace", "it's", "'", "''", "a\"b$c`d\\e!*?~#;&|<>(){}[]", "tab\there", "new\nline", "a@b%c+d=e:f,g", "~home", "x=y z"]) {
      expect(execFileSync("sh", ["-c", `printf %s ${shellWord(word)}`], { encoding: "utf8" })).toBe(word);
    }
    expect(shellWord("a-b_c/d.e")).toBe("a-b_c/d.e");
    expect(shellWord("user@host:v1,2+3=4%")).toBe("user@host:v1,2+3=4%");
    expect(shellWord("~home")).toBe("'~home'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
  });
});

describe("policyc init: where the installed package is", () => {
  it("refers to the package from the folder it writes to", () => {
    const installed = (...paths: string[]) => (p: string) => paths.some((x) => p === `${x}/node_modules/policyc/package.json`);
    expect(installedPackage("/p/proj", installed("/p/proj"))).toBe("./node_modules/policyc");
    expect(installedPackage("/p/proj/my-shop", installed("/p/proj"))).toBe("../node_modules/policyc");
    // the nearest install wins; none (a global install, a one-off npx): where the project's will be
    expect(installedPackage("/p/proj/my-shop", installed("/p/proj", "/p/proj/my-shop"))).toBe("./node_modules/policyc");
    expect(installedPackage("/p/proj", installed())).toBe("./node_modules/policyc");
    expect(JSON.parse(starterConfig("privacy.policy", "../node_modules/policyc")).$schema).toBe("../node_modules/policyc/schema/policyc-config.schema.json");
    expect(starterPolicy("shop", "../node_modules/policyc")).toContain("The language: ../node_modules/policyc/grammar/README.md.");
    expect(starterPolicy("shop")).toContain("The language: node_modules/policyc/grammar/README.md.");
  });
});
