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

describe("policyc check --profile", () => {
  it("turns on a regulatory profile the jurisdictions do not", async () => {
    const without = await policyc(["check", "--format", "json", "examples/xiaomi.policy"]);
    const withCcpa = await policyc(["check", "--format", "json", "--profile", "ccpa", "examples/xiaomi.policy"]);
    const codes = (out: string) => (JSON.parse(out) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    expect(codes(without.stdout).some((c) => c.startsWith("PC402"))).toBe(false);
    expect(codes(withCcpa.stdout)).toContain("PC4021");
    expect(withCcpa.code).toBe(0); // warnings only
  });

  it("rejects an unknown profile as misuse", async () => {
    const r = await policyc(["check", "--profile", "hipaa", "examples/xiaomi.policy"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown profile `hipaa`");
  });
});

describe("policyc explain", () => {
  it("prints the decision and the rule chain, and exits 2 on an unknown name", async () => {
    const ok = await policyc(["explain", "-p", "examples/xiaomi.policy", "sell", "contact.email", "to", "partners", "for", "marketing.direct"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("DENIED");
    expect(ok.stdout).toMatch(/no_sale \(examples\/xiaomi\.policy:\d+:1\)/);
    const bad = await policyc(["explain", "-p", "examples/xiaomi.policy", "sell", "contact.emial", "to", "partners", "for", "marketing.direct"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown category `contact.emial`");
  });
});
