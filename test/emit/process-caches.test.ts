/**
 * The emitters keep process-wide caches (parsed prose, compiled wording packs, generated consent
 * validators) that outlive a build; `clearProcessCaches` empties them so that a build does all
 * the work of a one-off one (the benchmark relies on it). Outputs must not depend on them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtinTemplatesDir } from "../../src/emit/document/packs.js";
import { WordingPack } from "../../src/emit/document/templates.js";
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
    expect(Object.keys(filled)).toEqual(["consent-validators", "guards-parts", "installed-template-folders", "parsed-prose", "wording-packs"]);
    for (const [name, size] of Object.entries(filled)) expect(size, name).toBeGreaterThan(0);
    clearProcessCaches();
    expect(Object.values(processCacheSizes())).toEqual([0, 0, 0, 0, 0]);
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

  test("the installed templates are read once per process, a templates folder passed in on every load", () => {
    clearProcessCaches();
    WordingPack.load({ lang: "de" });
    // the German pack reads its own folder and the English one it falls back on
    expect(processCacheSizes()["installed-template-folders"]).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), "policyc-builtin-"));
    try {
      cpSync(builtinTemplatesDir(), dir, { recursive: true });
      const labels = join(dir, "en", "labels.json");
      const before = WordingPack.load({ lang: "en", builtinDir: dir })!.label("sections.rights");
      const json = JSON.parse(readFileSync(labels, "utf8")) as { sections: Record<string, string> };
      json.sections["rights"] = "Rights, as edited";
      writeFileSync(labels, JSON.stringify(json));
      expect(WordingPack.load({ lang: "en", builtinDir: dir })!.label("sections.rights")).toBe("Rights, as edited");
      expect(before).not.toBe("Rights, as edited");
      expect(processCacheSizes()["installed-template-folders"]).toBe(2);
      // a project whose templates folder is the installed one: its edits are read on every
      // load, so nothing of it is cached
      clearProcessCaches();
      WordingPack.load({ lang: "de", overrideDir: builtinTemplatesDir() });
      expect(processCacheSizes()["installed-template-folders"]).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
