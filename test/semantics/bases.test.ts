/**
 * Several legal bases for one purpose (`basis legal_obligation, legitimate_interests`): how they
 * are read, what they grant, what the checks and `diff` make of them. The wording is in
 * test/emit/document/wording.test.ts, the layout in the formatter's fixtures.
 */
import { describe, expect, it } from "vitest";
import { diffModels } from "../../src/diff/compare.js";
import { planConsent } from "../../src/emit/guards/plan.js";
import { formatText } from "../../src/format/format.js";
import { contentHash } from "../../src/model/hash.js";
import type { Purpose } from "../../src/model/types.js";
import { codes, compileText, HEADER } from "../helpers.js";

const CAT = 'category c "C" { class personal }\n';
const EU = 'policy test "Test" { controller "Acme" { email "privacy@acme.example" }  jurisdictions EU }\n';

function purpose(body: string, extra = ""): { r: ReturnType<typeof compileText>; p: Purpose } {
  const r = compileText(HEADER + CAT + extra + `purpose p "P" { ${body} }\n`);
  const p = r.model?.purposes.find((x) => x.id === "p");
  if (!p) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join("; "));
  return { r, p };
}

const conditions = (r: ReturnType<typeof compileText>, id: string) =>
  r.model!.rules.find((x) => x.id === id)?.conditions.map((l) => `${l.negated ? "not " : ""}${l.atom}`);

describe("a list of bases", () => {
  it("is read in the order written, each basis once, and in each jurisdiction's variant too", () => {
    const { r, p } = purpose("basis legitimate_interests, legal_obligation, legitimate_interests { EU contract, public_task }  interest \"x\"  uses c");
    expect(codes(r).filter((x) => x.startsWith("PC1") || x.startsWith("PC2"))).toEqual([]);
    expect(p.bases).toEqual(["legitimate_interests", "legal_obligation"]);
    expect(p.basisIn).toEqual([{ jurisdiction: "EU", bases: ["contract", "public_task"] }]);
    expect(p.needsConsent).toBe(false);
  });

  it("refuses a consent basis beside another (PC1030), pointing at both", () => {
    for (const [body, basis, other] of [
      ["basis consent, contract", "consent", "contract"],
      ["basis legal_obligation, explicit_consent", "explicit_consent", "legal_obligation"],
      ["basis contract { EU consent_or_no_objection, legitimate_interests }", "consent_or_no_objection", "legitimate_interests"],
    ] as const) {
      const r = compileText(HEADER + CAT + `purpose p "P" { ${body}  uses c }\n`);
      const d = r.diagnostics.find((x) => x.code === "PC1030");
      expect(d?.message, body).toBe(`\`${basis}\` cannot be listed with another legal basis (\`${other}\`)`);
      expect(d?.severity).toBe("error");
      const text = HEADER + CAT + `purpose p "P" { ${body}  uses c }\n`;
      expect(text.slice(d!.span!.start, d!.span!.end)).toBe(basis);
      expect(d!.related?.map((x) => text.slice(x.span.start, x.span.end))).toEqual([other]);
    }
  });

  it("asks to keep one of two consent bases rather than to split the purpose", () => {
    const r = compileText(HEADER + CAT + 'purpose p "P" { basis consent, explicit_consent  uses c }\n');
    expect(r.diagnostics.find((x) => x.code === "PC1030")?.help).toBe("keep the one that applies: `consent` or `explicit_consent`");
  });

  it("keeps a repeated basis in the source, as other lists do, and counts it once", () => {
    const text = HEADER + CAT + 'purpose p "P" { basis contract, contract  uses c }\n';
    const formatted = formatText(text);
    expect(formatted.ok && formatted.text).toContain("basis contract, contract");
    expect(compileText(text).model!.purposes.find((x) => x.id === "p")!.bases).toEqual(["contract"]);
  });

  it("suggests the basis meant for a misspelt one in the list", () => {
    const r = compileText(HEADER + CAT + 'purpose p "P" { basis contract, legal_obligaton  uses c }\n');
    const d = r.diagnostics.find((x) => x.code === "PC1015");
    expect(d?.help).toBe("did you mean `legal_obligation`?");
  });
});

