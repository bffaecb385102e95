import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { makeDirs } from "../../src/util/make-dirs.js";

it("makes missing folders a level at a time, returning the first made, and fails where one cannot be made", () => {
  const dir = mkdtempSync(join(tmpdir(), "policyc-mk-"));
  expect(makeDirs(join(dir, "a", "b", "c"))).toBe(join(dir, "a"));
  expect(existsSync(join(dir, "a", "b", "c"))).toBe(true);
  expect(makeDirs(join(dir, "a", "b"))).toBeUndefined();
  writeFileSync(join(dir, "file"), "x");
  expect(() => makeDirs(join(dir, "file", "sub"))).toThrow(/ENOTDIR/);
  expect(() => makeDirs(join(dir, "file"))).toThrow(/EEXIST/);
  // node's recursive mkdirSync never returns here
  if (process.platform === "linux") expect(() => makeDirs("/proc/policyc-no/such")).toThrow();
});
