/** `policyc check` end to end: output and exit codes (0 clean, 1 errors, 2 tool failure). */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "./helpers.js";

const ROOT = join(FIXTURES, "..", "..", "..");

function policyc(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, "bin", "policyc.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("policyc check", () => {
  it("exits 0 and prints nothing for a clean file", () => {
    const r = policyc("check", "examples/taskflow.policy");
    expect(r).toMatchObject({ status: 0, stdout: "", stderr: "" });
  });

  it("exits 1 and prints every diagnostic with a summary", () => {
    const r = policyc("check", "test/fixtures/syntax/invalid/three-errors.policy");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("test/fixtures/syntax/invalid/three-errors.policy:4:1 - error PC1001:");
    expect(r.stdout).not.toContain("\u001b[");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("found 3 errors in 1 file");
  });

  it("exits 2 when a file cannot be read", () => {
    const r = policyc("check", "no/such/file.policy");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("policyc: cannot read `no/such/file.policy`: no such file\n");
  });

  it("exits 2 on misuse, and prints the version from package.json", () => {
    expect(policyc("check").status).toBe(2);
    expect(policyc("--version")).toMatchObject({ status: 0, stdout: "0.1.0\n" });
  });
});
