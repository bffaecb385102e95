import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { shownPath } from "../../src/util/shown-path.js";
import { policyc, project, tinyPolicy } from "../tooling/helpers.js";

describe("paths as shown", () => {
  it("are relative to the working directory, with .. beside it, absolute only across the root", () => {
    expect(shownPath("/p/proj/a.policy", "/p/proj")).toBe("a.policy");
    expect(shownPath("/p/proj", "/p/proj")).toBe(".");
    expect(shownPath("/p/proj/a.policy", "/p/proj/sub")).toBe("../a.policy");
    expect(shownPath("/p/other/b.policy", "/p/proj/sub")).toBe("../../other/b.policy");
    expect(shownPath("/tmp/x.policy", "/home/me/proj")).toBe("/tmp/x.policy");
  });

  it("from a subfolder: diagnostics name ../file in JSON, and SARIF gives a relative URI under %SRCROOT%", async () => {
    const dir = project({ "a.policy": tinyPolicy("a", 'category unused "Unused" { class personal }\n') });
    mkdirSync(join(dir, "sub"));
    const json = await policyc(["check", "--format", "json", "../a.policy"], { cwd: join(dir, "sub") });
    const files = (JSON.parse(json.stdout) as { diagnostics: { file: string | null }[] }).diagnostics.map((d) => d.file);
    expect(files.length).toBeGreaterThan(0);
    expect(new Set(files)).toEqual(new Set(["../a.policy"]));
    const sarif = await policyc(["check", "--format", "sarif", "../a.policy"], { cwd: join(dir, "sub") });
    const locations = (JSON.parse(sarif.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: object } }[] }[] }[] }).runs[0]!.results.flatMap((r) =>
      r.locations.map((l) => l.physicalLocation.artifactLocation),
    );
    expect(locations.length).toBeGreaterThan(0);
    for (const l of locations) expect(l).toEqual({ uri: "../a.policy", uriBaseId: "%SRCROOT%" });
  });
});
