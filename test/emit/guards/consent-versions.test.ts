/**
 * `accepts_consent_from`: a version that accepts the consent records of an earlier one. The
 * checker proves that it allows no more under them (PC3026, PC3027); these tests hold the proof
 * to the reference evaluator, and the generated guards and consent schema to the reference.
 *
 * Soundness, on random pairs of versions (an earlier random policy, and the same policy with
 * some rules dropped and others added): whenever the checker accepts, every request the new
 * guards allow under a record of the earlier version is allowed by the earlier version under that
 * record, or by the new one under a stale record (whatever the consents) or with no record.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../../src/program.js";
import { nodeHost } from "../../../src/semantics/loader.js";
import { guardsFiles } from "../../../src/emit/guards/index.js";
import { consentValidator, referenceDecision } from "../../../src/emit/guards/facts.js";
import { allRequests } from "../../../src/semantics/evaluate.js";
import { buildDecisionTable } from "../../../src/semantics/table.js";
import { compare, type Arbitraries, type Stats } from "./agreement.js";
import { importFile, REPO, scratch, writeFiles, type Compiled, type GuardsModule } from "./helpers.js";
import { policyTextArb, printRule, ruleArb } from "./random-policy.js";

let counter = 0;
async function load(c: Compiled): Promise<{ guards: GuardsModule & { ACCEPTED_CONSENT_HASHES: readonly string[]; consentRecordStatus(x: unknown): string }; arbs: Arbitraries }> {
  const dir = scratch(`versions${counter++}`);
  writeFiles(dir, guardsFiles(c.model, [], c.table));
  return { guards: await importFile(`${dir}/guards.js`), arbs: await importFile<Arbitraries>(`${dir}/arbitraries.ts`) };
}

/** Compiles `now` (which names `v1.policy`) with `then` as that file, in memory. */
function versions(then: string, now: string) {
  const files = new Map([["/virtual-versions/v1.policy", then]]);
  return compile("/virtual-versions/v2.policy", { cwd: "/virtual-versions", rootText: now, host: { readFile: (p) => files.get(p) } });
}

const STALE_HASH = "sha256:" + "0".repeat(64);

