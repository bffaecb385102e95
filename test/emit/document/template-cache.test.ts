/**
 * Compiled wording packs are kept across builds (a watch rebuild recompiles no template), keyed by
 * the content of every file of the pack: a rebuild after a template changes must use the new one,
 * and every build reports the pack's problems again.
 */
import { statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { emit, file } from "./helpers.js";
import { tinyModel } from "./tiny-model.js";
import { project } from "../../tooling/helpers.js";

// The same CommonJS module object templates.ts loads through require.
const Handlebars = createRequire(import.meta.url)("handlebars") as typeof import("handlebars");

afterEach(() => vi.restoreAllMocks());

const model = tinyModel();
const DENY = "We promise never to do this: {{list (quoted categories)}}.\n";

test("an unchanged pack is not compiled again", () => {
  const dir = project({ "en/deny-rule.hbs": DENY });
  const first = emit(model, { languages: ["en"], templatesDir: dir });
  const create = vi.spyOn(Handlebars, "create");
  const again = emit(model, { languages: ["en"], templatesDir: dir });
  expect(create).not.toHaveBeenCalled();
  expect(again).toEqual(first);
  // A change makes a new pack.
  writeFileSync(join(dir, "en/deny-rule.hbs"), DENY.replace("promise", "swear"));
  const changed = emit(model, { languages: ["en"], templatesDir: dir });
  expect(create).toHaveBeenCalledTimes(1);
  expect(file(changed, "policy.md")).toContain("We swear never to do this");
});

test("a rebuild sees a changed template even when its size and modification time are the same", () => {
  const dir = project({ "en/deny-rule.hbs": DENY });
  const path = join(dir, "en/deny-rule.hbs");
  const before = statSync(path);
  expect(file(emit(model, { languages: ["en"], templatesDir: dir }), "policy.md")).toContain("We promise never to do this");
  writeFileSync(path, DENY.replace("promise", "pledged"));
  utimesSync(path, before.atime, before.mtime);
  expect(statSync(path).size).toBe(before.size);
  const md = file(emit(model, { languages: ["en"], templatesDir: dir }), "policy.md");
  expect(md).toContain("We pledged never to do this");
  expect(md).not.toContain("We promise never to do this");
});

test("a rebuild sees templates and labels added to and removed from the project folder", () => {
  const dir = project({ "en/changes.hbs": "We will tell you.\n" });
  const plain = file(emit(model, { languages: ["en"] }), "policy.md");
  expect(file(emit(model, { languages: ["en"], templatesDir: dir }), "policy.md")).toContain("We will tell you.");
  writeFileSync(join(dir, "en/deny-rule.hbs"), DENY);
  writeFileSync(join(dir, "en/labels.json"), JSON.stringify({ sections: { rights: "Your privacy rights" } }));
  const added = file(emit(model, { languages: ["en"], templatesDir: dir }), "policy.md");
  expect(added).toContain("We promise never to do this");
  expect(added).toContain("## Your privacy rights");
  unlinkSync(join(dir, "en/deny-rule.hbs"));
  unlinkSync(join(dir, "en/labels.json"));
  unlinkSync(join(dir, "en/changes.hbs"));
  expect(file(emit(model, { languages: ["en"], templatesDir: dir }), "policy.md")).toBe(plain);
});

test("every build reports the pack's problems, not only the first", () => {
  const dir = project({
    "en/changes.hbs": "We notify you {{howOften}}.",
    "en/precedence.hbs": "{{#if prevails}}unclosed",
    "en/labels.json": "{ not json",
    "fr/labels.json": JSON.stringify({ sections: { rights: "Vos droits" } }),
  });
  const fr = tinyModel({}, (m) => ({ ...m, header: { ...m.header, languages: ["en", "fr"] } }));
  const first = emit(fr, { languages: ["en", "fr"], templatesDir: dir });
  const codes = first.diagnostics.map((d) => d.code);
  expect(codes).toContain("PC5003"); // fr: templates and labels from English
  expect(codes.filter((c) => c === "PC5004").length).toBeGreaterThanOrEqual(3); // labels.json, parse error, strict mode
  for (let i = 0; i < 2; i++) {
    const again = emit(fr, { languages: ["en", "fr"], templatesDir: dir });
    expect(again.diagnostics).toEqual(first.diagnostics);
    expect(again.files).toEqual(first.files);
  }
});

test("a template still cannot reach prototypes when its pack is reused", () => {
  const dir = project({ "en/changes.hbs": "{{notify.constructor}}{{lookup notify 'constructor'}}[{{list notify}}]" });
  for (let i = 0; i < 2; i++) {
    const html = file(emit(model, { languages: ["en"], templatesDir: dir }), "policy.html");
    expect(html).toContain("[by email and in the app]");
    expect(html).not.toMatch(/function (Array|Object)/);
  }
});
