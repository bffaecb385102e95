/**
 * The emitters keep process-wide caches (parsed prose, compiled wording packs, generated consent
 * validators) that outlive a build; `clearProcessCaches` empties them so that a build does all
 * the work of a one-off one (the benchmark relies on it). Outputs must not depend on them.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { EMITTERS } from "../../src/emit/registry.js";
import { compile } from "../../src/program.js";
import { clearProcessCaches, Memo, processCacheSizes } from "../../src/util/memo.js";

const path = "examples/xiaomi.policy";

function emitAll(): Map<string, string> {
  const model = compile(path, { rootText: readFileSync(path, "utf8") }).model;
  if (!model) throw new Error("the flagship does not compile");
  return new Map(EMITTERS.flatMap((e) => e.emit(model, { banner: ["test"] }).files.map((f) => [`${e.name}/${f.path}`, f.content] as const)));
}

describe("process-wide caches", () => {
  test("every emitter's cache that outlives a build is registered, filled by a build and emptied by clearProcessCaches", () => {
    emitAll();
    const filled = processCacheSizes();
    expect(Object.keys(filled)).toEqual(["consent-validators", "guards-parts", "parsed-prose", "wording-packs"]);
    for (const [name, size] of Object.entries(filled)) expect(size, name).toBeGreaterThan(0);
    clearProcessCaches();
    expect(Object.values(processCacheSizes())).toEqual([0, 0, 0, 0]);
  });

  test("Memo.clear forgets every entry", () => {
    const memo = new Memo();
    let made = 0;
    memo.get("a", () => (made += 1));
    memo.get("a", () => (made += 1));
    expect(made).toBe(1);
    memo.clear();
    expect(memo.size).toBe(0);
    memo.get("a", () => (made += 1));
    expect(made).toBe(2);
  });

  test("emitting from cold caches gives what warm caches give", () => {
    const warm = emitAll(); // fills the caches (or finds them filled by other tests in this worker)
    const again = emitAll();
    clearProcessCaches();
    const cold = emitAll();
    expect(again).toEqual(warm);
    expect(cold).toEqual(warm);
    expect(cold.size).toBeGreaterThan(5);
  });
});
