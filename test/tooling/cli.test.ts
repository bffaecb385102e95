/** The command line as a whole: every command is registered with examples in its help; misuse exits 2. */
import { describe, expect, it } from "vitest";
import { policyc } from "./helpers.js";

describe("policyc", () => {
  it("lists every command", async () => {
    const r = await policyc(["--help"]);
    expect(r.code).toBe(0);
    for (const command of ["check", "build", "fmt", "diff", "init", "explain"]) expect(r.stdout).toMatch(new RegExp(`\\n  ${command}\\b`));
  });

  for (const command of ["check", "build", "fmt", "diff", "init", "explain"]) {
    it(`${command} --help shows examples`, async () => {
      const r = await policyc([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples?:\n/);
      expect(r.stdout).toContain(`$ policyc ${command}`);
    });
  }

  it("exits 2 on an unknown option, a missing argument or an unknown command", async () => {
    expect((await policyc(["check", "--nope"])).code).toBe(2);
    expect((await policyc(["diff", "only-one.policy"])).code).toBe(2);
    expect((await policyc(["nope"])).code).toBe(2);
  });
});
