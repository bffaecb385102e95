/**
 * With a memo (what `policyc build --watch` keeps), the document emitter renders a section at a
 * time and reuses the sections an edit did not change. The files must be byte for byte those of
 * the whole-tree render a one-off build does: on every example and language, after edits, on
 * random policies sharing one memo, and on hostile text. The document tree itself is written a
 * section at a time too, and a section is reused while every part of the model it read is the
 * same; its statements and reports are replayed then.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compile } from "../../../src/program.js";
import type { PolicyModel } from "../../../src/model/types.js";
import { Memo } from "../../../src/util/memo.js";
import { compileText, withVersion } from "../../helpers.js";
import { policyTextArb } from "../../semantics/arbitrary-policy.js";
import type { RootContent } from "mdast";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DocContext, plainText } from "../../../src/emit/document/context.js";
import { buildDocument } from "../../../src/emit/document/document.js";
import { WordingPack } from "../../../src/emit/document/templates.js";
import { project } from "../../tooling/helpers.js";
import { emit, file } from "./helpers.js";
import { l, tinyModel } from "./tiny-model.js";

function files(model: PolicyModel, memo?: Memo): Record<string, string> {
  const result = emit(model, memo ? { memo } : {});
  return Object.fromEntries(result.files.map((f) => [f.path, f.content]));
}

/** Models by path and text: the tests compile the flagship and its edits once each (emitting never changes a model). */
const compiled = new Map<string, PolicyModel>();

function modelOf(path: string, edit: (text: string) => string = (t) => t): PolicyModel {
  const text = edit(readFileSync(path, "utf8"));
  const key = `${path}\u0000${text}`;
  let model = compiled.get(key);
  if (!model) {
    const r = compile(path, { rootText: text });
    if (!r.model) throw new Error(`${path} does not compile`);
    compiled.set(key, (model = r.model));
  }
  return model;
}

