/**
 * Fixtures of the name (PC2xxx), consistency (PC3xxx) and regulatory (PC4xxx) diagnostics.
 *
 * Each code has a directory `test/fixtures/checker/<CODE>/` with `trigger.policy`, the smallest
 * realistic policy that raises the code, and `clean.policy`, the same policy minimally fixed.
 * Further pairs `trigger-<variant>.policy` / `clean-<variant>.policy` cover other ways to raise
 * the same code. Other `.policy` files in a directory (and its subdirectories) are imported by
 * the fixtures and are not compiled on their own.
 *
 * Every fixture is compiled from its real path, so spans name the fixture, and the full
 * diagnostics are kept as a TypeScript-style baseline next to it (`<name>.baseline`; empty when
 * there is none). Refresh with `npx vitest run --update` and read the diff of the baselines.
 */
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ALL_CODES } from "../../src/diagnostics/catalogue.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { formatBaseline } from "../../src/diagnostics/render.js";
import { compile, type CompileResult } from "../../src/program.js";
import { compileText } from "../helpers.js";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const FIXTURES = join(REPO, "test", "fixtures", "checker");
const FIXTURES_REL = "test/fixtures/checker";

/** Compiles a fixture from its path relative to the repository, so spans read `test/fixtures/...`. */
function compileFixture(relPath: string): CompileResult {
  return compile(relPath, { cwd: REPO });
}

function baseline(result: CompileResult): string {
  return formatBaseline(result.diagnostics, result.sources);
}

const codesOf = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => d.code);

const isCodeDir = (name: string): boolean => /^PC[234]\d{3}$/.test(name) && statSync(join(FIXTURES, name)).isDirectory();

function codeDirs(): string[] {
  return readdirSync(FIXTURES).filter(isCodeDir).sort();
}

interface Pair {
  readonly variant: string;
  readonly trigger: string;
  readonly clean: string;
}

/** `trigger.policy`/`clean.policy` and every `trigger-<v>.policy`/`clean-<v>.policy` pair of a directory. */
function pairsOf(code: string): { pairs: Pair[]; unpaired: string[] } {
  const files = readdirSync(join(FIXTURES, code)).filter((f) => f.endsWith(".policy"));
  const variants = new Map<string, { trigger?: string; clean?: string }>();
  for (const f of files) {
    const m = /^(trigger|clean)(?:-([a-z0-9-]+))?\.policy$/.exec(f);
    if (!m) continue;
    const key = m[2] ?? "";
    const entry = variants.get(key) ?? {};
    entry[m[1] as "trigger" | "clean"] = f;
    variants.set(key, entry);
  }
  const pairs: Pair[] = [];
  const unpaired: string[] = [];
  for (const [variant, { trigger, clean }] of [...variants].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (trigger && clean) pairs.push({ variant, trigger, clean });
    else unpaired.push((trigger ?? clean)!);
  }
  return { pairs, unpaired };
}

const stem = (file: string): string => file.slice(0, -".policy".length);

describe("checker fixtures: every code has a trigger and a clean policy", () => {
  for (const code of codeDirs()) {
    describe(code, () => {
      const { pairs, unpaired } = pairsOf(code);

      it("has a trigger.policy/clean.policy pair, and no unpaired variant", () => {
        expect(pairs.map((p) => p.variant)).toContain("");
        expect(unpaired).toEqual([]);
      });

      for (const { trigger, clean } of pairs) {
        it(`${trigger} raises ${code}`, async () => {
          const result = compileFixture(`${FIXTURES_REL}/${code}/${trigger}`);
          expect(codesOf(result.diagnostics)).toContain(code);
          // the finding points into a file of this fixture, not at some unrelated place
          const spans = result.diagnostics.filter((d) => d.code === code).map((d) => d.span?.file ?? "");
          for (const file of spans) expect(file.startsWith(`${FIXTURES_REL}/${code}/`), file).toBe(true);
          await expect(baseline(result)).toMatchFileSnapshot(`../fixtures/checker/${code}/${stem(trigger)}.baseline`);
        });

        it(`${clean} does not raise ${code}`, async () => {
          const result = compileFixture(`${FIXTURES_REL}/${code}/${clean}`);
          expect(codesOf(result.diagnostics)).not.toContain(code);
          await expect(baseline(result)).toMatchFileSnapshot(`../fixtures/checker/${code}/${stem(clean)}.baseline`);
        });
      }
    });
  }
});

/**
 * Contradictions (PolicyLint's classes), one fixture per kind, and the two situations that look
 * like a contradiction but are not one. Every fixture must be listed here.
 */
const CONTRADICTIONS: Readonly<Record<string, string | null>> = {
  equal: "PC3010",
  "narrower-data": "PC3011",
  "narrower-recipients": "PC3011",
  "broader-data": "PC3012",
  "broader-recipients": "PC3012",
  overlap: "PC3013",
  // an exception of the deny allows the overlap under the allow's own condition
  "carved-out": null,
  // the deny's exception holds under another condition: the overlap is still contradicted
  "not-carved-out": "PC3011",
  // `when consent` against `unless consent`: never both
  "incompatible-conditions": null,
};
const CONTRADICTION_CODES = ["PC3010", "PC3011", "PC3012", "PC3013"];

describe("contradictions", () => {
  const dir = join(FIXTURES, "contradictions");

  it("lists every fixture of the directory", () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".policy"))
      .map(stem)
      .sort();
    expect(files).toEqual(Object.keys(CONTRADICTIONS).sort());
  });

  for (const [name, expected] of Object.entries(CONTRADICTIONS)) {
    it(`${name}: ${expected ?? "no contradiction"}`, async () => {
      const result = compileFixture(`${FIXTURES_REL}/contradictions/${name}.policy`);
      const found = codesOf(result.diagnostics).filter((c) => CONTRADICTION_CODES.includes(c));
      expect(found).toEqual(expected ? [expected] : []);
      await expect(baseline(result)).toMatchFileSnapshot(`../fixtures/checker/contradictions/${name}.baseline`);
    });
  }
});

describe("fixture coverage of the catalogue", () => {
  const catalogued = ALL_CODES.map((c) => c.code).filter((c) => /^PC[234]\d{3}$/.test(c));

  it("has a fixture directory for every PC2xxx, PC3xxx and PC4xxx code", () => {
    const dirs = new Set(codeDirs());
    const missing = catalogued.filter((c) => !dirs.has(c));
    expect(missing).toEqual([]);
  });

  it("has no fixture directory for a code that is not in the catalogue", () => {
    expect(codeDirs().filter((d) => !catalogued.includes(d))).toEqual([]);
  });
});

describe("PC4023 asks about a consumer of the CCPA", () => {
  const head =
    'import "std/taxonomy"\npolicy p "P" { controller "A" { email "a@b.example" }  jurisdictions US, EU  url "https://x.example"  do_not_sell_url "https://x.example/dns" }\n' +
    'purpose ads "Ads" { basis legitimate_interests  interest "x"  consent opt_out  uses device  marketing yes  opt_out "Use the link." }\n' +
    'recipient networks "Ad networks" { type advertiser }\nretention r { applies_to device  period 1 year }\n';
  const codes = (rule: string) => compileText(head + rule, {}, { profiles: ["ccpa"] }).diagnostics.map((d) => d.code);
  it("in California as far as the policy's places tell (in the US, where it names no US-CA)", () => {
    expect(codes("allow sell device to networks for ads when consent\n")).toContain("PC4023");
    expect(codes("allow sell device to networks for ads when consent, not in US\n")).not.toContain("PC4023");
  });
});
