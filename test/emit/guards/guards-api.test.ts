/**
 * The generated guards' API on concrete cases: one guard per action and its boolean shorthand,
 * how a consent record yields facts (opt-in, opt-out, explicit consent in the EU, channel and
 * interest-based advertising opt-outs, recipient consent through a group), prepared contexts as
 * snapshots, and retention.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { referenceDecision } from "../../../src/emit/guards/facts.js";
import { compilePolicyText, compileXiaomi, emitAll, importFile, scratch, writeFiles, type Compiled, type GuardsModule } from "./helpers.js";


async function load(c: Compiled, name: string): Promise<GuardsModule> {
  const dir = scratch(name);
  writeFiles(dir, emitAll(c));
  return importFile<GuardsModule>(join(dir, "guards.js"));
}

/** The flagship's guards, compiled, emitted and loaded once for the whole file. */
const xiaomi = compileXiaomi();
let loaded: Promise<GuardsModule> | undefined;
const xiaomiGuards = (): Promise<GuardsModule> => (loaded ??= load(xiaomi, "api-xiaomi"));

const AT = "2024-01-01T00:00:00Z";
const grant = (explicit?: boolean) => ({ status: "granted", at: AT, method: "web_form", ...(explicit === undefined ? {} : { explicit }) });
const withdrawn = { status: "withdrawn", at: AT, method: "email" };

const SMALL = `policy small "Small" { controller "Acme" { email "a@b.example" } jurisdictions EU }
category c1 "C1"
category c2 "C2"
category c3 "C3"
category c4 "C4"
category c5 "C5"
category c6 "C6"
recipient r1 "R1"
recipient g "Group" { needs_consent yes }
recipient g.a "G a"
recipient g.b "G b" { needs_consent yes }
purpose p1 "P1" { basis contract  uses c1, c2, c4, c5, c6, c7 }
purpose news "Newsletter" { basis consent  consent opt_in  uses c1  channels email, sms  marketing yes }
purpose offers "Offers" { basis consent { EU explicit_consent }  consent opt_in  uses c3  withdraw "Write to us." }
purpose ads "Ads" { basis legitimate_interests  interest "x"  consent opt_out  uses c2  marketing yes  profiling yes }
allow share c1 with g for p1 when recipient_consent as share_g
retention short "Short" { applies_to c1  period 30 days  end delete }
retention long "Long" { applies_to c1  purposes news  period 1 year  max 2 years  end delete }
retention capped "Capped" { applies_to c2  criteria while_needed  max 90 days  end delete }
retention open "Open" { applies_to c3  criteria while_needed  end delete }
retention account "Account" { applies_to c4  period 30 days  criteria until_account_deletion  max 90 days  end delete }
retention closed "Closed" { applies_to c5  period 30 days  criteria until_account_deletion  from account_deletion  end delete }
retention idle "Idle" { applies_to c6  period 1 month  from last_activity  end delete }
retention idle_books "Books" { applies_to c6  purposes p1  period 2 years  end delete }
category c7 "C7"
retention capped_month "Capped" { applies_to c7  period 30 days  max 1 month  end delete }
`;

