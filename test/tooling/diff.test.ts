/**
 * `policyc diff`: every change id has a pair of fixtures (test/fixtures/diff/<ID>/) and is found
 * in it, with its class; the Markdown and JSON outputs; `--fail-on`; git revisions.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ChangeId, CHANGE_INFO, type ChangeClass } from "../../src/diff/changes.js";
import { diffModels } from "../../src/diff/compare.js";
import { categoryPhrase } from "../../src/diff/sharing.js";
import { diffPolicies } from "../../src/diff/diff.js";
import { renderMarkdown } from "../../src/diff/render.js";
import { md } from "../../src/diff/compare-text.js";
import { buildDecisionTable } from "../../src/semantics/table.js";
import { compileText } from "../helpers.js";
import { FIXTURES, policyc, project, ROOT, tinyPolicy } from "./helpers.js";

const DIR = join(FIXTURES, "diff");
const rel = (id: string, which: "previous" | "current") => `test/fixtures/diff/${id}/${which}.policy`;

/** The class each fixture's change must have (where it is not the id's usual one, the fixture shows the exception). */
const EXPECTED_CLASS: Partial<Record<ChangeId, ChangeClass>> = {
  CONSENT_MODE_CHANGED: "reconsent", // opt_in to opt_out: loosened
  PURPOSE_USES_ADDED: "reconsent", // a consent-based purpose uses more
  RECIPIENT_ADDED: "reconsent", // it receives data under consent
  TRACKER_ADDED: "reconsent", // gated by consent
  TRACKER_GATE_CHANGED: "reconsent", // consent to opt_out: loosened
  TRACKER_CHANGED: "reconsent", // a consent-gated tracker collects more
  BASIS_CHANGED: "notice", // contract to legitimate interests
  SHARING_WIDENED: "notice", // for a contract purpose
};

describe("every change id", () => {
  it("has a pair of fixtures, and every fixture folder is a change id", () => {
    const folders = readdirSync(DIR).sort();
    expect(folders).toEqual(Object.values(ChangeId).sort());
    for (const id of folders) {
      expect(existsSync(join(DIR, id, "previous.policy")), id).toBe(true);
      expect(existsSync(join(DIR, id, "current.policy")), id).toBe(true);
    }
  });

  for (const id of Object.values(ChangeId)) {
    it(`${id} is reported for its fixtures`, () => {
      const result = diffPolicies(rel(id, "previous"), rel(id, "current"), { cwd: ROOT });
      if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
      const found = result.changes.filter((c) => c.id === id);
      expect(found.length, result.changes.map((c) => c.id).join(", ")).toBeGreaterThan(0);
      expect(found[0]!.class).toBe(EXPECTED_CLASS[id] ?? CHANGE_INFO[id].class);
      expect(found[0]!.summary.length).toBeGreaterThan(10);
    });
  }

  it("an earlier version dropped from accepts_consent_from makes the records stale for the gate", async () => {
    const args = ["diff", rel("ACCEPTED_CONSENT_DROPPED", "previous"), rel("ACCEPTED_CONSENT_DROPPED", "current")];
    const json = JSON.parse((await policyc([...args, "--format", "json"])).stdout) as { consentRecords: string; changes: { id: string; details: { dropped?: { path: string }[] } }[] };
    expect(json.consentRecords).toBe("stale");
    expect(json.changes.find((c) => c.id === "ACCEPTED_CONSENT_DROPPED")?.details.dropped?.map((d) => d.path)).toEqual(["earlier.policy"]);
    expect((await policyc([...args, "--fail-on", "stale-records"])).code).toBe(1);
    // the other way round, nothing is dropped
    const back = JSON.parse((await policyc(["diff", rel("ACCEPTED_CONSENT_DROPPED", "current"), rel("ACCEPTED_CONSENT_DROPPED", "previous"), "--format", "json"])).stdout) as { consentRecords: string; changes: { id: string }[] };
    expect(back.changes.map((c) => c.id)).not.toContain("ACCEPTED_CONSENT_DROPPED");
    expect(back.consentRecords).toBe("current");
  });

  it("reports nothing between a file and itself", () => {
    const result = diffPolicies(rel("LABEL_CHANGED", "previous"), rel("LABEL_CHANGED", "previous"), { cwd: ROOT });
    expect(result.ok && result.changes).toEqual([]);
  });
});

