/**
 * The emitted `invariants.test.ts`, run for real: xiaomi's assertions are imported into this
 * test file (so vitest and fast-check resolve from the repository) and must hold; a policy whose
 * assertions are false must make the emitted tests fail, each with a counterexample.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePolicyText, compileXiaomi, emitAll, importFile, scratch, writeFiles } from "./helpers.js";
import { compileText } from "../../helpers.js";


// xiaomi: its describe block registers here, at collection time
{
  const dir = scratch("invariants-xiaomi");
  writeFiles(dir, emitAll(compileXiaomi()));
  await importFile(join(dir, "invariants.generated.ts"));
}

const FALSE_ASSERTIONS = `policy broken "Broken" { controller "Acme" { email "a@b.example" } jurisdictions EU }
category c1 "C1"
category c2 "C2"
recipient r1 "R1"
purpose p1 "P1" { basis contract  uses c1 }
purpose p2 "P2" { basis consent  consent opt_in  uses c1, c2 }
allow share c2 with r1 for p2 when consent
assert never use c1 for p1
assert never share c2 with r1 for p2 unless consent
assert never share c2 with r1 for p2 unless in EU
assert allows use c2 for p1
assert allows share c2 with r1 for p2 when consent
`;

/** Assertions about places and ages: true ones only hold for people who can exist. */
const PEOPLE = `policy people "People" { controller "Acme" { email "a@b.example" } jurisdictions EU, EEA }
category c "C" { class personal }
purpose p "P" { basis contract  uses c }
audience kids "Kids" { age_under 13  collect no }
deny use c for p unless in EEA
assert allows use c for p when in EU
assert allows collect c for p when age_under 16, not age_under 13
assert never collect c when age_under 13
assert allows collect c for p when minor
assert never collect c when in EU, not in EEA
`;

interface Collected {
  readonly tests: { name: string; fn: () => void }[];
  readonly skipped: string[];
}

/** Runs the emitted invariants of `dir` against a stand-in for vitest that collects its tests. */
async function collect(dir: string): Promise<(name: string) => string> {
  writeFileSync(
    join(dir, "vitest-stand-in.ts"),
    `export { expect } from "vitest";
export const tests: { name: string; fn: () => void }[] = [];
export function describe(_name: string, body: () => void): void { body(); }
export function it(name: string, fn: () => void): void { tests.push({ name, fn }); }
export const skipped: string[] = [];
it.skip = (name: string, _fn: () => void): void => { skipped.push(name); };
`,
  );
  const source = readFileSync(join(dir, "invariants.generated.ts"), "utf8").replace(`from "vitest"`, `from "./vitest-stand-in.js"`);
  writeFileSync(join(dir, "invariants.stand-in.ts"), source);
  await importFile(join(dir, "invariants.stand-in.ts"));
  const { tests, skipped } = await importFile<Collected>(join(dir, "vitest-stand-in.ts"));
  return (name: string) => {
    if (skipped.some((x) => x.startsWith(name))) return "skipped";
    const t = tests.find((x) => x.name.startsWith(name));
    if (!t) throw new Error(`no emitted test ${name}`);
    try {
      t.fn();
      return "pass";
    } catch (e) {
      return `${String(e)} ${String((e as { cause?: unknown }).cause)}`.replace(/\s+/g, " ");
    }
  };
}

