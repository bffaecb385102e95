/** The command line as a whole: every command is registered with examples in its help; misuse exits 2. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { policyc, project, ROOT, tinyPolicy } from "./helpers.js";

describe("policyc", () => {
  it("lists every command", async () => {
    const r = await policyc(["--help"]);
    expect(r.code).toBe(0);
    for (const command of ["check", "build", "fmt", "diff", "init", "explain"]) expect(r.stdout).toMatch(new RegExp(`\\n  ${command}\\b`));
  });

  for (const command of ["check", "build", "fmt", "diff", "init", "explain"]) {
    it(`${command} --help shows examples`, async () => {
      const r = await policyc([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples?:\n/);
      expect(r.stdout).toContain(`$ policyc ${command}`);
    });
  }

  it("exits 2 on an unknown option, a missing argument or an unknown command", async () => {
    expect((await policyc(["check", "--nope"])).code).toBe(2);
    expect((await policyc(["diff", "only-one.policy"])).code).toBe(2);
    expect((await policyc(["nope"])).code).toBe(2);
  });

  it("takes --json for --format json in check, build and diff, and --format json for --json in explain", async () => {
    const check = await policyc(["check", "--json", "examples/taskflow.policy"]);
    expect(check.stdout).toBe((await policyc(["check", "--format", "json", "examples/taskflow.policy"])).stdout);
    expect(JSON.parse(check.stdout)).toMatchObject({ version: 1, summary: { errors: 0 } });
    const diffArgs = ["diff", "examples/archive/taskflow-3.1.policy", "examples/taskflow.policy"];
    const diff = await policyc([...diffArgs, "--json"]);
    expect(diff.stdout).toBe((await policyc([...diffArgs, "--format", "json"])).stdout);
    expect(JSON.parse(diff.stdout)).toMatchObject({ version: 1 });
    const explainArgs = ["explain", "-p", "examples/taskflow.policy", "use", "contact.email", "for", "services.provide"];
    const explained = await policyc([...explainArgs, "--format", "json"]);
    expect(explained.stdout).toBe((await policyc([...explainArgs, "--json"])).stdout);
    expect(JSON.parse(explained.stdout)).toHaveLength(1);
    const dir = project({ "policyc.config.json": JSON.stringify({ inputs: ["a.policy"], outDir: "out" }), "a.policy": tinyPolicy() });
    const build = await policyc(["build", "--json"], { cwd: dir });
    expect(JSON.parse(build.stdout)).toMatchObject({ version: 1 });
  });

  it("refuses an empty argument (an unset shell variable) instead of reading the working folder", async () => {
    const dir = project({ "a.policy": tinyPolicy() });
    for (const args of [["check", ""], ["fmt", "a.policy", ""], ["build", "--config", ""], ["init", ""], ["explain", "-p", "", "share"]]) {
      const r = await policyc(args, { cwd: dir });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toBe(`policyc: argument ${args.indexOf("") + 1} is empty (""): a shell variable that is not set? Name a file or a value there, or leave the argument out\n`);
    }
    // the value of an option that is no path may be empty: `--when "$FACTS"` with no facts
    const none = await policyc(["explain", "-p", "a.policy", "use", "contact.email", "for", "services.provide", "--when", ""], { cwd: dir });
    expect(none.stderr).toBe("");
    expect(none.stdout).toContain("decision when no condition holds");
  });
});

describe("policyc check --profile", () => {
  it("turns on a regulatory profile the jurisdictions do not", async () => {
    const without = await policyc(["check", "--format", "json", "examples/xiaomi.policy"]);
    const withCcpa = await policyc(["check", "--format", "json", "--profile", "ccpa", "examples/xiaomi.policy"]);
    const codes = (out: string) => (JSON.parse(out) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    expect(codes(without.stdout).some((c) => c.startsWith("PC402"))).toBe(false);
    // the "Do Not Sell or Share" link and the policy's URL (retention by criteria alone is
    // PC4005's, under the GDPR the flagship declares)
    expect(codes(withCcpa.stdout)).toEqual(expect.arrayContaining(["PC4020", "PC4022"]));
    expect(codes(withCcpa.stdout)).not.toContain("PC4021");
    expect(withCcpa.code).toBe(0); // warnings only
  });

  it("rejects an unknown profile as misuse", async () => {
    const r = await policyc(["check", "--profile", "hipaa", "examples/xiaomi.policy"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown profile `hipaa`");
  });
});

describe("policyc explain", () => {
  it("shows the errors of a policy it cannot explain, as check does (JSON with --json), and explains one whose only errors are the checker's", async () => {
    const dir = project({
      "broken.policy": 'policy p "P" { controller "A" }\ncategory c "C"\nallow share cc with r\n',
      "failing.policy": 'policy p "P" { controller "A" { email "a@b.example" } }\ncategory c "C" { class personal }\npurpose p "P" { basis contract  uses c }\nrecipient r "R"\nallow share c with r for p as s\nassert never share personal with r\n',
    });
    const broken = await policyc(["explain", "-p", "broken.policy", "share", "c", "with", "r", "for", "p"], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe("");
    expect(broken.stderr).toContain("broken.policy:3:13 - error PC2001: unknown category `cc`");
    expect(broken.stderr).toContain("error: broken.policy does not compile, so there is nothing to explain\n");
    const json = await policyc(["explain", "-p", "broken.policy", "share", "c", "with", "r", "for", "p", "--json"], { cwd: dir });
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toEqual(["PC2001", "PC2001"]);
    const failing = await policyc(["explain", "-p", "failing.policy", "share", "c", "with", "r", "for", "p"], { cwd: dir });
    expect(failing.code).toBe(0);
    expect(failing.stdout).toContain("decision when no condition holds: ALLOWED");
    expect(failing.stderr).toContain("note: failing.policy has 1 error (PC3019) of the checker");
    const missing = await policyc(["explain", "-p", ".", "use", "c", "for", "p"], { cwd: dir });
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toMatch(/^error: cannot read `.`: it is a directory \(from /);
  });

  it("prints what the README shows for its example", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### `policyc explain`"));
    const command = /```sh\nnpx policyc (explain [^\n]+)\n```/.exec(section)?.[1];
    const shown = /```text\n([\s\S]*?)```/.exec(section)?.[1];
    expect(command).toBeDefined();
    const r = await policyc(command!.split(" "));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(shown);
  });

  it("prints the decision and the rule chain, and exits 2 on an unknown name", async () => {
    const ok = await policyc(["explain", "-p", "examples/xiaomi.policy", "sell", "contact.email", "to", "partners", "for", "marketing.direct"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("DENIED");
    expect(ok.stdout).toMatch(/no_sale \(examples\/xiaomi\.policy:\d+:1\)/);
    const bad = await policyc(["explain", "-p", "examples/xiaomi.policy", "sell", "contact.emial", "to", "partners", "for", "marketing.direct"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown category `contact.emial`");
  });

  it("suggests the action and the condition meant", async () => {
    const action = await policyc(["explain", "-p", "examples/xiaomi.policy", "shre", "contact.email", "with", "partners"]);
    expect(action).toMatchObject({ code: 2, stderr: "error: unknown action `shre` (did you mean `share`?)\n" });
    const fact = await policyc(["explain", "-p", "examples/xiaomi.policy", "share", "contact.email", "with", "partners", "--when", "consnet"]);
    expect(fact.code).toBe(2);
    expect(fact.stderr).toContain("unknown condition `consnet`: did you mean `consent`?");
  });

  it("takes --when more than once, and answers as data with the facts and the conditions", async () => {
    const args = ["explain", "-p", "examples/pixelquest.policy", "share", "device.id", "with", "advertisers", "for", "marketing.advertising"];
    const r = await policyc([...args, "--when", "age:14", "--when", "consent", "--json"]);
    expect(r.code).toBe(0);
    const [first] = JSON.parse(r.stdout) as { facts: { given: string[]; derived: string[] }; allowed: boolean; decidedBy: { id: string }[]; conditions: { allow: { when: string[]; rule: string }[]; unless: { when: string[]; rule: string }[] } }[];
    expect(first!.facts).toEqual({ given: ["age:14", "consent"], derived: ["minor", "age_under:16"], ignored: [] });
    expect(first!.allowed).toBe(false);
    expect(first!.decidedBy.map((d) => d.id)).toEqual(["ads", "no_ads_sharing_under_16"]);
    // each rule's file as the text output names it, relative to the working directory
    const text = (await policyc([...args, "--when", "age:14", "--when", "consent"])).stdout;
    for (const d of first!.decidedBy as unknown as { source: { file: string; line: number; column: number } }[]) {
      expect(d.source.file).toBe("examples/pixelquest.policy");
      expect(text).toContain(`${d.source.file}:${d.source.line}:${d.source.column}`);
    }
    expect(first!.conditions.allow).toEqual([{ when: ["consent", "not age_under:16"], rule: "ads", source: { file: "examples/pixelquest.policy", line: 64, column: 1 } }]);
    expect(first!.conditions.unless).toContainEqual(expect.objectContaining({ when: ["consent", "age_under:16"], rule: "no_ads_sharing_under_16" }));
    // every condition's rule with its place
    for (const c of [...first!.conditions.allow, ...first!.conditions.unless]) expect(c).toHaveProperty("source.file");
    // the same facts in one --when
    expect((await policyc([...args, "--when", "age:14,consent", "--json"])).stdout).toBe(r.stdout);
    // an age is whole years as written without leading zeros
    expect((await policyc([...args, "--when", "age:015"])).stderr).toContain("`age:015` is not an age");
    // an age fact is the age's to give
    expect((await policyc([...args, "--when", "age_under:16"])).stderr).toContain("give the person's age (`age:15`) or `minor` instead of `age_under:16`");
    // with --json, the errors are JSON as well
    const bad = await policyc([...args, "--when", "consnet", "--json"]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toEqual({ errors: ["unknown condition `consnet`: did you mean `consent`?"] });
  });

  it("answers for the place given, with a note where the policy declares its namesake subdivision", async () => {
    const args = ["explain", "-p", "examples/pixelquest.policy", "share", "device.id", "with", "advertisers", "for", "marketing.advertising", "--when", "consent"];
    const canada = await policyc([...args, "--when", "in:CA"]);
    expect(canada.code).toBe(0);
    expect(canada.stdout).toContain("decision when consent, in:CA:");
    expect(canada.stderr).toBe("note: `in:CA` is Canada, which lies in no jurisdiction of the policy; it declares `US-CA` (California): did you mean `in:US-CA`?\n");
    expect((await policyc([...args, "--when", "in:US-CA"])).stderr).toBe("");
  });

  it("names the policy's file from the working directory, as check does, however -p names it", async () => {
    const dir = project({ "policies/a.policy": tinyPolicy("a", 'purpose p "P" { basis contract  uses contact.email }\n') });
    const out = (await policyc(["explain", "-p", join(dir, "policies", "a.policy"), "use", "contact.email", "for", "p"], { cwd: dir })).stdout;
    expect(out).toContain("(policies/a.policy:");
    expect(out).not.toContain(dir);
  });

  it("says where it asks about one place and the guards about every place a context may mean", async () => {
    const policy = `policy j "J" { controller "Acme" { email "a@b.example" } jurisdictions US, US-CA }\ncategory email "Email" { class personal }\nrecipient brokers "Brokers"\npurpose ads "Ads" { basis legitimate_interests  interest "x"  uses email }\nallow sell email to brokers for ads as sale\ndeny sell email to brokers when in US-CA as no_sale_ca\n`;
    const dir = project({ "j.policy": policy });
    const ask = async (...when: string[]) => (await policyc(["explain", "-p", "j.policy", "sell", "email", "to", "brokers", "for", "ads", ...when], { cwd: dir })).stderr;
    expect(await ask()).toContain("no `in:` place is given");
    expect(await ask("--when", "in:US")).toContain("`in:US` holds places the rules tell apart (`US-CA`)");
    expect(await ask("--when", "in:US-TX")).not.toContain("note:");
  });

  it("says a default deny is for want of the facts some allow waits for, not for want of an allow", async () => {
    const dir = project({
      "a.policy": tinyPolicy("a", 'category c "C" { class personal }\npurpose p "P" { basis consent  uses c  withdraw "x" }\npurpose q "Q" { basis contract  uses c }\n'),
    });
    const waits = await policyc(["explain", "-p", "a.policy", "use", "c", "for", "p"], { cwd: dir });
    expect(waits.stdout).toContain("  decided by: default deny (no rule allows it when no condition holds)\n  in general: allowed when\n    - consent");
    // nothing allows collecting c for a purpose that does not use it: no allow to wait for
    const never = await policyc(["explain", "-p", "a.policy", "collect", "contact.email", "for", "q"], { cwd: dir });
    expect(never.stdout).toContain("  decided by: default deny (no rule allows it)\n");
  });

  it("explains a diagnostic code or name, without a policy", async () => {
    const byCode = await policyc(["explain", "pc3002"]);
    expect(byCode.code).toBe(0);
    expect(byCode.stdout).toMatch(/^### PC3002 `unused-category` \(warning\)\n/);
    expect(byCode.stdout).toContain("How to fix:");
    expect((await policyc(["explain", "unused-category"])).stdout).toBe(byCode.stdout);
    expect(await policyc(["explain", "PC9999"])).toMatchObject({ code: 2, stderr: "error: there is no diagnostic code `PC9999`: docs/diagnostics.md lists them all\n" });
    expect(await policyc(["explain", "unused-categroy"])).toMatchObject({
      code: 2,
      stderr: "error: there is no diagnostic named `unused-categroy`: did you mean `unused-category`?\n",
    });
    const noPolicy = await policyc(["explain", "share", "contact.email", "with", "partners"]);
    expect(noPolicy.code).toBe(2);
    expect(noPolicy.stderr).toContain("required option '-p, --policy <file>'");
    // as data with --json
    expect(JSON.parse((await policyc(["explain", "--json", "PC3002"])).stdout)).toMatchObject({ code: "PC3002", name: "unused-category", severity: "warning" });
    // a letter O typed for a zero
    expect(await policyc(["explain", "PC3O02"])).toMatchObject({ code: 2, stderr: "error: there is no diagnostic code `PC3O02`: did you mean `PC3002`?\n" });
    // a program that asked for JSON gets every such error as JSON on stdout, and nothing on stderr
    for (const [args, message] of [
      [["PC9999"], "there is no diagnostic code `PC9999`"],
      [["share", "contact.email"], "required option '-p, --policy <file>'"],
      [["-p", "examples/xiaomi.policy", "share"], "expected a category after the action"],
      [["-p", "nonexist.policy", "share", "contact.email", "with", "partners", "for", "marketing.direct"], "cannot read `nonexist.policy`: no such file"],
    ] as const) {
      const r = await policyc(["explain", "--json", ...args]);
      expect(r, args.join(" ")).toMatchObject({ code: 2, stderr: "" });
      expect((JSON.parse(r.stdout) as { errors: string[] }).errors[0], args.join(" ")).toContain(message);
    }
  });

  it("refuses a request that names two recipients or two purposes, and escapes what it echoes", async () => {
    const two = await policyc(["explain", "-p", "examples/xiaomi.policy", "share", "contact.email", "with", "partners", "with", "affiliates", "for", "marketing.direct"]);
    expect(two).toMatchObject({ code: 2, stdout: "" });
    expect(two.stderr).toBe("error: `with affiliates`: the request already names the recipient `partners`; ask about one recipient at a time\n");
    const purposes = await policyc(["explain", "-p", "examples/xiaomi.policy", "use", "contact.email", "for", "marketing.direct", "for", "services.provide"]);
    expect(purposes.stderr).toContain("the request already names the purpose `marketing.direct`");
    const esc = await policyc(["explain", "-p", "examples/xiaomi.policy", "use", "contact.e\u001b[31mmail", "for", "services.provide"]);
    expect(esc.stderr).toContain("unknown category `contact.e\\x1b[31mmail`");
    expect(esc.stderr).not.toContain("\u001b");
  });

  it("says that an opt-out purpose's consent holds for anyone who has not objected", async () => {
    const args = ["explain", "-p", "examples/xiaomi.policy", "use", "tracking.ad_activity", "for", "marketing.advertising"];
    const r = await policyc(args);
    expect(r.stdout).toContain("decision when no condition holds: DENIED");
    expect(r.stderr).toBe(
      "note: `marketing.advertising` is opt-out: `consent` holds for a person who has not objected (the guards give it without a record); this asks about one who objected, and `--when consent` about one who has not\n",
    );
    expect((await policyc([...args, "--when", "consent"])).stderr).toBe("");
  });
});

describe("what reaches the terminal from a user's files", () => {
  const ESC = "\u001b";
  it.skipIf(process.platform === "win32")("build names an input whose file name holds ESC as an escape", async () => {
    const name = `a${ESC}]0;pwned${"\u0007"}.policy`;
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["*.policy"], outDir: "generated", emitters: ["model"] }),
      [name]: tinyPolicy("a"),
    });
    const r = await policyc(["build"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("a\\x1b]0;pwned\\x07.policy -> ");
    expect(r.stderr).not.toContain(ESC);
  });

  it("diff shows a label that holds ESC as an escape", async () => {
    const dir = project({
      "old.policy": tinyPolicy("a", 'purpose services.support "Support" { basis contract }\n'),
      "new.policy": tinyPolicy("a", `purpose services.support "Sup${ESC}[2Jport" { basis contract }\n`),
    });
    const r = await policyc(["diff", "old.policy", "new.policy"], { cwd: dir });
    expect(r.stdout).toContain("**Sup\\x1b\\[2Jport**");
    expect(r.stdout).not.toContain(ESC);
  });
});
