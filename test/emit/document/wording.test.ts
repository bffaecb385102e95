/**
 * Wording that depends on the data: German jurisdictions after "in", the controller's names, what
 * each recipient may receive, rules with several exceptions, which section a rule belongs to, and
 * prose that only repeats its statement.
 */
import { describe, expect, it } from "vitest";
import type { EmitOptions } from "../../../src/emit/types.js";
import type { PolicyModel } from "../../../src/model/types.js";
import { compileText } from "../../helpers.js";
import { emit, file } from "./helpers.js";

/** One Markdown file of `model`'s documents, written without a banner. */
function markdown(model: PolicyModel, options: Partial<EmitOptions> = {}, path = "policy.md"): string {
  return file(emit(model, { banner: [], ...options }), path);
}

describe("German jurisdictions", () => {
  it("are declined after 'in' (rights, basis variants, conditions)", () => {
    const text =
      'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  jurisdictions EEA, UK, BR  languages de }\n' +
      'category c "C" @de "C" { class personal }\nrecipient r "R" @de "R"\n' +
      'purpose p "P" @de "P" { basis consent { EEA explicit_consent  UK explicit_consent }  uses c  withdraw "x" @de "x" }\n' +
      "allow share c with r for p when in BR, consent\n" +
      "deny share c with r for p when not in EEA, not in BR\n";
    const r = compileText(text);
    const md = markdown(r.model!, { languages: ["de"] });
    expect(md).toContain("Im Europäischen Wirtschaftsraum: Ihre ausdrückliche Einwilligung (Art. 6 Abs. 1 lit. a DSGVO).");
    expect(md).toContain("Im Vereinigten Königreich: Ihre ausdrückliche Einwilligung (Art. 6 Abs. 1 lit. a DSGVO).");
    expect(md).toContain("Nach dem im Europäischen Wirtschaftsraum geltenden Recht haben Sie diese Rechte:");
    // "außerhalb" takes the genitive where the language names one, else "außerhalb von"
    expect(md).toContain("außerhalb des Europäischen Wirtschaftsraums und außerhalb von BR");
    expect(md).not.toContain("nicht im");
    expect(md).not.toMatch(/in dem /);
    // a jurisdiction without a German name keeps its code after "in"
    expect(md).toContain("in BR");
  });
});

describe("the controller", () => {
  it("is named with its legal name only when that says more", () => {
    const intro = (party: string) => {
      const r = compileText(`policy p "P" { controller ${party} }\ncategory c "C" { class personal }\npurpose p "P" { basis contract  uses c }\n`);
      const md = markdown(r.model!, { languages: ["en"] });
      return md.split("\n").find((l) => l.includes("(the controller)"));
    };
    expect(intro('"TaskFlow GmbH" { legal_name "TaskFlow GmbH" }')).toMatch(/^TaskFlow GmbH is responsible/);
    expect(intro('"TaskFlow" { legal_name "TaskFlow GmbH" }')).toMatch(/^TaskFlow \(TaskFlow GmbH\) is responsible/);
  });
});

describe("German opt-outs", () => {
  it("object to other bases; an opt-out of 'consent' claims no consent was given", () => {
    const text =
      'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  languages de }\ncategory c "C" @de "C" { class personal }\n' +
      'purpose ads "Ads" @de "Werbung" { basis legitimate_interests  interest "x" @de "x"  consent opt_out  uses c  opt_out "o" @de "o" }\n' +
      'purpose news "News" @de "Newsletter" { basis consent  consent opt_out  uses c  opt_out "o" @de "o" }\n';
    const r = compileText(text);
    const md = markdown(r.model!, { languages: ["de"] });
    const section = (title: string) => md.slice(md.indexOf(`### ${title}`), md.indexOf("\n### ", md.indexOf(`### ${title}`) + 1));
    expect(section("Ads")).toContain("Wir tun dies, solange Sie nicht widersprechen.");
    // not "solange Sie Ihre Einwilligung nicht widerrufen": nobody was asked (PC3021), as English "unless you opt out"
    expect(section("News")).toContain("Wir tun dies, es sei denn, Sie lehnen es ab.");
    expect(md).not.toContain("widerrufen");
  });
});

