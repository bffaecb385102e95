import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALL_CODES } from "../../src/diagnostics/catalogue.js";
import { renderDiagnosticsDoc } from "../../src/diagnostics/docs.js";

describe("diagnostics catalogue", () => {
  it("has no duplicated code or name", () => {
    const codes = ALL_CODES.map((c) => c.code);
    const names = ALL_CODES.map((c) => c.name);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
    expect(names.filter((c, i) => names.indexOf(c) !== i)).toEqual([]);
  });

  it("documents every code: description, example and fix", () => {
    for (const c of ALL_CODES) {
      expect(c.code, c.code).toMatch(/^PC[1-9]\d{3}$/);
      expect(c.name, c.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(c.description.length, c.code).toBeGreaterThan(20);
      expect(c.example.length, c.code).toBeGreaterThan(0);
      expect(c.fix.length, c.code).toBeGreaterThan(0);
      // house style: lowercase start, no final period
      expect(c.message[0], c.code).toBe(c.message[0]!.toLowerCase());
      expect(c.message.endsWith("."), c.code).toBe(false);
    }
  });

  it("keeps docs/diagnostics.md in sync with the catalogue (npm run docs)", () => {
    const onDisk = readFileSync(new URL("../../docs/diagnostics.md", import.meta.url), "utf8");
    expect(onDisk).toBe(renderDiagnosticsDoc());
  });
});
