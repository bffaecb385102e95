/**
 * A watch session passes a memo to `compile`: files whose text did not change (the standard
 * library, untouched imports) are not parsed again. The result must be that of a fresh compile.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { compile } from "../../src/program.js";
import { Memo } from "../../src/util/memo.js";

const path = "examples/xiaomi.policy";
const source = readFileSync(path, "utf8");

function summary(r: ReturnType<typeof compile>) {
  return { model: r.model, diagnostics: r.diagnostics, files: r.files, sources: [...r.sources] };
}

describe("compile with a parse memo", () => {
  test("reuses the parse of unchanged files and gives what a fresh compile gives", () => {
    const memo = new Memo();
    const first = compile(path, { rootText: source, memo });
    expect(summary(first)).toEqual(summary(compile(path, { rootText: source })));
    const parsed = memo.size;
    expect(parsed).toBe(first.files.length); // the flagship and the standard library

    const edits = [
      source.replace(/version "[^"]*"/, 'version "2.0"'),
      source.replace("Direct marketing", "Direct marketing }"), // a syntax error
      source,
    ];
    for (const text of edits) {
      const before = memo.size;
      const warm = compile(path, { rootText: text, memo });
      expect(summary(warm)).toEqual(summary(compile(path, { rootText: text })));
      expect(memo.size - before).toBeLessThanOrEqual(1); // at most the edited root is parsed again
    }
  });
});