describe("what makes consent records stale", () => {
  const flagship = readFileSync(join(ROOT, "examples/xiaomi.policy"), "utf8");
  const diffTexts = (before: string, after: string) => {
    const dir = project({ "a.policy": before, "b.policy": after });
    const result = diffPolicies("a.policy", "b.policy", { cwd: dir });
    if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
    return result;
  };

  it("moving an audience's age: what the consent of those between the two ages allows changed", () => {
    const after = flagship.replace('audience minors "Minors" @de "Minderjährige" {\n  collect no', 'audience minors "Minors" @de "Minderjährige" {\n  age_under 16\n  collect no');
    expect(after).not.toBe(flagship);
    const r = diffTexts(flagship, after);
    expect(r.after.consentHash).not.toBe(r.before.consentHash);
    expect(r.consentRecords).toBe("stale");
    expect(r.highest).toBe("reconsent");
    const widened = r.changes.find((c) => c.id === "SHARING_WIDENED" && c.class === "reconsent");
    // interest-based advertising is opt-out: its consent holds until the person objects, as the guards read it
    expect(widened?.summary).toMatch(/\(for those aged 16 to 17, unless you object\)\.$/);
  });

  it("not moving a rule, reordering a rule's conditions, a purpose's channels or basis variants", () => {
    const rule = flagship.match(/\nallow share personal with anyone when required_by_law as lawful_disclosure\n(?:  .*\n)*/)![0];
    const moved = flagship.replace(rule, "\n").replace("\n// ---- Cookies", `${rule}\n// ---- Cookies`);
    const swapped = moved.replace("when anonymised, aggregated as aggregate_trends", "when aggregated, anonymised as aggregate_trends");
    expect(swapped).not.toBe(flagship);
    expect(moved).not.toBe(flagship);
    const r = diffTexts(flagship, swapped);
    expect(r.after.hash).not.toBe(r.before.hash); // the published order of the rules did change
    expect(r.after.consentHash).toBe(r.before.consentHash);
    expect(r.changes.filter((c) => c.class === "reconsent")).toEqual([]);
  });

  it("a translation of a name that changes is named with its language and both texts", () => {
    const r = diffTexts(flagship, flagship.replace('@de "Direktwerbung"', '@de "Direktmarketing"'));
    expect(r.changes.map((c) => [c.id, c.summary])).toEqual([["LABEL_CHANGED", "The `de` translation of the name of **Direct marketing** changed."]]);
    expect(r.changes[0]!.details["translations"]).toEqual({ de: { before: "Direktwerbung", after: "Direktmarketing" } });
  });

  it("sharing that only a law allows is not a reason to ask for consent again", () => {
    // Direct marketing no longer excludes minors, nor does the audience rule out marketing to them
    const edited = flagship.replace("  channels email, phone\n  excludes minors\n", "  channels email, phone\n").replace("  collect no\n  marketing no\n", "  collect no\n");
    expect(edited).not.toBe(flagship);
    const r = diffTexts(flagship, edited);
    const widened = r.changes.filter((c) => c.id === "SHARING_WIDENED");
    expect(widened.length).toBeGreaterThan(0);
    for (const c of widened) expect(c.class, c.summary).toBe(/with your consent/.test(c.summary) ? "reconsent" : "notice");
    expect(widened.some((c) => c.class === "notice" && /where the law (requires|permits) it/.test(c.summary))).toBe(true);
    // a new rule that only a law triggers: consent records stay valid; and since the flagship
    // already shares with anyone where the law requires it, the rule restates that: editorial
    const lawOnly = diffTexts(flagship, flagship + "\nallow share contact.email with authorities for marketing.direct when required_by_law as court_orders\n");
    expect(lawOnly.after.consentHash).toBe(lawOnly.before.consentHash);
    expect(lawOnly.highest).toBe("editorial");
    expect(lawOnly.changes.map((c) => [c.id, c.class])).toEqual([["RULE_ADDED", "editorial"]]);
  });

  it("but the order of exceptions, where the first that applies decides", () => {
    const policy = (order: string) =>
      `policy shop "Shop" { controller "Acme" { email "a@b.example" } }\ncategory c "C" { class personal }\nrecipient r "R"\n` +
      `purpose p "P" { basis consent  uses c  withdraw "x" }\nallow share c with r for p when consent as s except {\n${order}}\n`;
    const first = "  deny when minor except allow when at_request\n  deny when minor\n";
    const second = "  deny when minor\n  deny when minor except allow when at_request\n";
    const r = diffTexts(policy(first), policy(second));
    expect(r.after.consentHash).not.toBe(r.before.consentHash);
    expect(r.changes.map((c) => c.class)).toContain("reconsent");
    // the channels of a purpose, and its basis variants, in another order: the same consent
    const channels = (list: string) => `policy shop "Shop" { controller "Acme" { email "a@b.example" }  jurisdictions EU, UK }\ncategory c "C" { class personal }\npurpose p "P" { basis consent { EU explicit_consent  UK explicit_consent }  uses c  channels ${list}  withdraw "x" }\n`;
    const same = diffTexts(channels("email, sms"), channels("sms, email").replace("EU explicit_consent  UK explicit_consent", "UK explicit_consent  EU explicit_consent"));
    expect(same.after.consentHash).toBe(same.before.consentHash);
  });

  it("an audience or an exclusion that no longer keeps minors out of consented sharing makes records stale", () => {
    const policy = (audience: string, excludes: string) =>
      `policy shop "Shop" { controller "Acme" { email "a@b.example" } }\ncategory c "C" { class personal }\nrecipient partners "P"\n` +
      `audience minors "Minors" { age_under 16 ${audience} }\n` +
      `purpose ads "Ads" { basis legitimate_interests  interest "i"  uses c  marketing yes ${excludes} }\n` +
      `allow share c with partners for ads when consent\n`;
    for (const [before, after] of [
      [policy("marketing no", ""), policy("", "")],
      [policy("", "excludes minors"), policy("", "")],
    ] as const) {
      const r = diffTexts(before, after);
      expect(r.changes.some((c) => c.id === "SHARING_WIDENED" && c.class === "reconsent")).toBe(true);
      // the records the diff says are asked again are the ones the guards now refuse
      expect(r.after.consentHash).not.toBe(r.before.consentHash);
    }
    // a marketing purpose the audience's `marketing no` no longer reaches, a deny that goes away
    const base = policy("marketing no", "").replace('allow share c with partners for ads when consent\n', 'allow share c with partners for ads when consent\ndeny share c with partners when minor\n');
    for (const after of [base.replace("  marketing yes", ""), base.replace("deny share c with partners when minor\n", "")]) {
      const r = diffTexts(base, after);
      expect(after).not.toBe(base);
      expect(r.after.consentHash).not.toBe(r.before.consentHash);
    }
    // a policy without audiences or denies is hashed as before they counted: none of these keys
    const plain = diffTexts(policy("", "").replace(/audience minors .*\n/, ""), policy("", "").replace(/audience minors .*\n/, "").replace('"P"', '"Partners"'));
    expect(plain.after.consentHash).toBe(plain.before.consentHash);
  });

  it("never says consent is needed again while the consent hash, which the guards go by, stays the same", () => {
    const before = compileText(flagship).model!;
    const after = compileText(flagship.replace("  channels email, phone\n  excludes minors\n", "  channels email, phone\n").replace("  collect no\n  marketing no\n", "  collect no\n")).model!;
    const tables = { before: buildDecisionTable(before), after: buildDecisionTable(after) };
    expect(diffModels(before, after, tables).some((c) => c.id === "SHARING_WIDENED" && c.class === "reconsent")).toBe(true);
    const same = diffModels(before, { ...after, consentHash: before.consentHash }, tables);
    expect(same.filter((c) => c.class === "reconsent")).toEqual([]);
    expect(same.filter((c) => c.details["consentHashUnchanged"] === true).length).toBeGreaterThan(0);
  });

  it("whenever the consent hash changes, the diff says consent is needed again", () => {
    // profiling on a consent purpose: a notice-level change, but records name the old hash
    const r = diffTexts(flagship, flagship.replace("  excludes minors\n  marketing yes\n", "  excludes minors\n  marketing yes\n  profiling yes\n"));
    expect(r.after.consentHash).not.toBe(r.before.consentHash);
    expect(r.changes.map((c) => [c.id, c.class])).toContainEqual(["CONSENT_RECORDS_STALE", "reconsent"]);
  });

  it("does not call the records stale when the new version accepts them (accepts_consent_from)", async () => {
    const head = (extra: string) => `policy t "T" { controller "A" { email "a@b.example" } jurisdictions EU${extra} }\ncategory e "Email" { class personal }\ncategory d "Device" { class personal }\nrecipient r "R" { needs_consent yes }\npurpose p "P" { basis contract  uses e, d }\n`;
    const before = head("") + "allow share e, d with r for p when recipient_consent\n";
    // a narrowing: the device data is no longer shared
    const after = (extra: string) => head(extra) + "allow share e with r for p when recipient_consent\n";
    const dir = project({ "a.policy": before, "b.policy": after(""), "c.policy": after(' accepts_consent_from "a.policy"') });
    const ids = (to: string) => {
      const result = diffPolicies("a.policy", to, { cwd: dir });
      if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
      return result.changes.map((c) => c.id);
    };
    expect(ids("b.policy")).toContain("CONSENT_RECORDS_STALE");
    expect(ids("c.policy")).not.toContain("CONSENT_RECORDS_STALE");
    expect(ids("c.policy")).toContain("SHARING_NARROWED");
    // what a CI gate reads, and its exit code
    const records = (to: string) => {
      const result = diffPolicies("a.policy", to, { cwd: dir });
      return result.ok ? result.consentRecords : "error";
    };
    expect([records("b.policy"), records("c.policy")]).toEqual(["stale", "current"]);
    expect((await policyc(["diff", "a.policy", "b.policy", "--fail-on", "stale-records"], { cwd: dir })).code).toBe(1);
    expect((await policyc(["diff", "a.policy", "c.policy", "--fail-on", "stale-records"], { cwd: dir })).code).toBe(0);
  });

  it("tells collection and use widened or narrowed by a deny or an audience, once, and an age band in words", () => {
    const ids = (id: string) => {
      const result = diffPolicies(rel(id, "previous"), rel(id, "current"), { cwd: ROOT });
      if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
      return result.changes;
    };
    // a category a purpose starts using is PURPOSE_USES_ADDED, not also a widened use
    expect(ids("PURPOSE_USES_ADDED").map((c) => c.id)).toEqual(["PURPOSE_USES_ADDED"]);
    expect(ids("BASIS_CHANGED").some((c) => c.id.startsWith("USE_"))).toBe(false);
    // an audience that now covers those under 16 (before: under 13)
    const narrowed = ids("AUDIENCE_CHANGED").filter((c) => c.id === "USE_NARROWED").map((c) => c.summary);
    expect(narrowed).toContain("We now collect **Name** for **Chat support** in fewer cases: no longer, for example, for those aged 13 to 15.");
    expect(ids("USE_WIDENED").find((c) => c.id === "USE_WIDENED")?.summary).toBe("We may now use **Name** for **Chat support** (for minors).");
  });

  it("says a change that is the same for several purposes once, naming them, or 'any purpose' for all", () => {
    const head = 'policy p "P" { controller "Acme" { email "a@b.example" } }\ncategory c "C" { class personal }\ncategory d "D" { class personal }\nrecipient r "Authorities" { type authority }\n';
    const purposes = ["a", "b", "e"].map((p) => `purpose ${p} "${p.toUpperCase()}" { basis contract  uses c, d }\n`).join("");
    const changes = (before: string, after: string) => {
      const [x, y] = [compileText(head + purposes + before).model!, compileText(head + purposes + after).model!];
      return diffModels(x, y, { before: buildDecisionTable(x), after: buildDecisionTable(y) });
    };
    // a rule without `for`: one sentence, not one per purpose
    const all = changes("", "allow share c with r when required_by_law\n").filter((c) => c.id === "SHARING_WIDENED");
    expect(all.map((c) => c.summary)).toEqual(["We may now share **C** with **Authorities** for any purpose (where the law requires it)."]);
    expect(all[0]!.details).toMatchObject({ purpose: "a", purposes: ["a", "b", "e"] });
    // two of the three
    const some = changes("", "allow share c with r for a, b when required_by_law\n").filter((c) => c.id === "SHARING_WIDENED");
    expect(some.map((c) => c.summary)).toEqual(["We may now share **C** with **Authorities** for **A** and **B** (where the law requires it)."]);
    // kept apart where the sentences differ: other data, other conditions
    const apart = changes("", "allow share c with r for a when required_by_law\nallow share d with r for b when required_by_law\nallow share c with r for e when at_request\n");
    expect(apart.filter((c) => c.id === "SHARING_WIDENED")).toHaveLength(3);
  });

  it("names a rule without prose by what it says, not by an id the notice's readers never saw", () => {
    const head = `policy t "T" { controller "A" { email "a@b.example" } jurisdictions EU }\ncategory e "Email" { class personal }\npurpose p "P" { basis contract  uses e }\n`;
    const dir = project({ "a.policy": head + "deny use e for p when minor as no_minor_use\n", "b.policy": head });
    const result = diffPolicies("a.policy", "b.policy", { cwd: dir });
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
    const removed = result.changes.find((c) => c.id === "RULE_REMOVED")!;
    // in words, with the labels the published policy uses; the syntax stays in the details for tools
    expect(removed.summary).toBe("No longer: We do not use “Email” for “P” (for minors).");
    expect(removed.details).toMatchObject({ rule: "no_minor_use", text: "deny use e for p when minor" });
    // a new rule and a changed one, selectors and conditions in words too
    const added = diffPolicies("b.policy", "a.policy", { cwd: dir });
    if (!added.ok) throw new Error("does not compile");
    expect(added.changes.find((c) => c.id === "RULE_ADDED")?.summary).toBe("We now promise not to use “Email” for “P” (for minors).");
    const more = project({
      "a.policy": head + 'recipient ads "Advertisers" { type advertiser }\nallow share personal with ads for p when consent, not in EU as ads\n',
      "b.policy": head + 'recipient ads "Advertisers" { type advertiser }\nallow share personal with ads for p when explicit_consent as ads\n',
    });
    const changed = diffPolicies("a.policy", "b.policy", { cwd: more });
    if (!changed.ok) throw new Error(changed.diagnostics.map((d) => d.message).join("\n"));
    expect(changed.changes.find((c) => c.id === "RULE_CHANGED")?.summary).toBe(
      "Before: We may share personal information with “Advertisers” for “P” (with your consent, outside the European Union). Now: We may share personal information with “Advertisers” for “P” (with your explicit consent).",
    );
  });

  it("says that a rule other rules override, or only restate, changes no decision (an editorial change, not 'We may now')", () => {
    const head = `policy t "T" { controller "A" { email "a@b.example" } jurisdictions EU }\ncategory e "Email" { class personal }\npurpose p "P" { basis consent  uses e }\nrecipient ads "Advertisers" { type advertiser }\n`;
    const deny = "deny share personal with ads as never_ads\n";
    const dir = project({
      "a.policy": head + deny,
      "b.policy": head + deny + "allow share e with ads for p when consent as ads_email\n",
      "c.policy": head + deny + "allow share e with ads for p when explicit_consent as ads_email\n",
      "d.policy": head + "allow share e with ads for p when consent as ads_email\n",
    });
    const run = (x: string, y: string) => {
      const r = diffPolicies(x, y, { cwd: dir });
      if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
      return r.changes;
    };
    const added = run("a.policy", "b.policy").find((c) => c.id === "RULE_ADDED")!;
    expect(added.class).toBe("editorial");
    expect(added.summary).toBe("A new rule changes no decision, since other rules already decide what it covers: We may share “Email” with “Advertisers” for “P” (with your consent).");
    expect(added.details).toMatchObject({ rule: "ads_email", decisionsChanged: false });
    const removed = run("b.policy", "a.policy").find((c) => c.id === "RULE_REMOVED")!;
    expect([removed.class, removed.summary]).toEqual(["editorial", "A rule is gone, but no decision changes, since other rules decide what it covered: We may share “Email” with “Advertisers” for “P” (with your consent)."]);
    const changed = run("b.policy", "c.policy").find((c) => c.id === "RULE_CHANGED")!;
    expect(changed.class).toBe("editorial");
    expect(changed.summary).toMatch(/^A rule changed, but no decision did, since other rules decide what it covers\. Before: /);
    // without the deny, the same rule decides: a notice in the usual words, beside the sharing it widens
    const effective = run("a.policy", "d.policy");
    expect(effective.find((c) => c.id === "RULE_ADDED")).toMatchObject({ class: "notice", summary: "We may now share “Email” with “Advertisers” for “P” (with your consent)." });
    expect(effective.find((c) => c.id === "RULE_ADDED")!.details).not.toHaveProperty("decisionsChanged");
    expect(effective.map((c) => c.id)).toContain("SHARING_WIDENED");
  });

  it("says a consent mode, a new retention, a new right, a new section and a DPO's details in the words of a notice", () => {
    const head = (dpo: string) => `import "std/taxonomy"\npolicy shop "Shop" { controller "Shop" { email "a@b.example" } dpo { email "${dpo}" } jurisdictions EU }\n`;
    const dir = project({
      "a.policy": head("dpo@b.example") + 'purpose analytics "Product analytics" { basis legitimate_interests interest "x" uses device }\nretention r "Devices" { applies_to device  period 1 year }\n',
      "b.policy":
        head("dpo2@b.example") +
        'purpose analytics "Product analytics" { basis legitimate_interests interest "x" consent opt_out uses device opt_out "Settings." }\n' +
        'retention r "Devices" { applies_to device  period 1 year }\nretention h "Health data" { applies_to health  period 2 years  criteria until_withdrawn  from withdrawal }\n' +
        'right sale "Do not sell or share" { type opt_out_sale how "Use the link." }\nsecurity measures "How we protect it" { measures "encryption" }\n',
    });
    const r = diffPolicies("a.policy", "b.policy", { cwd: dir });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    const said = (id: string) => r.changes.filter((c) => c.id === id).map((c) => c.summary);
    expect(said("CONSENT_MODE_CHANGED")).toEqual(["For **Product analytics** we now go ahead unless you object (opt-out); before, we only told you about it, without a choice."]);
    expect(said("RETENTION_ADDED")).toEqual(["New retention rule **Health data**: up to 2 years, from when you withdraw your consent."]);
    expect(said("RIGHT_ADDED")).toEqual(["New right listed: **Do not sell or share**."]);
    expect(said("PROSE_CHANGED")).toContain("New section **How we protect it**.");
    // the DPO is the same, only their email changed: not "now: not named"
    expect(said("CONTROLLER_CHANGED")).toEqual(["The data protection officer's contact details changed."]);
  });

  it("says an opt-out purpose's consent as 'unless you object' in the sharing it widens, as the guards read it, whatever its basis", () => {
    const head = `policy t "T" { controller "A" { email "a@b.example" } jurisdictions EU }\ncategory e "Email" { class personal }\npurpose p "P" { basis consent  consent opt_out  uses e  opt_out "Use the link." }\nrecipient ads "Advertisers" { type advertiser }\n`;
    const dir = project({ "a.policy": head, "b.policy": head + "allow share e with ads for p when consent as ads_email\n" });
    const r = diffPolicies("a.policy", "b.policy", { cwd: dir });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    const widened = r.changes.find((c) => c.id === "SHARING_WIDENED")!;
    expect(widened.summary).toBe("We may now share **Email** with **Advertisers** for **P** (unless you object).");
    // the consent basis still makes it a change that asks again
    expect(widened.class).toBe("reconsent");
    expect(r.changes.find((c) => c.id === "RULE_ADDED")!.summary).toBe("We may now share “Email” with “Advertisers” for “P” (unless you object).");
  });

  it("names the parts of the consent hash that moved, and only the changes that can have moved them", () => {
    // a deny removed and a retention extended: only the first is a reason the records went stale
    // without the archived version it accepts, which is not beside it here
    const taskflow = readFileSync(join(ROOT, "examples/taskflow.policy"), "utf8").replace(/\n  \/\/ consent records given under .*\n  accepts_consent_from .*\n/, "\n");
    const after = taskflow.replace(/^deny sell .*\n/m, "").replace("period 14 days", "period 30 days");
    const r = diffTexts(taskflow, after);
    const stale = r.changes.find((c) => c.id === "CONSENT_RECORDS_STALE");
    expect(stale?.details).toMatchObject({ parts: ["denies"], because: ["RULE_REMOVED"] });
    expect(r.changes.map((c) => c.id)).toContain("RETENTION_EXTENDED");
  });
});

