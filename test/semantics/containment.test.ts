/**
 * PC2032: policyc reads a policy's files only inside the folder it runs in and the root file's
 * folder (and the standard library), links followed. A hostile policy or a committed link must
 * not make a CI build read another file and print its lines in a log. The same holds for a
 * project's wording templates: a link in the templates folder leading out of it is not read.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { policyc, project, tinyPolicy } from "../tooling/helpers.js";

/** A file elsewhere on the machine whose text must never be shown. */
const SECRET = "AWS_SECRET_ACCESS_KEY=do-not-print-me\n";

function elsewhere(): string {
  return project({ "secret.policy": SECRET });
}

const pc2032 = (stdout: string) =>
  (JSON.parse(stdout) as { diagnostics: { code: string; message: string; start?: { line: number } }[] }).diagnostics.filter((d) => d.code === "PC2032");

describe("PC2032: files outside the project are not read", () => {
  it("refuses an import by a path outside the project, and shows nothing of the file", async () => {
    const secret = elsewhere();
    const dir = project({ "main.policy": `import "${join(secret, "secret")}"\nimport "../${secret.split("/").pop()}/secret.policy"\n` + tinyPolicy("main") });
    const pretty = await policyc(["check", "main.policy"], { cwd: dir });
    expect(pretty.code).toBe(1);
    expect(pretty.stdout).not.toContain("do-not-print-me");
    expect(pretty.stdout).toContain("error PC2032:");
    const json = await policyc(["check", "--json", "main.policy"], { cwd: dir });
    const found = pc2032(json.stdout);
    expect(found.map((d) => d.start?.line)).toEqual([1, 2]);
    expect(found[0]!.message).toBe(`\`${join(secret, "secret")}\` leads to \`../${secret.split("/").pop()}/secret.policy\`, outside \`.\`, where policyc reads policies from`);
  });

  it("refuses a link in the project that leads outside it, as an import and as a file named on the command line", async () => {
    const secret = elsewhere();
    const dir = project({ "main.policy": 'import "./shared"\n' + tinyPolicy("main") });
    symlinkSync(join(secret, "secret.policy"), join(dir, "shared.policy"));
    const imported = await policyc(["check", "main.policy"], { cwd: dir });
    expect(imported.code).toBe(1);
    expect(imported.stdout).toContain("main.policy:1:8 - error PC2032: `./shared` leads to");
    expect(imported.stdout).not.toContain("do-not-print-me");
    // a shell glob names the link too (`policyc check *.policy`)
    const named = await policyc(["check", "shared.policy", "main.policy"], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.stdout).toContain("shared.policy - error PC2032: `shared.policy` leads to");
    expect(named.stdout).not.toContain("do-not-print-me");
    const diff = await policyc(["diff", "shared.policy", "main.policy"], { cwd: dir });
    expect(diff.code).toBe(2);
    expect(diff.stdout + diff.stderr).toContain("cannot read `shared.policy`: it leads to");
    expect(diff.stdout + diff.stderr).not.toContain("do-not-print-me");
  });

  it("refuses a link given as a build input", async () => {
    const secret = elsewhere();
    const dir = project({ "policyc.config.json": JSON.stringify({ inputs: ["policies/*.policy"], outDir: "out" }), "policies/main.policy": tinyPolicy("main") });
    symlinkSync(join(secret, "secret.policy"), join(dir, "policies", "leak.policy"));
    const r = await policyc(["build"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain("error PC2032: `policies/leak.policy` leads to");
    expect(r.stdout + r.stderr).not.toContain("do-not-print-me");
  });

  it("keeps `std/` imports inside the standard library", async () => {
    const dir = project({ "main.policy": 'import "std/../package"\nimport "std/taxonomy"\n' + tinyPolicy("main") });
    const r = await policyc(["check", "--json", "main.policy"], { cwd: dir });
    const found = pc2032(r.stdout);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/^`std\/\.\.\/package` leads to `.*package\.policy`, outside the standard library, where policyc reads policies from$/);
  });

  it("refuses an earlier version outside the project", async () => {
    const secret = elsewhere();
    const dir = project({ "main.policy": tinyPolicy("main").replace("languages en", `languages en\n  accepts_consent_from "${join(secret, "secret.policy")}"`) });
    const r = await policyc(["check", "--json", "main.policy"], { cwd: dir });
    expect(pc2032(r.stdout).map((d) => d.start?.line)).toEqual([8]);
    expect(r.stdout).not.toContain("do-not-print-me");
  });

  it("reads links and imports that stay inside, and a root file elsewhere with the files beside it", async () => {
    const dir = project({ "shared/taxonomy.policy": 'category things "Things" { class personal }\n', "main.policy": 'import "./taxonomy"\n' + tinyPolicy("main") });
    symlinkSync(join(dir, "shared", "taxonomy.policy"), join(dir, "taxonomy.policy"));
    const inside = await policyc(["check", "--json", "main.policy"], { cwd: dir });
    expect(pc2032(inside.stdout)).toEqual([]);
    // run from elsewhere: the root file's folder is readable, and so are the files beside it
    const other = project();
    const away = await policyc(["check", "--json", join(dir, "main.policy")], { cwd: other });
    expect(pc2032(away.stdout)).toEqual([]);
    // and from a folder that holds both, an import that climbs out of the root's folder
    const parent = project({ "shared/base.policy": 'category things "Things" { class personal }\n', "app/main.policy": 'import "../shared/base"\n' + tinyPolicy("main") });
    const fromApp = await policyc(["check", "--json", "main.policy"], { cwd: join(parent, "app") });
    expect(pc2032(fromApp.stdout)).toHaveLength(1);
    const fromParent = await policyc(["check", "--json", "app/main.policy"], { cwd: parent });
    expect(pc2032(fromParent.stdout)).toEqual([]);
  });

  it("refuses a template that is a link leading out of the templates folder, and reads one between languages", async () => {
    const secret = project({ "controller.hbs": "{{controller.name}} AWS_SECRET_ACCESS_KEY=do-not-print-me\n" });
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["main.policy"], outDir: "out", templates: "templates", languages: ["en", "de"] }),
      "main.policy": tinyPolicy("main").replace("languages en", "languages en, de"),
      "templates/en/contact-intro.hbs": "Write to us{{#if dpo}}, our data protection officer{{/if}}{{#if name}}: {{name}}{{/if}}.\n",
    });
    mkdirSync(join(dir, "templates", "de"));
    symlinkSync(join(dir, "templates", "en", "contact-intro.hbs"), join(dir, "templates", "de", "contact-intro.hbs"));
    symlinkSync(join(secret, "controller.hbs"), join(dir, "templates", "en", "controller.hbs"));
    const r = await policyc(["build"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain("templates/en/controller.hbs - error PC5004: template `controller.hbs` (en) failed: it is a link leading outside the templates folder");
    expect(r.stdout + r.stderr).not.toContain("do-not-print-me");
    expect((r.stdout + r.stderr).match(/PC5004/g)).toHaveLength(1);
    // without the link out, the German pack's link to the English wording is used
    rmSync(join(dir, "templates", "en", "controller.hbs"));
    const built = await policyc(["build"], { cwd: dir });
    expect(built.code).toBe(0);
    expect(readFileSync(join(dir, "out", "main", "policy.de.md"), "utf8")).toContain("Write to us: Tiny Ltd.");
  });
});
