/**
 * Golden baselines of the syntax phase: the AST of every valid fixture and the diagnostics of
 * every invalid one (TypeScript-baseline style). Refresh with `npx vitest run --update` and read
 * the diff of the `.baseline` files.
 */
import { describe, expect, it } from "vitest";
import { formatBaseline } from "../../src/diagnostics/render.js";
import { parseSource } from "../../src/syntax/parse.js";
import { dumpAst, fixtures } from "./helpers.js";

describe("valid fixtures", () => {
  for (const fixture of fixtures("valid")) {
    it(`${fixture.name}: parses without diagnostics`, async () => {
      const { file, diagnostics } = parseSource(fixture.path, fixture.text);
      expect(formatBaseline(diagnostics, new Map([[fixture.path, fixture.text]]))).toBe("");
      await expect(dumpAst(file, fixture.text)).toMatchFileSnapshot(`../fixtures/syntax/valid/${fixture.name}.baseline`);
    });
  }
});

describe("invalid fixtures", () => {
  for (const fixture of fixtures("invalid")) {
    it(`${fixture.name}: reports its diagnostics`, async () => {
      const { diagnostics } = parseSource(fixture.path, fixture.text);
      expect(diagnostics.length).toBeGreaterThan(0);
      await expect(formatBaseline(diagnostics, new Map([[fixture.path, fixture.text]]))).toMatchFileSnapshot(
        `../fixtures/syntax/invalid/${fixture.name}.baseline`,
      );
    });
  }
});