describe("a rule's exceptions, in words", () => {
  const head = `import "std/taxonomy"
policy r "R" { controller "R GmbH" { email "privacy@r.example" }  jurisdictions EU }
category health.heart_rate "Heart rate"
category health.sleep "Sleep"
purpose services.health "Health tracking" { basis explicit_consent  uses health.heart_rate, health.sleep  withdraw "Settings." }
recipient insurers "Health insurers" { type partner  needs_consent yes }
recipient cloud "Cloud" { type processor }
retention h { applies_to health  period 30 days  end delete }
`;
  const rule = (insured: string, when: string) =>
    `deny share health with third_parties as no_health_sharing except {\n  allow with cloud for services.health when explicit_consent\n  allow ${insured} with insurers for services.health when ${when}\n}\n`;
  const changed = (before: string, after: string) => {
    const result = diffPolicies("a.policy", "b.policy", { cwd: project({ "a.policy": head + before, "b.policy": head + after }) });
    if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
    return result.changes.find((c) => c.id === "RULE_CHANGED");
  };

  it("names each exception's data, recipient and purpose, so that a changed exception reads changed", () => {
    const c = changed(rule("health.heart_rate", "explicit_consent, recipient_consent"), rule("health.heart_rate, health.sleep", "explicit_consent, recipient_consent"));
    expect(c?.summary).toBe(
      "Before: We do not share “Health data” with third parties, except with “Cloud” for “Health tracking” (with your explicit consent); or “Heart rate” with “Health insurers” for “Health tracking” (with your explicit consent, with your consent to sharing with them). " +
        "Now: We do not share “Health data” with third parties, except with “Cloud” for “Health tracking” (with your explicit consent); or “Heart rate” and “Sleep” with “Health insurers” for “Health tracking” (with your explicit consent, with your consent to sharing with them).",
    );
    // the syntax for tools holds the exceptions too
    expect(c?.details).toEqual({
      before: "deny share health with third_parties except { allow with cloud for services.health when explicit_consent; allow health.heart_rate with insurers for services.health when explicit_consent, recipient_consent }",
      after: "deny share health with third_parties except { allow with cloud for services.health when explicit_consent; allow health.heart_rate, health.sleep with insurers for services.health when explicit_consent, recipient_consent }",
    });
  });

  it("an exception with conditions only reads as before", () => {
    const only = (when: string) => `deny share health with third_parties as no_health_sharing except { allow when ${when} }\n`;
    expect(changed(only("explicit_consent, recipient_consent"), only("explicit_consent, recipient_consent, at_request"))?.summary).toBe(
      "Before: We do not share “Health data” with third parties, except with your explicit consent, with your consent to sharing with them. " +
        "Now: We do not share “Health data” with third parties, except with your explicit consent, with your consent to sharing with them, at your request.",
    );
  });
});

