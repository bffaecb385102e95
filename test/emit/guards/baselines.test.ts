/**
 * Golden baselines of every file the consent and guards emitters produce for the xiaomi example,
 * which are the published files in generated/xiaomi/ (also kept in sync by `npm run gen:check`).
 * Refresh with `npm run baselines` (or `npm run gen`) and review the diff.
 * Emitting twice gives the same bytes. Also keeps src/emit/guards/runtime.compiled.ts (the
 * guards runtime compiled by TypeScript, so that emitting needs no TypeScript) up to date.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../../src/program.js";
import { buildDecisionTable } from "../../../src/semantics/table.js";
import { compiledRuntimeModule } from "../../../src/emit/guards/runtime-compile.js";
import { compileXiaomi, emitAll, REPO } from "./helpers.js";

describe("xiaomi baselines", () => {
  const files = emitAll(compileXiaomi());

  it("emits the expected files", () => {
    expect(files.map((f) => f.path)).toEqual([
      "consent.schema.json",
      "consent-validator.js",
      "consent-validator.d.ts",
      "guards.ts",
      "guards.js",
      "guards.d.ts",
      "arbitraries.ts",
      "invariants.test.ts",
    ]);
  });

  it("is deterministic: a second compilation emits the same bytes", () => {
    const again = compile("examples/xiaomi.policy", { cwd: REPO });
    expect(emitAll({ model: again.model!, table: buildDecisionTable(again.model!) })).toEqual(files);
  });

  it("runtime.compiled.ts is the current compilation of runtime.ts", async () => {
    await expect(compiledRuntimeModule()).toMatchFileSnapshot("../../../src/emit/guards/runtime.compiled.ts");
  });

  for (const f of files) {
    it(f.path, async () => {
      await expect(f.content).toMatchFileSnapshot(`../../../generated/xiaomi/${f.path}`);
    });
  }
});