describe("generated guards API", () => {
  it("xiaomi: a guard per action, shorthands and aliases", async () => {
    const { model } = xiaomi;
    const g = await xiaomiGuards();
    const record = { policy: model.header.id, consentHash: model.consentHash, subject: "u", createdAt: AT, updatedAt: AT };
    // contract purposes need no consent
    expect(g.mayCollect("contact.email", "services.provide", {})).toMatchObject({ allowed: true, ruleId: "purpose:services.provide:collect" });
    expect(g.mayCollect("contact.email", "services.provide", {}).rule).toMatch(/^xiaomi\.policy:\d+$/);
    expect(g.mayUse("contact.email", "services.provide", {}).allowed).toBe(true);
    expect(g.mayProcess).toBe(g.mayUse);
    expect(g.canUse("contact.email", "services.provide", {})).toBe(true);
    // no sale, ever
    const sale = g.maySell("contact.email", "partners", "services.provide", { required_by_law: true });
    expect(sale).toMatchObject({ allowed: false, ruleId: "no_sale" });
    expect(Object.isFrozen(sale)).toBe(true);
    // sharing needs consent or a law
    expect(g.canShare("contact.email", "affiliates", "services.provide", {})).toBe(true); // notice purpose: consent holds
    expect(g.canShare("contact.email", "affiliates", "marketing.direct", {})).toBe(false);
    expect(g.mayShare("contact.email", "authorities", "marketing.direct", { required_by_law: true })).toMatchObject({ allowed: true, ruleId: "lawful_disclosure" });
    expect(g.mayTransfer("contact.email", "affiliates", "services.provide", {})).toBe(g.DEFAULT_DENY);
    // direct marketing: opt-in (consent or no objection, the same everywhere), never for minors
    const direct = (purposes: object, extra: object = {}) => g.mayUse("contact.email", "marketing.direct", { record: { ...record, purposes }, ...extra });
    expect(direct({}).allowed).toBe(false);
    expect(direct({ "marketing.direct": grant() }).allowed).toBe(true);
    expect(direct({ "marketing.direct": grant() }, { jurisdiction: "EU" }).allowed).toBe(true);
    expect(direct({ "marketing.direct": withdrawn }).allowed).toBe(false);
    expect(direct({ "marketing.direct": grant(true) }, { minor: true }).allowed).toBe(false);
    // unsubscribing from one of its channels leaves the other; from both, objects to it
    const out = { optedOut: true, at: AT, method: "email" };
    const unsubscribed = (channels: object) => ({ ...record, purposes: { "marketing.direct": grant() }, optOuts: { channels } });
    expect(g.mayUse("contact.email", "marketing.direct", { record: unsubscribed({ email: out }) }).allowed).toBe(true);
    expect(g.mayUse("contact.email", "marketing.direct", { record: unsubscribed({ email: out, phone: out }) }).allowed).toBe(false);
    // interest-based advertising is opt-out: allowed until the person objects
    const ads = (r: object | null) => g.mayUse("tracking.ad_activity", "marketing.advertising", { record: r });
    expect(ads(null).allowed).toBe(true);
    expect(ads({ ...record, purposes: { "marketing.advertising": withdrawn } }).allowed).toBe(false);
    expect(ads({ ...record, optOuts: { interestBasedAdvertising: { optedOut: true, at: AT, method: "web_form" } } }).allowed).toBe(false);
    expect(ads({ ...record, optOuts: { interestBasedAdvertising: { optedOut: false, at: AT, method: "web_form" } } }).allowed).toBe(true);
    // a subject or version with a control character (C1's NEL, a bidi override) is no record
    for (const subject of ["a\u0085b", "a\u202eb", "a\u0007b"]) {
      expect(ads({ ...record, subject }), JSON.stringify(subject)).toBe(g.REFUSALS["malformedRecord"]);
      expect(g.isConsentRecord({ ...record, subject })).toBe(false);
    }
    expect(ads({ ...record, subject: "Ünïcødé ✓ 42" }).allowed).toBe(true);
    // stale and unknown
    expect(ads({ ...record, consentHash: "sha256:" + "0".repeat(64) })).toBe(g.REFUSALS["staleRecord"]);
    expect(g.mayUse("contact.emali", "services.provide", {})).toBe(g.REFUSALS["unknownCategory"]);
    expect(g.mayUse("contact.email", "toString", {})).toBe(g.REFUSALS["unknownPurpose"]);
    expect(g.mayShare("contact.email", "__proto__", "services.provide", {})).toBe(g.REFUSALS["unknownRecipient"]);
    expect(g.decide("disclose", "contact.email", "services.provide", null, {})).toBe(g.REFUSALS["unknownAction"]);
    expect(g.decide("use", "contact.email", "services.provide", "affiliates", {})).toBe(g.REFUSALS["unexpectedRecipient"]);
    expect(g.mayUse("contact.email", "services.provide", { minr: true })).toBe(g.REFUSALS["malformedContext"]);
    expect(g.mayUse("contact.email", "services.provide", { minor: "no" })).toBe(g.REFUSALS["malformedContext"]);
    expect(g.mayUse("contact.email", "services.provide", null)).toBe(g.REFUSALS["malformedContext"]);
    // criteria-only retention: no time limit, never expired by time alone
    expect(g.retentionOf("contact.email")).toMatchObject({ limitDays: null, rules: [{ id: "personal_data", criteria: ["while_needed", "required_by_law", "permitted_by_law"] }] });
    expect(g.isExpired("contact.email", 0, Date.now())).toBe(false);
    expect(g.retentionOf("nope")).toBe(null);
  });

  it("prepared contexts are snapshots and answer like plain ones", async () => {
    const { model } = xiaomi;
    const g = await xiaomiGuards();
    const purposes: Record<string, unknown> = { "marketing.direct": grant() };
    const ctx = { record: { policy: model.header.id, consentHash: model.consentHash, subject: "u", createdAt: AT, updatedAt: AT, purposes } };
    const prepared = g.prepareContext(ctx);
    expect(g.prepareContext(prepared)).toBe(prepared);
    expect(g.mayUse("contact.email", "marketing.direct", prepared).allowed).toBe(true);
    purposes["marketing.direct"] = withdrawn;
    expect(g.mayUse("contact.email", "marketing.direct", ctx).allowed).toBe(false);
    expect(g.mayUse("contact.email", "marketing.direct", prepared).allowed).toBe(true); // the snapshot
    expect(g.mayUse("contact.email", "marketing.direct", g.prepareContext({ minr: true }))).toBe(g.REFUSALS["malformedContext"]);
  });

  it("answers a region that holds places the rules tell apart only as every place in it is answered", async () => {
    const c = compilePolicyText(
      `policy j "J" { controller "Acme" { email "a@b.example" } jurisdictions US, US-CA, EU, DE }
category email "Email"
recipient brokers "Brokers"
purpose ads "Ads" { basis legitimate_interests  interest "x"  uses email }
allow sell email to brokers for ads as sell_ok
deny sell email to brokers when in US-CA as no_sale_ca
deny sell email to brokers when in DE as no_sale_de
`,
      "j.policy",
    );
    const g = await load(c, "api-regions");
    const sell = (ctx: object) => g.maySell("email", "brokers", "ads", ctx as never);
    // a Californian is denied; someone in the US may be one: refused, not sold
    expect(sell({ jurisdiction: "US-CA" }).allowed).toBe(false);
    expect(sell({ jurisdiction: "US" })).toBe(g.REFUSALS["unknownJurisdiction"]);
    expect(sell(g.prepareContext({ jurisdiction: "US" }))).toBe(g.REFUSALS["unknownJurisdiction"]);
    expect(sell({ jurisdiction: "EU" })).toBe(g.REFUSALS["unknownJurisdiction"]);
    expect(sell({ jurisdiction: "EEA" })).toBe(g.REFUSALS["unknownJurisdiction"]);
    // a place in none of the places the rules name, and a finer one, are known
    for (const place of ["US-TX", "FR", "JP"]) expect(sell({ jurisdiction: place }).allowed, place).toBe(true);
    expect(sell({ jurisdiction: "DE-BY" }).allowed).toBe(false);
    // what every place answers alike is answered for the region
    expect(g.mayUse("email", "ads", { jurisdiction: "US" }).allowed).toBe(true);
    expect(g.factsOf("ads", null, { jurisdiction: "US" })).toBe(null);
    // the reference reads the context the same way
    for (const place of ["US", "EU", "EEA", "US-CA", "US-TX", "FR", "DE-BY", "JP"]) {
      const ref = referenceDecision(c.model, { action: "sell", category: "email", purpose: "ads", recipient: "brokers" }, { jurisdiction: place });
      expect(ref.allowed, place).toBe(sell({ jurisdiction: place }).allowed);
    }
    // a region of the business's own that the policy declares may hold any place the rules name
    const emea = compilePolicyText(
      `policy e "E" { controller "Acme" { email "a@b.example" } jurisdictions EMEA, DE, US }\ncategory email "Email"\nrecipient brokers "Brokers"\npurpose ads "Ads" { basis legitimate_interests  interest "x"  uses email }\nallow sell email to brokers for ads as sell_ok\ndeny sell email to brokers when in DE as no_sale_de\n`,
      "e.policy",
    );
    const e = await load(emea, "api-regions-emea");
    expect(e.maySell("email", "brokers", "ads", { jurisdiction: "EMEA" })).toBe(e.REFUSALS["unknownJurisdiction"]);
    expect(e.maySell("email", "brokers", "ads", { jurisdiction: "FR" }).allowed).toBe(true);
    expect(referenceDecision(emea.model, { action: "sell", category: "email", purpose: "ads", recipient: "brokers" }, { jurisdiction: "EMEA" }).refusal).toBe("unknown-jurisdiction");
    // a place a rule names that the header does not declare is told apart all the same
    const undeclared = compilePolicyText(
      `policy k "K" { controller "Acme" { email "a@b.example" } jurisdictions US }\ncategory email "Email"\nrecipient brokers "Brokers"\npurpose ads "Ads" { basis legitimate_interests  interest "x"  uses email }\nallow sell email to brokers for ads as sell_ok\ndeny sell email to brokers when in US-CA as no_sale_ca\n`,
      "k.policy",
    );
    const k = await load(undeclared, "api-regions-undeclared");
    expect(k.maySell("email", "brokers", "ads", { jurisdiction: "US" })).toBe(k.REFUSALS["unknownJurisdiction"]);
    expect(referenceDecision(undeclared.model, { action: "sell", category: "email", purpose: "ads", recipient: "brokers" }, { jurisdiction: "US" }).refusal).toBe("unknown-jurisdiction");
  });

  it("reads a code of no place as no place given, a territory as its country, and a US state that does not exist as somewhere in the US", async () => {
    const c = compilePolicyText(
      `policy j "J" { controller "Acme" { email "a@b.example" } jurisdictions EU, US-CA }
category email "Email"
recipient brokers "Brokers"
purpose ads "Ads" { basis legitimate_interests  interest "x"  uses email }
allow sell email to brokers for ads unless in US-CA, in EU as sale
`,
      "j.policy",
    );
    const g = await load(c, "api-place-codes");
    const sell = (jurisdiction: string) => g.maySell("email", "brokers", "ads", { jurisdiction } as never);
    // ISO alpha-3, unknown or Tor codes, business regions the policy does not name: where the
    // person is is not known, and the answer depends on it
    for (const code of ["USA", "DEU", "FRA", "EL", "XX", "ZZ", "T1", "EMEA", "EUROPE", "US-XX"]) expect(sell(code), code).toBe(g.REFUSALS["unknownJurisdiction"]);
    // a US state written the other way round is a mistake, not a place in Canada or Germany
    for (const code of ["CA-US", "DE-US", "PR-US"]) expect(sell(code), code).toBe(g.REFUSALS["unknownJurisdiction"]);
    expect(sell("CA-ON").allowed).toBe(true);
    // the EU's outermost regions and Åland are in the EU; Puerto Rico is in the US, not California
    for (const code of ["GF", "RE", "AX", "DE", "FR-75"]) expect(sell(code).allowed, code).toBe(false);
    for (const code of ["JP", "US-TX", "PR", "CA"]) expect(sell(code).allowed, code).toBe(true);
    // a territory outside the EU is the same place under its own code and as a subdivision
    for (const code of ["PF", "FR-PF", "AW", "NL-AW", "GL", "DK-GL"]) expect(sell(code).allowed, code).toBe(true);
    // Clipperton, the Caribbean Netherlands (three subdivisions in `BQ`), Svalbard and Jan Mayen
    // (two in `SJ`) too: none is in the EU by its country's prefix
    for (const code of ["CP", "FR-CP", "BQ", "NL-BQ1", "NL-BQ2", "NL-BQ3", "SJ", "NO-21", "NO-22"]) expect(sell(code).allowed, code).toBe(true);
    // and a rule on the one code holds for the other, both ways
    const pf = compilePolicyText(
      `policy f "F" { controller "Acme" { email "a@b.example" } jurisdictions EU, FR-PF }\ncategory email "Email"\nrecipient brokers "Brokers"\npurpose ads "Ads" { basis legitimate_interests  interest "x"  uses email }\nallow sell email to brokers for ads as sale\ndeny sell email to brokers when in FR-PF as no_pf\n`,
      "f.policy",
    );
    const f = await load(pf, "api-place-codes-pf");
    for (const code of ["PF", "FR-PF"]) expect(f.maySell("email", "brokers", "ads", { jurisdiction: code } as never).allowed, code).toBe(false);
    for (const code of ["FR", "NL-AW"]) expect(f.maySell("email", "brokers", "ads", { jurisdiction: code } as never).allowed, code).toBe(true);
    // a US territory is the same place as a country code and as a subdivision
    const pr = compilePolicyText(
      `policy k "K" { controller "Acme" { email "a@b.example" } jurisdictions EU, DE, US-PR }\ncategory email "Email"\nrecipient brokers "Brokers"\npurpose ads "Ads" { basis legitimate_interests  interest "x"  uses email }\nallow sell email to brokers for ads as sale\ndeny sell email to brokers when in US-PR as no_pr\ndeny sell email to brokers when in DE as no_de\n`,
      "k.policy",
    );
    const k = await load(pr, "api-place-codes-pr");
    const sellK = (jurisdiction: string) => k.maySell("email", "brokers", "ads", { jurisdiction } as never);
    for (const code of ["PR", "US-PR", "DE", "DE-BY"]) expect(sellK(code).allowed, code).toBe(false);
    // a subdivision no jurisdiction is, of a region whose places the rules tell apart, is somewhere in it
    for (const code of ["EU-DE", "EU-XX", "EEA-XX"]) expect(sellK(code), code).toBe(k.REFUSALS["unknownJurisdiction"]);
    expect(sellK("FR-75").allowed).toBe(true);
    // the reference reads codes the same way
    for (const code of ["PR", "US-PR", "EU-DE", "FR-75"]) {
      const ref = referenceDecision(pr.model, { action: "sell", category: "email", purpose: "ads", recipient: "brokers" }, { jurisdiction: code });
      expect(ref.allowed, code).toBe(sellK(code).allowed);
    }
    for (const code of ["USA", "XX", "US-XX", "GF", "JP", "US-TX", "CA-US", "CA-ON", "FR-PF", "NL-AW"]) {
      const ref = referenceDecision(c.model, { action: "sell", category: "email", purpose: "ads", recipient: "brokers" }, { jurisdiction: code });
      expect(ref.allowed, code).toBe(sell(code).allowed);
    }
  });

  it("answers a minor of no given age only as every age under 18 is: a rule for children never lets a 16-year-old through", async () => {
    const c = compilePolicyText(
      `policy m "M" { controller "Acme" { email "a@b.example" } jurisdictions EU }
category email "Email" { class personal }
purpose news "News" { basis legitimate_interests  interest "x"  uses email }
recipient parents "Parents' portal"
audience kids "Children" { age_under 13  collect no }
allow share email with parents for news when age_under 13 as parent_notice
`,
      "m.policy",
    );
    const g = await load(c, "api-minor-ages");
    const share = (ctx: object) => g.mayShare("email", "parents", "news", ctx as never);
    expect(share({ jurisdiction: "DE", minor: true, age: 10 }).allowed).toBe(true);
    expect(share({ jurisdiction: "DE", minor: true, age: 15 }).allowed).toBe(false);
    expect(share({ jurisdiction: "DE", minor: true })).toBe(g.REFUSALS["unknownAge"]);
    expect(share(g.prepareContext({ jurisdiction: "DE", minor: true }))).toBe(g.REFUSALS["unknownAge"]);
    expect(share({ minor: true })).toBe(g.REFUSALS["unknownAge"]);
    // with the place unknown too, the refusal names what changes the answer
    const both = compilePolicyText(
      `policy n "N" { controller "Acme" { email "a@b.example" } jurisdictions EU, US-CA }
category email "Email" { class personal }
purpose news "News" { basis legitimate_interests  interest "x"  uses email }
recipient parents "Parents' portal"
recipient ads "Ads"
allow share email with parents for news when age_under 13 as parent_notice
allow sell email to ads for news unless in US-CA as sale
deny sell email to ads when age_under 16 as no_minor_sale
`,
      "n.policy",
    );
    const n = await load(both, "api-minor-ages-places");
    expect(n.mayShare("email", "parents", "news", { minor: true })).toBe(n.REFUSALS["unknownAge"]);
    expect(n.maySell("email", "ads", "news", { minor: true })).toBe(n.REFUSALS["unknownJurisdiction"]);
    expect(n.maySell("email", "ads", "news", { minor: true, age: 17 })).toBe(n.REFUSALS["unknownJurisdiction"]);
    expect(n.maySell("email", "ads", "news", { minor: true, jurisdiction: "DE" })).toBe(n.REFUSALS["unknownAge"]);
    for (const [ctx, req] of [
      [{ minor: true }, { action: "share", category: "email", purpose: "news", recipient: "parents" }],
      [{ minor: true }, { action: "sell", category: "email", purpose: "news", recipient: "ads" }],
    ] as const) {
      const guard = n.decide(req.action, req.category, req.purpose, req.recipient, ctx as never) as unknown as { refusal: string };
      expect(referenceDecision(both.model, req, ctx).refusal, req.recipient).toBe(guard.refusal === "unknownAge" ? "unknown-age" : "unknown-jurisdiction");
    }
    // what every age of a minor gets alike is answered: a child's data is not collected
    expect(g.mayCollect("email", "news", { jurisdiction: "DE", minor: true }).allowed).toBe(false);
    expect(g.mayUse("email", "news", { jurisdiction: "DE", minor: true }).allowed).toBe(true);
    expect(g.factsOf("news", "parents", { jurisdiction: "DE", minor: true })).toBe(null);
    // the reference reads it so
    const ref = referenceDecision(c.model, { action: "share", category: "email", purpose: "news", recipient: "parents" }, { jurisdiction: "DE", minor: true });
    expect(ref.refusal).toBe("unknown-age");
  });

  it("answers an adult of no given age only as every age from 18 is: a rule for the under-21s never lets a 19-year-old through", async () => {
    const c = compilePolicyText(
      `policy a "A" { controller "Acme" { email "a@b.example" } jurisdictions EU }
category email "Email" { class personal }
purpose drinks "Drinks offers" { basis legitimate_interests  interest "x"  uses email }
audience under21 "Under 21" { age_under 21  marketing no }
deny use personal for drinks when age_under 21 as no_drinks_offers
`,
      "a.policy",
    );
    const g = await load(c, "api-adult-ages");
    const use = (ctx: object) => g.mayUse("email", "drinks", ctx as never);
    expect(use({ jurisdiction: "DE", age: 19 }).allowed).toBe(false);
    expect(use({ jurisdiction: "DE", age: 25 }).allowed).toBe(true);
    for (const ctx of [{ jurisdiction: "DE" }, { jurisdiction: "DE", age: null }, { jurisdiction: "DE", minor: false }]) {
      expect(use(ctx), JSON.stringify(ctx)).toBe(g.REFUSALS["unknownAge"]);
      expect(use(g.prepareContext(ctx as never)), JSON.stringify(ctx)).toBe(g.REFUSALS["unknownAge"]);
      expect(referenceDecision(c.model, { action: "use", category: "email", purpose: "drinks", recipient: null }, ctx).refusal).toBe("unknown-age");
    }
    // a minor is under 21 at every age: denied, not refused
    expect(use({ jurisdiction: "DE", minor: true })).not.toBe(g.REFUSALS["unknownAge"]);
    expect(use({ jurisdiction: "DE", minor: true }).allowed).toBe(false);
    // what every adult age gets alike is answered
    expect(g.mayCollect("email", "drinks", { jurisdiction: "DE" }).allowed).toBe(true);
    expect(g.REFUSALS["unknownAge"]!.reason).toContain("does not give the person's `age`");
  });

  it("refuses a context or record whose members it would have to inherit (a class's getters, Object.create), never reading them as absent", async () => {
    const c = compilePolicyText(SMALL.replace("uses c3  withdraw", "uses c3  excludes kids  withdraw") + 'audience kids "Kids" { age_under 16 }\n', "small.policy");
    const g = await load(c, "api-inherited");
    const base = { policy: "small", consentHash: c.model.consentHash, subject: "u", createdAt: AT, updatedAt: AT };
    // own members: the objection denies, the audience is excluded
    expect(g.mayUse("c2", "ads", { record: { ...base, purposes: { ads: withdrawn } } }).allowed).toBe(false);
    expect(g.mayUse("c2", "ads", {}).allowed).toBe(true);
    class Record {
      policy = base.policy;
      consentHash = base.consentHash;
      subject = base.subject;
      createdAt = AT;
      updatedAt = AT;
      get purposes() {
        return { ads: withdrawn };
      }
    }
    for (const record of [new Record(), Object.assign(Object.create({ purposes: { ads: withdrawn } }) as object, base), { ...base, purposes: Object.create({ ads: withdrawn }) as object }]) {
      expect(g.mayUse("c2", "ads", { record })).toBe(g.REFUSALS["malformedRecord"]);
      expect(g.consentRecordStatus(record)).toBe("malformed");
      expect(g.isConsentRecord(record)).toBe(false);
    }
    // a context's facts inherited: refused, not read as an adult outside every place
    class Ctx {
      get minor() {
        return true;
      }
    }
    for (const ctx of [new Ctx(), Object.create({ minor: true }) as object, Object.create({ age: 10 }) as object]) {
      expect(g.mayUse("c3", "offers", ctx as never)).toBe(g.REFUSALS["malformedContext"]);
      expect(g.mayUse("c3", "offers", g.prepareContext(ctx as never))).toBe(g.REFUSALS["malformedContext"]);
    }
    // an object built as JSON is: a prototype of null or an Object.prototype, of any realm;
    // anything else is refused, a class instance with its own fields too, and a chain that ends
    // in an object without a prototype (Object.create(null) holding the objection)
    class Plain {
      minor = true;
    }
    expect(g.mayUse("c3", "offers", new Plain() as never)).toBe(g.REFUSALS["malformedContext"]);
    expect(g.mayUse("c3", "offers", { minor: true }).allowed).toBe(false);
    expect(g.mayUse("c3", "offers", Object.assign(Object.create(null) as object, { minor: true }) as never).allowed).toBe(false);
    const { runInNewContext } = await import("node:vm");
    expect(g.mayUse("c3", "offers", runInNewContext("({ minor: true })") as never).allowed).toBe(false);
    const defaults = Object.assign(Object.create(null) as object, { ads: withdrawn });
    expect(g.mayUse("c2", "ads", { record: { ...base, purposes: Object.create(defaults) as object } })).toBe(g.REFUSALS["malformedRecord"]);
    const kid = Object.assign(Object.create(null) as object, { minor: true });
    expect(g.mayUse("c3", "offers", Object.create(kid) as never)).toBe(g.REFUSALS["malformedContext"]);
    // a look-alike of another realm's Object.prototype, holding the record the context inherits:
    // refused, not read as a context without a record (which an opt-out purpose would allow)
    const lookalike = (extra: object) => Object.assign(Object.create(null) as object, { isPrototypeOf: () => false, hasOwnProperty: () => false }, extra);
    const inherits = Object.create(lookalike({ record: { ...base, purposes: { ads: withdrawn } } })) as never;
    expect(g.mayUse("c2", "ads", inherits)).toBe(g.REFUSALS["malformedContext"]);
    expect(g.mayUse("c2", "ads", g.prepareContext(inherits))).toBe(g.REFUSALS["malformedContext"]);
    const symbols = Object.create(lookalike({ [Symbol("record")]: 1 })) as never;
    expect(g.mayUse("c2", "ads", symbols)).toBe(g.REFUSALS["malformedContext"]);
    // another realm's own Object.prototype still passes, its objects' members read
    expect(g.mayUse("c2", "ads", runInNewContext("({})") as never).allowed).toBe(true);
    expect(g.mayUse("c2", "ads", { record: runInNewContext("(r) => JSON.parse(JSON.stringify(r))")({ ...base, purposes: { ads: withdrawn } }) } as never).allowed).toBe(false);
  });

  it("refuses a prepared context of another copy of the guards, and never throws on odd facts or times", async () => {
    const c = compilePolicyText(SMALL, "small.policy");
    const [a, b] = [await load(c, "api-copy-a"), await load(c, "api-copy-b")];
    expect(a).not.toBe(b);
    const record = { policy: "small", consentHash: c.model.consentHash, subject: "u", createdAt: AT, updatedAt: AT, purposes: { ads: withdrawn } };
    const handle = a.prepareContext({ record });
    expect(a.mayUse("c2", "ads", handle).allowed).toBe(false); // opted out
    expect(b.mayUse("c2", "ads", handle)).toBe(b.REFUSALS["malformedContext"]); // not read as an empty context
    expect(b.mayUse("c1", "p1", handle)).toBe(b.REFUSALS["malformedContext"]);
    expect(b.mayUse("c1", "p1", b.prepareContext(handle))).toBe(b.REFUSALS["malformedContext"]);
    expect(b.mayUse("c2", "ads", b.prepareContext({ record })).allowed).toBe(false);
    // a copy of a handle is no handle, and no empty context either: refused, never read as "no record"
    const mine = a.prepareContext({ record });
    for (const copy of [{ ...mine }, Object.assign({}, mine), structuredClone(mine), JSON.parse(JSON.stringify(mine)), Object.create(mine)]) {
      expect(a.mayUse("c2", "ads", copy)).toBe(a.REFUSALS["malformedContext"]);
      expect(a.prepareContext(copy)).not.toBe(copy);
      expect(a.mayUse("c2", "ads", a.prepareContext(copy))).toBe(a.REFUSALS["malformedContext"]);
    }
    expect(a.mayUse("c2", "ads", {}).allowed).toBe(true); // an empty context is one (no record: no objection)
    // nor is a Map (its entries are no properties), a Set or a Date: refused, not read as empty
    for (const odd of [new Map([["record", record]]), new Set(), new Date(0)]) {
      expect(a.mayUse("c2", "ads", odd as never)).toBe(a.REFUSALS["malformedContext"]);
      expect(a.mayUse("c2", "ads", a.prepareContext(odd as never))).toBe(a.REFUSALS["malformedContext"]);
    }
    // a class instance with the context's fields is a context
    class Ctx {
      constructor(readonly record: unknown) {}
    }
    expect(a.mayUse("c2", "ads", new Ctx(record) as never).allowed).toBe(false);
    // decideFacts: anything but an array of atoms is a malformed context
    for (const facts of [null, undefined, {}, "consent", new Proxy([], { get: () => { throw new Error("boom"); } })]) {
      expect(b.decideFacts("use", "c2", "ads", null, facts as never)).toBe(b.REFUSALS["malformedContext"]);
    }
    expect(b.decideFacts("use", "c2", "ads", null, ["consent"]).allowed).toBe(true);
    expect(b.decideFacts("use", "c2", "ads", null, []).allowed).toBe(false);
    // isExpired: a fake Date or a hostile object is not a time; a leap second is one
    const t0 = Date.parse("2016-01-01T00:00:00Z");
    expect(b.isExpired("c1", Object.create(Date.prototype), t0)).toBe(false);
    expect(b.isExpired("c1", new Proxy({}, { getPrototypeOf: () => { throw new Error("boom"); } }), t0)).toBe(false);
    expect(b.isExpired("c1", "2016-12-31T23:59:60Z", "2018-01-01T00:00:00Z")).toBe(true);
    expect(b.isExpired("c1", "2016-12-31T23:59:60.5+01:00", "2017-01-01T00:00:00Z")).toBe(false);
    // a Date of another realm is a Date
    const { runInNewContext } = await import("node:vm");
    const foreign = runInNewContext("new Date(Date.UTC(2016, 0, 1))") as Date;
    expect(foreign instanceof Date).toBe(false);
    expect(b.isExpired("c1", foreign, "2018-01-01T00:00:00Z")).toBe(true);
    // a record of another version is stale (ask again); one whose hash is no hash is malformed
    expect(b.consentRecordStatus({ ...record, consentHash: "sha256:" + "0".repeat(64) })).toBe("stale");
    expect(b.consentRecordStatus({ ...record, consentHash: "sha1:abc" })).toBe("malformed");
    expect(b.mayUse("c1", "p1", { record: { ...record, consentHash: "sha256:" } })).toBe(b.REFUSALS["malformedRecord"]);
  });

  it("recipient consent through a group, and retention periods", async () => {
    const c = compilePolicyText(SMALL, "small.policy");
    const g = await load(c, "api-small");
    const record = { policy: "small", consentHash: c.model.consentHash, subject: "u", createdAt: AT, updatedAt: AT };
    const share = (recipient: string, recipients: object) => g.mayShare("c1", recipient, "p1", { record: { ...record, recipients } });
    expect(share("g.a", {}).allowed).toBe(false);
    expect(share("g.a", { g: grant() })).toMatchObject({ allowed: true, ruleId: "share_g" });
    expect(share("g.b", { g: grant() }).allowed).toBe(true);
    expect(share("g.b", { g: grant(), "g.b": withdrawn }).allowed).toBe(false); // a withdrawal wins
    expect(share("g.b", { "g.b": grant() }).allowed).toBe(true);
    expect(share("g.a", { "g.b": grant() }).allowed).toBe(false);
    expect(share("g.a", { "g.a": grant() })).toBe(g.REFUSALS["malformedRecord"]); // g.a needs no consent: no such key
    expect(g.factsOf("p1", "g.a", { record: { ...record, recipients: { g: grant() } }, jurisdiction: "US" })).toEqual(["consent", "recipient_consent"]);
    // without a place the `in:` atoms are open, as the rules of `offers` tell places apart
    expect(g.factsOf("p1", "g.a", { record: { ...record, recipients: { g: grant() } } })).toBeNull();
    // where the person is decides `offers` (explicit consent in the EU): not knowing it allows
    // only what every place allows
    const offersIn = (ctx: object) => g.mayUse("c3", "offers", ctx);
    const plain = { record: { ...record, purposes: { offers: grant() } } };
    const explicit = { record: { ...record, purposes: { offers: grant(true) } } };
    expect(offersIn({ ...plain, jurisdiction: "US" }).allowed).toBe(true);
    expect(offersIn({ ...plain, jurisdiction: "DE" }).allowed).toBe(false);
    expect(offersIn(plain)).toBe(g.REFUSALS["unknownJurisdiction"]);
    expect(offersIn({ ...plain, jurisdiction: null })).toBe(g.REFUSALS["unknownJurisdiction"]);
    expect(offersIn(g.prepareContext(plain))).toBe(g.REFUSALS["unknownJurisdiction"]);
    expect(offersIn(explicit)).toMatchObject({ allowed: true, refusal: null });
    expect(offersIn({ record })).toMatchObject({ allowed: false, refusal: null });
    // a request no place changes is answered as before
    expect(g.mayUse("c1", "p1", {})).toMatchObject({ allowed: true });
    // channels: one of two opted out keeps the newsletter; both object to it
    const news = (channels: object) => g.mayUse("c1", "news", { record: { ...record, purposes: { news: grant() }, optOuts: { channels } } }).allowed;
    const out = { optedOut: true, at: AT, method: "email" };
    expect(news({})).toBe(true);
    expect(news({ email: out })).toBe(true);
    expect(news({ email: out, sms: out })).toBe(false);
    // opt-in outside the EU, explicit consent in it
    const offers = (entry: object | undefined, extra: object = {}) =>
      g.mayUse("c3", "offers", { record: { ...record, purposes: entry ? { offers: entry } : {} }, ...extra }).allowed;
    expect(offers(undefined)).toBe(false);
    expect(offers(grant(), { jurisdiction: "US" })).toBe(true);
    expect(offers(grant(), { jurisdiction: "EU" })).toBe(false);
    expect(offers(grant(true), { jurisdiction: "EU" })).toBe(true);
    expect(offers(withdrawn, { jurisdiction: "EU" })).toBe(false);
    // an opt-out under legitimate interests: allowed until the person opts out, denied after
    const ads = (r: object) => g.mayUse("c2", "ads", { record: { ...record, ...r } });
    expect(g.mayUse("c2", "ads", {}).allowed).toBe(true);
    expect(ads({}).allowed).toBe(true);
    expect(ads({ purposes: { ads: withdrawn } }).allowed).toBe(false);
    expect(ads({ optOuts: { interestBasedAdvertising: out } }).allowed).toBe(false);
    expect(g.mayUse("c1", "p1", { record: { ...record, purposes: { ads: withdrawn } } }).allowed).toBe(true);
    // retention: the longest limit of the rules that apply, capped by max; criteria with max: max
    expect(g.retentionOf("c1")?.limitDays).toBe(365);
    expect(g.retentionOf("c2")?.limitDays).toBe(90);
    expect(g.retentionOf("c3")?.limitDays).toBe(null);
    const day = 86_400_000;
    const t0 = Date.parse("2024-01-01T00:00:00Z");
    expect(g.isExpired("c1", t0, t0 + 364 * day)).toBe(false);
    // a year on the calendar: 2024 has 366 days, and the limit's last instant is not past it
    expect(g.isExpired("c1", t0, t0 + 366 * day)).toBe(false);
    expect(g.isExpired("c1", t0, t0 + 366 * day + 1)).toBe(true);
    expect(g.isExpired("c2", new Date(t0), new Date(t0 + 91 * day))).toBe(true);
    expect(g.isExpired("c2", "2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z")).toBe(false);
    expect(g.isExpired("c3", t0, t0 + 10_000 * day)).toBe(false);
    // a period that counts from the account's deletion: the time since collection says nothing
    // (an active account's data is not expired after 30 days, nor after 90)
    expect(g.retentionOf("c4")?.limitDays).toBe(null);
    expect(g.isExpired("c4", t0, t0 + 400 * day)).toBe(false);
    expect(g.isExpired("c4", { collection: t0, account_deletion: t0 }, t0 + 400 * day)).toBe(false);
    // `from account_deletion`: counted from the deletion when it is given; never before it happens
    expect(g.retentionOf("c5")).toMatchObject({ limitDays: 30, from: "account_deletion", rules: [{ id: "closed", from: "account_deletion", limitDays: 30 }] });
    expect(g.isExpired("c5", t0, t0 + 4000 * day)).toBe(false);
    expect(g.isExpired("c5", { collection: t0 }, t0 + 4000 * day)).toBe(false);
    expect(g.isExpired("c5", { collection: t0, account_deletion: null }, t0 + 4000 * day)).toBe(false);
    const closedAt = t0 + 1000 * day;
    expect(g.isExpired("c5", { collection: t0, account_deletion: closedAt }, closedAt + 29 * day)).toBe(false);
    expect(g.isExpired("c5", { collection: t0, account_deletion: new Date(closedAt) }, closedAt + 31 * day)).toBe(true);
    expect(g.isExpired("c5", { account_deletion: "2026-03-01T00:00:00Z" }, "2026-04-01T00:00:00Z")).toBe(true);
    // malformed times: an unknown start, a start that is no time
    expect(g.isExpired("c5", { deleted: closedAt }, closedAt + 31 * day)).toBe(false);
    expect(g.isExpired("c5", { account_deletion: "soon" }, closedAt + 31 * day)).toBe(false);
    expect(g.isExpired("c5", { account_deletion: closedAt, withdrawal: {} }, closedAt + 31 * day)).toBe(false);
    expect(g.isExpired("c5", [closedAt], closedAt + 31 * day)).toBe(false);
    // rules counting from different starts: each must have run out from its own; no one limit
    expect(g.retentionOf("c6")).toMatchObject({ limitDays: null, from: null });
    expect(g.retentionOf("c6")?.rules.map((r) => [r.id, r.from, r.limitDays])).toEqual([
      ["idle", "last_activity", 365 / 12],
      ["idle_books", "collection", 730],
    ]);
    const jan31 = Date.parse("2023-01-31T12:00:00Z");
    const both = (now: string) => g.isExpired("c6", { collection: t0, last_activity: jan31 }, now);
    expect(both("2025-06-01T00:00:00Z")).toBe(false); // a month from the last activity past, 2 years from collection not
    expect(both("2026-01-01T00:00:01Z")).toBe(true); // both past
    expect(g.isExpired("c6", { collection: Date.parse("2020-01-01T00:00:00Z"), last_activity: jan31 }, "2023-02-28T12:00:00Z")).toBe(false);
    // a month from 31 January ends on the last day of February
    expect(g.isExpired("c6", { collection: Date.parse("2020-01-01T00:00:00Z"), last_activity: jan31 }, "2023-02-28T12:00:01Z")).toBe(true);
    expect(g.isExpired("c6", { collection: Date.parse("2020-01-01T00:00:00Z") }, "2030-01-01T00:00:00Z")).toBe(false); // no last activity given
    // a period capped by its maximum ends at whichever ends first on the calendar: a month from
    // 1 February 2023 is 28 days, before the 30-day period
    expect(g.isExpired("c7", "2023-02-01T00:00:00Z", "2023-03-01T00:00:00Z")).toBe(false);
    expect(g.isExpired("c7", "2023-02-01T00:00:00Z", "2023-03-01T00:00:01Z")).toBe(true);
    expect(g.isExpired("c7", "2023-03-01T00:00:00Z", "2023-03-31T00:00:01Z")).toBe(true); // 30 days, before the month
    // a number beyond what a Date holds is no time
    expect(g.isExpired("c1", -1e20, t0)).toBe(false);
    expect(g.isExpired("c1", 9e15, 1e16)).toBe(false);
    expect(g.isExpired("c1", "yesterday", t0)).toBe(false);
    expect(g.isExpired("nope", t0, t0 + 10_000 * day)).toBe(false);
  });

  it("a denial for want of facts says which facts each allow waits for; with no allow at all, the default deny", async () => {
    const g = await load(compilePolicyText(SMALL), "api-unmet");
    const offers = g.mayUse("c3", "offers", {});
    expect(offers).toMatchObject({
      allowed: false,
      rule: null,
      ruleId: null,
      refusal: null,
      reason: "denied: allowed by purpose offers (basis consent) only when consent, not in EU; or by purpose offers (basis explicit_consent in EU) only when explicit_consent, in EU",
    });
    expect(Object.isFrozen(offers)).toBe(true);
    // the same object each time: nothing is made per call
    expect(g.mayUse("c3", "offers", {})).toBe(offers);
    expect(g.mayShare("c1", "g.a", "p1", {}).reason).toBe("denied: allowed by rule share_g only when recipient_consent");
    // nothing allows sharing with r1, nor using c3 for p1: the default deny
    expect(g.mayShare("c1", "r1", "p1", {})).toBe(g.DEFAULT_DENY);
    expect(g.mayUse("c3", "p1", {})).toBe(g.DEFAULT_DENY);
    // an allow that a deny of the cell always comes with can grant nothing: it is not named
    const covered = await load(
      compilePolicyText(
        'policy t "T" { controller "Acme" { email "a@b.example" } }\ncategory c "C" { class personal }\nrecipient teachers "Teachers"\n' +
          'purpose school "School" { basis contract  uses c }\ndeny share c with teachers when minor\nallow share c with teachers for school when minor, consent as kids\n',
      ),
      "api-covered",
    );
    expect(covered.mayShare("c", "teachers", "school", {})).toBe(covered.DEFAULT_DENY);
    // the README's example
    expect((await xiaomiGuards()).mayUse("contact.email", "marketing.direct", {}).reason).toBe(
      "denied: allowed by purpose marketing.direct (basis consent_or_no_objection) only when consent; or by rule lawful_use only when permitted_by_law",
    );
  });

  it("tells audiences apart by the person's age, and takes a minor of no known age to be in every one", async () => {
    const g = await load(
      compilePolicyText(
        'policy t "T" { controller "Acme" { email "a@b.example" } }\ncategory c "C" { class personal }\n' +
          'purpose p "P" { basis contract  uses c }\npurpose ads "Ads" { basis contract  uses c  marketing yes  excludes kids, teens }\n' +
          'audience kids "Children" { age_under 13  collect no  marketing no }\naudience teens "Teenagers" { age_under 16  marketing no }\n',
      ),
      "api-ages",
    );
    const collect = (ctx: object) => g.mayCollect("c", "p", ctx).allowed;
    const market = (ctx: object) => g.mayUse("c", "ads", ctx).allowed;
    // a 14-year-old is a teenager, not a child: collected from, not marketed to
    expect([collect({ age: 14 }), market({ age: 14 })]).toEqual([true, false]);
    expect([collect({ age: 10 }), market({ age: 10 })]).toEqual([false, false]);
    expect([collect({ age: 16 }), market({ age: 16 })]).toEqual([true, true]);
    // the minor flag does not undo an age, and an age under 18 makes a minor
    expect([collect({ age: 14, minor: true }), market({ age: 14, minor: false })]).toEqual([true, false]);
    // no age: a minor is in every audience; an adult in none
    expect([collect({ minor: true }), market({ minor: true })]).toEqual([false, false]);
    expect([collect({}), market({})]).toEqual([true, true]);
    expect(g.mayCollect("c", "p", g.prepareContext({ age: 12 }))).toBe(g.mayCollect("c", "p", { age: 12 }));
    expect(g.mayCollect("c", "p", { age: 12 }).ruleId).toBe("audience:kids:collect");
    // an age is a whole number of years from 0 to 150
    for (const age of [-1, 14.5, 151, Number.NaN, "14", true]) expect(g.mayCollect("c", "p", { age }), String(age)).toBe(g.REFUSALS.malformedContext);
    // null, as an optional column gives it: not known
    expect([collect({ age: null, minor: true }), collect({ age: null })]).toEqual([false, true]);
  });

  it("a stale record refuses only what a consent could change; the rest is answered as without a record", async () => {
    const c = compilePolicyText(SMALL);
    const g = await load(c, "api-stale");
    const stale = { policy: "small", consentHash: "sha256:" + "0".repeat(64), subject: "u", createdAt: AT, updatedAt: AT, purposes: { news: grant() } };
    const ctx = { record: stale };
    // a contract purpose needs no consent: allowed, naming its rule, prepared or not
    expect(g.mayUse("c1", "p1", ctx)).toMatchObject({ allowed: true, ruleId: "purpose:p1:use" });
    expect(g.mayUse("c1", "p1", g.prepareContext(ctx))).toBe(g.mayUse("c1", "p1", ctx));
    // consent (granted in the stale record), an opt-out purpose (which no record would deny) and
    // consent to a recipient are the person's to give again
    expect(g.mayUse("c1", "news", ctx)).toBe(g.REFUSALS.staleRecord);
    expect(g.mayUse("c2", "ads", ctx)).toBe(g.REFUSALS.staleRecord);
    expect(g.mayUse("c2", "ads", {})).toMatchObject({ allowed: true });
    expect(g.mayShare("c1", "g.a", "p1", ctx)).toBe(g.REFUSALS.staleRecord);
    // what no consent could allow is denied as without a record, not sent back to the banner
    expect(g.mayShare("c2", "r1", "p1", ctx)).toBe(g.mayShare("c2", "r1", "p1", {}));
    expect(g.mayShare("c2", "r1", "p1", ctx)).toMatchObject({ allowed: false, refusal: null });
    expect(g.mayUse("c3", "news", ctx)).toMatchObject({ allowed: false, refusal: null });
    // what a stale record says about consent is not known
    expect(g.factsOf("p1", null, ctx)).toBeNull();
    expect(g.consentRecordStatus(stale)).toBe("stale");
  });

  it("a jurisdiction is an upper-case code, and a member state is in the EU", async () => {
    const g = await load(compilePolicyText(SMALL), "api-places");
    const record = (purposes: object) => ({ policy: "small", consentHash: compilePolicyText(SMALL).model.consentHash, subject: "u", createdAt: AT, updatedAt: AT, purposes });
    // offers: explicit consent in the EU, plain consent elsewhere
    const plain = record({ offers: grant() });
    expect(g.mayUse("c3", "offers", { record: plain, jurisdiction: "EU" }).allowed).toBe(false);
    expect(g.mayUse("c3", "offers", { record: plain, jurisdiction: "DE" }).allowed).toBe(false);
    expect(g.mayUse("c3", "offers", { record: plain, jurisdiction: "JP" }).allowed).toBe(true);
    expect(g.mayUse("c3", "offers", { record: record({ offers: grant(true) }), jurisdiction: "DE" }).allowed).toBe(true);
    for (const typo of ["eu", "EU ", "", "Deutschland"]) {
      expect(g.mayUse("c3", "offers", { record: plain, jurisdiction: typo }), typo).toBe(g.REFUSALS.malformedContext);
    }
    // a subdivision is in its country
    expect(g.mayUse("c3", "offers", { record: plain, jurisdiction: "DE-BY" }).allowed).toBe(false);
    expect(g.mayUse("c3", "offers", { record: plain, jurisdiction: "US-CA" }).allowed).toBe(true);
  });

  it("withFacts picks a place in every jurisdiction to hold and one in none to fail, or none", async () => {
    const text = 'policy t "T" { controller "A" { email "a@b.example" }  jurisdictions EU, EEA }\ncategory c "C" { class personal }\npurpose p "P" { basis contract  uses c }\n';
    const dir = scratch("api-withfacts");
    writeFiles(dir, emitAll(compilePolicyText(text)));
    const arbs = await importFile<{ withFacts: (ctx: object, req: object, hold: string[], fail: string[]) => { jurisdiction?: unknown } | null }>(join(dir, "arbitraries.ts"));
    const req = { action: "use", category: "c", purpose: "p", recipient: null };
    expect(arbs.withFacts({}, req, ["in:EU", "in:EEA"], [])?.jurisdiction).toBe("EU");
    expect(arbs.withFacts({}, req, ["in:EEA"], ["in:EU"])?.jurisdiction).toBe("EEA");
    // the EU is in the EEA: no place is in the one and not the other
    expect(arbs.withFacts({}, req, ["in:EU"], ["in:EEA"])).toBeNull();
    // a place in none of them: not no place, which the guards would take as not known
    expect(arbs.withFacts({ jurisdiction: "DE" }, req, [], ["in:EEA"])?.jurisdiction).toBe("JP");
    expect(arbs.withFacts({}, req, [], [])?.jurisdiction).toBe("JP");
    // a subdivision lies where its country does
    expect(arbs.withFacts({ jurisdiction: "DE-BY" }, req, [], ["in:EU"])?.jurisdiction).toBe("JP");
    expect(arbs.withFacts({ jurisdiction: "US-NY" }, req, [], ["in:EU"])?.jurisdiction).toBe("US-NY");
  });

  it("a context getter that calls a guard changes nothing about the request asked", async () => {
    const c = compilePolicyText(SMALL);
    const g = await load(c, "api-reentrant-stale");
    const stale = { policy: "small", consentHash: "sha256:" + "0".repeat(64), subject: "u", createdAt: AT, updatedAt: AT };
    const ctx = {
      record: stale,
      get jurisdiction() {
        g.decideFacts("use", "c3", "offers", null, []);
        return null;
      },
    };
    // sharing with g.a waits for consent to the recipient, which a stale record cannot give
    expect(g.mayShare("c1", "g.a", "p1", ctx)).toBe(g.REFUSALS.staleRecord);
    // a getter calling a guard with a stale prepared context leaves a current record current
    const preparedStale = g.prepareContext({ record: stale });
    const current = {
      record: { policy: "small", consentHash: c.model.consentHash, subject: "u", createdAt: AT, updatedAt: AT, purposes: { news: grant() } },
      get jurisdiction() {
        g.mayUse("c1", "news", preparedStale);
        return "US";
      },
    };
    expect(g.mayUse("c1", "news", current)).toMatchObject({ allowed: true });
    expect(g.factsOf("news", null, current)).not.toBeNull();
  });
});