describe("what a retention period counts from", () => {
  // without the archived version it accepts, which is not beside it here
  const taskflow = () => readFileSync(join(ROOT, "examples/taskflow.policy"), "utf8").replace(/\n  \/\/ consent records given under .*\n  accepts_consent_from .*\n/, "\n");
  const summaries = (before: string, after: string) => {
    const result = diffPolicies("a.policy", "b.policy", { cwd: project({ "a.policy": before, "b.policy": after }) });
    if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
    return result.changes.filter((c) => c.id === "RETENTION_CHANGED").map((c) => c.summary);
  };

  it("says when the start moves, in words", () => {
    const before = taskflow();
    expect(before).toContain("from account_deletion");
    expect(summaries(before, before.replace("from account_deletion", "from collection"))).toEqual([
      "We now count how long we keep **Workspace content** from when we collect it, instead of from when you delete your account.",
    ]);
    expect(summaries(before, before.replace("  from account_deletion\n", ""))).toEqual([
      "We now count how long we keep **Workspace content** from a start the policy did not state, instead of from when you delete your account.",
    ]);
  });

  it("says nothing of a start where neither version has a time limit", () => {
    const before = taskflow().replace("retention support \"Support conversations\" {\n  applies_to content.messages\n  period 2 years\n", "retention support \"Support conversations\" {\n  applies_to content.messages\n  criteria while_needed\n");
    expect(before).not.toBe(taskflow());
    const after = before.replace("  criteria while_needed\n", "  criteria while_needed, until_account_deletion\n");
    expect(summaries(before, after)).toEqual(["The retention rule **Support conversations** changed: the criteria that decide how long changed."]);
  });

  it("compares how long at most (the period capped by its maximum), and says the end and the data in words", () => {
    const before = taskflow();
    const support = "retention support \"Support conversations\" {\n  applies_to content.messages\n  period 2 years\n  end delete\n";
    expect(before).toContain(support);
    // a maximum longer than the period keeps nothing longer
    expect(summaries(before, before.replace(support, `${support}  max 3 years\n`))).toEqual([]);
    expect(summaries(before, before.replace(support, support.replace("end delete", "end anonymise")))).toEqual([
      "At the end of the retention period for **Support conversations**, we now anonymise it, instead of deleting it.",
    ]);
    expect(summaries(before, before.replace("  applies_to content.messages\n  period 2 years", "  applies_to content.messages, contact.name\n  period 2 years"))).toEqual([
      "The retention rule **Support conversations** changed: it now also applies to **Name**.",
    ]);
  });

  it("says what changed about a purpose in words, with its values for programs", () => {
    const flagship = readFileSync(join(ROOT, "examples/xiaomi.policy"), "utf8");
    const dir = project({ "a.policy": flagship, "b.policy": flagship.replace("channels email, phone", "channels email, phone, sms") });
    const result = diffPolicies("a.policy", "b.policy", { cwd: dir });
    const changed = result.ok ? result.changes.find((c) => c.id === "PURPOSE_CHANGED") : undefined;
    expect(changed).toMatchObject({
      summary: "For **Direct marketing**, we contact you by email, phone and text message (before: email and phone).",
      details: { fields: ["channels"], before: { channels: ["email", "phone"] }, after: { channels: ["email", "phone", "sms"] } },
    });
  });

  it("a new recipient that only a law reaches is a notice, not a reason to ask for consent again", () => {
    const flagship = readFileSync(join(ROOT, "examples/xiaomi.policy"), "utf8");
    const i = flagship.indexOf("\nrecipient ");
    const after = `${flagship.slice(0, i)}\nrecipient auditors "External auditors" { type authority }\n${flagship.slice(i)}`;
    const dir = project({ "a.policy": flagship, "b.policy": after });
    const result = diffPolicies("a.policy", "b.policy", { cwd: dir });
    const added = result.ok ? result.changes.find((c) => c.id === "RECIPIENT_ADDED") : undefined;
    expect(added).toMatchObject({ class: "notice", details: { consentGated: false } });
  });

  it("reordering a rule's lists or conditions, or renaming it alone, changes nothing the public reads", () => {
    const flagship = readFileSync(join(ROOT, "examples/xiaomi.policy"), "utf8");
    const after = flagship
      .replace("when anonymised, aggregated as aggregate_trends", "when aggregated, anonymised as aggregate_trends")
      .replace("allow share personal with affiliates, service_providers when consent as consented_sharing", "allow share personal with service_providers, affiliates when consent as sharing_with_consent");
    expect(after).not.toBe(flagship);
    const dir = project({ "a.policy": flagship, "b.policy": after });
    const result = diffPolicies("a.policy", "b.policy", { cwd: dir });
    expect(result.ok && result.changes.map((c) => `${c.id} ${c.class} ${c.summary}`)).toEqual([
      "LABEL_CHANGED editorial The rule `consented_sharing` is now named `sharing_with_consent`; what it says is the same.",
    ]);
  });

  it("takes `from collection` to say what leaving it out says, where no event criterion is beside it", () => {
    const before = taskflow();
    const after = before.replace("  period 14 days\n", "  period 14 days\n  from collection\n");
    expect(after).not.toBe(before);
    expect(summaries(before, after)).toEqual([]);
  });
});

