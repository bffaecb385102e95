/** Wording that depends on the data: German jurisdictions after "in", the controller's names. */
import { describe, expect, it } from "vitest";
import { EMITTERS } from "../../../src/emit/registry.js";
import { compileText } from "../../helpers.js";

describe("German jurisdictions", () => {
  it("are declined after 'in' (rights, basis variants, conditions)", () => {
    const text =
      'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  jurisdictions EEA, UK, BR  languages de }\n' +
      'category c "C" @de "C" { class personal }\nrecipient r "R" @de "R"\n' +
      'purpose p "P" @de "P" { basis consent { EEA explicit_consent  UK explicit_consent }  uses c  withdraw "x" @de "x" }\n' +
      "allow share c with r for p when in BR, consent\n";
    const r = compileText(text);
    const md = EMITTERS.find((e) => e.name === "document")!.emit(r.model!, { banner: [], languages: ["de"] }).files.find((f) => f.path === "policy.md")!.content;
    expect(md).toContain("Im Europäischen Wirtschaftsraum: Ihre ausdrückliche Einwilligung.");
    expect(md).toContain("Im Vereinigten Königreich: Ihre ausdrückliche Einwilligung.");
    expect(md).toContain("gilt im Europäischen Wirtschaftsraum");
    expect(md).not.toMatch(/in dem /);
    // a jurisdiction without a German name keeps its code after "in"
    expect(md).toContain("in BR");
  });
});

describe("the controller", () => {
  it("is named with its legal name only when that says more", () => {
    const intro = (party: string) => {
      const r = compileText(`policy p "P" { controller ${party} }\ncategory c "C" { class personal }\npurpose p "P" { basis contract  uses c }\n`);
      const md = EMITTERS.find((e) => e.name === "document")!.emit(r.model!, { banner: [], languages: ["en"] }).files.find((f) => f.path === "policy.md")!.content;
      return md.split("\n").find((l) => l.includes("(the controller)"));
    };
    expect(intro('"TaskFlow GmbH" { legal_name "TaskFlow GmbH" }')).toMatch(/^TaskFlow GmbH is responsible/);
    expect(intro('"TaskFlow" { legal_name "TaskFlow GmbH" }')).toMatch(/^TaskFlow \(TaskFlow GmbH\) is responsible/);
  });
});

describe("German opt-outs", () => {
  it("withdraw consent, and object to other bases", () => {
    const text =
      'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  languages de }\ncategory c "C" @de "C" { class personal }\n' +
      'purpose ads "Ads" @de "Werbung" { basis legitimate_interests  interest "x" @de "x"  consent opt_out  uses c  opt_out "o" @de "o" }\n' +
      'purpose news "News" @de "Newsletter" { basis consent  consent opt_out  uses c  opt_out "o" @de "o" }\n';
    const r = compileText(text);
    const md = EMITTERS.find((e) => e.name === "document")!.emit(r.model!, { banner: [], languages: ["de"] }).files.find((f) => f.path === "policy.md")!.content;
    const section = (title: string) => md.slice(md.indexOf(`### ${title}`), md.indexOf("\n### ", md.indexOf(`### ${title}`) + 1));
    expect(section("Ads")).toContain("Wir tun dies, solange Sie nicht widersprechen.");
    expect(section("News")).toContain("Wir tun dies, solange Sie Ihre Einwilligung nicht widerrufen.");
  });
});
