/**
 * `policyc check` end to end: output and exit codes (1 for errors, 2 for a tool failure; a clean
 * run is in test/tooling/formats.test.ts). One run goes through `bin/policyc.js` in a process of
 * its own (the exit code a shell sees, no colour on a pipe); the rest run the same CLI
 * in-process, which is much faster.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { policyc, ROOT } from "../tooling/helpers.js";

describe("policyc check", () => {
  it("exits 1 and prints every diagnostic with a summary, as a process", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "policyc.js"), "check", "test/fixtures/syntax/invalid/three-errors.policy"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("test/fixtures/syntax/invalid/three-errors.policy:4:1 - error PC1001:");
    expect(r.stdout).not.toContain("\u001b[");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("found 3 errors in 1 file");
  });

  it("exits 2 when a file cannot be read", async () => {
    const r = await policyc(["check", "no/such/file.policy"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("policyc: cannot read `no/such/file.policy`: no such file\n");
  });

  it("exits 2 on misuse, and prints the version from package.json", async () => {
    expect((await policyc(["check"])).code).toBe(2);
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(await policyc(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});