describe("categories in a notice", () => {
  it("are said in the fewest words: all personal data, a group for all of its leaves, else each leaf", () => {
    const model = compileText(`policy t "T" { controller "A" { email "a@b.example" } }
category contact "Contact details"
category contact.email "Email" { class personal }
category contact.phone "Phone" { class personal }
category device.id "Device ID" { class pseudonymous }
category stats "Statistics" { class anonymous }
purpose p "P" { basis contract  uses contact.email, contact.phone, device.id, stats }
`).model!;
    expect(categoryPhrase(model, ["contact.email", "contact.phone", "device.id"])).toBe("your personal information");
    expect(categoryPhrase(model, ["contact.email", "contact.phone", "stats"])).toBe("**Contact details** and **Statistics**");
    expect(categoryPhrase(model, ["contact.phone", "device.id"])).toBe("**Phone** and **Device ID**");
    expect(categoryPhrase(model, ["stats"])).toBe("**Statistics**");
  });
});

describe("file names in the notice", () => {
  it("stay one inline code span on one line, control characters escaped", async () => {
    const name = "a\n## Injected\n- `x`\u001b[31m.policy";
    const dir = project({ "b.policy": readFileSync(join(DIR, "LABEL_CHANGED", "previous.policy"), "utf8") });
    writeFileSync(join(dir, name), readFileSync(join(DIR, "LABEL_CHANGED", "current.policy"), "utf8"));
    const r = await policyc(["diff", "b.policy", name], { cwd: dir });
    expect(r.code).toBe(0);
    const comparing = r.stdout.split("\n").find((l) => l.startsWith("Comparing "))!;
    expect(comparing).toBe("Comparing `b.policy` (version 1.0) with ``a ## Injected - `x`\\x1b[31m.policy`` (version 1.0).");
    expect(r.stdout).not.toContain("\n## Injected");
    expect(r.stdout).not.toContain("\u001b");
  });
});