describe("section-wise rendering with a memo", () => {
  test.each(["xiaomi", "taskflow", "pixelquest"])("examples/%s: cold and warm memo give the whole-tree files", (name) => {
    const model = modelOf(`examples/${name}.policy`);
    const whole = files(model);
    const memo = new Memo();
    expect(files(model, memo)).toEqual(whole);
    const size = memo.size;
    expect(size).toBeGreaterThan(0);
    expect(files(model, memo)).toEqual(whole);
    expect(memo.size).toBe(size); // nothing rendered again
  });

  test("after a version edit only the opening is rendered again, and the files are those of a fresh render", () => {
    const memo = new Memo();
    files(modelOf("examples/xiaomi.policy"), memo);
    memo.sweep(); // the end of the first build
    const before = memo.size;
    const edited = modelOf("examples/xiaomi.policy", (t) => withVersion(t, "9.9.9"));
    const whole = files(edited);
    expect(whole["policy.md"]).toContain("9.9.9");
    expect(files(edited, memo)).toEqual(whole);
    // the opening (in `<header>`) of each of the two languages, as Markdown and as HTML
    expect(memo.size - before).toBe(4);
    // the session's sweep after that build forgets the four openings it replaced
    memo.sweep();
    expect(memo.size).toBe(before);
    files(edited, memo);
    expect(memo.size).toBe(before);
  });

  test("after edits that touch many sections, the files are those of a fresh render", () => {
    const memo = new Memo();
    files(modelOf("examples/xiaomi.policy"), memo);
    // each edit, and whether the document changes (a comment moves lines, which the published
    // document does not name without `withSources`)
    const edits: [(t: string) => string, boolean][] = [
      [(t) => t.replace('"Direct marketing"', '"Direct *marketing* <b>now</b>"'), true],
      [(t) => t.replace(/\ncategory [^\n]*\n/, (m) => `${m}// a comment only\n`), false],
      [(t) => t.replace("Xiaomi Privacy Policy", "Xiaomi | Privacy Policy"), true],
    ];
    for (const [edit, changes] of edits) {
      const model = modelOf("examples/xiaomi.policy", edit);
      const before = memo.size;
      expect(files(model, memo)).toEqual(files(model));
      // rendered section-wise, not whole; nothing again when the document reads the same
      if (changes) expect(memo.size).toBeGreaterThan(before);
      else expect(memo.size).toBe(before);
    }
  });

  test("an edit that changes the anchors of a reused section gives the files of a fresh render, back and forth", () => {
    // The policy's title becomes the heading of a purpose further down: the purpose's heading,
    // in a section the edit does not touch (reused), gets `-1` on its anchor, and loses it again.
    const memo = new Memo();
    const original = modelOf("examples/taskflow.policy");
    const retitled = modelOf("examples/taskflow.policy", (t) => t.replace('"TaskFlow Privacy Notice"', '"Running your workspace"'));
    expect(files(retitled)["policy.html"]).toContain('id="running-your-workspace-1"');
    for (const model of [original, retitled, original, retitled, original]) {
      expect(files(model, memo)).toEqual(files(model));
      memo.sweep();
    }
  });

  test("an edit that changes the ids of a reused section's statements gives the files of a fresh render, back and forth", () => {
    // The policy's title takes the anchor a statement of the categories (a section the edit does
    // not touch) had: the statement's id gets `-2`, and loses it again.
    const memo = new Memo();
    const original = modelOf("examples/taskflow.policy");
    const retitled = modelOf("examples/taskflow.policy", (t) => t.replace('"TaskFlow Privacy Notice"', '"Category account id"'));
    expect(files(original)["policy.html"]).toContain('id="category-account-id"');
    expect(files(retitled)["policy.html"]).toContain('id="category-account-id-2"');
    for (const model of [original, retitled, original, retitled]) {
      expect(files(model, memo)).toEqual(files(model));
      memo.sweep();
    }
  });

  test("the page around the sections is made once per language and options, and holds no slot", () => {
    const memo = new Memo();
    for (const version of ["1.1", "1.2", "1.3"]) {
      const model = modelOf("examples/xiaomi.policy", (t) => withVersion(t, version));
      const out = files(model, memo);
      expect(out).toEqual(files(model));
      for (const text of Object.values(out)) expect(text).not.toContain("policyc-slot-");
      memo.sweep();
    }
    // English and German
    expect(memo.count("html-frame")).toBe(2);
    // a title that begins as a slot does (the slot itself is random per process) is text like any other
    const model = tinyModel({}, (m) => ({ ...m, header: { ...m.header, title: l("policyc-slot-0 <b>x</b>") } }));
    expect(files(model, memo)).toEqual(files(model));
  });

  test("random policies sharing one memo give the whole-tree files", () => {
    const memo = new Memo(64);
    let sectionWise = 0;
    fc.assert(
      fc.property(policyTextArb, (text) => {
        const r = compileText(text);
        if (!r.model) return;
        expect(files(r.model, memo)).toEqual(files(r.model));
        sectionWise += memo.size > 0 ? 1 : 0;
      }),
      { numRuns: 40 },
    );
    expect(sectionWise).toBeGreaterThan(0);
  });

  test("hostile text renders the same section-wise", () => {
    const evil = "<script>alert(1)</script> **b** `c` {{x}} | p\n# h & &amp; <!-- c -->";
    const model = tinyModel({}, (m) => ({ ...m, header: { ...m.header, title: l(evil) }, categories: m.categories.map((c) => ({ ...c, label: l(evil), prose: l(evil) })) }));
    const memo = new Memo();
    const whole = files(model);
    expect(files(model, memo)).toEqual(whole);
    expect(memo.size).toBeGreaterThan(0);
    expect(whole["policy.html"]).not.toContain("<script>alert");
  });
});

