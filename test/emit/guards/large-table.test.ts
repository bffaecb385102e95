/**
 * A policy whose decision table has more than 150k cells (800 leaf categories x 10 purposes x
 * 8 recipients: 208,000). The emitters used to spread one argument per cell
 * (`Math.max(0, ...cellShapes)`), which overflows the stack from about 120k cells; every emitter
 * must now get through it, and the guards must still decide from the right cells.
 */
import { join } from "node:path";
import { expect, test } from "vitest";
import { planGuards } from "../../../src/emit/guards/plan.js";
import { EMITTERS } from "../../../src/emit/registry.js";
import { compileText } from "../../helpers.js";
import { importFile, scratch, writeFiles, type GuardsModule } from "./helpers.js";

const CATEGORIES = 800;

/** Groups of 10 leaf categories, 10 leaf purposes, 8 leaf recipients and a few rules. */
function largePolicy(): string {
  const out: string[] = [];
  out.push(`policy big "Big Co. Privacy Policy" {
  controller "Big Co." { email "privacy@big.example" }
  version "1.0"
  jurisdictions EU
  languages en
}`);
  for (let g = 0; g * 10 < CATEGORIES; g++) {
    out.push(`category g${g} "Data group ${g}" { class personal  source provided }`);
    for (let c = 0; c < 10; c++) out.push(`category g${g}.c${c} "Item ${c} of group ${g}"`);
  }
  for (let p = 0; p < 10; p++) out.push(`purpose p${p} "Purpose ${p}" { basis consent  consent opt_in  uses g${p}  withdraw "Ask us." }`);
  out.push(`recipient vendors "Service providers" { type processor }`);
  for (let r = 0; r < 8; r++) out.push(`recipient vendors.v${r} "Vendor ${r}"`);
  out.push(`allow share g0, g1 with vendors for p0, p1 when consent as share_some`);
  out.push(`deny sell personal to vendors as no_sale`);
  out.push(`deny transfer g2 to vendors.v0 when not consent as no_transfer except allow when required_by_law`);
  out.push(`allow use g79 for p3 when consent as use_last`);
  return out.join("\n") + "\n";
}

test("every emitter copes with a decision table of more than 150k cells", async () => {
  const result = compileText(largePolicy());
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const model = result.model!;
  const plan = planGuards(model);
  expect(plan.cellShapes.length).toBe(CATEGORIES * 10 * (2 + 3 * 8));
  expect(plan.cellShapes.length).toBeGreaterThan(150_000);

  const files = EMITTERS.flatMap((e) => e.emit(model, { banner: [] }).files);
  expect(files.map((f) => f.path)).toContain("guards.js");

  // The guards decide from the right cells, up to the last category.
  const dir = scratch("large-table");
  writeFiles(dir, files.filter((f) => f.path.startsWith("guards.")));
  const g = await importFile<GuardsModule>(join(dir, "guards.js"));
  const record = {
    policy: "big",
    consentHash: g.CONSENT_HASH,
    subject: "u1",
    createdAt: "2024-05-01T00:00:00Z",
    updatedAt: "2024-05-01T00:00:00Z",
    purposes: { p3: { status: "granted", at: "2024-05-01T00:00:00Z", method: "web_form" } },
  };
  expect(g.mayUse("g79.c9", "p3", { record }).allowed).toBe(true);
  expect(g.mayUse("g79.c9", "p3", {}).allowed).toBe(false);
  expect(g.mayUse("g78.c9", "p3", { record }).allowed).toBe(false);
  expect(g.maySell("g79.c9", "vendors.v7", "p9", { record }).allowed).toBe(false);
}, 20_000);
