/**
 * Golden baselines of the human-readable policy (Markdown and HTML, every language), and the
 * checks every generated page must pass: markdownlint, html-validate, byte-for-byte determinism.
 * The flagship's baselines are the published files in generated/xiaomi/ (which `npm run gen:check`
 * also keeps in sync); the others live in test/fixtures/document/. Refresh with `npm run baselines`
 * (or `npm run gen` for generated/) and read the diff.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { compile } from "../../../src/program.js";
import type { PolicyModel } from "../../../src/model/types.js";
import { emit, file, htmlProblems, markdownProblems } from "./helpers.js";
import { tinyModel } from "./tiny-model.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function xiaomi(): PolicyModel {
  const result = compile("examples/xiaomi.policy", { cwd: ROOT });
  if (!result.model) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.model;
}

const CASES: readonly { name: string; dir: string; model: () => PolicyModel; withSources?: boolean }[] = [
  { name: "xiaomi", dir: "../../../generated/xiaomi", model: xiaomi },
  { name: "tiny", dir: "../../fixtures/document/tiny", model: () => tinyModel() },
  { name: "tiny-sources", dir: "../../fixtures/document/tiny-sources", model: () => tinyModel(), withSources: true },
];

describe.each(CASES)("$name", ({ dir, model, withSources }) => {
  const result = emit(model(), withSources ? { withSources: true } : {});

  test("one Markdown and one HTML file per declared language", () => {
    const languages = model().header.languages;
    const expected = languages.flatMap((lang, i) => (i === 0 ? ["policy.md", "policy.html"] : [`policy.${lang}.md`, `policy.${lang}.html`]));
    expect(result.files.map((f) => f.path)).toEqual(expected);
  });

  test.each(result.files.map((f) => [f.path]))("%s matches its baseline", async (path) => {
    await expect(file(result, path)).toMatchFileSnapshot(`${dir}/${path}`);
  });

  test.each(result.files.filter((f) => f.path.endsWith(".md")).map((f) => [f.path]))("%s passes markdownlint", (path) => {
    expect(markdownProblems(path, file(result, path))).toBe("");
  });

  test.each(result.files.filter((f) => f.path.endsWith(".html")).map((f) => [f.path]))("%s passes html-validate", (path) => {
    expect(htmlProblems(file(result, path))).toEqual([]);
  });

  test("is byte-for-byte reproducible", () => {
    const again = emit(model(), withSources ? { withSources: true } : {});
    expect(again.files).toEqual(result.files);
    expect(again.diagnostics).toEqual(result.diagnostics);
  });
});

test("the German Xiaomi policy has every text translated", () => {
  expect(emit(xiaomi()).diagnostics.map((d) => d.message)).toEqual([]);
});

test("the fully translated tiny policy reports nothing", () => {
  expect(emit(tinyModel()).diagnostics).toEqual([]);
});
