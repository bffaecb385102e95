/**
 * templates/README.md, the guide for whoever shapes the wording, against the emitter: every
 * built-in template is listed with exactly the fields the document emitter passes it, and every
 * helper templates can call is described.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { EMITTERS } from "../../../src/emit/registry.js";
import { WordingPack, type TemplateData } from "../../../src/emit/document/templates.js";
import { builtinTemplatesDir } from "../../../src/emit/document/packs.js";
import { wordingModels } from "./helpers.js";

const guide = readFileSync(join(builtinTemplatesDir(), "README.md"), "utf8");
const templates = readdirSync(join(builtinTemplatesDir(), "en"))
  .filter((f) => f.endsWith(".hbs"))
  .sort();

/** The fields each template was given while writing documents for many policies. */
function fieldsPassed(): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  const render = WordingPack.prototype.render;
  const spy = vi.spyOn(WordingPack.prototype, "render").mockImplementation(function (this: WordingPack, name: string, data: TemplateData) {
    let fields = seen.get(`${name}.hbs`);
    if (!fields) seen.set(`${name}.hbs`, (fields = new Set()));
    for (const k of Object.keys(data)) fields.add(k);
    return render.call(this, name, data);
  });
  try {
    const models = wordingModels();
    const document = EMITTERS.find((e) => e.name === "document")!;
    for (const m of models) document.emit(m, { banner: [], languages: ["en", "de"] });
  } finally {
    spy.mockRestore();
  }
  return seen;
}

/** The table's rows: template -> the fields it lists. */
function documented(): Map<string, string[]> {
  const table = guide.slice(guide.indexOf("<!-- templates:start -->"), guide.indexOf("<!-- templates:end -->"));
  const rows = new Map<string, string[]>();
  for (const m of table.matchAll(/^\| `([\w-]+\.hbs)` \| [^|]+ \| ([^|]+) \|$/gm)) {
    rows.set(m[1]!, m[2]!.trim() === "(none)" ? [] : [...m[2]!.matchAll(/`(\w+)`/g)].map((f) => f[1]!));
  }
  return rows;
}

describe("templates/README.md", () => {
  const passed = fieldsPassed();
  afterAll(() => vi.restoreAllMocks());

  it("lists every built-in template, and nothing else", () => {
    expect([...documented().keys()].sort()).toEqual(templates);
    // German has the same templates (the guide describes both)
    expect(readdirSync(join(builtinTemplatesDir(), "de")).filter((f) => f.endsWith(".hbs")).sort()).toEqual(templates);
  });

  it("gives each template exactly the fields the emitter passes it", () => {
    const rows = documented();
    for (const t of templates) {
      expect(passed.has(t), `${t} was never rendered by the policies of this test`).toBe(true);
      expect([...(rows.get(t) ?? [])].sort(), t).toEqual([...passed.get(t)!].sort());
    }
  });

  it("describes every helper a template can call", () => {
    const source = readFileSync("src/emit/document/templates.ts", "utf8");
    const helpers = [...source.matchAll(/\bhelper\("(\w+)"|registerHelper\("(\w+)"/g)].map((m) => (m[1] ?? m[2])!);
    expect(helpers.length).toBeGreaterThan(10);
    const section = guide.slice(guide.indexOf("### Helpers"), guide.indexOf("### Rules"));
    for (const h of helpers) expect(section, h).toMatch(new RegExp(`[{(]{1,2}${h} `));
  });
});
