/**
 * Refining an imported declaration: the fields a redeclaration writes replace the imported ones,
 * the others are inherited, and `field none` empties one instead (grammar/README.md, "Refining
 * an imported declaration"). Texts inherited from the standard library keep its translations.
 */
import { describe, expect, it } from "vitest";
import { documentEmitter } from "../../src/emit/document/index.js";
import { formatText } from "../../src/format/format.js";
import { parseSource } from "../../src/syntax/parse.js";
import { codes, compileText, HEADER } from "../helpers.js";

const STD = 'import "std/taxonomy"\n';
const USE = (cats: string) => `purpose services "Services" { basis contract  uses ${cats} }\n`;

function category(text: string, id: string) {
  const r = compileText(text);
  const c = r.model?.categories.find((x) => x.id === id);
  if (!c) throw new Error(`no category ${id}: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return { r, c };
}

describe("`none` empties an inherited field", () => {
  it("the taxonomy's examples go; the label, class and source are still inherited", () => {
    const before = category(HEADER + STD + USE("contact.name"), "contact.name").c;
    expect(before.examples.map((e) => e.text)).toEqual(["first name", "last name"]);

    const { r, c } = category(HEADER + STD + `category contact.name { examples none }\n` + USE("contact.name"), "contact.name");
    expect(codes(r).filter((x) => x.startsWith("PC1") || x.startsWith("PC2"))).toEqual([]);
    expect(c.examples).toEqual([]);
    expect(c.label).toEqual(before.label);
    expect([c.classification, c.source]).toEqual([before.classification, before.source]);
  });

  it("empties lists of names, texts and a basis with its variants, from a file of the project", () => {
    const shared =
      `category c "C"\ncategory d "D"\naudience kids "Kids" { age_under 13 }\n` +
      `purpose news "News" { basis consent { EU explicit_consent }  consent opt_in  uses c, d  excludes kids  withdraw "Unsubscribe." }\n`;
    const main = HEADER + `import "./shared.policy"\npurpose news { uses none  excludes none  basis none }\n`;
    const r = compileText(main, { "shared.policy": shared });
    const news = r.model!.purposes.find((p) => p.id === "news")!;
    expect(news.uses).toEqual([]);
    expect(news.excludes).toEqual([]);
    expect(news.basis).toBeNull();
    expect(news.basisIn).toEqual([]);
    expect(news.withdraw?.text).toBe("Unsubscribe."); // not written, so inherited
    expect(codes(r)).not.toContain("PC2019");
  });

  it("reports a `none` that empties nothing (PC2019): first declaration, a field the import lacks, the header", () => {
    const text =
      HEADER.replace("}\n", "  dpo none }\n") +
      STD +
      `category contact.phone "Phone" { examples none }\ncategory loyalty "Loyalty" { class personal  source derived  examples none }\n` +
      USE("contact.phone, loyalty");
    const r = compileText(text);
    const found = r.diagnostics.filter((d) => d.code === "PC2019").map((d) => [text.slice(d.span!.start, d.span!.end), d.message]);
    expect(found).toEqual([
      ["dpo none", "`dpo none` empties nothing: the policy header inherits no fields"],
      ["examples none", "`examples none` empties nothing: the imported `contact.phone` has no `examples`"],
      ["examples none", "`examples none` empties nothing: no imported declaration of `loyalty` comes before this one"],
    ]);
    expect(found).toHaveLength(3);
  });

  it("stays a value where the field's own words include it: `gate none`", () => {
    const text =
      HEADER + STD + `recipient ads "Ads"\ntracker px "Pixel" { type pixel  gate none  providers ads  collects usage  purposes services }\n` + USE("usage");
    const r = compileText(text);
    expect(codes(r)).not.toContain("PC2019");
    expect(r.model!.trackers.find((t) => t.id === "px")!.gate).toBe("none");
    const file = parseSource("t.policy", text).file;
    expect(file.decls.some((d) => "cleared" in d)).toBe(false);
  });

  it("beside other values, `none` is an error that says how to write it", () => {
    const text = HEADER + STD + `category contact.name { examples "given name", none }\n` + USE("contact.name");
    const r = compileText(text);
    const d = r.diagnostics.find((x) => x.code === "PC1011")!;
    expect(text.slice(d.span!.start, d.span!.end)).toBe("none");
    expect(d.message).toBe("`examples` expects a string, found `none` beside other values");
    expect(d.help).toBe("`none` empties a field and stands alone: write `examples none`, or list the values without it");
  });

  it("cannot name a declaration (PC2009)", () => {
    const text = HEADER + `category none "Nothing"\n`;
    const r = compileText(text);
    const d = r.diagnostics.find((x) => x.code === "PC2009")!;
    expect(text.slice(d.span!.start, d.span!.end)).toBe("none");
    expect(d.help).toContain("`none` empties a field");
  });

  it("is kept by the formatter, where it was written", () => {
    const text = `import "std/taxonomy"\ncategory contact.name {   examples none\n  prose "Your name."   }\n`;
    const out = formatText(text);
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.text).toBe(`import "std/taxonomy"\n\ncategory contact.name {\n  examples none\n  prose "Your name."\n}\n`);
  });
});

describe("texts inherited from the standard library keep its translations", () => {
  const header = `policy test "Test" @de "Test" { controller "Acme" { email "privacy@acme.example" }  languages en, de }\n`;
  const use = (cat: string) => `purpose services "Services" @de "Dienste" { basis contract  uses ${cat} }\n`;
  const germanDoc = (text: string) => {
    const r = compileText(text);
    const out = documentEmitter.emit(r.model!, { banner: [] });
    return { md: out.files.find((f) => f.path === "policy.de.md")!.content, reports: out.diagnostics.filter((d) => d.code === "PC5001") };
  };

  it("a refinement that writes no label keeps the taxonomy's German label", () => {
    const { md, reports } = germanDoc(header + STD + `category contact.name { examples none }\n` + use("contact.name"));
    expect(md).toContain("Kontaktdaten: Name ");
    expect(md).not.toContain("nicht übersetzt");
    expect(reports).toEqual([]);
  });

  it("a label the policy writes itself is its own, even when it reads like the taxonomy's", () => {
    const { md, reports } = germanDoc(header + STD + `category contact.email "Email address"\n` + use("contact.email"));
    expect(md).toContain("Email address (nicht übersetzt)");
    expect(reports.map((d) => d.message)).toEqual([expect.stringContaining("`label` of category `contact.email`")]);
  });
});
