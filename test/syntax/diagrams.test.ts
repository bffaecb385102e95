/** grammar/diagrams.html is generated; it must match what the script produces from the parser. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagramsHtml, GRAMMAR_DIR, RESOURCES } from "../../scripts/gen-diagrams.js";

describe("grammar/diagrams.html", () => {
  it("is up to date (regenerate with `npx tsx scripts/gen-diagrams.ts`)", () => {
    expect(readFileSync(join(GRAMMAR_DIR, "diagrams.html"), "utf8")).toBe(diagramsHtml());
  });

  it("loads its scripts from grammar/diagrams/, not from the network", () => {
    const html = diagramsHtml();
    expect(html).not.toMatch(/https?:\/\//);
    for (const resource of RESOURCES) {
      expect(html).toContain(`./diagrams/${resource}`);
      expect(existsSync(join(GRAMMAR_DIR, "diagrams", resource))).toBe(true);
    }
  });
});
