/**
 * Refining an imported declaration: the fields a redeclaration writes replace the imported ones,
 * the others are inherited, and `field none` empties one instead (grammar/README.md, "Refining
 * an imported declaration"). Texts inherited from the standard library keep its translations.
 */
import { describe, expect, it } from "vitest";
import { diffModels } from "../../src/diff/compare.js";
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
    expect(news.bases).toEqual([]);
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

  it("is not filled from a parent either, and is no finding where a parent has the field", () => {
    const shared =
      `category c "C" { class personal  scope "parent scope"  consequence "parent consequence" }\ncategory c.sub "Sub" { scope "own scope" }\n` +
      `purpose m "M" { basis consent { EU explicit_consent }  consent opt_in  withdraw "w" }\npurpose m.d "D" { uses c.sub }\n`;
    const main =
      HEADER + `import "./shared.policy"\ncategory c.sub { scope none  consequence none }\npurpose m.d { basis none  withdraw none }\ncategory c.other "Other" { consequence none }\n` + USE("c.other");
    const r = compileText(main, { "shared.policy": shared });
    const sub = r.model!.categories.find((c) => c.id === "c.sub")!;
    expect([sub.scope, sub.consequence]).toEqual([null, null]);
    const d = r.model!.purposes.find((p) => p.id === "m.d")!;
    expect([d.bases, d.basisIn, d.withdraw]).toEqual([[], [], null]);
    // `c.other` is new, but its parent's consequence is what `none` keeps out
    expect(r.model!.categories.find((c) => c.id === "c.other")!.consequence).toBeNull();
    expect(codes(r)).not.toContain("PC2019");
    // where neither the refined declaration nor a parent has it, it is a finding
    const r2 = compileText(HEADER + `category k "K" { class personal }\ncategory k.a "A" { scope none }\n` + USE("k.a"));
    expect(r2.diagnostics.find((x) => x.code === "PC2019")?.message).toBe(
      "`scope none` empties nothing: no imported declaration of `k.a` comes before this one, nor does a parent of it",
    );
  });

  it("a basis written in a refinement or a child replaces the variants with it", () => {
    const shared = `category c "C"\npurpose news "News" { basis consent { EU explicit_consent }  consent opt_in  uses c  withdraw "w" }\npurpose news.daily "Daily" { uses c }\n`;
    const main = HEADER + `import "./shared.policy"\npurpose news { basis contract }\npurpose news.weekly "Weekly" { basis legal_obligation  uses c }\n`;
    const r = compileText(main, { "shared.policy": shared });
    const p = (id: string) => r.model!.purposes.find((x) => x.id === id)!;
    expect([p("news").bases, p("news").basisIn]).toEqual([["contract"], []]);
    expect([p("news.weekly").bases, p("news.weekly").basisIn]).toEqual([["legal_obligation"], []]);
    // a child that writes no basis still takes the parent's, variants included
    const base = compileText(HEADER + `import "./shared.policy"\n`, { "shared.policy": shared });
    expect(base.model!.purposes.find((x) => x.id === "news.daily")!.basisIn).toEqual([{ jurisdiction: "EU", bases: ["explicit_consent"] }]);
  });

  it("cannot empty a yes/no field, `class` or `consent`: their absence means a default, not nothing", () => {
    for (const [field, help] of [
      ["marketing none", "write `marketing yes` or `marketing no`: `none` cannot empty a yes/no field"],
      ["consent none", "write the value it should have: `none` cannot empty `consent`, whose absence means a default"],
    ] as const) {
      const text = HEADER + STD + `purpose marketing.direct { ${field} }\n`;
      const d = compileText(text).diagnostics.find((x) => x.code === "PC1015")!;
      expect(text.slice(d.span!.start, d.span!.end)).toBe("none");
      expect(d.help).toBe(help);
    }
    expect(codes(compileText(HEADER + STD + `category contact.email { class none }\n`))).toContain("PC1015");
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

  it("beside a body, too; and a rule cannot name it", () => {
    const text = HEADER + `purpose p "P" { basis none { EU consent } }\n`;
    const d = compileText(text).diagnostics.find((x) => x.code === "PC1011")!;
    expect(d.message).toBe("`basis` expects a legal basis, found `none` with a `{ ... }` body");
    const rule = HEADER + `category c "C"\nallow share none with anyone\n`;
    const r = compileText(rule).diagnostics.find((x) => x.code === "PC2001")!;
    expect(rule.slice(r.span!.start, r.span!.end)).toBe("none");
    expect(r.help).toContain("`none` only empties a field of a declaration");
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

  it("a project folder called `std` is not the standard library", () => {
    const main = header + `import "./std/cats.policy"\n` + use("contact.email");
    const r = compileText(main, { "std/cats.policy": `category contact "Contact details"\ncategory contact.email "Email address"\n` });
    const email = r.model!.categories.find((c) => c.id === "contact.email")!;
    expect(email.label.std).toBeUndefined();
    const out = documentEmitter.emit(r.model!, { banner: [] });
    expect(out.files.find((f) => f.path === "policy.de.md")!.content).toContain("Email address (nicht übersetzt)");
  });

  it("`diff` sees no change when a policy writes out what it inherited from the taxonomy", () => {
    const before = compileText(header + STD + use("contact.name"));
    const after = compileText(header + STD + `category contact.name "Name" { examples "first name" @de "Vorname", "last name" @de "Nachname" }\n` + use("contact.name"));
    expect(after.model!.categories.find((c) => c.id === "contact.name")!.label.std).toBeUndefined();
    expect(before.model!.hash).toBe(after.model!.hash);
    expect(diffModels(before.model!, after.model!)).toEqual([]);
    // a change of a translation alone is still one, naming its language
    const changed = compileText(header + STD + `category contact.name "Name" @de "Vollständiger Name"\n` + use("contact.name"));
    expect(diffModels(before.model!, changed.model!).map((c) => c.summary)).toContain("The `de` translation of the name of **Name** changed.");
  });

  it("a label the policy writes itself is its own, even when it reads like the taxonomy's", () => {
    const { md, reports } = germanDoc(header + STD + `category contact.email "Email address"\n` + use("contact.email"));
    expect(md).toContain("Email address (nicht übersetzt)");
    expect(reports.map((d) => d.message)).toEqual([expect.stringContaining("`label` of category `contact.email`")]);
  });
});
