/**
 * A watch session passes a memo to `compile`: files whose text did not change (the standard
 * library, untouched imports) are not parsed again, and the decision table of a model that
 * differs from the last one only in its version is not built again. The result must be that of
 * a fresh compile.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { compile } from "../../src/program.js";
import { Memo } from "../../src/util/memo.js";
import { withVersion } from "../helpers.js";
import { buildDecisionTable } from "../../src/semantics/table.js";

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
    const parsed = memo.count("parse");
    expect(parsed).toBe(first.files.length); // the flagship and the standard library

    const edits = [
      withVersion(source, "2.0"),
      source.replace("Direct marketing", "Direct marketing }"), // a syntax error
      source,
    ];
    for (const text of edits) {
      const before = memo.count("parse");
      const warm = compile(path, { rootText: text, memo });
      expect(summary(warm)).toEqual(summary(compile(path, { rootText: text })));
      expect(memo.count("parse") - before).toBeLessThanOrEqual(1); // at most the edited root is parsed again
    }
  });

  test("reuses the decision table after a version edit, and builds it again after any other", () => {
    const memo = new Memo();
    const table = (text: string) => compile(path, { rootText: text, memo }).table()!;
    const first = table(source);
    const versioned = table(withVersion(source, "2.0"));
    expect(versioned).toBe(first);
    expect(memo.count("table")).toBe(1);
    const edits = [
      source.replace("deny share personal with partners for marketing.direct", "deny share personal with partners for marketing"), // a rule
      source.replace(/\ncategory [^\n]*\n/, (m) => `${m}// a comment only\n`), // lines move
    ];
    for (const text of edits) {
      const warm = table(text);
      expect(warm).not.toBe(first);
      const r = compile(path, { rootText: text });
      expect(warm).toEqual(buildDecisionTable(r.model!));
      // one table per policy: the last one replaced, not kept beside it
      expect(memo.count("table")).toBe(1);
    }
  });

  test("writes the content hash from the parts an edit left as they were, and gets the hash of a fresh compile", () => {
    const memo = new Memo();
    const hashes = (text: string) => {
      const warm = compile(path, { rootText: text, memo }).model!;
      const fresh = compile(path, { rootText: text }).model!;
      expect({ hash: warm.hash, consentHash: warm.consentHash }).toEqual({ hash: fresh.hash, consentHash: fresh.consentHash });
      memo.sweep();
      return warm.hash;
    };
    const first = hashes(source);
    const parts = memo.count("hash-part");
    expect(parts).toBeGreaterThan(5);
    // a version edit writes the header's part again, and only it
    expect(hashes(withVersion(source, "2.0"))).not.toBe(first);
    expect(memo.count("hash-part")).toBe(parts);
    const edits = [
      source.replace("deny share personal with partners for marketing.direct", "deny share personal with partners for marketing"),
      source.replace('"Direct marketing"', '"Direct marketing (edited)"'),
      source.replace(/\ncategory [^\n]*\n/, (m) => `${m}// a comment only\n`), // positions only: the same hash
      source,
    ];
    for (const text of edits) hashes(text);
    expect(hashes(source)).toBe(first);
  });
});