describe("data only promised not to be shared", () => {
  it("is no new data collected: a deny of a taxonomy category adds no CATEGORY_ADDED", () => {
    const head = 'import "std/taxonomy"\npolicy p "P" { controller "A" { email "a@b.example" } }\npurpose s "S" { basis contract  uses contact.email }\n';
    const dir = project({ "a.policy": head, "b.policy": head + "deny share health with anyone as no_health\n" });
    const r = diffPolicies("a.policy", "b.policy", { cwd: dir });
    expect(r.ok && r.changes.map((c) => c.id)).not.toContain("CATEGORY_ADDED");
    const used = project({ "a.policy": head, "b.policy": head.replace("uses contact.email", "uses contact.email, contact.phone") });
    const u = diffPolicies("a.policy", "b.policy", { cwd: used });
    expect(u.ok && u.changes.map((c) => c.id)).toContain("CATEGORY_ADDED");
  });
});

describe("labels in the notice", () => {
  it("are escaped as the published document escapes them: no strikethrough, entity, link, HTML or table cell of their own", () => {
    const before = 'policy p "P ~~x~~ www.evil.example" { controller "Shop &copy;" }\ncategory c "C"\n';
    const after = before.replace('category c "C"', 'category c "C https://evil.example | <b>b</b> ![i](j)"');
    const dir = project({ "a.policy": before, "b.policy": after });
    const r = diffPolicies("a.policy", "b.policy", { cwd: dir });
    expect(r.ok).toBe(true);
    const text = renderMarkdown(r as Extract<typeof r, { ok: true }>);
    expect(text).toContain("# What changed in P \\~\\~x\\~\\~ www\\.evil.example\n");
    expect(text).toContain("**C https\\://evil.example \\| \\<b>b\\</b> !\\[i]\\(j)**");
    // and each reads back as the label's own text
    for (const label of ["P ~~x~~ www.evil.example", "C https://evil.example | <b>b</b> ![i](j)"]) {
      expect(md(label).replace(/\\(.)/g, "$1")).toBe(label);
    }
  });
});

describe("rights", () => {
  it("two of one type are two rights: the same file is no change, and one removed is RIGHT_REMOVED", () => {
    const text = `policy t "T" { controller "Acme" { email "a@b.example" } jurisdictions EU }
right a1 "Access by email" { type access how "email us" }
right a2 "Access online" { type access how "settings page" }
`;
    const one = text.replace(/right a2 .*\n/, "");
    const dir = project({ "a.policy": text, "b.policy": one });
    const same = diffPolicies("a.policy", "a.policy", { cwd: dir });
    expect(same.ok && same.changes).toEqual([]);
    const removed = diffPolicies("a.policy", "b.policy", { cwd: dir });
    expect(removed.ok && removed.changes.map((c) => `${c.id} ${c.summary}`)).toEqual(["RIGHT_REMOVED No longer listed as a right: **Access online**."]);
  });
});

describe("sharing compared over many conditions", () => {
  it("finds no change where two rules mean what one did, with 17 atoms in the cell, and quickly", () => {
    const head = `policy t "T" { controller "Acme" { email "a@b.example" } jurisdictions EU, US, BR, CA, JP, KR, AU, IN }
category c "C" { class personal }
recipient r "R"
purpose p "P" { basis consent uses c }
deny share c with r for p when aggregated, at_request, recipient_consent, permitted_by_law, anonymised, minor, required_by_law, explicit_consent, not in US, not in BR, not in CA, not in JP, not in KR, not in AU, not in IN, not in EU
`;
    const one = `${head}allow share c with r for p when consent\n`;
    const two = `${head}allow share c with r for p when consent, anonymised\nallow share c with r for p when consent, not anonymised\n`;
    for (const [x, y] of [[one, two], [two, one]] as const) {
      const dir = project({ "a.policy": x, "b.policy": y });
      const result = diffPolicies("a.policy", "b.policy", { cwd: dir });
      expect(result.ok && result.changes.filter((c) => c.id.startsWith("SHARING_"))).toEqual([]);
    }
    // a real difference among them is still found, with its example
    const narrowed = `${head}allow share c with r for p when consent, anonymised\n`;
    const dir = project({ "a.policy": one, "b.policy": narrowed });
    const result = diffPolicies("a.policy", "b.policy", { cwd: dir });
    expect(result.ok && result.changes.filter((c) => c.id === "SHARING_NARROWED").map((c) => c.summary)).toEqual([
      "We now share **C** with **R** for **P** in fewer cases: no longer, for example, with your consent and in identifiable form.",
    ]);
  });
});

describe("narrowed sharing, in words", () => {
  const head = `policy t "T" { controller "A" { email "a@b.example" } jurisdictions EU }\ncategory e "Email" { class personal }\ncategory d "Device" { class personal }\nrecipient r "R"\npurpose p "P" { basis contract  uses e, d }\n`;
  const narrowed = (before: string, after: string): string[] => {
    const dir = project({ "a.policy": head + before, "b.policy": head + after });
    const result = diffPolicies("a.policy", "b.policy", { cwd: dir });
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
    return result.changes.filter((c) => c.id === "SHARING_NARROWED").map((c) => c.summary);
  };

  it("says in which case sharing stopped: what holds and what does not", () => {
    expect(narrowed("allow share e, d with r for p when consent\n", "allow share e, d with r for p when consent, in EU\n")).toEqual([
      "We now share your personal information with **R** for **P** in fewer cases: no longer, for example, with your consent and outside the European Union.",
    ]);
    // places as the published policy names them
    expect(narrowed("allow share e, d with r for p when consent\n", "allow share e, d with r for p when consent, not in US-CA\n")).toEqual([
      "We now share your personal information with **R** for **P** in fewer cases: no longer, for example, with your consent and in California.",
    ]);
    expect(narrowed("allow share e, d with r for p\n", "allow share e, d with r for p when consent\n")).toEqual([
      "We now share your personal information with **R** for **P** in fewer cases: no longer, for example, without your consent.",
    ]);
  });

  it("gives each sentence an example that holds for every category it names", () => {
    expect(narrowed("allow share e with r for p when consent\nallow share d with r for p when in EU\n", "allow share e, d with r for p when consent, in EU\n")).toEqual([
      "We now share **Device** with **R** for **P** in fewer cases: no longer, for example, in the European Union and without your consent.",
      "We now share **Email** with **R** for **P** in fewer cases: no longer, for example, with your consent and outside the European Union.",
    ]);
  });

  it("considers only people who can exist: someone in DE is in the EU", () => {
    expect(narrowed("allow share e with r for p when in DE\n", "allow share e with r for p when in DE, in EU\n")).toEqual([]);
  });

  it("tells categories no longer shared at all from those shared in fewer cases", () => {
    expect(narrowed("allow share e, d with r for p when consent\n", "allow share d with r for p when in EU, consent\n")).toEqual([
      "We now share **Device** with **R** for **P** in fewer cases: no longer, for example, with your consent and outside the European Union.",
      "We no longer share **Email** with **R** for **P**.",
    ]);
  });
});