describe("legal bases", () => {
  const basisLines = (jurisdictions: string, lang: "en" | "de", extra = "") => {
    const text =
      `policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  jurisdictions ${jurisdictions}  languages en, de }\n` +
      'category c "C" @de "C" { class personal }\n' +
      extra +
      'purpose a "A" @de "A" { basis contract  uses c }\n' +
      'purpose b "B" @de "B" { basis legitimate_interests  interest "to improve it" @de "es zu verbessern"  uses c }\n' +
      'purpose m "M" @de "M" { basis consent_or_no_objection { EU explicit_consent }  consent opt_in  uses c  withdraw "x" @de "x" }\n';
    const r = compileText(text);
    const md = markdown(r.model!, {}, lang === "en" ? "policy.md" : "policy.de.md");
    return md.split("\n").filter((l) => /^- (Legal bas[ie]s|Rechtsgrundlagen?):/.test(l));
  };

  it("cite their GDPR article where the GDPR applies, and only a basis the GDPR names", () => {
    expect(basisLines("EU", "en")).toEqual([
      "- Legal basis: the performance of our contract with you (GDPR Art. 6(1)(b)).",
      "- Legal basis: our legitimate interests (GDPR Art. 6(1)(f)), namely to improve it.",
      "- Legal basis: your consent or your indication of no objection, as local data protection law requires. In the European Union: your explicit consent (GDPR Art. 6(1)(a)). We only do this once you have given your consent or indicated that you do not object.",
    ]);
    expect(basisLines("EU", "de")[1]).toBe("- Rechtsgrundlage: unser berechtigtes Interesse daran, es zu verbessern (Art. 6 Abs. 1 lit. f DSGVO).");
  });

  it("cite no GDPR article in a policy the GDPR does not govern, but do in a variant for a GDPR jurisdiction", () => {
    const lines = basisLines("US-CA", "en");
    expect(lines[0]).toBe("- Legal basis: the performance of our contract with you.");
    expect(lines[1]).toBe("- Legal basis: our legitimate interests, namely to improve it.");
    expect(lines[2]).toContain("In the European Union: your explicit consent (GDPR Art. 6(1)(a)).");
  });

  it("cite no article for a basis that a variant replaces in every GDPR jurisdiction of the policy", () => {
    const extra = 'purpose v "V" @de "V" { basis contract { EU consent }  uses c }\n';
    expect(basisLines("EU, US-CA", "en", extra)[0]).toBe(
      "- Legal basis: the performance of our contract with you. In the European Union: your consent (GDPR Art. 6(1)(a)). We only do this once you have given your consent.",
    );
    // still cited where another GDPR jurisdiction keeps the main basis
    expect(basisLines("EU, UK", "en", extra)[0]).toContain("the performance of our contract with you (GDPR Art. 6(1)(b)). In the European Union");
  });

  it("cite Art. 9(2)(a) for explicit consent only where the purpose uses special categories", () => {
    const extra = 'category h "H" @de "H" { class sensitive }\npurpose s "S" @de "S" { basis explicit_consent  consent opt_in  uses h  withdraw "x" @de "x" }\n';
    expect(basisLines("EU", "en", extra)[0]).toBe("- Legal basis: your explicit consent (GDPR Art. 6(1)(a) and 9(2)(a)). We only do this once you have given your consent.");
    expect(basisLines("EU", "de", extra)[0]).toContain("Ihre ausdrückliche Einwilligung (Art. 6 Abs. 1 lit. a und Art. 9 Abs. 2 lit. a DSGVO).");
  });

  it("cite Art. 9(2)(a) too where a rule, not `uses`, brings special categories to the purpose", () => {
    const extra =
      'category h "H" @de "H" { class sensitive }\npurpose s "S" @de "S" { basis explicit_consent  consent opt_in  uses c  withdraw "x" @de "x" }\n' +
      "allow use h for s when explicit_consent\n";
    expect(basisLines("EU", "en", extra)[0]).toContain("your explicit consent (GDPR Art. 6(1)(a) and 9(2)(a))");
  });

  it("read as one parenthesis in German when an interest goes with another basis", () => {
    const extra = 'purpose k "K" @de "K" { basis consent  interest "to know you" @de "um Sie zu kennen"  uses c  withdraw "x" @de "x" }\n';
    expect(basisLines("EU", "de", extra)[0]).toMatch(/^- Rechtsgrundlage: Ihre Einwilligung \(um Sie zu kennen; Art\. 6 Abs\. 1 lit\. a DSGVO\)\./);
  });

  it("list several bases, each with its article, legitimate interests last with the interest", () => {
    const extra =
      'purpose r "R" @de "R" { basis legitimate_interests, legal_obligation, contract  interest "keeping records" @de "Aufzeichnungen zu führen"  uses c }\n' +
      'purpose v "V" @de "V" { basis contract { EU legal_obligation, public_task }  uses c }\n';
    const en = basisLines("EU, US-CA", "en", extra);
    expect(en[0]).toBe(
      "- Legal bases: compliance with our legal obligations (GDPR Art. 6(1)(c)), the performance of our contract with you (GDPR Art. 6(1)(b)) and our legitimate interests (GDPR Art. 6(1)(f)), namely keeping records.",
    );
    expect(en[1]).toBe(
      "- Legal basis: the performance of our contract with you. In the European Union: compliance with our legal obligations (GDPR Art. 6(1)(c)) and the performance of a task carried out in the public interest (GDPR Art. 6(1)(e)).",
    );
    // one basis is still "Legal basis"
    expect(en[2]).toBe("- Legal basis: the performance of our contract with you (GDPR Art. 6(1)(b)).");
    const de = basisLines("EU, US-CA", "de", extra);
    expect(de[0]).toBe(
      "- Rechtsgrundlagen: die Erfüllung unserer rechtlichen Pflichten (Art. 6 Abs. 1 lit. c DSGVO), die Erfüllung unseres Vertrags mit Ihnen (Art. 6 Abs. 1 lit. b DSGVO) und unser berechtigtes Interesse daran, Aufzeichnungen zu führen (Art. 6 Abs. 1 lit. f DSGVO).",
    );
    expect(de[1]).toContain("In der Europäischen Union: die Erfüllung unserer rechtlichen Pflichten (Art. 6 Abs. 1 lit. c DSGVO) und die Wahrnehmung");
  });

  it("put the interest with the list that has legitimate interests, else after the whole list", () => {
    const extra =
      'purpose v "V" @de "V" { basis contract { EU legal_obligation, legitimate_interests }  interest "preventing fraud" @de "Betrug zu verhindern"  uses c }\n' +
      'purpose k "K" @de "K" { basis contract, legal_obligation  interest "keeping books" @de "Bücher zu führen"  uses c }\n';
    const en = basisLines("US-CA", "en", extra);
    expect(en[0]).toBe(
      "- Legal basis: the performance of our contract with you. In the European Union: compliance with our legal obligations (GDPR Art. 6(1)(c)) and our legitimate interests (GDPR Art. 6(1)(f)), namely preventing fraud.",
    );
    expect(en[1]).toBe("- Legal bases: the performance of our contract with you and compliance with our legal obligations, namely keeping books.");
    expect(basisLines("US-CA", "de", extra)[0]).toContain(
      "In der Europäischen Union: die Erfüllung unserer rechtlichen Pflichten (Art. 6 Abs. 1 lit. c DSGVO) und unser berechtigtes Interesse daran, Betrug zu verhindern (Art. 6 Abs. 1 lit. f DSGVO).",
    );
  });
});

describe("trackers", () => {
  const doc = (gate: string, type = "cookie", lang = "en") => {
    const text =
      'policy p "P" { controller "Acme" { email "a@b.example" } }\ncategory c "C" { class personal }\n' +
      'purpose a "A" { basis contract  uses c }\nrecipient r "R" @de "R" { type processor }\n' +
      `tracker t "T" { type ${type}  collects c  purposes a ${gate} }\n`;
    const r = compileText(text);
    const md = markdown(r.model!, { languages: [lang] }, lang === "en" ? "policy.md" : "policy.de.md");
    return { gate: r.model!.trackers[0]!.gate, md };
  };

  it("say what a sign-on service hands us as received, and what other trackers gather as collected", () => {
    expect(doc("", "cookie").md).toContain("What they collect: “C”.");
    expect(doc("", "social_widget").md).toContain("What they collect: “C”.");
    const signOn = doc("", "sign_on").md;
    expect(signOn).toContain("What we receive through it: “C”.");
    expect(signOn).not.toContain("What they collect");
    expect(doc("", "sign_on", "de").md).toMatch(/Was wir darüber erhalten: „C/);
  });

  it("say what a tracker's use waits for only where the policy says it", () => {
    expect(doc("gate none").md).toContain("We use them without asking for your consent.");
    expect(doc("gate consent").md).toContain("We only use them with your consent.");
    const silent = doc("");
    expect(silent.gate).toBeNull();
    expect(silent.md).not.toMatch(/without asking|with your consent|unless you opt out/);
  });

  it("say who operates a tracker: us, its providers, or both with `first_party yes`", () => {
    expect(doc("").md).toContain("Provided by us.");
    expect(doc("providers r", "cookie").md).toContain("Provided by “R”.");
    expect(doc("providers r  first_party yes").md).toContain("Provided by us and by “R”.");
    expect(doc("providers r  first_party yes", "cookie", "de").md).toContain("Anbieter: wir selbst und „R“.");
    // without providers it is ours whatever it says
    expect(doc("first_party yes").md).toContain("Provided by us.");
  });
});

