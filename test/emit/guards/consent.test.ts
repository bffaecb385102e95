/**
 * The consent record: its schema compiles in ajv strict mode and is closed where a typo would
 * pass; the standalone validator needs nothing (no `require`, no ajv) and runs in a bare Node
 * process; and ajv, the standalone validator and the guards agree on every record the generated
 * arbitraries produce: well-formed ones validate, malformed ones are rejected by all three and
 * make the guards refuse, stale ones are well-formed but refused.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, parse } from "node:path";
import fc from "fast-check";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { consentValidator, referenceDecision } from "../../../src/emit/guards/index.js";
import { compilePolicyText, compileXiaomi, emitAll, file, importFile, scratch, writeFiles, type Compiled, type GuardsModule } from "./helpers.js";
import { policyTextArb } from "./random-policy.js";
import type { EmittedFile } from "../../../src/emit/types.js";

interface RecordArbitraries {
  readonly consentRecordArb: fc.Arbitrary<unknown>;
  readonly invalidConsentRecordArb: fc.Arbitrary<unknown>;
  readonly staleConsentRecordArb: fc.Arbitrary<unknown>;
}
type Validator = ((x: unknown) => boolean) & { errors?: unknown };


/** The flagship, compiled and emitted once for the whole file. */
const xiaomi = compileXiaomi();
let emitted: EmittedFile[] | undefined;
const xiaomiFiles = (): EmittedFile[] => (emitted ??= emitAll(xiaomi));

async function load(c: Compiled, name: string, files: EmittedFile[] = emitAll(c)) {
  const dir = scratch(name);
  writeFiles(dir, files);
  return {
    dir,
    files,
    guards: await importFile<GuardsModule>(join(dir, "guards.js")),
    standalone: (await importFile<{ default: Validator }>(join(dir, "consent-validator.js"))).default,
    arbs: await importFile<RecordArbitraries>(join(dir, "arbitraries.ts")),
  };
}

/** Every subschema that describes an object: the ones a typo could slip through. */
function objectSchemas(s: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(s)) s.forEach((x) => objectSchemas(x, out));
  else if (typeof s === "object" && s !== null) {
    const o = s as Record<string, unknown>;
    if (o["type"] === "object") out.push(o);
    Object.values(o).forEach((x) => objectSchemas(x, out));
  }
  return out;
}

function agreement(c: Compiled, loaded: Awaited<ReturnType<typeof load>>, runs: number, seed: number): void {
  const { guards, standalone, arbs } = loaded;
  const ajv = consentValidator(c.model);
  const [category] = c.table.categories;
  const [purpose] = c.table.purposes;
  const bad: string[] = [];
  for (const r of fc.sample(arbs.consentRecordArb, { numRuns: runs, seed })) {
    const results = [ajv(r), standalone(r), guards.isConsentRecord(r), guards.consentRecordStatus(r) === "current"];
    if (results.some((x) => !x)) bad.push(`valid record rejected ${JSON.stringify(results)}: ${JSON.stringify(r)} ${JSON.stringify(ajv.errors)}`);
  }
  for (const r of fc.sample(arbs.invalidConsentRecordArb, { numRuns: runs, seed: seed + 1 })) {
    const results = [ajv(r), standalone(r), guards.isConsentRecord(r)];
    if (results.some((x) => x)) bad.push(`malformed record accepted ${JSON.stringify(results)}: ${JSON.stringify(r)}`);
    if (category !== undefined && purpose !== undefined) {
      const d = guards.decide("use", category, purpose, null, { record: r });
      // a record of another policy or consentHash is stale before it is malformed: the guards
      // answer what no consent changes (test/emit/guards/differential.test.ts checks how)
      const stale = guards.consentRecordStatus(r) === "stale";
      if (stale ? d.allowed !== referenceDecision(c.model, { action: "use", category, purpose, recipient: null }, { record: r }).allowed : d !== guards.REFUSALS["malformedRecord"]) {
        bad.push(`guards did not refuse a malformed record: ${d.reason} ${JSON.stringify(r)}`);
      }
    }
  }
  for (const r of fc.sample(arbs.staleConsentRecordArb, { numRuns: Math.ceil(runs / 4), seed: seed + 2 })) {
    const results = [ajv(r), standalone(r), guards.isConsentRecord(r), guards.consentRecordStatus(r) === "stale"];
    if (results.some((x) => !x)) bad.push(`stale record misjudged ${JSON.stringify(results)}: ${JSON.stringify(r)}`);
    if (category !== undefined && purpose !== undefined) {
      const d = guards.decide("collect", category, purpose, null, { record: r });
      const ref = referenceDecision(c.model, { action: "collect", category, purpose, recipient: null }, { record: r });
      // refused unless no consent could change the answer; then answered as the reference answers it
      if (ref.refusal === "stale-record" ? d !== guards.REFUSALS["staleRecord"] : d === guards.REFUSALS["staleRecord"] || d.allowed !== ref.allowed) {
        bad.push(`guards answered a stale record wrongly: ${d.reason}`);
      }
    }
  }
  expect(bad.slice(0, 5)).toEqual([]);
}

