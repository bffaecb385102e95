/**
 * The configuration's input patterns: `*` any characters of one segment, `?` one, `**` any
 * number of folders; hidden folders and node_modules are never entered by a wildcard.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expandPattern, inputFiles, matchesPattern } from "../../src/build/glob.js";
import { project } from "./helpers.js";

/** What a segment pattern means, as a regular expression (fine for the short inputs below). */
function reference(pattern: string, path: string): boolean {
  const seg = (s: string) => (s === "**" ? "(?:[^/]+/)*" : `${[...s].map((c) => (c === "*" ? "[^/]*" : c === "?" ? "[^/]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("")}/`);
  return new RegExp(`^${pattern.split("/").map(seg).join("")}$`).test(`${path}/`);
}

describe("input patterns", () => {
  it("match as documented", () => {
    expect(matchesPattern("policies/*.policy", "policies/shop.policy")).toBe(true);
    expect(matchesPattern("policies/*.policy", "policies/eu/shop.policy")).toBe(false);
    expect(matchesPattern("policies/**/*.policy", "policies/eu/de/shop.policy")).toBe(true);
    expect(matchesPattern("policies/**/*.policy", "policies/shop.policy")).toBe(true);
    expect(matchesPattern("shop-?.policy", "shop-1.policy")).toBe(true);
    expect(matchesPattern("shop-?.policy", "shop-12.policy")).toBe(false);
    expect(matchesPattern("*.policy", "shop.policy.bak")).toBe(false);
  });

  it("agree with the meaning written as a regular expression, on random patterns and paths", () => {
    // (`.` alone is the folder itself, dropped from both: not generated)
    const segment = fc.stringMatching(/^[ab*?.]{1,6}$/).filter((s) => s !== "." && s !== "**");
    const pattern = fc.array(fc.oneof(segment, fc.constant("**")), { minLength: 1, maxLength: 4 }).map((p) => p.join("/"));
    const path = fc.array(fc.stringMatching(/^[ab.]{1,6}$/).filter((s) => s !== "."), { minLength: 1, maxLength: 4 }).map((p) => p.join("/"));
    fc.assert(fc.property(pattern, path, (p, s) => matchesPattern(p, s) === reference(p, s)), { numRuns: 2000 });
  });

  it("take time in proportion to the input, not exponential in the stars or the `**`s", () => {
    // a backtracking regular expression took minutes on these
    const name = `${"a".repeat(60)}.policy`;
    expect(matchesPattern("*a*a*a*a*a*a*a*a*a*a*a*a*b", name)).toBe(false);
    expect(matchesPattern(`${"**/".repeat(30)}x.policy`, `${"d/".repeat(30)}y.policy`)).toBe(false);
    const dir = project({ [name]: "", "ok.policy": "", "d/e/f/g/h.policy": "" });
    expect(inputFiles(["ok.policy", "*a*a*a*a*a*a*a*a*a*a*a*a*b"], dir)).toEqual({ files: ["ok.policy"], unmatched: ["*a*a*a*a*a*a*a*a*a*a*a*a*b"] });
    expect(expandPattern(`${"**/".repeat(12)}*.policy`, dir)).toEqual(["d/e/f/g/h.policy", name, "ok.policy"].sort());
  });

  it("never enter hidden folders or node_modules through a wildcard", () => {
    const dir = project({ "a.policy": "", ".git/b.policy": "", "node_modules/x/c.policy": "", "sub/d.policy": "" });
    mkdirSync(join(dir, "empty"));
    writeFileSync(join(dir, "sub", "notes.txt"), "");
    expect(expandPattern("**/*.policy", dir)).toEqual(["a.policy", "sub/d.policy"]);
    expect(expandPattern(".git/*.policy", dir)).toEqual([".git/b.policy"]);
  });
});