describe("an allow that a deny overrides everywhere (PC3014)", () => {
  it("is left out of the document, which says only what the guards do", () => {
    const text =
      'policy p "P" { controller "Acme" { email "a@b.example" } }\ncategory activity "Activity" { class personal }\ncategory h "Health" { class sensitive }\n' +
      'purpose service "Service" { basis contract  uses activity }\nrecipient insurers "Insurers" { type partner }\nrecipient cloud "Cloud" { type processor }\n' +
      "allow share activity with cloud for service\nallow sell activity to insurers for service\nallow use h for service when explicit_consent\n" +
      'deny sell personal to anyone as no_sale "We do not sell personal information."\ndeny use h for service\n';
    const r = compileText(text);
    expect(r.diagnostics.filter((d) => d.code === "PC3014")).toHaveLength(2);
    const md = markdown(r.model!, { languages: ["en"] });
    expect(md).not.toMatch(/Sold/);
    expect(md).toMatch(/\| Insurers +\| Business partner\. +\| Nothing\. +\|/);
    expect(md).toMatch(/\| Cloud +\| .*\| “Activity”, for “Service”\. +\|/);
    expect(md).toContain("We do not sell any personal information to anyone.");
    // nor is the overridden use of special categories stated, or cited under Art. 9
    expect(md).not.toMatch(/We may use “Health”/);
    expect(md).not.toContain("9(2)(a)");
  });
});

describe("declared rights", () => {
  const rightLines = (lang: "en" | "de") => {
    const text =
      'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  jurisdictions EU, US-CA  languages en, de }\n' +
      'category c "C" @de "C" { class personal }\npurpose a "A" @de "A" { basis contract  uses c }\n' +
      'right access "Access" @de "Auskunft" { type access  how "Email us." @de "Schreiben Sie uns." }\n' +
      'right know "Knowing (Cal. Civ. Code 1798.110)" @de "Wissen (Cal. Civ. Code 1798.110)" { type know }\n' +
      'right unsub "Unsubscribing" @de "Abmelden" { type opt_out_marketing }\n' +
      'right withdraw "Withdrawing consent" @de "Widerruf" { type withdraw_consent }\n' +
      'right portability "Taking your data (GDPR)" @de "Mitnahme (DSGVO)" { type portability }\n';
    const r = compileText(text);
    const md = markdown(r.model!, {}, lang === "en" ? "policy.md" : "policy.de.md");
    const section = md.slice(md.indexOf(lang === "en" ? "## Your rights" : "## Ihre Rechte"));
    return section.split("\n").slice(1, section.indexOf("\n## ") === -1 ? undefined : section.slice(0, section.indexOf("\n## ")).split("\n").length)
      // the policy's own rights and the lead-ins, not those the laws add
      .filter((l) => l !== "" && !/^- (Right (to|of)|Recht|Widerspruchsrecht)\b/.test(l));
  };

  it("are cited and listed under their law as the derived ones are, unless their label cites already", () => {
    // the law is said once, above its rights; rights of no particular law come first
    expect(rightLines("en")).toEqual([
      "- Unsubscribing.",
      "Under the law of the European Union, you have these rights:",
      "- Access (GDPR Art. 15). How to exercise it: Email us.",
      "- Taking your data (GDPR).",
      "- Withdrawing consent (GDPR Art. 7(3)).",
      "Under the law of California, you have these rights:",
      "- Knowing (Cal. Civ. Code 1798.110).",
    ]);
    expect(rightLines("de").slice(1, 3)).toEqual(["Nach dem in der Europäischen Union geltenden Recht haben Sie diese Rechte:", "- Auskunft (Art. 15 DSGVO). So üben Sie es aus: Schreiben Sie uns."]);
  });
});

describe("whether the person must provide data", () => {
  it("is said only of data the person provides, not of what is observed or derived", () => {
    const text =
      'policy p "P" { controller "Acme" { email "a@b.example" } }\n' +
      'category health "Health data" { class personal  provision prerequisite  consequence "We cannot treat you." }\n' +
      'category health.symptoms "Symptoms" { source provided }\ncategory health.video "Live video" { source automatic }\ncategory health.notes "Notes" { source derived }\n' +
      'purpose care "Care" { basis contract  uses health }\n';
    const md = markdown(compileText(text).model!, { languages: ["en"] });
    const row = (name: string) => md.split("\n").find((l) => l.startsWith(`| Health data: ${name} `))!.split("|").slice(1, -1).map((c) => c.trim());
    expect(row("Symptoms").at(-1)).toBe("Yes, to use our products or services");
    expect(row("Live video").at(-1)).toBe("—");
    expect(row("Notes").at(-1)).toBe("—");
    // the group's note names what it covers: the symptoms alone
    const note = md.split("\n").find((l) => l.includes("We cannot treat you."))!;
    expect(note).toContain("Symptoms");
    expect(note).not.toContain("Live video");
  });
});

describe("names the policy's parties and rights as a reader knows them", () => {
  const text =
    'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  jurisdictions US-CA  languages en, de }\n' +
    'recipient lab "Partner laboratory" @de "Partnerlabor" { type partner }\n' +
    'category results "Lab results" @de "Laborwerte" { class personal  source third_party  from lab }\n' +
    'purpose care "Care" @de "Behandlung" { basis contract  uses results }\nright know { type know }\n';
  it("a declared right without a label of its own is named by its type, in each language", () => {
    const model = compileText(text).model!;
    expect(markdown(model, { languages: ["en", "de"] })).toContain("- Right to know what personal information is collected (Cal. Civ. Code 1798.110).");
    expect(markdown(model, { languages: ["en", "de"] }, "policy.de.md")).toContain("- Recht zu erfahren, welche personenbezogenen Daten erhoben werden (Cal. Civ. Code 1798.110).");
  });
  it("a party we only receive data from is not listed among those we share with, unless the policy says more of it", () => {
    const md = markdown(compileText(text).model!, { languages: ["en"] });
    expect(md).toContain("From a third party: Partner laboratory");
    expect(md).not.toMatch(/\| Partner laboratory +\|/);
    const abroad = text.replace('{ type partner }', '{ type partner  transfers "India"  prose "It analyses your samples." }');
    const kept = markdown(compileText(abroad).model!, { languages: ["en"] });
    expect(kept).toMatch(/\| Partner laboratory +\|.*To India/);
    expect(kept).toContain("It analyses your samples.");
  });
  it("a right named by its type is cited only under a law of the policy", () => {
    const access = text.replace("right know { type know }", 'right know { type know }\nright access { type access  how "Email us." }');
    const md = markdown(compileText(access).model!, { languages: ["en"] });
    expect(md).toContain("- Right of access. How to exercise it: Email us.");
    expect(md).not.toContain("GDPR Art. 15");
  });
});

