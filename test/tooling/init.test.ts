/** `policyc init`: a starter that passes `check` with no problem at all, and never overwrites. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { policyId } from "../../src/cli/init.js";
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
    expect(r.stderr).toContain("policyc.config.json already exists: nothing was written");
    expect(snapshot(dir)).toEqual({ "policyc.config.json": "{}\n" });
    writeFileSync(join(dir, "privacy.policy"), "// mine\n");
    expect((await policyc(["init"], { cwd: dir })).code).toBe(2);
    expect(readFileSync(join(dir, "privacy.policy"), "utf8")).toBe("// mine\n");
  });

  it("derives the policy id from the folder name", () => {
    expect(policyId("My Shop!")).toBe("my_shop");
    expect(policyId("2024-site")).toBe("site");
    expect(policyId("---")).toBe("privacy");
  });
});