describe("what several bases grant", () => {
  it("the same as each alone: nothing to ask for, or the person's choice where the purpose offers one", () => {
    const notice = purpose("basis contract, legal_obligation  uses c");
    expect(conditions(notice.r, "purpose:p:use")).toEqual([]);
    const optOut = purpose('basis legal_obligation, legitimate_interests  interest "x"  consent opt_out  opt_out "o"  uses c');
    expect(conditions(optOut.r, "purpose:p:use")).toEqual(["consent"]);
    const variant = purpose("basis consent { EU contract, legal_obligation }  consent opt_in  withdraw \"w\"  uses c");
    expect(conditions(variant.r, "purpose:p:use@EU")).toEqual(["in:EU", "consent"]);
    expect(conditions(variant.r, "purpose:p:use")).toEqual(["not in:EU", "consent"]);
  });

  it("make a choice of the consent record unless every basis is contract or legal obligation", () => {
    const choices = (basis: string) =>
      planConsent(purpose(`basis ${basis}  interest "x"  consent opt_out  opt_out "o"  uses c`).r.model!).choices.map((x) => x.id);
    expect(choices("contract, legal_obligation")).toEqual([]);
    expect(choices("legal_obligation, legitimate_interests")).toEqual(["p"]);
  });
});

describe("checks over several bases", () => {
  it("want the interest where legitimate interests is any of them (PC4003)", () => {
    const gdpr = (body: string) => codes(compileText(EU + CAT + `purpose p "P" { ${body}  uses c }\n`));
    expect(gdpr("basis legal_obligation, legitimate_interests")).toContain("PC4003");
    expect(gdpr("basis contract { EU legal_obligation, legitimate_interests }")).toContain("PC4003");
    expect(gdpr('basis legal_obligation, legitimate_interests  interest "x"')).not.toContain("PC4003");
    expect(gdpr("basis legal_obligation, contract")).not.toContain("PC4003");
  });

  it("let vital interests excuse special categories only where it is the one basis (PC3006)", () => {
    const h = 'category h "Health" { class sensitive }\n';
    const alone = compileText(HEADER + h + 'purpose p "P" { basis vital_interests  uses h }\n');
    expect(codes(alone)).not.toContain("PC3006");
    const beside = compileText(HEADER + h + 'purpose p "P" { basis vital_interests, contract  uses h }\n');
    expect(codes(beside)).toContain("PC3006");
  });

  it("count as a basis (no PC3020)", () => {
    expect(codes(purpose("basis contract, legal_obligation  uses c").r)).not.toContain("PC3020");
  });
});

describe("diff and hashes", () => {
  const model = (basis: string) => purpose(`basis ${basis}  interest "x"  consent opt_out  opt_out "o"  uses c`).r.model!;

  it("see no change when the same bases are listed in another order", () => {
    const a = model("legal_obligation, legitimate_interests");
    const b = model("legitimate_interests, legal_obligation");
    expect(diffModels(a, b)).toEqual([]);
    expect(b.consentHash).toBe(a.consentHash);
  });

  it("leave the content hash of a purpose with one basis as it was before a list could hold several", () => {
    const { hash, consentHash: _c, ...rest } = model("legal_obligation");
    // the model as earlier compilers wrote it: `basis` a single value
    const before = {
      ...rest,
      purposes: rest.purposes.map(({ bases, basisIn, ...p }) => ({
        ...p,
        basis: bases[0] ?? null,
        basisIn: basisIn.map((v) => ({ jurisdiction: v.jurisdiction, basis: v.bases[0] })),
      })),
    };
    expect(contentHash(before)).toBe(hash);
    expect(model("legal_obligation, legitimate_interests").hash).not.toBe(hash);
  });

  it("report a basis added, and what a consent record covers changed", () => {
    const a = model("legal_obligation");
    const b = model("legal_obligation, legitimate_interests");
    const change = diffModels(a, b).find((c) => c.id === "BASIS_CHANGED");
    expect(change?.summary).toBe("The legal basis for **P** changed from legal obligation to legal obligation and legitimate interests.");
    expect(b.consentHash).not.toBe(a.consentHash);
  });
});