describe("a purpose's GDPR Art. 9(2) condition (special_condition)", () => {
  it("is stated with the special categories it uses, in each language, and only where it uses some", () => {
    const text =
      'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  jurisdictions EU  languages en, de }\n' +
      'category health "Health data" @de "Gesundheitsdaten" { class sensitive }\ncategory c "Contact" @de "Kontakt" { class personal }\n' +
      'purpose care "Care" @de "Behandlung" { basis contract  special_condition health_care  uses health, c }\n' +
      'purpose mail "Mail" @de "Post" { basis contract  special_condition health_care  uses c }\n';
    const model = compileText(text).model!;
    const en = markdown(model, { languages: ["en", "de"] });
    expect(en).toContain("- Special categories of data it uses (“Health data”): we process them for health or social care, by professionals bound by professional secrecy (GDPR Art. 9(2)(h)).");
    expect(en.match(/Special categories of data it uses/g)).toHaveLength(1);
    expect(markdown(model, { languages: ["en", "de"] }, "policy.de.md")).toContain(
      "- Besondere Kategorien personenbezogener Daten, die dieser Zweck verwendet („Gesundheitsdaten“): Wir verarbeiten sie für die Gesundheits- oder Sozialversorgung durch Fachpersonal, das dem Berufsgeheimnis unterliegt (Art. 9 Abs. 2 lit. h DSGVO).",
    );
  });
});

describe("two conditions that read as one", () => {
  it("are said as one phrase", () => {
    const text =
      'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  languages en, de }\ncategory c "Contact" @de "Kontakt" { class personal }\n' +
      'recipient r "Partners" @de "Partner" { type partner  needs_consent yes }\npurpose m "Offers" @de "Angebote" { basis consent  uses c  withdraw "Settings." @de "Einstellungen." }\n' +
      "allow share c with r for m when consent, recipient_consent\nallow share c with r for m when anonymised, aggregated\n";
    const model = compileText(text).model!;
    const en = markdown(model, { languages: ["en", "de"] });
    expect(en).toContain("with your consent, also to this recipient");
    expect(en).not.toContain("with your consent and with your consent to this recipient");
    expect(en).toContain("once anonymised and in aggregate form");
    const de = markdown(model, { languages: ["en", "de"] }, "policy.de.md");
    expect(de).toContain("mit Ihrer Einwilligung, auch in diesen Empfänger");
    expect(de).toContain("in anonymisierter und aggregierter Form");
  });
});

describe("a section of the policy's own", () => {
  it("headed as a section the document writes itself is a warning, in the language where the titles meet", () => {
    const text = (title: string) =>
      `policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  languages en, de }\nsection visit "${title}" @de "Besuch" { prose "Come by." @de "Kommen Sie vorbei." }\n`;
    const codes = (title: string) => emit(compileText(text(title)).model!, { languages: ["en", "de"] }).diagnostics.filter((d) => d.code === "PC5011").map((d) => d.message);
    expect(codes("Contact us")).toEqual(["section `visit` is headed “Contact us” in the `en` document, as a section the document writes itself: the page has two, and its contents list both"]);
    expect(codes("contact  US")).toHaveLength(1);
    expect(codes("Visiting our office")).toEqual([]);
    // two of the policy's own, the same in German only
    const two = text("Visiting us").replace("section visit", 'section other "Other" @de "Besuch" { prose "More." @de "Mehr." }\nsection visit');
    expect(emit(compileText(two).model!, { languages: ["en", "de"] }).diagnostics.filter((d) => d.code === "PC5011").map((d) => d.message)).toEqual([
      "section `visit` is headed “Besuch” in the `de` document, as section `other`: the page has two, and its contents list both",
    ]);
  });
});

describe("an email address in a one-line text", () => {
  it("is a mailto link, as in prose; what only looks like one, or follows markup, stays text", () => {
    const text =
      'policy p "P" { controller "Acme" { email "a@b.example" }  jurisdictions EU }\n' +
      'right access { type access  how "Write to privacy@acme.example, or x@y.example<script>alert(1)</script>, or user@localhost." }\n';
    const model = compileText(text).model!;
    const md = markdown(model, { languages: ["en"] });
    expect(md).toContain("Write to <privacy@acme.example>, or <x@y.example>\\<script>alert(1)\\</script>, or user\\@localhost.");
    const html = file(emit(model, { languages: ["en"] }), "policy.html");
    expect(html).toContain('<a href="mailto:privacy@acme.example">privacy@acme.example</a>');
    expect(html).toContain('<a href="mailto:x@y.example">x@y.example</a>&#x3C;script>');
    expect(html).not.toContain("<script>alert");
  });
});

