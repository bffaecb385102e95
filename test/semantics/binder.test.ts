import { describe, expect, it } from "vitest";
import { codes, compileText, HEADER } from "../helpers.js";

describe("binder", () => {
  it("reports an unknown name with a did-you-mean and its span", () => {
    const text = HEADER + `category contact "Contact"\ncategory contact.email "Email"\npurpose support "Support" { basis contract uses contact.emial }\n`;
    const r = compileText(text);
    const d = r.diagnostics.find((x) => x.code === "PC2001")!;
    expect(d.message).toBe("unknown category `contact.emial`");
    expect(d.help).toBe("did you mean `contact.email`?");
    expect(text.slice(d.span!.start, d.span!.end)).toBe("contact.emial");
  });

  it("rejects `__proto__` as a record key (purpose, recipient, channel), once each, with no follow-on error", () => {
    const text =
      HEADER +
      `category c "C"\npurpose __proto__ "X" { basis consent  consent opt_out  uses c  opt_out "x" }\n` +
      `purpose news "N" { basis consent  uses c  channels email, __proto__, toString  withdraw "x" }\n` +
      `recipient __proto__ "R"\nrecipient constructor "R2"\ncategory toString "T"\nallow share c with __proto__, constructor for news\n`;
    const r = compileText(text);
    const found = r.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, text.slice(d.span!.start, d.span!.end)]);
    expect(found).toEqual([
      ["PC2009", "__proto__"], // the purpose
      ["PC2009", "__proto__"], // the channel
      ["PC2009", "__proto__"], // the recipient; toString and constructor are ids like any other
    ]);
    expect(r.diagnostics.find((d) => d.code === "PC2009")!.help).toContain("keys of consent records");
    expect(r.table()).toBeUndefined(); // nothing is emitted from it
  });

  it("an unknown name is one error: no 'covers nothing' warning echoes it", () => {
    const text =
      HEADER +
      `category c "C"\nrecipient sp "SP"\npurpose u "U" { basis contract  uses c }\n` +
      `allow share cc with sp\nallow share c with spp\nassert never sell cc to anyone\nallow share c with sp for nothing_here\n`;
    expect(codes(compileText(text))).toEqual(["PC2001", "PC2001", "PC2001", "PC2001"]);
    // a statement whose known names expand to nothing still gets it
    expect(codes(compileText(HEADER + `category c "C"\nallow share c with anyone\n`))).toContain("PC2016");
  });

  it("names the declarations of a kind that has few, when no spelling is close", () => {
    const help = (decls: string) =>
      compileText(HEADER + 'category x "X" { class personal }\n' + decls + 'purpose q "Q" { basis contract  uses x  excludes children }\n').diagnostics.find(
        (d) => d.code === "PC2001",
      )?.help;
    expect(help('audience kids "Kids" { age_under 13 }\n')).toBe("the only audience declared is `kids`");
    expect(help('audience kids "Kids"\naudience teens "Teens"\n')).toBe("the audiences declared are `kids` and `teens`");
    expect(help("")).toBe('no audience is declared: declare one (`audience children "..."`)');
    // a close spelling still wins
    expect(help('audience childern "Children"\n')).toBe("did you mean `childern`?");
  });

  it("suggests a dotted name by its last part, and a standard library module by its name", () => {
    const r = compileText(HEADER + `import "std/taxonomy"\npurpose p "P" { basis contract  uses email }\n`);
    expect(r.diagnostics.find((d) => d.code === "PC2001")!.help).toBe("did you mean `contact.email`?");
    const ambiguous = compileText(HEADER + `category work "W"\ncategory work.phone "P"\ncategory home "H"\ncategory home.phone "P"\npurpose p "P" { basis contract  uses phone }\n`);
    expect(ambiguous.diagnostics.find((d) => d.code === "PC2001")!.help).toBe("did you mean `home.phone` or `work.phone`?");
    const std = compileText(HEADER + `import "std/taxnomy"\n`);
    expect(std.diagnostics.find((d) => d.code === "PC2006")!.help).toBe("did you mean `std/taxonomy`?");
  });

  it("a misspelt jurisdiction: PC2020 for one that is not a code, PC2018 for near misses, PC2013 at every undeclared condition", () => {
    const header = (j: string) => `policy test "Test" { controller "Acme" { email "privacy@acme.example" }  jurisdictions ${j} }\n`;
    const found = (text: string) =>
      compileText(text).diagnostics.filter((d) => d.code === "PC2018" || d.code === "PC2013" || d.code === "PC2020").map((d) => [d.code, d.help]);
    expect(found(header("eu, us_ca, EUU"))).toEqual([
      ["PC2020", "write `EU`"],
      ["PC2020", "write `US-CA`"],
      ["PC2018", "did you mean `EU`?"],
    ]);
    // real places
    expect(found(header("US, ES, EE, US-CO, BR"))).toEqual([]);
    const rules = `category c "C" { class personal }\nrecipient r "R"\npurpose p "P" { basis consent { BR explicit_consent }  uses c  withdraw "x" }\n` +
      `allow share c with r for p when in JP\nallow share c with r for p when in JP, consent\nallow share c with r for p when in BR, consent\nallow share c with r for p when in uk\n`;
    expect(found(header("EU, UK") + rules)).toEqual([
      ["PC2013", "add it to `jurisdictions` in the `policy` declaration"],
      ["PC2013", "add it to `jurisdictions` in the `policy` declaration"],
      ["PC2013", "add it to `jurisdictions` in the `policy` declaration"],
      ["PC2020", "write `UK`"],
    ]);
  });

  it("a condition on a place within a declared jurisdiction, or one a declared place lies in, is covered (no PC2013)", () => {
    const header = (j: string) => `policy test "Test" { controller "Acme" { email "privacy@acme.example" }  jurisdictions ${j} }\n`;
    const rules = `category c "C" { class personal }\nrecipient r "R"\npurpose p "P" { basis contract  uses c }\n` +
      `allow share c with r for p when in DE\nallow share c with r for p when in EEA\nallow share c with r for p when in US\n`;
    const undeclared = (j: string) => compileText(header(j) + rules).diagnostics.filter((d) => d.code === "PC2013").map((d) => d.message);
    // an EU policy covers Germany and says nothing of the US; the EEA holds the EU
    expect(undeclared("EU")).toEqual(["jurisdiction `US` is not declared in the policy header"]);
    // a policy for Bavaria covers Germany and the EEA it lies in
    expect(undeclared("DE-BY")).toEqual(["jurisdiction `US` is not declared in the policy header"]);
    expect(undeclared("US-CA")).toEqual([
      "jurisdiction `DE` is not declared in the policy header",
      "jurisdiction `EEA` is not declared in the policy header",
    ]);
  });

  it("a policy for a member state, or a place within the EEA or the UK, gets the GDPR's checks and rights", () => {
    const header = (j: string) => `policy test "Test" { controller "Acme" { email "privacy@acme.example" }  jurisdictions ${j} }\n`;
    const body = `category c "C" { class personal }\npurpose p "P" { basis contract  uses c }\n`;
    const gdpr = (j: string) => {
      const r = compileText(header(j) + body);
      return { checked: r.diagnostics.some((d) => d.code === "PC4007"), rights: r.model!.rights.filter((x) => x.derived).map((x) => `${x.id}@${x.jurisdiction}`) };
    };
    for (const j of ["EU", "DE", "DE-BY", "NO", "GB", "UK"]) {
      expect(gdpr(j).checked, j).toBe(true);
      expect(gdpr(j).rights, j).toContain(`gdpr.access@${j}`);
    }
    for (const j of ["US", "CH", "BR"]) expect(gdpr(j), j).toEqual({ checked: false, rights: [] });
    expect(gdpr("US-CA").rights).toContain("ccpa.know@US-CA");
  });

  it("reports a reference to the wrong kind of declaration", () => {
    const r = compileText(HEADER + `purpose support "Support" { basis contract }\npurpose other "Other" { basis contract uses support }\n`);
    const d = r.diagnostics.find((x) => x.code === "PC2002")!;
    expect(d.message).toBe("`support` is a purpose, but `uses` expects a category");
  });

  it("reports duplicates in one file, pointing at the first declaration", () => {
    const text = HEADER + `category contact "A"\ncategory contact "B"\n`;
    const r = compileText(text);
    const d = r.diagnostics.find((x) => x.code === "PC2003")!;
    expect(d.related[0]!.message).toBe("first declared here");
    expect(d.related[0]!.span.start).toBeLessThan(d.span!.start);
  });

  it("lets an importing file refine an imported declaration", () => {
    const r = compileText(
      HEADER + `import "std/taxonomy"\ncategory contact "Contact details" { provision contractual }\npurpose p "P" { basis contract uses contact.email }\n`,
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const contact = r.model!.categories.find((c) => c.id === "contact")!;
    expect(contact.provision).toBe("contractual");
    expect(contact.classification).toBe("personal"); // kept from std/taxonomy
  });

  it("prunes imported declarations that nothing refers to", () => {
    const r = compileText(HEADER + `import "std/taxonomy"\npurpose p "P" { basis contract uses contact.email }\n`);
    const ids = r.model!.categories.map((c) => c.id);
    expect(ids).toEqual(["contact", "contact.email"]);
    expect(r.model!.recipients).toEqual([]);
  });

  it("a standard-library parent named only to cover data (retention, a deny) brings in none of its other leaves", () => {
    const ids = (text: string) => compileText(HEADER + `import "std/taxonomy"\n` + text).model!.categories.map((c) => c.id);
    const uses = `purpose p "P" { basis contract  uses contact.email }\n`;
    // `applies_to contact` covers the email the purpose uses; it says nothing of names or phones
    const covered = compileText(HEADER + `import "std/taxonomy"\n` + uses + `retention r { applies_to contact  period 30 days  end delete }\n`);
    expect(covered.model!.categories.map((c) => c.id)).toEqual(["contact", "contact.email"]);
    expect(codes(covered)).not.toContain("PC3002");
    expect(ids(uses + `recipient x "X"\ndeny share contact with x\n`)).toEqual(["contact", "contact.email"]);
    // a purpose that uses the parent, an allow that collects it, or a leaf named anywhere: kept
    expect(ids(`purpose p "P" { basis contract  uses contact }\n`)).toContain("contact.phone");
    expect(ids(uses + `allow collect contact for p\n`)).toContain("contact.phone");
    // an exception that allows collecting its rule's data collects it
    expect(ids(uses + `deny collect contact except allow for p when consent\n`)).toContain("contact.phone");
    expect(ids(uses + `retention r { applies_to contact, contact.phone  period 30 days }\n`)).toEqual(["contact", "contact.email", "contact.phone"]);
    // a parent none of whose leaves is collected keeps them all: it stays a parent, not a leaf
    const all = compileText(HEADER + `import "std/taxonomy"\n` + uses + `retention r { applies_to demographic  period 30 days }\n`);
    expect(all.model!.categories.map((c) => c.id)).toContain("demographic.age");
    // and each is reported where the policy names its parent, a line the user can edit
    const unused = all.diagnostics.filter((d) => d.code === "PC3002");
    expect(unused.length).toBeGreaterThan(0);
    for (const d of unused) expect(d.span!.file.startsWith("std/"), d.message).toBe(false);
  });

  it("reports a missing parent declaration", () => {
    expect(codes(compileText(HEADER + `category web.ip "IP"\n`))).toContain("PC2004");
  });

  it("reports import cycles and missing files on the import", () => {
    const files = { "a.policy": `import "./main"\n`, "main.policy": "" };
    const r = compileText(HEADER + `import "./a"\nimport "./missing"\n`, files);
    expect(codes(r)).toContain("PC2005");
    expect(codes(r)).toContain("PC2006");
  });

  it("requires a policy header", () => {
    expect(codes(compileText(`category c "C"\n`))).toContain("PC2007");
  });

  it("expands hierarchies: a rule on a parent covers its children", () => {
    const r = compileText(
      HEADER +
        `category contact "C" { class personal }\ncategory contact.email "E"\ncategory contact.phone "P"\nrecipient partners "Partners"\npurpose p "P" { basis contract uses contact }\ndeny share contact with partners\n`,
    );
    const deny = r.model!.rules.find((x) => x.origin === "rule")!;
    expect(deny.categories).toEqual(["contact.email", "contact.phone"]);
  });

  it("rejects exceptions of the same polarity and exceptions outside their rule", () => {
    const r = compileText(
      HEADER +
        `category a "A"\ncategory b "B"\nrecipient r "R"\npurpose p "P" { basis contract uses a, b }\ndeny share a with r except deny when minor\ndeny share a with r except allow share b\n`,
    );
    expect(codes(r)).toContain("PC2010");
    expect(codes(r)).toContain("PC2011");
  });
});