describe("consent record schema and validators", () => {
  it("xiaomi: the schema compiles in ajv strict mode, without warnings, and closes every object", async () => {
    const files = xiaomiFiles();
    const schema = JSON.parse(file(files, "consent.schema.json")) as Record<string, unknown>;
    const warnings: unknown[] = [];
    const ajv = new Ajv2020({ strict: true, ownProperties: true, logger: { log: () => {}, warn: (...a: unknown[]) => warnings.push(a), error: (...a: unknown[]) => warnings.push(a) } });
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(warnings).toEqual([]);
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    for (const o of objectSchemas(schema)) expect(o["additionalProperties"], JSON.stringify(o).slice(0, 80)).toBe(false);
  });

  it("xiaomi: choices, recipients and opt-outs follow the policy", () => {
    const { model } = xiaomi;
    const schema = JSON.parse(file(xiaomiFiles(), "consent.schema.json")) as {
      properties: Record<string, { properties: Record<string, { $ref?: string; title?: string; properties?: Record<string, unknown> }> }>;
    };
    const purposes = schema.properties["purposes"]!.properties;
    // consent and opt-out purposes are choices, with titles from their labels
    expect(purposes["marketing.direct"]).toMatchObject({ $ref: "#/$defs/explicitChoice", title: "Direct marketing" });
    expect(purposes["marketing.advertising"]).toMatchObject({ $ref: "#/$defs/choice", title: "Interest-based advertising" });
    expect(Object.keys(purposes)).toContain("services.sign_on");
    // contract and legal-obligation purposes are not
    for (const p of model.purposes.filter((x) => x.bases.length > 0 && x.bases.every((b) => b === "contract" || b === "legal_obligation"))) {
      expect(Object.keys(purposes)).not.toContain(p.id);
    }
    const optOuts = schema.properties["optOuts"]!.properties;
    expect(Object.keys(optOuts["channels"]!.properties ?? {})).toEqual(["email", "phone"]);
    expect(optOuts["interestBasedAdvertising"]).toMatchObject({ $ref: "#/$defs/optOut" });
  });

  it("the standalone validator needs no package: it runs in a bare Node process", () => {
    const files = xiaomiFiles();
    const code = file(files, "consent-validator.js");
    expect(code).not.toMatch(/\brequire\s*\(/);
    expect(code).not.toMatch(/["']ajv/);
    expect(code).not.toMatch(/\bimport\s/);
    const dir = mkdtempSync(join(tmpdir(), "policyc-guards-"));
    try {
      // nothing to resolve packages from between the folder and the root
      for (let d = dir; d !== parse(d).root; d = dirname(d)) expect(existsSync(join(d, "node_modules")), d).toBe(false);
      expect(existsSync(join(parse(dir).root, "node_modules"))).toBe(false);
      writeFileSync(join(dir, "consent-validator.js"), code);
      writeFileSync(join(dir, "guards.js"), file(files, "guards.js"));
      const { model } = xiaomi;
      const record = {
        policy: model.header.id,
        consentHash: model.consentHash,
        subject: "u1",
        createdAt: "2024-01-01T00:00:00Z",
        updatedAt: "2024-01-02T00:00:00+02:00",
        purposes: { "marketing.direct": { status: "granted", at: "2024-01-01T00:00:00Z", method: "web_form", explicit: true } },
      };
      writeFileSync(
        join(dir, "run.mjs"),
        `import validate from "./consent-validator.js";
import * as guards from "./guards.js";
const record = ${JSON.stringify(record)};
const typo = { ...record, purpose: {} };
const ctx = { record, jurisdiction: "EU" };
// days that do not exist, and leap days that do
const on = (day) => ({ ...record, createdAt: day + "T00:00:00Z" });
const days = ["2025-02-31", "2023-02-29", "2100-02-29", "2024-04-31", "2024-02-29", "2000-02-29", "2024-12-31"];
console.log(JSON.stringify({
  valid: validate(record),
  typo: validate(typo),
  error: validate.errors && validate.errors[0].keyword,
  guards: guards.mayUse("contact.email", "marketing.direct", ctx).allowed,
  prepared: guards.mayUse("contact.email", "marketing.direct", guards.prepareContext(ctx)).allowed,
  withdrawn: guards.mayUse("contact.email", "marketing.direct", { ...ctx, record: { ...record, purposes: { "marketing.direct": { status: "withdrawn", at: "2024-01-03T00:00:00Z", method: "email" } } } }).allowed,
  days: days.map((d) => [validate(on(d)), guards.consentRecordStatus(on(d))]),
}));
`,
      );
      const out = execFileSync(process.execPath, ["run.mjs"], { cwd: dir, encoding: "utf8", env: { PATH: process.env["PATH"] ?? "" } });
      expect(JSON.parse(out)).toEqual({
        valid: true,
        typo: false,
        error: "additionalProperties",
        guards: true,
        prepared: true,
        withdrawn: false,
        days: [...Array(4).fill([false, "malformed"]), ...Array(3).fill([true, "current"])],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("xiaomi: ajv, the standalone validator and the guards agree on generated records", async () => {
    agreement(xiaomi, await load(xiaomi, "consent-xiaomi", xiaomiFiles()), 300, 1);
  });

  it("random policies: ajv, the standalone validator and the guards agree on generated records", async () => {
    const texts = fc.sample(policyTextArb, { numRuns: 6, seed: 11 });
    for (const [i, text] of texts.entries()) {
      const c = compilePolicyText(text);
      const loaded = await load(c, `consent-random${i}`);
      const code = file(loaded.files, "consent-validator.js");
      expect(code).not.toMatch(/\brequire\s*\(/);
      const warnings: unknown[] = [];
      new Ajv2020({ strict: true, logger: { log: () => {}, warn: (...a: unknown[]) => warnings.push(a), error: () => {} } }).compile(
        JSON.parse(file(loaded.files, "consent.schema.json")) as object,
      );
      expect(warnings).toEqual([]);
      agreement(c, loaded, 80, 20 + i);
    }
  });

  it("prototype names and inherited members never count as choices", async () => {
    const { guards } = await load(xiaomi, "consent-proto", xiaomiFiles());
    const { model } = xiaomi;
    const base = { policy: model.header.id, consentHash: model.consentHash, subject: "u", createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z" };
    const grant = { status: "granted", at: "2024-01-01T00:00:00Z", method: "web_form", explicit: true };
    const request = ["use", "contact.email", "marketing.direct", null] as const;
    expect(guards.decide(...request, { record: { ...base, purposes: { "marketing.direct": grant } } }).allowed).toBe(true);
    // an own `__proto__` key (as JSON.parse makes it) is an unknown key
    const proto = JSON.parse(`{"record": ${JSON.stringify({ ...base })}}`) as { record: Record<string, unknown> };
    proto.record["purposes"] = JSON.parse(`{"__proto__": ${JSON.stringify(grant)}}`);
    expect(guards.decide(...request, proto)).toBe(guards.REFUSALS["malformedRecord"]);
    expect(guards.decide(...request, JSON.parse(`{"__proto__": {"minor": false}}`))).toBe(guards.REFUSALS["malformedContext"]);
    // inherited choices, flags and polluted prototypes are not the person's
    const inherited = { record: { ...base, purposes: Object.create({ "marketing.direct": grant }) as object } };
    expect(guards.decide(...request, inherited).allowed).toBe(false);
    const lawful = Object.create({ permitted_by_law: true }) as object;
    expect(guards.decide(...request, lawful).allowed).toBe(false);
    const objectProto = Object.prototype as unknown as Record<string, unknown>;
    objectProto["marketing.direct"] = grant;
    objectProto["permitted_by_law"] = true;
    try {
      expect(guards.decide(...request, { record: { ...base, purposes: {} } }).allowed).toBe(false);
      expect(guards.decide(...request, {}).allowed).toBe(false);
    } finally {
      delete objectProto["marketing.direct"];
      delete objectProto["permitted_by_law"];
    }
    // a getter that calls a guard is refused, one that throws makes the context malformed
    let inner: unknown;
    const reentrant = {
      get minor() {
        inner = guards.decide(...request, {});
        return false;
      },
    };
    expect(guards.decide(...request, reentrant).allowed).toBe(false);
    expect(inner).toBe(guards.REFUSALS["reentrantCall"]);
    const throwing = {
      get minor(): boolean {
        throw new Error("boom");
      },
    };
    expect(guards.decide(...request, throwing)).toBe(guards.REFUSALS["malformedContext"]);
    // after all that the module still answers
    expect(guards.decide(...request, { record: { ...base, purposes: { "marketing.direct": grant } } }).allowed).toBe(true);
  });

  it("the standalone validator answers false, with a reason, for a record that throws while read", async () => {
    const { standalone, guards } = await load(xiaomi, "consent-throwing", xiaomiFiles());
    const { model } = xiaomi;
    const base = { policy: model.header.id, consentHash: model.consentHash, subject: "u", createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z" };
    const boom = () => {
      throw new Error("boom");
    };
    const hostile = [
      new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom }),
      new Proxy({ ...base }, { get: boom }),
      { ...base, get subject(): string { throw new Error("boom"); } },
      { ...base, purposes: new Proxy({}, { ownKeys: boom }) },
    ];
    for (const record of hostile) {
      expect(standalone(record)).toBe(false);
      expect(standalone.errors).toEqual([expect.objectContaining({ keyword: "readable", instancePath: "" })]);
      // the guards too: not a record
      expect(guards.isConsentRecord(record)).toBe(false);
    }
    // and the next record is judged on its own
    expect(standalone(base)).toBe(true);
    expect(standalone.errors).toBeNull();
    expect(standalone({ ...base, subject: "" })).toBe(false);
    expect(standalone.errors).toEqual([expect.objectContaining({ keyword: "pattern", instancePath: "/subject" })]);
  });
});