describe("the choices section", () => {
  it("is headed for direct marketing only where every choice in it is about marketing", () => {
    const heading = (marketing: string, more = "") => {
      const text =
        'policy p "P" { controller "Acme" { email "a@b.example" } }\ncategory c "C" { class personal }\n' +
        `purpose p "P" { basis consent  consent opt_in  uses c  withdraw "Turn it off."  ${marketing} }\n${more}`;
      const md = markdown(compileText(text).model!, { languages: ["en"] });
      return md.split("\n").filter((l) => /^## (Your choices|Direct marketing)/.test(l));
    };
    expect(heading("")).toEqual(["## Your choices"]);
    expect(heading("marketing yes")).toEqual(["## Direct marketing and your choices"]);
    // a consent to something else is not listed under a marketing heading
    expect(heading("marketing yes", 'purpose care "Care" { basis consent  uses c  withdraw "Turn it off." }\n')).toEqual(["## Your choices"]);
  });
});

describe("the right to object (GDPR Art. 21(4))", () => {
  const objection = (jurisdictions: string, purposes: string) => {
    const text =
      `policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  jurisdictions ${jurisdictions}  languages en, de }\n` +
      'category c "C" @de "C" { class personal }\n' +
      purposes;
    const files = emit(compileText(text).model!, { banner: [] }).files;
    const line = (path: string) => files.find((f) => f.path === path)!.content.split("\n").find((l) => /right to object:|Widerspruchsrecht:/.test(l));
    return { en: line("policy.md"), de: line("policy.de.md") };
  };
  const interests = 'purpose a "A" @de "A" { basis legitimate_interests  interest "x" @de "x"  uses c }\n';
  const news = 'purpose n "N" @de "N" { basis consent  marketing yes  uses c  withdraw "x" @de "x" }\n';

  it("is set apart below the rights, saying what it covers in this policy", () => {
    const both = objection("EU", interests + news);
    expect(both.en).toMatch(/^\*\*Your right to object:\*\* Where we process .* legitimate interests, .*\(GDPR Art\. 21\(1\)\)\. You can object at any time to the use of your personal information for direct marketing/);
    expect(both.de).toMatch(/^\*\*Ihr Widerspruchsrecht:\*\* Soweit wir .* berechtigten Interessen .*Direktwerbung/);
    const marketingOnly = objection("EU", news);
    expect(marketingOnly.en).toMatch(/^\*\*Your right to object:\*\* You can object at any time to the use of your personal information for direct marketing/);
    expect(marketingOnly.en).not.toContain("Art. 21(1)");
    // both bases Art. 21(1) covers, when the policy has both
    const task = 'purpose t "T" @de "T" { basis public_task  uses c }\n';
    expect(objection("EU", interests + task).en).toContain("on the basis of our legitimate interests or to carry out a task in the public interest, you can object");
    expect(objection("EU", interests + task).de).toContain("berechtigten Interessen oder zur Wahrnehmung einer Aufgabe im öffentlichen Interesse verarbeiten");
    expect(objection("EU", task).en).toContain("Where we process your personal information to carry out a task in the public interest, you can object");
  });

  it("is not there without the GDPR, or with nothing to object to", () => {
    expect(objection("US-CA", interests + news).en).toBeUndefined();
    expect(objection("EU", 'purpose a "A" @de "A" { basis contract  uses c }\n').en).toBeUndefined();
  });
});

/** The Markdown of each language a policy declares, by language. */
function documents(text: string): Record<string, string> {
  const r = compileText(text);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  const files = emit(r.model, { banner: [] }).files;
  const langs = r.model.header.languages;
  return Object.fromEntries(langs.map((lang, i) => [lang, files.find((f) => f.path === (i === 0 ? "policy.md" : `policy.${lang}.md`))!.content]));
}

/** A section of a document, from its heading to the next one of the same level. */
function sectionOf(md: string, heading: string): string {
  const start = md.indexOf(`\n## ${heading}\n`);
  if (start < 0) return "";
  const end = md.indexOf("\n## ", start + 1);
  return md.slice(start, end < 0 ? undefined : end);
}

/** The cell "What they receive" of a recipient's row in the sharing table. */
function receives(md: string, recipient: string): string | undefined {
  const row = md.split("\n").find((l) => l.startsWith(`| ${recipient} `));
  return row?.split("|").map((c) => c.trim())[3];
}

const HEALTH =
  'import "std/taxonomy"\n' +
  'policy r "R" @de "R" { controller "R GmbH" { email "privacy@r.example" }  jurisdictions EU  languages en, de }\n' +
  'category health "Health data" @de "Gesundheitsdaten"\n' +
  'category health.heart_rate "Heart rate" @de "Herzfrequenz"\n' +
  'purpose services.health "Health tracking" @de "Gesundheits-Tracking" { basis explicit_consent  uses health.heart_rate  withdraw "Settings." @de "Einstellungen." }\n' +
  'purpose hosting "Hosting" @de "Hosting" { basis contract  uses health.heart_rate }\n' +
  'recipient insurers "Health insurers" @de "Krankenversicherer" { type partner }\n' +
  'recipient cloud "Cloud hosting provider" @de "Cloud-Hoster" { type processor }\n' +
  'retention h "Health" @de "Gesundheit" { applies_to health  period 30 days  end delete }\n';

describe("the recipients table", () => {
  it("shows what an exception of a deny allows, with its conditions, in its recipient's row", () => {
    const docs = documents(
      HEALTH +
        "deny share health with third_parties as no_health_sharing except {\n" +
        "  allow with insurers for services.health when explicit_consent\n" +
        "}\n",
    );
    expect(receives(docs["en"]!, "Health insurers")).toBe("“Health data”, for “Health tracking”, with your explicit consent.");
    expect(receives(docs["de"]!, "Krankenversicherer")).toBe("„Gesundheitsdaten“, für den Zweck „Gesundheits-Tracking“, mit Ihrer ausdrücklichen Einwilligung.");
    expect(receives(docs["en"]!, "Cloud hosting provider")).toBe("Nothing.");
  });

  it("leaves out what the guards refuse to a recipient, as they decide it", () => {
    const docs = documents(
      HEALTH +
        'recipient lab "Laboratory" @de "Labor" { type processor }\n' +
        "allow share health with anyone for hosting when consent\n" +
        "deny share health with insurers\n" +
        "deny share health with cloud as no_cloud except allow for services.health when explicit_consent\n" +
        "deny share health with cloud for services.health as never_tracking_in_cloud\n",
    );
    expect(receives(docs["en"]!, "Laboratory")).toBe("“Health data”, for “Hosting”, with your consent.");
    // the allow to anyone reaches neither: a deny refuses the insurers everything, and the
    // cloud everything but what an exception allows, which another deny refuses in turn
    expect(receives(docs["en"]!, "Health insurers")).toBe("Nothing.");
    expect(receives(docs["en"]!, "Cloud hosting provider")).toBe("Nothing.");
  });

  it("says only the part of an allow that a deny leaves: the categories, then the purposes", () => {
    const base =
      HEALTH +
      'category health.steps "Steps" @de "Schritte"\n' +
      'purpose research "Research" @de "Forschung" { basis explicit_consent  uses health  withdraw "Settings." @de "Einstellungen." }\n' +
      "allow share health with insurers for services.health, research when explicit_consent as to_insurers\n";
    // nothing denied: the rule as written
    expect(receives(documents(base)["en"]!, "Health insurers")).toBe("“Health data”, for “Health tracking” and “Research”, with your explicit consent.");
    const lessData = documents(base + "deny share health.heart_rate with insurers as no_heart_rate\n");
    expect(receives(lessData["en"]!, "Health insurers")).toBe("“Steps”, for “Health tracking” and “Research”, with your explicit consent.");
    expect(receives(lessData["de"]!, "Krankenversicherer")).toBe("„Schritte“, für die Zwecke „Gesundheits-Tracking“ und „Forschung“, mit Ihrer ausdrücklichen Einwilligung.");
    const lessPurposes = documents(base + "deny share health with insurers for research as no_research\n");
    expect(receives(lessPurposes["en"]!, "Health insurers")).toBe("“Health data”, for “Health tracking”, with your explicit consent.");
  });

  it("counts only people who can exist: one place, one age", () => {
    const docs = documents(
      HEALTH.replace("jurisdictions EU", "jurisdictions EU, US-CA") +
        "deny share health with insurers when age_under 16\n" +
        "allow share health with insurers for services.health when explicit_consent, age_under 13\n" +
        "deny share health with cloud unless in EU\n" +
        "allow share health with cloud for hosting when in US-CA\n",
    );
    // under 13 is under 16, whom the deny refuses; no one is in California and in the EU
    expect(receives(docs["en"]!, "Health insurers")).toBe("Nothing.");
    expect(receives(docs["en"]!, "Cloud hosting provider")).toBe("Nothing.");
  });
});

describe("what happens if you do not provide data", () => {
  it("is one sentence in English and in German", () => {
    const docs = documents(
      'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  languages en, de }\n' +
        'category c "C" @de "C" { class personal  provision prerequisite  consequence "we cannot create your account" @de "wir können Ihr Konto nicht anlegen" }\n' +
        'category d "D" @de "D" { class personal  provision voluntary  consequence "you *miss* our <b>news</b>" }\n' +
        'purpose a "A" @de "A" { basis contract  uses c, d }\n',
    );
    expect(docs["en"]).toContain("You need to provide this information to use our products or services. If you do not provide it, we cannot create your account.");
    expect(docs["de"]).toContain("Sie müssen diese Daten angeben, um unsere Produkte oder Dienste nutzen zu können. Mögliche Folgen, wenn Sie sie nicht angeben: Wir können Ihr Konto nicht anlegen.");
    // the policy's text keeps its escaping; capitalised for the sentence it begins, even untranslated
    expect(docs["en"]).toContain("If you do not provide it, you \\*miss\\* our \\<b>news\\</b>.");
    expect(docs["de"]).toContain("Mögliche Folgen, wenn Sie sie nicht angeben: You \\*miss\\* our \\<b>news\\</b> (nicht übersetzt).");
  });
});

describe("a purpose's choices", () => {
  it("says an opt-out and a withdrawal with the same words once", () => {
    const policy = (withdraw: string) =>
      'policy p "P" { controller "Acme" { email "a@b.example" }  jurisdictions EU }\ncategory c "C" { class personal  provision voluntary }\n' +
      `purpose ads "Ads" { basis consent  uses c  marketing yes  opt_out "Turn ads off in Settings."  withdraw "${withdraw}" }\n`;
    const once = documents(policy("Turn ads off in Settings."))["en"]!;
    expect(once).toContain("To opt out: Turn ads off in Settings.");
    expect(once).not.toContain("To withdraw your consent: Turn ads off in Settings.");
    const both = documents(policy("Write to us."))["en"]!;
    expect(both).toContain("To opt out: Turn ads off in Settings.");
    expect(both).toContain("To withdraw your consent: Write to us.");
  });
});

describe("the data protection officer", () => {
  it("is sent to 'Contact us' only where the policy gives a way to reach them", () => {
    const policy = (dpo: string) =>
      `policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  dpo ${dpo}  jurisdictions EU  languages en, de }\n` +
      'category c "C" @de "C" { class personal  provision voluntary }\npurpose a "A" @de "A" { basis contract  uses c }\n';
    const named = documents(policy('"Jane Doe"'));
    expect(named["en"]).toContain("We have appointed a data protection officer, Jane Doe, but this policy does not say how to reach them.");
    expect(named["de"]).toContain("Wir haben einen Datenschutzbeauftragten benannt: Jane Doe; diese Erklärung nennt jedoch keine Kontaktdaten.");
    const reachable = documents(policy('"Jane Doe" { email "dpo@b.example" }'));
    expect(reachable["en"]).toContain("We have appointed a data protection officer, Jane Doe; see “Contact us” for how to reach them.");
  });
});

describe("the data table's 'Must you provide it?' column", () => {
  /** The cell of the collection table's row `label` under the column headed `column`. */
  const cellOf = (md: string, label: string, column: string): string | undefined => {
    const lines = md.split("\n");
    const at = lines.findIndex((l) => l.startsWith(`| ${label} `));
    let head = at;
    while (head > 0 && !lines[head - 1]!.startsWith("| ---")) head--;
    const cells = (l: string) => l.split("|").map((x) => x.trim());
    return cells(lines[at]!)[cells(lines[head - 2]!).indexOf(column)];
  };

  it("says 'Not stated' where the policy does not say, not the empty mark, which reads as 'no'", () => {
    const docs = documents(
      'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  languages en, de }\n' +
        'category c "C" @de "C" { class personal  provision voluntary }\n' +
        'category d "D" @de "D" { class personal }\n' +
        'purpose a "A" @de "A" { basis contract  uses c, d }\n',
    );
    const row = (md: string, label: string) => md.split("\n").find((l) => l.startsWith(`| ${label} `))!.split("|").map((x) => x.trim());
    expect(row(docs["en"]!, "C").at(-2)).toBe("No, it is voluntary");
    expect(row(docs["en"]!, "D").at(-2)).toBe("Not stated");
    // "Nicht angegeben" beside "Von Ihnen angegeben" read as "not provided"
    expect(row(docs["de"]!, "D").at(-2)).toBe("Keine Angabe");
    // how the data is obtained: no source stated is said so too
    const source = (md: string, label: string) => cellOf(md, label, md === docs["en"] ? "How we obtain it" : "Herkunft");
    expect(source(docs["en"]!, "D")).toBe("Not stated");
    expect(source(docs["de"]!, "D")).toBe("Keine Angabe");
  });

  it("says how the data is obtained where the policy or the taxonomy states it, and 'Not stated' where `source none` drops it", () => {
    const docs = documents(
      'import "std/taxonomy"\n' +
        'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  languages en, de }\n' +
        'category purchase.history { source none }\n' +
        'category e "E" @de "E" { class personal  source third_party  from shops }\n' +
        'recipient shops "Shops" @de "Shops"\n' +
        'purpose a "A" @de "A" { basis contract  uses purchase.history, purchase.orders, e }\n',
    );
    const source = (md: string, label: string) => cellOf(md, label, "How we obtain it");
    expect(source(docs["en"]!, "Purchase information: Purchase history")).toBe("Not stated");
    expect(source(docs["en"]!, "Purchase information: Orders")).toBe("You provide it");
    expect(source(docs["en"]!, "E")).toBe("From a third party: Shops");
  });

  it("asks it of observed data only where the policy states it for that data itself, not where a group's requirement reaches it", () => {
    const docs = documents(
      'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  languages en, de }\n' +
        'category trip "Trip" @de "Fahrt" { class personal  provision contractual }\n' +
        'category trip.route "Route" @de "Route" { source automatic }\n' +
        'category trip.rating "Rating" @de "Bewertung" { source provided }\n' +
        'category location "Location" @de "Standort" { class personal  source automatic  provision prerequisite\n' +
        '  consequence "we cannot find you a driver" @de "können wir Ihnen keinen Fahrer vermitteln" }\n' +
        'purpose a "A" @de "A" { basis contract  uses trip, location }\n',
    );
    const row = (md: string, label: string) => md.split("\n").find((l) => l.startsWith(`| ${label} `))!.split("|").map((x) => x.trim());
    expect(row(docs["en"]!, "Location").at(-2)).toBe("Yes, to use our products or services");
    expect(docs["en"]).toContain("- **Location:** You need to provide this information to use our products or services. If you do not provide it, we cannot find you a driver.");
    // the group's requirement covers what the person provides, not the route the app records
    expect(row(docs["en"]!, "Trip: Route").at(-2)).toBe("—");
    expect(row(docs["en"]!, "Trip: Rating").at(-2)).toBe("Yes, required by our contract");
    expect(docs["en"]).toMatch(/- \*\*Trip:\*\* This covers “Rating”\./);
  });
});

describe("sharing without consent where the law allows", () => {
  const docs = documents(
    'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  languages en, de }\n' +
      'category c "C" @de "C" { class personal }\nrecipient ads "Advertisers" @de "Werbetreibende" { type advertiser }\n' +
      'purpose a "A" @de "A" { basis contract  uses c }\npurpose t "Trends" @de "Trends" { basis legitimate_interests  interest "x" @de "x"  uses c }\n' +
      "allow share c with anyone when required_by_law as lawful_disclosure\n" +
      "allow collect c when permitted_by_law as lawful_collection\n" +
      "allow use c when permitted_by_law as lawful_use\n" +
      'allow share c with ads for t when anonymised, aggregated as trends "We share trends." @de "Wir geben Trends weiter."\n',
  );

  it("holds the disclosures a law requires or permits, and nothing else", () => {
    for (const [lang, heading] of [["en", "Sharing without your consent where the law allows"], ["de", "Weitergabe ohne Ihre Einwilligung, soweit das Gesetz es erlaubt"]] as const) {
      const law = sectionOf(docs[lang]!, heading);
      expect(law.split("\n").filter((l) => l.startsWith("- ")), lang).toHaveLength(1);
      expect(law, lang).toMatch(lang === "en" ? /We may share “C” with anyone when required by law\./ : /an beliebige Empfänger weitergeben, wenn das Gesetz es verlangt\./);
    }
  });

  it("says collecting and using under the law among the uses, and anonymised sharing among the sharing", () => {
    const uses = { en: sectionOf(docs["en"]!, "How we use your information"), de: sectionOf(docs["de"]!, "Wie wir Ihre Daten verwenden") };
    // `permitted_by_law` is what the law explicitly allows without consent (semantics.md), not
    // whatever no law forbids
    expect(uses.en).toContain("- We may collect “C” when the law explicitly permits it.");
    expect(uses.en).toContain("- We may use “C” when the law explicitly permits it.");
    expect(uses.de).toContain("- Wir können „C“ erheben, wenn das Gesetz es ausdrücklich erlaubt.");
    expect(uses.de).toContain("- Wir können „C“ verwenden, wenn das Gesetz es ausdrücklich erlaubt.");
    const sharing = { en: sectionOf(docs["en"]!, "Who we share your information with"), de: sectionOf(docs["de"]!, "An wen wir Ihre Daten weitergeben") };
    expect(sharing.en).toContain("- We may share “C” with “Advertisers” for “Trends”, once anonymised and in aggregate form.\n\n  We share trends.");
    expect(sharing.de).toContain("Wir geben Trends weiter.");
  });
});

describe("a rule with several exceptions", () => {
  it("says each exception as a clause of its own", () => {
    const docs = documents(
      HEALTH +
        "deny share health with third_parties as no_health_sharing except {\n" +
        "  allow with cloud for hosting\n" +
        "  allow health.heart_rate with insurers for services.health when explicit_consent\n" +
        "}\n" +
        "allow use health for services.health when explicit_consent as tracking except {\n" +
        "  deny when minor\n" +
        "  deny health.heart_rate for services.health when not in EU\n" +
        "}\n",
    );
    expect(docs["en"]).toContain(
      "We do not share “Health data” with third parties. However, we may share “Health data” with “Cloud hosting provider” for “Hosting” and we may share “Heart rate” with “Health insurers” for “Health tracking” with your explicit consent.",
    );
    expect(docs["de"]).toContain(
      "Wir geben „Gesundheitsdaten“ nicht an Dritte weiter, aber wir können „Gesundheitsdaten“ an „Cloud-Hoster“ für den Zweck „Hosting“ weitergeben; wir können „Herzfrequenz“ an „Krankenversicherer“ für den Zweck „Gesundheits-Tracking“ weitergeben, mit Ihrer ausdrücklichen Einwilligung.",
    );
    expect(docs["en"]).toContain(
      "We may use “Health data” for “Health tracking” with your explicit consent. However, we never use “Health data” for “Health tracking” when you are a minor and we never use “Heart rate” for “Health tracking” outside the European Union.",
    );
    // one exception still reads as part of its rule's sentence
    const one = documents(HEALTH + "deny share health with third_parties as no_health_sharing except allow with cloud for hosting\n");
    expect(one["en"]).toContain("We do not share “Health data” with third parties, except with “Cloud hosting provider” for “Hosting”.");
  });

  it("publishes an exception's prose after its rule's", () => {
    const docs = documents(
      HEALTH +
        'deny share health with third_parties as no_health_sharing "We keep health data to ourselves." @de "Gesundheitsdaten behalten wir für uns." except {\n' +
        '  allow with cloud for hosting "Our host keeps them in the EU." @de "Unser Hoster speichert sie in der EU."\n' +
        "}\n",
    );
    expect(docs["en"]).toContain("We keep health data to ourselves.\n\n  Our host keeps them in the EU.");
    expect(docs["de"]).toContain("Gesundheitsdaten behalten wir für uns.\n\n  Unser Hoster speichert sie in der EU.");
  });

  it("says an exception's own exceptions, in both forms", () => {
    const nested = documents(HEALTH + "deny share health with third_parties as no_health_sharing except {\n  allow with cloud for hosting except deny when minor\n}\n");
    expect(nested["en"]).toContain("We do not share “Health data” with third parties, except with “Cloud hosting provider” for “Hosting” (but not when you are a minor).");
    expect(nested["de"]).toContain("Wir geben „Gesundheitsdaten“ nicht an Dritte weiter, außer an „Cloud-Hoster“, für den Zweck „Hosting“, aber nicht, wenn Sie minderjährig sind.");
    const clauses = documents(
      HEALTH +
        "deny share health with third_parties as no_health_sharing except {\n" +
        "  allow with cloud for hosting except deny when minor\n" +
        "  allow health.heart_rate with insurers for services.health when explicit_consent\n" +
        "}\n",
    );
    expect(clauses["en"]).toContain("However, we may share “Health data” with “Cloud hosting provider” for “Hosting” (but not when you are a minor) and we may share “Heart rate”");
  });
});

describe("prose that repeats its statement", () => {
  it("is left out in every language when the source language's statement says it word for word", () => {
    const docs = documents(
      'policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  languages en, de }\n' +
        'category c "C" @de "C" { class personal }\nrecipient x "X" @de "X"\npurpose a "A" @de "A" { basis contract  uses c }\n' +
        'deny sell personal to third_parties as no_sale "We do not sell any personal information to third parties." @de "Wir verkaufen keine personenbezogenen Daten an Dritte."\n' +
        'deny share personal with x as no_x "Never to X." @de "Niemals an X."\n',
    );
    const never = { en: sectionOf(docs["en"]!, "What we never do"), de: sectionOf(docs["de"]!, "Was wir niemals tun") };
    expect(never.en.match(/sell/g)).toHaveLength(1);
    expect(never.de.match(/verkaufen/g)).toHaveLength(1);
    // prose that says more is kept in both
    expect(never.en).toContain("Never to X.");
    expect(never.de).toContain("Niemals an X.");
  });

  it("is left out with --with-sources too, whose notes only the prose carries when they are compared", () => {
    const r = compileText(
      'policy p "P" { controller "Acme" { email "a@b.example" } }\ncategory c "C" { class personal }\npurpose a "A" { basis contract  uses c }\n' +
        'deny sell personal to third_parties as no_sale "We do not sell any personal information to third parties."\n',
    );
    const md = markdown(r.model!, { withSources: true });
    expect(sectionOf(md, "What we never do").trim().split("\n")).toEqual(["## What we never do", "", "- We do not sell any personal information to third parties. \\[main.policy:4]"]);
  });
});

describe("an exception stated apart from its rule", () => {
  it("holds only where its rule's conditions do, and says so", () => {
    const text =
      'policy p "P" { controller "Acme" { email "a@b.example" }  jurisdictions US-CA }\ncategory c "Contact" { class personal }\n' +
      'purpose s "Service" { basis contract  uses c }\nrecipient ads "Advertisers" { type advertiser }\n' +
      "deny sell personal to anyone when in US-CA as ccpa_no_sale\n  except allow when at_request\n";
    const r = compileText(text);
    const md = markdown(r.model!, { languages: ["en"] });
    expect(md).toMatch(/\| Advertisers +\| Advertiser\. +\| Sold: all personal information, in California and at your request\. +\|/);
    expect(md).toContain("We do not sell any personal information to anyone in California, except at your request.");
  });

  it("says so in a clause of its own too, among several exceptions", () => {
    const text =
      'policy p "P" { controller "Acme" { email "a@b.example" }  jurisdictions US-CA }\ncategory c "Contact" { class personal }\n' +
      'purpose s "Service" { basis contract  uses c }\nrecipient ads "Advertisers" { type advertiser }\nrecipient ins "Insurers" { type partner }\n' +
      "deny sell personal to anyone when in US-CA as ccpa_no_sale\n  except {\n    allow when at_request\n    allow to ins when required_by_law\n  }\n";
    const r = compileText(text);
    const md = markdown(r.model!, { languages: ["en"] });
    const sentence = md.split("\n").find((l) => l.startsWith("- We do not sell"))!;
    expect(sentence).toMatch(/in California and at your request/);
    expect(sentence).toMatch(/in California and when required by law/);
  });
});

describe("data the policy only promises not to share", () => {
  it("is not listed as collected, nor as kept without a period, nor as collected for nothing", () => {
    const text =
      'import "std/taxonomy"\npolicy p "P" { controller "Acme" { email "a@b.example" }  jurisdictions EU }\n' +
      'purpose services "Services" { basis contract  uses contact }\nretention r { applies_to contact  period 1 year }\n' +
      'deny share health with anyone as no_health "We never share health data."\n';
    const r = compileText(text);
    expect(r.diagnostics.map((d) => d.code)).not.toContain("PC3002");
    const md = markdown(r.model!, { languages: ["en"] });
    expect(md).toContain("We do not share “Health data” with anyone.");
    expect(md.match(/Health data/g)).toHaveLength(1);
    // a category the policy declares itself is its statement that it collects it
    const own = compileText(text.replace("deny share health", 'category health.mine "Mine" { class sensitive }\ndeny share health'));
    expect(own.diagnostics.map((d) => d.code)).toContain("PC3002");
  });
});

describe("transfers to other countries (GDPR Art. 13(1)(f))", () => {
  const policy = (jurisdictions: string, rules: string) =>
    documents(
      `policy p "P" @de "P" { controller "Acme" { email "a@b.example" }  jurisdictions ${jurisdictions}  languages en, de }\n` +
        'category c "C" @de "C" { class personal }\nrecipient host "Host" @de "Host" { type processor }\n' +
        'purpose a "A" @de "A" { basis contract  uses c }\nallow share c with host for a as hosting\n' +
        rules,
    );
  const en = "This policy does not say whether your information is transferred to other countries.";
  const de = "Diese Erklärung sagt nicht, ob Ihre Daten in andere Länder übermittelt werden.";

  it("says that a policy under the GDPR is silent about them, in the sharing section", () => {
    const docs = policy("EU", "");
    expect(sectionOf(docs["en"]!, "Who we share your information with")).toContain(en);
    expect(sectionOf(docs["de"]!, "An wen wir Ihre Daten weitergeben")).toContain(de);
  });

  it("says nothing of the kind once the policy denies them, or outside the GDPR", () => {
    const denied = policy("EU", 'deny transfer personal to anyone as eu_only "We keep your data in the EU." @de "Ihre Daten bleiben in der EU."\n');
    expect(denied["en"]).not.toContain(en);
    expect(denied["de"]).not.toContain(de);
    expect(denied["en"]).toContain("We keep your data in the EU.");
    expect(policy("US-CA", "")["en"]).not.toContain(en);
  });
});