describe("accepts_consent_from", () => {
  it("a narrowing version accepts the earlier records: the guards read them as current, and only with the earlier choices", async () => {
    const then = compile("test/fixtures/checker/PC3026/v1.policy", { cwd: REPO });
    const now = compile("test/fixtures/checker/PC3026/clean.policy", { cwd: REPO });
    expect(now.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const model = now.model!;
    expect(model.header.acceptsConsentFrom.map((a) => [a.path, a.consentHash])).toEqual([["v1.policy", then.model!.consentHash]]);
    expect(model.consentHash).not.toBe(then.model!.consentHash);
    // the earlier version is a dependency: a watcher rebuilds when it changes
    expect(now.paths.some((p) => p.endsWith("PC3026/v1.policy"))).toBe(true);

    const { guards } = await load({ model, table: now.table()! });
    expect(guards.ACCEPTED_CONSENT_HASHES).toEqual([then.model!.consentHash]);
    const record = (hash: string, purposes: Record<string, unknown>) => ({
      policy: "shop",
      consentHash: hash,
      subject: "u1",
      createdAt: "2025-01-01T00:00:00Z",
      updatedAt: "2025-01-01T00:00:00Z",
      purposes,
    });
    const granted = { status: "granted", at: "2025-01-01T00:00:00Z", method: "web_form" };
    const old = record(then.model!.consentHash, { ads: granted });
    const ctx = { record: old, jurisdiction: "DE" };
    expect(guards.consentRecordStatus(old)).toBe("current");
    expect(guards.decide("share", "contact.email", "ads", "partners", ctx).allowed).toBe(true);
    // the new purpose: no earlier record consents to it
    expect(guards.decide("share", "device.id", "ads_devices", "partners", ctx).allowed).toBe(false);
    // an earlier record that holds a choice its version never offered is malformed, in the guards and the schema
    const forged = record(then.model!.consentHash, { ads: granted, ads_devices: granted });
    expect(guards.consentRecordStatus(forged)).toBe("malformed");
    expect(consentValidator(model)(forged)).toBe(false);
    expect(consentValidator(model)(old)).toBe(true);
    expect(guards.decide("share", "contact.email", "ads", "partners", { record: forged }).allowed).toBe(false);
    // the same choices under this version's own hash are fine; another hash is stale
    expect(guards.consentRecordStatus(record(model.consentHash, { ads: granted, ads_devices: granted }))).toBe("current");
    expect(guards.consentRecordStatus(record(STALE_HASH, { ads: granted }))).toBe("stale");
  });

  it("the proof holds on random pairs of versions, and the guards agree with the reference under earlier records", async () => {
    const stats: Stats = { checked: 0, attributionDiffers: 0, examples: [] };
    let accepted = 0;
    let refused = 0;
    const pairArb = fc.record({
      text: policyTextArb,
      // mostly small changes: a rule or two dropped, sometimes one added
      drop: fc.array(fc.integer({ min: 0, max: 3 }).map((x) => x === 0), { minLength: 6, maxLength: 6 }),
      added: fc.option(ruleArb, { nil: null, freq: 2 }).map((r) => (r === null ? [] : [r])),
      seed: fc.integer(),
    });
    await fc.assert(
      fc.asyncProperty(pairArb, async ({ text, drop, added, seed }) => {
        const lines = text.trimEnd().split("\n");
        const firstRule = lines.findIndex((l) => l.startsWith("retention")) + 1;
        const rules = lines.slice(firstRule).filter((_, i) => !drop[i]);
        const now = [
          ...lines.slice(0, firstRule).map((l) => (l.startsWith("policy random") ? l.replace(/ }$/, '  accepts_consent_from "v1.policy" }') : l)),
          ...rules,
          ...added.map((r) => printRule(r, true)),
        ].join("\n") + "\n";
        const r = versions(text, now);
        const errors = r.diagnostics.filter((d) => d.severity === "error");
        if (!r.model || errors.some((d) => d.code !== "PC3026" && d.code !== "PC3027")) return; // a random policy that does not compile
        if (errors.length > 0) {
          refused++;
          return;
        }
        const then = versions(text, text).model!;
        if (then.consentHash !== r.model.consentHash) accepted++; // else the records are current anyway
        const c: Compiled = { model: r.model, table: buildDecisionTable(r.model) };
        const earlier: Compiled = { model: then, table: buildDecisionTable(then) };
        const { guards } = await load(c);
        const { arbs: earlierArbs } = await load(earlier);
        // contexts with records of the earlier version
        const contexts = fc.sample(earlierArbs.contextArb, { numRuns: 12, seed });
        const requests = [...allRequests(c.model)];
        // the guards read earlier records as the reference does
        expect(compare(c, guards, requests, contexts, stats).slice(0, 5), now).toEqual([]);
        // and allow nothing the earlier version did not, but what any record allows
        for (const ctx of contexts) {
          const record = (ctx as { record?: Record<string, unknown> | null }).record;
          if (!record) continue;
          for (const req of requests) {
            if (!guards.decide(req.action, req.category, req.purpose, req.recipient, ctx).allowed) continue;
            if (referenceDecision(then, req, ctx).allowed) continue;
            const stale = referenceDecision(c.model, req, { ...(ctx as object), record: { ...record, consentHash: STALE_HASH } });
            const none = referenceDecision(c.model, req, { ...(ctx as object), record: null });
            expect(stale.allowed || none.allowed, `${JSON.stringify(req)} under ${JSON.stringify(ctx)}\n--- v1\n${text}--- v2\n${now}`).toBe(true);
          }
        }
      }),
      { numRuns: 150, seed: 11 },
    );
    // both outcomes happen, so the property is not vacuous
    expect(accepted).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(2);
    expect(stats.checked).toBeGreaterThan(accepted * 50);
  }, 120_000);

  it("proves this version against the versions an earlier one accepts in turn, whose records reach its guards too", () => {
    const head = (extra: string) =>
      `import "std/taxonomy"\npolicy shop "Shop" { controller "Acme" { email "privacy@acme.example" } jurisdictions EU${extra} }\n` +
      `purpose research "Research" { basis consent  consent opt_in  uses contact.email  withdraw "Settings." }\nrecipient lab "Lab" { type processor  safeguards "Contract." }\n` +
      `retention keep "All" { applies_to contact.email  period 1 year }\n`;
    // sharing with the lab: v1 needed explicit consent; v2 needs none (a change no consent record has a say in); v3 needs a plain consent
    const files = new Map([
      ["/virtual-chain/v1.policy", head("") + "allow share contact.email with lab for research when explicit_consent\n"],
      ["/virtual-chain/v2.policy", head(' accepts_consent_from "v1.policy"') + "allow share contact.email with lab for research\n"],
    ]);
    const v3 = head(' accepts_consent_from "v2.policy"') + "allow share contact.email with lab for research when consent\n";
    const host = { readFile: (p: string) => files.get(p) ?? nodeHost.readFile(p) };
    const v2 = compile("/virtual-chain/v2.policy", { cwd: "/virtual-chain", host });
    expect(v2.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const r = compile("/virtual-chain/v3.policy", { cwd: "/virtual-chain", rootText: v3, host });
    // against v2 it narrows; but a v1 record with a plain consent would now be enough, where v1 asked for an explicit one
    expect(r.model!.header.acceptsConsentFrom.map((a) => a.path)).toEqual(["v2.policy", "v1.policy"]);
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([
      "PC3026 the consent records of `v1.policy` (accepted by `v2.policy`) cannot be accepted: this version allows `share` `contact.email` for `research` with `lab`, for a record with consent to `research` (no place given), which that version did not allow",
    ]);
  });

  describe("holes a reviewer found, each closed", () => {
    const head = (extra: string) =>
      `import "std/taxonomy"\npolicy shop "Shop" { controller "Acme" { email "privacy@acme.example" } jurisdictions EU${extra} }\npurpose services "Services" { basis contract  uses contact }\n`;
    const errors = (then: string, now: string, config: { severities?: Record<string, "off" | "warning"> } = {}) => {
      const files = new Map([["/virtual-holes/v1.policy", head("") + then]]);
      const r = compile("/virtual-holes/v2.policy", {
        cwd: "/virtual-holes",
        rootText: head(' accepts_consent_from "v1.policy"') + now,
        host: { readFile: (p) => files.get(p) ?? nodeHost.readFile(p) },
        ...(config.severities ? { severities: config.severities } : {}),
      });
      return r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
    };
    const retention = 'retention keep "All" { applies_to contact, device, health  period 1 year }\n';

    it("an explicit choice on a notice purpose", () => {
      const research = (uses: string) => `purpose research "Research" { basis explicit_consent  consent notice  uses ${uses}  withdraw "Settings." }\n${retention}`;
      // (PC3037, the notice mode of a consent basis, is reported of this version; of the earlier,
      // published one it is not what acceptance asks)
      expect(errors(research("contact.email"), research("contact.email, health")).filter((e) => !e.startsWith("PC3037"))).toEqual([
        "PC3026 the consent records of `v1.policy` cannot be accepted: this version allows `collect` `health` for `research`, for a record with consent to `research`, given explicitly (no place given), which that version did not allow (and 1 more request)",
      ]);
    });

    it("a consent-gated tracker that reaches further, and an opt-out the earlier version offered", () => {
      const ads = `purpose ads "Ads" { basis consent  consent opt_in  uses contact.email, device  withdraw "Settings." }\nrecipient partners "Partners" { type advertiser  safeguards "Contracts." }\nrecipient brokers "Brokers" { type advertiser  safeguards "Contracts." }\n${retention}`;
      const pixel = (providers: string, collects: string) => `tracker pixel "Pixel" { type pixel  providers ${providers}  collects ${collects}  purposes ads  gate consent }\n`;
      expect(errors(ads + pixel("partners", "device.id"), ads + pixel("partners, brokers", "device, contact"))).toEqual([
        "PC3027 the consent records of `v1.policy` cannot be accepted: the consent-gated tracker `pixel` now reaches further (the provider `brokers`, collecting `contact`, `device.imei`, `device.model`, `device.os`): a consent given to the earlier version did not cover that",
      ]);
      expect(errors(ads, ads + pixel("partners", "device.id"))).toEqual([
        "PC3027 the consent records of `v1.policy` cannot be accepted: the consent-gated tracker `pixel` is new: a consent given to the earlier version did not cover it",
      ]);
      const recs = `purpose recs "Recommendations" { basis contract  consent opt_out  marketing yes  profiling yes  uses contact.email  opt_out "Settings." }\n${retention}`;
      expect(errors(recs, retention)).toEqual([
        "PC3027 the consent records of `v1.policy` cannot be accepted: its records may hold the interest-based advertising opt-out, which this version does not offer, so the guards would refuse them as malformed",
      ]);
    });

    it("a new consent-gated share is no widening for an opt-out purpose (allowed with no record), but is for an opt-in one", () => {
      // the same verdict for both cells: for the opt-out purpose a person with no record is allowed anyway,
      // for the opt-in one the share is new and rests on a consent the earlier records never gave
      const purposes =
        `purpose stats "Stats" { basis explicit_consent  consent opt_out  uses contact.email  opt_out "Settings."  withdraw "Settings." }\n` +
        `purpose ads "Ads" { basis consent  consent opt_in  uses contact.email  withdraw "Settings." }\nrecipient partners "Partners" { type advertiser  safeguards "Contracts." }\n${retention}`;
      expect(errors(purposes, purposes + "allow share contact.email with partners for stats, ads when consent\n").map((e) => e.slice(0, 6))).toEqual(["PC3026"]);
      expect(errors(purposes, purposes + "allow share contact.email with partners for stats when consent\n")).toEqual([]);
    });

    it("no suppression or severity setting lowers a failed proof", () => {
      const ads = `purpose ads "Ads" { basis consent  consent opt_in  uses contact.email, device  withdraw "Settings." }\nrecipient partners "Partners" { type advertiser  safeguards "Contracts." }\n${retention}`;
      const wider = ads + "allow share contact.email, device with partners for ads when consent\n";
      const then = ads + "allow share contact.email with partners for ads when consent\n";
      expect(errors(then, wider, { severities: { PC3026: "off" } }).map((e) => e.slice(0, 6))).toEqual(["PC3026"]);
      const suppressed = errors(then, wider.replace("allow share", "// policyc-ignore PC3026: we know\nallow share"));
      expect(suppressed.map((e) => e.slice(0, 6))).toEqual(["PC3026"]);
    });
  });

  it("compiles each earlier version once, however many later ones accept it", () => {
    // v0..v18, each accepting every one before it: 2^18 paths to v0, once compiled along each
    const files = new Map<string, string>();
    const reads = new Map<string, number>();
    for (let i = 0; i < 19; i++) {
      const names = Array.from({ length: i }, (_, j) => `"v${j}.policy"`).join(", ");
      files.set(`/virtual-chain/v${i}.policy`, `policy p "P" { controller "Acme" { email "a@b.example" }  version "${i}"${i > 0 ? `  accepts_consent_from ${names}` : ""} }\n`);
    }
    const readFile = (p: string) => (reads.set(p, (reads.get(p) ?? 0) + 1), files.get(p));
    const r = compile("/virtual-chain/v18.policy", { cwd: "/virtual-chain", host: { readFile } });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.earlierVersions.map((e) => e.abs).sort()).toEqual(Array.from({ length: 18 }, (_, j) => `/virtual-chain/v${j}.policy`).sort());
    expect(Math.max(...reads.values())).toBe(1);
  });

  it("refuses an earlier version that cannot be used, and a cycle", () => {
    const base = (extra: string) => `policy random "Random" { controller "Acme" { email "a@b.example" }${extra} }\n`;
    const missing = versions(base(""), base(' accepts_consent_from "v0.policy"'));
    expect(missing.diagnostics.map((d) => `${d.code} ${d.message}`)).toContain("PC2023 cannot accept the consent records of `v0.policy`: there is no such file (looked for `v0.policy`)");
    const other = versions(base("").replace("policy random", "policy other"), base(' accepts_consent_from "v1.policy"'));
    expect(other.diagnostics.map((d) => d.message)).toContain("cannot accept the consent records of `v1.policy`: it is the policy `other`, not `random`");
    const cycle = versions(base(' accepts_consent_from "v2.policy"'), base(' accepts_consent_from "v1.policy"'));
    // v1 names v2, which is being compiled: the cycle is reported where v1 names it
    expect(cycle.diagnostics.some((d) => d.code === "PC2023")).toBe(true);
    // a file that is no policy file is not read: an error in it would show its text
    const secret = versions(base(""), base(' accepts_consent_from "/etc/passwd"'));
    expect(secret.diagnostics.map((d) => d.message)).toContain("cannot accept the consent records of `/etc/passwd`: it is not a `.policy` file");
    const self = versions(base(""), base(' accepts_consent_from "v2.policy"'));
    expect(self.diagnostics.map((d) => d.message)).toContain("cannot accept the consent records of `v2.policy`: it is this file");
  });
});