describe("an audience's rules, in words", () => {
  it("says whom it covers now and what we no longer (or now) do", () => {
    const text = (age: string, rules: string) =>
      `policy t "T" { controller "A" { email "a@b.example" } }\ncategory e "E" { class personal }\npurpose p "P" { basis consent  uses e  withdraw "w"  marketing yes }\naudience kids "Kids" { ${age} ${rules} }\n`;
    const dir = project({ "a.policy": text("age_under 16", "marketing no"), "b.policy": text("age_under 13", "collect no  marketing no") });
    const result = diffPolicies("a.policy", "b.policy", { cwd: dir });
    if (!result.ok) throw new Error("does not compile");
    expect(result.changes.filter((c) => c.id === "AUDIENCE_CHANGED").map((c) => c.summary)).toEqual([
      "The rules for **Kids** changed: it now covers those under 13 (before: those under 16); we no longer collect their personal information.",
    ]);
  });
});

describe("policyc diff", () => {
  it("writes a Markdown notice grouped by class, ids in comments", async () => {
    const r = await policyc(["diff", rel("PURPOSE_USES_ADDED", "previous"), rel("PURPOSE_USES_ADDED", "current")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("# What changed in Shop Privacy Policy");
    expect(r.stdout).toContain("## Changes that need your consent");
    expect(r.stdout).toContain("- For **Newsletter** we now also use **Name**. <!-- PURPOSE_USES_ADDED -->");
    // both say version 1.0: the author is reminded, the notice's readers are not
    expect(r.stderr).toContain("note: both versions say `version 1.0`");
    expect(r.stdout).not.toContain("note:");
    // a new version, or only editorial changes: no reminder
    const bumped = await policyc(["diff", rel("VERSION_CHANGED", "previous"), rel("VERSION_CHANGED", "current")]);
    expect(bumped.stderr).toBe("");
    expect((await policyc(["diff", rel("LABEL_CHANGED", "previous"), rel("LABEL_CHANGED", "current")])).stderr).toBe("");
  });

  it("reminds the author when a new version keeps the old one's effective date", async () => {
    const dir = project({
      "a.policy": 'policy p "P" { controller "C" { email "a@b.example" }  version "1"  effective 2026-01-01 }\ncategory c "C" { class personal }\npurpose s "S" { basis contract  uses c }\n',
      "b.policy": 'policy p "P" { controller "C" { email "a@b.example" }  version "2"  effective 2026-01-01 }\ncategory c "C" { class personal }\npurpose s "S" { basis contract  uses c }\npurpose t "T" { basis contract  uses c }\n',
      "c.policy": 'policy p "P" { controller "C" { email "a@b.example" }  version "2"  effective 2026-06-01 }\ncategory c "C" { class personal }\npurpose s "S" { basis contract  uses c }\npurpose t "T" { basis contract  uses c }\n',
    });
    const same = await policyc(["diff", "a.policy", "b.policy"], { cwd: dir });
    expect(same.stderr).toBe("note: the version changed, but both versions say `effective 2026-01-01`; give the new one the date its changes take effect\n");
    expect((await policyc(["diff", "a.policy", "c.policy"], { cwd: dir })).stderr).toBe("");
  });

  it("writes JSON with a stable shape", async () => {
    const r = await policyc(["diff", "--format", "json", rel("RETENTION_EXTENDED", "previous"), rel("RETENTION_EXTENDED", "current")]);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(["version", "before", "after", "highest", "consentRecords", "summary", "changes"]);
    expect(json).toMatchObject({
      version: 1,
      consentRecords: "current",
      before: { spec: rel("RETENTION_EXTENDED", "previous"), title: "Shop Privacy Policy", version: "1.0", hash: expect.stringMatching(/^sha256:/) },
      highest: "notice",
      summary: { reconsent: 0, notice: 1, editorial: 0 },
      changes: [
        {
          id: "RETENTION_EXTENDED",
          class: "notice",
          subject: { kind: "retention", id: "orders" },
          summary: "We now keep **Orders** for longer: up to 3 years, instead of up to 2 years.",
          details: { field: "period", before: { period: { amount: 2, unit: "year" } }, after: { period: { amount: 3, unit: "year" } } },
        },
      ],
    });
  });

  it("--fail-on exits 1 for a change of that class or above", async () => {
    const [prev, cur] = [rel("PURPOSE_USES_ADDED", "previous"), rel("PURPOSE_USES_ADDED", "current")]; // reconsent
    expect((await policyc(["diff", prev, cur, "--fail-on", "reconsent"])).code).toBe(1);
    expect((await policyc(["diff", prev, cur, "--fail-on", "any"])).code).toBe(1);
    const [p2, c2] = [rel("LABEL_CHANGED", "previous"), rel("LABEL_CHANGED", "current")]; // editorial
    expect((await policyc(["diff", p2, c2, "--fail-on", "notice"])).code).toBe(0);
    expect((await policyc(["diff", p2, c2, "--fail-on", "any"])).code).toBe(1);
    expect((await policyc(["diff", p2, c2, "--fail-on", "everything"])).code).toBe(2);
  });

  it("reads git revisions (REV:path), exits 2 for one that does not exist", async () => {
    const r = await policyc(["diff", "--format", "json", "HEAD:examples/taskflow.policy", "HEAD:examples/taskflow.policy"]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { changes: unknown[] }).changes).toEqual([]);
    const missing = await policyc(["diff", "no-such-revision:examples/taskflow.policy", "examples/taskflow.policy"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error PC9001: cannot read `no-such-revision:examples/taskflow.policy`");
    // a file that is not there: PC9001 too, as a JSON report with --format json
    const json = await policyc(["diff", "--format", "json", "nope.policy", "examples/taskflow.policy"]);
    expect(json.code).toBe(2);
    // naming the file, as `check` does (a version in git names none: it is no file on disk)
    expect((JSON.parse(json.stdout) as { diagnostics: { code: string; message: string }[] }).diagnostics).toEqual([
      expect.objectContaining({ code: "PC9001", message: "cannot read `nope.policy`: no such file", file: "nope.policy" }),
    ]);
  });

  it("names an error of either revision with its revision, not the working file", async () => {
    const dir = project({ "p.policy": readFileSync(join(DIR, "LABEL_CHANGED", "previous.policy"), "utf8") });
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=a@b", "-c", "user.name=a", ...args], { cwd: dir, stdio: "pipe" });
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "good");
    git("tag", "good");
    writeFileSync(join(dir, "p.policy"), readFileSync(join(dir, "p.policy"), "utf8").replace(/\ncategory /, "\ncategry "));
    git("commit", "-qam", "broken");
    git("tag", "broken");
    git("checkout", "-q", "good", "--", "p.policy");
    // the same revision twice, a revision and the working file alike or not: each finding once, under its revision
    for (const args of [["good:p.policy", "broken:p.policy"], ["broken:p.policy", "p.policy"], ["broken:p.policy", "broken:p.policy"], ["p.policy", "broken:p.policy"]]) {
      const r = await policyc(["diff", ...args, "--format", "json"], { cwd: dir });
      expect(r.code).toBe(1);
      const files = (JSON.parse(r.stdout) as { diagnostics: { code: string; file: string }[] }).diagnostics.filter((d) => d.code === "PC1009").map((d) => d.file);
      expect(files, args.join(" ")).toEqual(["broken:p.policy"]);
    }
    // a folder at a revision, or a range, is no version: PC9001, as a folder on disk is
    for (const spec of ["good:", "good~1..good:p.policy"]) {
      const r = await policyc(["diff", spec, "p.policy"], { cwd: dir });
      expect(r.code, spec).toBe(2);
      expect(r.stderr, spec).toContain(`error PC9001: cannot read \`${spec}\``);
    }
    expect((await policyc(["diff", "good:", "p.policy"], { cwd: dir })).stderr).toContain("a folder at that revision, not a file");
  });

  it.skipIf(process.platform === "win32")("refuses a symbolic link at a revision instead of reading its target's path as the policy", async () => {
    const dir = project({ "real.policy": tinyPolicy("a") });
    symlinkSync("real.policy", join(dir, "link.policy"));
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=a@b", "-c", "user.name=a", ...args], { cwd: dir, stdio: "pipe" });
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "x");
    const r = await policyc(["diff", "HEAD:link.policy", "real.policy"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot read `HEAD:link.policy`: a symbolic link at that revision (to `real.policy`), not a file");
    expect((await policyc(["diff", "HEAD:real.policy", "real.policy"], { cwd: dir })).code).toBe(0);
  });

  it("never lets git read a revision as an option (`--output=FILE:path` would write FILE)", async () => {
    const dir = project({ "a.policy": tinyPolicy("a") });
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
    git("init", "-q");
    git("-c", "user.email=t@t", "-c", "user.name=t", "add", "a.policy");
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", "v1");
    const target = join(dir, "PWNED");
    const r = await policyc(["diff", "--", `--output=${target}:a.policy`, "a.policy"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a git revision cannot start with "-"');
    expect(existsSync(`${target}:a.policy`)).toBe(false);
    expect(() => diffPolicies(`--output=${target}:a.policy`, "a.policy", { cwd: dir })).toThrow(/cannot start with "-"/);
    expect(existsSync(`${target}:a.policy`)).toBe(false);
  });

  it("shows the old version's findings with the old text when both versions are one file", () => {
    const v1 = 'policy shop "Shop" { controller "Acme" { email "a@b.example" } }\ncategory fax "Fax" { class personal }\npurpose p "P" { basis contract  uses fax }\n';
    const v2 = "// a comment that moves everything down\n\n" + v1.replace('category fax "Fax" { class personal }', 'category fax "Fax" { class personal }\ncategory unused "Unused" { class personal }');
    const dir = project({ "a.policy": v1 });
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
    git("init", "-q");
    git("-c", "user.email=t@t", "-c", "user.name=t", "add", "a.policy");
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", "v1");
    writeFileSync(join(dir, "a.policy"), v2);
    const r = diffPolicies("HEAD:a.policy", "a.policy", { cwd: dir });
    if (!r.ok) throw new Error("does not compile");
    expect(r.sources.get("HEAD:a.policy")).toBe(v1);
    expect(r.sources.get("a.policy")).toBe(v2);
    // a finding of the old version points into the old text
    for (const d of r.diagnostics.filter((x) => x.span?.file === "HEAD:a.policy")) expect(v1.slice(d.span!.start, d.span!.end).length).toBeGreaterThan(0);
    expect(r.diagnostics.some((d) => d.span?.file === "HEAD:a.policy")).toBe(true);
  });

  it("exits 1 when a version has errors", async () => {
    const r = await policyc(["diff", "test/fixtures/syntax/invalid/three-errors.policy", rel("LABEL_CHANGED", "current")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot compare versions that have errors");
    // only the errors, each once, and in the format asked for
    const bad = "test/fixtures/syntax/invalid/three-errors.policy";
    const same = await policyc(["diff", bad, bad]);
    expect(same.stderr.match(/error PC/g)).toHaveLength(3);
    expect(same.stderr).not.toContain("warning");
    const json = await policyc(["diff", bad, "examples/xiaomi.policy", "--format", "json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { diagnostics: { severity: string }[] };
    expect(report.diagnostics.map((d) => d.severity)).toEqual(["error", "error", "error"]);
  });
});

describe("a new recipient in the notice", () => {
  it("says where it receives the data when that is abroad, and under which safeguards", () => {
    const head = `import "std/taxonomy"\npolicy t "T" { controller "A" { email "a@b.example" } jurisdictions EU }\npurpose p "P" { basis contract  uses contact.email }\nretention r { applies_to contact.email  period 1 year }\n`;
    const dir = project({
      "a.policy": head,
      "b.policy": `${head}recipient cloud "Cloud host" { type processor  transfers "United States"  transfer_safeguards "standard contractual clauses" }\nallow share contact.email with cloud for p\n`,
    });
    const r = diffPolicies("a.policy", "b.policy", { cwd: dir });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    const added = r.changes.find((c) => c.id === "RECIPIENT_ADDED");
    expect(added?.summary).toBe(
      "We now share personal data with a new recipient: **Cloud host** (**Email address**). Transferred abroad: United States (safeguards: standard contractual clauses).",
    );
    expect(added?.details).toMatchObject({ transfers: ["United States"] });
  });
});

describe("widened sharing for an age band", () => {
  it("names the ages newly affected, not every age under the new limit", () => {
    // the exception moves from under 16 to under 13: those aged 13 to 15 are newly shared about;
    // under-13s stay excluded (by the exception, and by the kids audience)
    const before = readFileSync(join(ROOT, "examples/pixelquest.policy"), "utf8");
    const after = before.replace("except deny when age_under 16 as no_ads_sharing_under_16", "except deny when age_under 13 as no_ads_sharing_under_16");
    expect(after).not.toBe(before);
    const dir = project({ "a.policy": before, "b.policy": after });
    const r = diffPolicies("a.policy", "b.policy", { cwd: dir });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    const widened = r.changes.filter((c) => c.id === "SHARING_WIDENED").map((c) => c.summary);
    expect(widened.length).toBeGreaterThan(0);
    for (const s of widened) {
      expect(s).toContain("for those aged 13 to 15");
      expect(s).not.toContain("for those under 16");
      // the purpose is opt-out: nobody is asked, people may object
      expect(s).toContain("unless you object");
      expect(s).not.toContain("with your consent");
    }
    expect(r.changes.filter((c) => c.id === "SHARING_WIDENED").every((c) => c.class === "notice")).toBe(true);
    // consent to a recipient is asked for even under an opt-out purpose: that sharing is reconsent
    const withPartners = before.replace('recipient advertisers "Ad networks"', 'recipient advertisers "Ad networks"\nrecipient partners "Partners" { needs_consent yes }');
    const partners = `${withPartners}allow share device.id with partners for marketing.advertising when consent, recipient_consent as partners_ads\n`;
    const dir2 = project({ "a.policy": withPartners, "b.policy": partners });
    const r2 = diffPolicies("a.policy", "b.policy", { cwd: dir2 });
    if (!r2.ok) throw new Error(r2.diagnostics.map((d) => d.message).join("\n"));
    expect(r2.changes.filter((c) => c.id === "SHARING_WIDENED" && c.subject.id === "partners").map((c) => c.class)).toEqual(["reconsent"]);
    // the rule that changed, with its exception in words
    expect(r.changes.find((c) => c.id === "RULE_CHANGED")?.summary).toMatch(/but not for those under 16\. Now: .* but not for those under 13\.$/);
  });
});