describe("sections reused between builds", () => {
  /** The document tree of `model` in `lang`, written with `memo`. */
  function tree(model: PolicyModel, memo: Memo, lang = "en"): RootContent[] {
    const pack = WordingPack.load({ lang })!;
    return buildDocument(new DocContext(model, lang, pack, { banner: [], memo })).children;
  }
  /** The top-level blocks of `after` that are the very objects of `before`: the sections reused. */
  const reused = (before: RootContent[], after: RootContent[]) => after.filter((n) => n.type !== "heading" && before.includes(n));
  const fresh = (before: RootContent[], after: RootContent[]) => after.filter((n) => n.type !== "heading" && !before.includes(n));

  test("a version edit writes only the opening again", () => {
    const memo = new Memo();
    const before = tree(modelOf("examples/xiaomi.policy"), memo);
    const after = tree(modelOf("examples/xiaomi.policy", (t) => withVersion(t, "9.9.9")), memo);
    // the opening's paragraphs and the contents are made anew; every section is reused
    expect(fresh(before, after).map((n) => n.type)).toEqual(["paragraph", "paragraph", "list"]);
    expect(reused(before, after).length).toBeGreaterThan(20);
  });

  /**
   * The headings of the sections of `after` some block of which is not an object of `before`
   * (the opening and the contents, made anew on every build, are left out).
   */
  function rewritten(before: RootContent[], after: RootContent[]): string[] {
    const out = new Set<string>();
    let section = "";
    for (const n of after) {
      if (n.type === "heading" && n.depth === 2) section = plainText(n);
      else if (section !== "" && section !== "Contents" && n.type !== "heading" && !before.includes(n)) out.add(section);
    }
    return [...out];
  }

  test("an edit of the controller's phone writes again the two sections that show it, and only those", () => {
    const memo = new Memo();
    const model = tinyModel();
    const before = tree(model, memo);
    const controller = { ...model.header.controller!, phone: l("+49 30 7654321") };
    const edited = { ...model, header: { ...model.header, controller } };
    const after = tree(edited, memo);
    expect(rewritten(before, after)).toEqual(["Who we are", "Contact us"]);
    expect(files(edited, memo)).toEqual(files(edited));
  });

  test("an edit of one category's label writes again the sections that read categories, and no other", () => {
    const memo = new Memo();
    const model = tinyModel();
    const before = tree(model, memo);
    const edited = { ...model, categories: model.categories.map((c) => (c.id === "notes" ? { ...c, label: l("Notes you keep", "Ihre Notizen") } : c)) };
    const after = tree(edited, memo);
    const again = rewritten(before, after);
    expect(again).toContain("What information we collect");
    expect(again).not.toContain("Who we are");
    expect(again).not.toContain("Contact us");
    expect(files(edited, memo)).toEqual(files(edited));
  });

  test("a frozen model is read the same with a memo", () => {
    const freeze = <T>(v: T): T => {
      if (v && typeof v === "object" && !Object.isFrozen(v)) {
        for (const x of Object.values(v)) freeze(x);
        Object.freeze(v);
      }
      return v;
    };
    const model = freeze(modelOf("examples/taskflow.policy"));
    const memo = new Memo();
    expect(files(model, memo)).toEqual(files(model));
    expect(files(model, memo)).toEqual(files(model));
  });

  test("random policies in two languages, with and without sources, give the files and diagnostics of a fresh emit", () => {
    const memo = new Memo(256);
    fc.assert(
      fc.property(policyTextArb, fc.boolean(), fc.subarray(["de"]), (text, withSources, dropped) => {
        const r = compileText(text);
        if (!r.model) return;
        // the German text of every label, unless `de` is dropped: then each is reported missing
        const model: PolicyModel = {
          ...r.model,
          header: { ...r.model.header, languages: ["en", "de"] },
          categories: r.model.categories.map((c) => {
            const translations: Record<string, string> = dropped.length > 0 ? {} : { de: `DE ${c.label.text}` };
            return { ...c, label: { ...c.label, translations } };
          }),
        };
        const withMemo = emit(model, { memo, withSources });
        const alone = emit(model, { withSources });
        expect(withMemo.files).toEqual(alone.files);
        expect(withMemo.diagnostics).toEqual(alone.diagnostics);
        memo.sweep();
      }),
      { numRuns: 40 },
    );
  });

  test("two policies built with one memo (a project of several inputs) each keep their sections", () => {
    const memo = new Memo();
    const xiaomi = modelOf("examples/xiaomi.policy");
    const taskflow = modelOf("examples/taskflow.policy");
    const first = { xiaomi: tree(xiaomi, memo), taskflow: tree(taskflow, memo) };
    memo.sweep();
    const again = { xiaomi: tree(xiaomi, memo), taskflow: tree(taskflow, memo) };
    expect(fresh(first.xiaomi, again.xiaomi).map((n) => n.type)).toEqual(["paragraph", "paragraph", "list"]);
    expect(fresh(first.taskflow, again.taskflow).length).toBeLessThan(5);
    expect(reused(first.taskflow, again.taskflow).length).toBeGreaterThan(5);
  });

  test("reused sections report what they reported when written: missing translations", () => {
    const memo = new Memo();
    const sequence = [
      tinyModel({ untranslated: ["Notes you write", "Running the notes service"] }),
      tinyModel({ untranslated: ["Notes you write", "Running the notes service"] }),
      tinyModel({ untranslated: ["Running the notes service"] }),
      tinyModel({ untranslated: ["Notes you write", "Only if you *choose* to write them down."] }),
      tinyModel({ untranslated: ["Notes you write", "Only if you *choose* to write them down."] }),
    ];
    for (const model of sequence) {
      const withMemo = emit(model, { memo });
      const alone = emit(model);
      expect(withMemo.diagnostics).toEqual(alone.diagnostics);
      expect(withMemo.files).toEqual(alone.files);
      memo.sweep();
    }
  });

  test("reused sections report what they reported when written: templates that fail", () => {
    // two templates of the same section that fail as they render, each reported when written
    const dir = project({ "en/right.hbs": "{{duration label}}", "en/right-authority.hbs": '{{vocab "sections.nope"}}' });
    const model = tinyModel();
    const memo = new Memo();
    const alone = emit(model, { languages: ["en"], templatesDir: dir });
    expect(alone.diagnostics.filter((d) => d.code === "PC5004").length).toBeGreaterThan(1);
    for (let i = 0; i < 2; i++) {
      const withMemo = emit(model, { languages: ["en"], templatesDir: dir, memo });
      expect(withMemo.diagnostics).toEqual(alone.diagnostics);
      memo.sweep();
    }
    expect(memo.count("doc-section")).toBeGreaterThan(0);
  });

  test("a changed template is never answered from sections written with the old one", () => {
    const dir = project({ "en/right.hbs": "{{label}} (first wording)." });
    const model = tinyModel();
    const memo = new Memo();
    expect(file(emit(model, { languages: ["en"], templatesDir: dir, memo }), "policy.md")).toContain("(first wording)");
    writeFileSync(join(dir, "en/right.hbs"), "{{label}} (second wording).");
    const md = file(emit(model, { languages: ["en"], templatesDir: dir, memo }), "policy.md");
    expect(md).toContain("(second wording)");
    expect(md).not.toContain("(first wording)");
  });

  test("a section in another language is written again when the source language's wording changes", () => {
    // whether German prose repeats its statement is decided on the English statement
    const model = modelOf("examples/xiaomi.policy");
    const dir = project({ "en/deny-rule.hbs": "We do not {{#if act.sell}}sell{{/if}}{{#if act.share}}share{{/if}} any {{selector}}{{#if flow}} to {{recipientSelector}}{{list (quoted recipients)}}{{/if}}{{list (quoted purposes)}}{{list conditions}}{{list exceptions}}." });
    const memo = new Memo();
    const german = (options: { memo?: Memo }) => file(emit(model, { templatesDir: dir, ...options }), "policy.de.md");
    expect(german({ memo })).not.toContain("Wir verkaufen keine personenbezogenen Daten an Dritte.");
    writeFileSync(join(dir, "en/deny-rule.hbs"), "We never {{#if act.sell}}sell{{/if}}{{#if act.share}}share{{/if}} {{selector}}{{#if flow}} to {{recipientSelector}}{{list (quoted recipients)}}{{/if}}{{list (quoted purposes)}}{{list conditions}}{{list exceptions}}.");
    const after = german({ memo });
    expect(after).toContain("Wir verkaufen keine personenbezogenen Daten an Dritte.");
    expect(after).toBe(german({}));
  });
});

describe("Memo", () => {
  test("computes once per key and forgets the least recently used beyond its limit", () => {
    const memo = new Memo(2);
    let calls = 0;
    const make = (v: string) => () => {
      calls += 1;
      return v;
    };
    expect(memo.get("a", make("A"))).toBe("A");
    expect(memo.get("a", make("other"))).toBe("A");
    memo.get("b", make("B"));
    memo.get("a", make("A2")); // a is now the most recent
    memo.get("c", make("C")); // b goes
    expect(memo.size).toBe(2);
    expect(memo.get("a", make("A3"))).toBe("A");
    expect(memo.get("b", make("B2"))).toBe("B2");
    expect(calls).toBe(4);
  });

  test("sweep forgets what the build since the last sweep did not use", () => {
    const memo = new Memo();
    memo.get("old", () => 1);
    memo.get("kept", () => 2);
    memo.sweep();
    memo.get("kept", () => 3); // used in this build
    memo.get("new", () => 4);
    memo.sweep();
    expect(memo.size).toBe(2);
    expect(memo.get("kept", () => 5)).toBe(2);
    expect(memo.get("old", () => 6)).toBe(6);
  });
});