describe("emitted invariant tests", () => {
  it("catch guards that break a policy's assertions in one cell, or take no entry for consent", async () => {
    for (const [name, mutate, failing] of [
      [
        "one sell request allowed",
        (js: string) => js.replace("function run(a, category, purpose, recipient, ctx) {", 'function run(a, category, purpose, recipient, ctx) {\n    if (a === 3 && category === "web.isp" && purpose === "analytics.site" && recipient === "advertisers") return DECISIONS.find((d) => d.allowed);'),
        "assert never sell personal to anyone",
      ],
      [
        "an opt-in purpose consented unless withdrawn",
        (js: string) => js.replace("(mode === OPT_IN ? state === GRANTED || state === GRANTED_EXPLICIT : state !== WITHDRAWN)", "(state !== WITHDRAWN)"),
        "assert never use personal for marketing.direct",
      ],
    ] as const) {
      const dir = scratch("invariants-mutant");
      writeFiles(dir, emitAll(compileXiaomi()));
      const js = readFileSync(join(dir, "guards.js"), "utf8");
      const mutant = mutate(js);
      expect(mutant, name).not.toBe(js);
      writeFileSync(join(dir, "guards.js"), mutant);
      writeFileSync(join(dir, "guards.ts"), `export * from "./guards.js";\n`);
      const outcome = await collect(dir);
      expect(outcome(failing), name).toMatch(/under \{/);
      expect(outcome("assert never share personal with partners"), name).toBe("pass");
    }
  }, 60_000);

  it("catch guards that answer a context without a place as if the person were outside every jurisdiction", async () => {
    const policy = `policy places "Places" { controller "Acme" { email "a@b.example" } jurisdictions EU }
category c "C" { class personal }
purpose p "P" { basis consent { EU explicit_consent }  consent opt_in  uses c }
`;
    const dir = scratch("invariants-places");
    writeFiles(dir, emitAll(compilePolicyText(policy, "places.policy")));
    expect((await collect(dir))("not knowing where a person is")).toBe("pass");
    // the guards as they were: no place taken for a place outside the EU
    const mutantDir = scratch("invariants-places-mutant");
    writeFiles(mutantDir, emitAll(compilePolicyText(policy, "places.policy")));
    const js = readFileSync(join(mutantDir, "guards.js"), "utf8");
    const mutant = js.replace(/const PLACE_MASKS = \[[^\]]*\];/, "const PLACE_MASKS = [0];");
    expect(mutant).not.toBe(js);
    writeFileSync(join(mutantDir, "guards.js"), mutant);
    writeFileSync(join(mutantDir, "guards.ts"), `export * from "./guards.js";\n`);
    expect((await collect(mutantDir))("not knowing where a person is")).toMatch(/is allowed without a place, but not in /);
  }, 60_000);

  it("catch guards that answer a region as if its person were outside the places the rules name in it", async () => {
    const policy = `policy regions "Regions" { controller "Acme" { email "a@b.example" } jurisdictions US, US-CA }
category c "C" { class personal }
recipient b "Brokers"
purpose p "P" { basis legitimate_interests  interest "x"  uses c }
allow sell c to b for p as sale
deny sell c to b when in US-CA as no_sale_ca
`;
    const dir = scratch("invariants-regions");
    writeFiles(dir, emitAll(compilePolicyText(policy, "regions.policy")));
    expect((await collect(dir))("naming a region never allows")).toBe("pass");
    // the assertions' properties build their contexts with a place precise enough: a region
    // (US, which holds US-CA) gets no facts, and US itself need not be declared to be one
    for (const jurisdictions of ["US, US-CA", "EU, US-CA"]) {
      const asserted = `${policy.replace("jurisdictions US, US-CA", `jurisdictions ${jurisdictions}`)}assert never share c with b for p\n${jurisdictions.startsWith("US") ? "assert allows sell c to b when in US, not in US-CA\n" : ""}`;
      const at = scratch("invariants-regions-asserted");
      writeFiles(at, emitAll(compilePolicyText(asserted, "regions.policy")));
      const run = await collect(at);
      expect(run("assert never share c with b for p"), jurisdictions).toBe("pass");
      if (jurisdictions.startsWith("US")) expect(run("assert allows sell c to b when in US, not in US-CA"), jurisdictions).toBe("pass");
      expect(run("naming a region never allows"), jurisdictions).toBe("pass");
    }
    // the guards as they were: "US" read as somewhere in the US outside California, whether or
    // not the policy declares US itself
    for (const jurisdictions of ["US, US-CA", "EU, US-CA"]) {
      const mutantDir = scratch("invariants-regions-mutant");
      writeFiles(mutantDir, emitAll(compilePolicyText(policy.replace("jurisdictions US, US-CA", `jurisdictions ${jurisdictions}`), "regions.policy")));
      const js = readFileSync(join(mutantDir, "guards.js"), "utf8");
      const mutant = js.replace(/const PLACES_WITHIN = new Map\(\[.*\]\);/, "const PLACES_WITHIN = new Map([]);");
      expect(mutant, jurisdictions).not.toBe(js);
      writeFileSync(join(mutantDir, "guards.js"), mutant);
      writeFileSync(join(mutantDir, "guards.ts"), `export * from "./guards.js";\n`);
      expect((await collect(mutantDir))("naming a region never allows"), jurisdictions).toMatch(/is allowed in US, but not in US-CA/);
    }
  }, 60_000);

  it("build no context for a place the guards cannot know precisely: somewhere in Germany outside Bavaria", async () => {
    // the guards read an unknown German subdivision (DE-X1) as somewhere in Germany, maybe Bavaria
    const policy = `policy d "D" { controller "Acme" { email "a@b.example" } jurisdictions EU, DE, DE-BY }
category c "C" { class personal }
recipient r "R"
purpose p "P" { basis legitimate_interests  interest "x"  uses c }
allow share c with r for p as ok
deny share c with r when in DE-BY as no_by
assert allows share c with r for p when in DE, not in DE-BY as de_ok
assert never share c with r when in DE-BY as by_never
`;
    const dir = scratch("invariants-subdivisions");
    writeFiles(dir, emitAll(compilePolicyText(policy, "d.policy")));
    const run = await collect(dir);
    expect(run("assert allows share c with r for p when in DE, not in DE-BY")).toBe("pass");
    expect(run("assert never share c with r when in DE-BY")).toBe("pass");
    expect(run("naming a region never allows")).toBe("pass");
  }, 60_000);

  it("catch guards that take a minor of no given age to be under every age the policy names", async () => {
    const policy = `policy ages "Ages" { controller "Acme" { email "a@b.example" } jurisdictions EU }
category c "C" { class personal }
recipient parents "Parents"
purpose p "P" { basis legitimate_interests  interest "x"  uses c }
allow share c with parents for p when age_under 13 as to_parents
`;
    const dir = scratch("invariants-ages");
    writeFiles(dir, emitAll(compilePolicyText(policy, "ages.policy")));
    expect((await collect(dir))("a minor of no given age")).toBe("pass");
    // the guards as they were: every age bit for a minor of no age
    const mutantDir = scratch("invariants-ages-mutant");
    writeFiles(mutantDir, emitAll(compilePolicyText(policy, "ages.policy")));
    const js = readFileSync(join(mutantDir, "guards.js"), "utf8");
    const all = /const MINOR_AGE_MASKS = \[(\d+)/.exec(js)![1]!;
    const mutant = js.replace(/const MINOR_AGE_MASKS = \[[^\]]*\];/, `const MINOR_AGE_MASKS = [${all}];`);
    expect(mutant).not.toBe(js);
    writeFileSync(join(mutantDir, "guards.js"), mutant);
    writeFileSync(join(mutantDir, "guards.ts"), `export * from "./guards.js";\n`);
    expect((await collect(mutantDir))("a minor of no given age")).toMatch(/is allowed for a minor of no age, but not at 13/);
  }, 60_000);

  it("fail on a policy whose assertions are false, and pass where they hold", async () => {
    const dir = scratch("invariants-broken");
    writeFiles(dir, emitAll(compilePolicyText(FALSE_ASSERTIONS, "broken.policy")));
    const run = await collect(dir);
    const outcome = run;
    expect(outcome("the guards were generated")).toBe("pass");
    expect(outcome("assert never use c1 for p1")).toMatch(/use c1 for p1.*allowed by purpose p1/);
    expect(outcome("assert never share c2 with r1 for p2 unless consent")).toBe("pass");
    expect(outcome("assert never share c2 with r1 for p2 unless in EU")).toMatch(/share c2 with r1 for p2/);
    expect(outcome("assert allows use c2 for p1")).toMatch(/use c2 for p1 with exactly no facts: denied/);
    expect(outcome("assert allows share c2 with r1 for p2 when consent")).toBe("pass");
  });

  it("test an `allows` for every person it speaks of, as the checker does: a place with its regions, an age with its facts", async () => {
    const c = compilePolicyText(PEOPLE, "people.policy");
    // the checker proves the first three and refutes the last (a child is a minor)
    const checked = compileText(PEOPLE);
    expect(checked.diagnostics.filter((d) => d.code === "PC3019").map((d) => d.message)).toEqual([
      expect.stringMatching(/^assertion `assert allows collect c for p when minor` does not hold: collect `c` for `p` is denied when minor, age_under:13/),
    ]);
    const dir = scratch("invariants-people");
    writeFiles(dir, emitAll(c));
    const outcome = await collect(dir);
    // in:EU comes with in:EEA, which the deny waits for
    expect(outcome("assert allows use c for p when in EU")).toBe("pass");
    expect(outcome("assert allows collect c for p when age_under 16, not age_under 13")).toBe("pass");
    expect(outcome("assert never collect c when age_under 13")).toBe("pass");
    // no one is in the EU and outside the EEA: nothing to test, and the test says so (PC3022)
    expect(outcome("assert never collect c when in EU, not in EEA")).toBe("skipped");
    expect(outcome("assert allows collect c for p when minor")).toMatch(/collect c for p with exactly minor, age_under:13(, age_under:16)?: denied: no collection from audience kids/);
  });
});
