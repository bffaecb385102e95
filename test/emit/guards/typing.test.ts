/**
 * What the generated guards' types let a caller write, checked by TypeScript itself with the
 * strictest options: each guard takes a recipient or none as its action does, a decision
 * narrows on `allowed`, and a refusal is named by `refusal`. Each line marked
 * `@ts-expect-error` must be an error (TypeScript reports a directive that finds none), and
 * every other line must compile: against `guards.ts` and against `guards.d.ts` alike.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePolicyText, compileXiaomi, emitAll, importFile, REPO, scratch, typeCheck, writeFiles, type GuardsModule } from "./helpers.js";

const POLICY = `policy small "Small" { controller "Acme" { email "a@b.example" } }
category c "C" { class personal }
recipient r "R"
purpose p "P" { basis contract  uses c }
allow share c with r for p
`;

const USE = `import { decide, decideFacts, mayShare, mayUse, REFUSALS, type Action, type ConsentRecord, type Decision, type Recipient, type Refusal } from "./guards.js";

declare const anyAction: Action;
declare const maybeRecipient: Recipient | null;

// an action known only at run time: a recipient or null, checked at run time
decide(anyAction, "c", "p", maybeRecipient, {});
decideFacts(anyAction, "c", "p", maybeRecipient, []);
decide("share", "c", "p", "r", {});
decide("collect", "c", "p", null, {});
// narrowing the action does not make a call that compiled before fail
switch (anyAction) {
  case "share":
  case "sell":
    decide(anyAction, "c", "p", maybeRecipient, {});
    break;
  default:
    decideFacts(anyAction, "c", "p", null, ["consent"]);
}
// @ts-expect-error not a recipient of the policy
decide("sell", "c", "p", "nobody", {});
// an action known when writing the call: the compiler checks the recipient
mayShare("c", "r", "p", {});
// @ts-expect-error share takes a recipient
mayShare("c", null, "p", {});
// @ts-expect-error use takes none
mayUse("c", "r", "p", {});

// a decision narrows on \`allowed\`
const d: Decision = mayShare("c", "r", "p", {});
if (d.allowed) {
  const rule: string = d.rule;
  const ruleId: string = d.ruleId;
  const none: null = d.refusal;
  void [rule, ruleId, none];
} else {
  // @ts-expect-error a denial may come from no rule
  const rule: string = d.rule;
  const why: Refusal | null = d.refusal;
  void [rule, why];
}

// refusals are named, each by its own name
function explain(x: Decision): string {
  switch (x.refusal) {
    case null:
      return x.allowed ? "allowed" : "denied by the policy";
    case "staleRecord":
      return "ask again";
    default:
      return x.refusal;
  }
}
const stale: "staleRecord" = REFUSALS.staleRecord.refusal;
// an optional member of a record may be undefined (exactOptionalPropertyTypes), as the guards take it
const loose: ConsentRecord = { policy: "small", consentHash: "sha256:0", subject: "u", createdAt: "t", updatedAt: "t", policyVersion: undefined, purposes: undefined, optOuts: undefined };
void loose;
const noRule: null = REFUSALS.unknownPurpose.rule;
// @ts-expect-error not a refusal
const wrong: Refusal = "unknownThing";
void [explain, stale, noRule, wrong];
`;

describe("the guards' types", () => {
  const compiled = compilePolicyText(POLICY, "small.policy");
  const files = emitAll(compiled);

  it("check the recipient of a guard per action, narrow decisions, and name refusals: in guards.ts", () => {
    const dir = scratch("typing-ts");
    writeFiles(dir, files.filter((f) => f.path === "guards.ts"));
    writeFileSync(join(dir, "use.ts"), USE);
    expect(typeCheck([join(dir, "use.ts")])).toEqual([]);
  });

  it("and in guards.d.ts, what a JavaScript build of them exports", () => {
    const dir = scratch("typing-dts");
    writeFiles(dir, files.filter((f) => f.path === "guards.d.ts" || f.path === "guards.js"));
    writeFileSync(join(dir, "use.ts"), USE);
    expect(typeCheck([join(dir, "use.ts")])).toEqual([]);
    // no more than guards.js exports: a .d.ts without `export {}` exports every declaration
    writeFileSync(join(dir, "brand.ts"), 'import { PREPARED_BRAND } from "./guards.js";\nvoid PREPARED_BRAND;\n');
    expect(typeCheck([join(dir, "brand.ts")]).join("\n")).toMatch(/PREPARED_BRAND/);
  });

  it("at run time, every refusal carries its own name and decisions of the rules carry none", async () => {
    const dir = scratch("typing-run");
    writeFiles(dir, files);
    const g = await importFile<GuardsModule & { REFUSALS: Record<string, { refusal: string | null }> }>(join(dir, "guards.js"));
    for (const [name, refusal] of Object.entries(g.REFUSALS)) expect(refusal.refusal, name).toBe(name);
    expect(Object.keys(g.REFUSALS)).toHaveLength(11);
    const allowed = g.decide("share", "c", "p", "r", {}) as unknown as { allowed: boolean; refusal: string | null; rule: string | null };
    expect([allowed.allowed, allowed.refusal, allowed.rule]).toEqual([true, null, "small.policy:5"]);
    const denied = g.decide("use", "c", "nothing", null, {}) as unknown as { refusal: string | null };
    expect(denied.refusal).toBe("unknownPurpose");
    const byDefault = g.decide("sell", "c", "p", "r", {}) as unknown as { allowed: boolean; refusal: string | null; rule: string | null };
    expect([byDefault.allowed, byDefault.refusal, byDefault.rule]).toEqual([false, null, null]);
    const noRecipient = g.decide("share", "c", "p", null, {}) as unknown as { refusal: string | null };
    expect(noRecipient.refusal).not.toBeNull();
  });

  it("the README's example compiles against the flagship's guards", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Using the generated guards"));
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toContain("mayShare(");
    const dir = scratch("typing-readme");
    writeFiles(dir, emitAll(compileXiaomi()).filter((f) => f.path === "guards.ts"));
    const preamble = `import type { ConsentRecord } from "./guards.js";\ndeclare const record: ConsentRecord;\ndeclare function log(rule: string): void;\ndeclare function askForConsentAgain(): void;\n`;
    writeFileSync(join(dir, "use.ts"), preamble + block!.replace("./generated/xiaomi/guards.js", "./guards.js"));
    expect(typeCheck([join(dir, "use.ts")])).toEqual([]);
  });
});
