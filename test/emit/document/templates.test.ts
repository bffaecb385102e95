/**
 * Wording packs: a project's templates folder overrides single templates and labels, a third
 * language is a copy of `templates/en`, and every problem with a pack is a diagnostic.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, vi } from "vitest";
import { builtinTemplatesDir } from "../../../src/emit/document/packs.js";
import { emit, file, markdownProblems } from "./helpers.js";
import { tinyModel } from "./tiny-model.js";
import { project } from "../../tooling/helpers.js";
import { compile } from "../../../src/program.js";
import { shownPath } from "../../../src/util/shown-path.js";
import { LineMap } from "../../../src/diagnostics/source.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import type { EmitResult } from "../../../src/emit/types.js";


const model = tinyModel();
const plain = emit(model, { languages: ["en"] });

/**
 * Where a diagnostic points, read in the texts the emitter hands over (`sources`): `file:line:col`
 * and the text under the span, or the file alone for a span of the whole file.
 */
function place(result: EmitResult, d: Diagnostic | undefined): string {
  const span = d?.span;
  if (!span) return "(none)";
  if (span.whole) return span.file;
  const text = result.sources?.get(span.file);
  if (text === undefined) return `${span.file} (no text)`;
  const { line, column } = new LineMap(text).position(span.start);
  return `${span.file}:${line}:${column} ${JSON.stringify(text.slice(span.start, span.end))}`;
}

/** Lines of `b` that are not in `a`, and the other way round. */
function changed(a: string, b: string): { removed: string[]; added: string[] } {
  const la = a.split("\n");
  const lb = b.split("\n");
  return { removed: la.filter((x) => !lb.includes(x)), added: lb.filter((x) => !la.includes(x)) };
}

test("an overridden template changes that sentence and nothing else", () => {
  const dir = project({ "en/deny-rule.hbs": "We promise never to do this: {{#if act.share}}sharing{{/if}}{{#if act.use}}using{{/if}} {{list (quoted categories)}}.\n" });
  const result = emit(model, { languages: ["en"], templatesDir: dir, cwd: dir });
  // it says less than the built-in template: each field it leaves out is named (PC5010)
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(
    ["exceptions", "recipientSelector", "conditions", "purposes"].map(
      (k) => `PC5010 the project's template \`en/deny-rule.hbs\` leaves out \`${k}\`, which the policy states and the built-in \`templates/en/deny-rule.hbs\` shows: the document says less than the policy`,
    ),
  );
  const { removed, added } = changed(file(plain, "policy.md"), file(result, "policy.md"));
  expect(removed).toEqual([
    "- We do not share “Health notes” with anyone. However, we may share “Health notes” with “Law enforcement” when required by law and we may share “Health notes” with “Cloud hosting provider” for “Running the notes service” with your explicit consent.",
    "- We do not use “Notes you write” for “Keeping accounts secure” without your consent.",
  ]);
  expect(added).toEqual(["- We promise never to do this: sharing “Health notes”.", "- We promise never to do this: using “Notes you write”."]);
  // The HTML follows the same tree.
  expect(file(result, "policy.html")).toContain("We promise never to do this: sharing “Health notes”.");
});

test("an overridden label changes the heading and its entry in the contents", () => {
  const dir = project({ "en/labels.json": JSON.stringify({ sections: { rights: "Your privacy rights" } }) });
  const result = emit(model, { languages: ["en"], templatesDir: dir });
  const { removed, added } = changed(file(plain, "policy.md"), file(result, "policy.md"));
  expect(removed).toEqual(["11. [Your rights](#your-rights)", "## Your rights"]);
  expect(added).toEqual(["11. [Your privacy rights](#your-privacy-rights)", "## Your privacy rights"]);
  expect(markdownProblems("policy.md", file(result, "policy.md"))).toBe("");
});

test("a third language is a copy of the English pack", () => {
  const dir = project();
  cpSync(join(builtinTemplatesDir(), "en"), join(dir, "xx"), { recursive: true });
  writeFileSync(join(dir, "xx", "purpose-uses.hbs"), "XX uses: {{list (quoted uses)}}.\n");
  const result = emit(model, { languages: ["en", "xx"], templatesDir: dir });
  expect(result.files.map((f) => f.path)).toEqual(["policy.md", "policy.html", "policy.xx.md", "policy.xx.html"]);
  expect(file(result, "policy.xx.md")).toContain("XX uses: “Email address (untranslated)”.");
  expect(file(result, "policy.xx.html")).toContain('<html lang="xx">');
  // The tiny model has no `xx` translations: each text it shows is reported once.
  expect(new Set(result.diagnostics.map((d) => d.code))).toEqual(new Set(["PC5001"]));
});

test("a language without a pack is an error and produces no files", () => {
  const result = emit(model, { languages: ["en", "fr"] });
  expect(result.files.map((f) => f.path)).toEqual(["policy.md", "policy.html"]);
  expect(result.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
    ["PC5002", "error", "there are no wording templates for language `fr`, so no `fr` document can be written"],
  ]);
  // where the English pack to copy is, and how a project's folder is named: it is read only when configured
  const english = shownPath(join(builtinTemplatesDir(), "en"), process.cwd());
  expect(result.diagnostics[0]!.help).toBe(
    `copy \`${english}/\` into a templates folder of the project as \`fr/\` (\`wording/fr/\`), translate it, and name that folder in policyc.config.json (\`"templates": "wording"\`) or with \`--templates\`; or drop \`fr\` from \`languages\``,
  );
  const dir = project();
  const configured = emit(model, { languages: ["en", "fr"], templatesDir: dir, cwd: dir });
  expect(configured.diagnostics[0]!.help).toBe(`copy \`${shownPath(join(builtinTemplatesDir(), "en"), dir)}/\` to \`fr/\` and translate it, or drop \`fr\` from \`languages\``);
});

test("a language that is not a language tag never becomes a path", () => {
  const result = emit(model, { languages: ["../en"] });
  expect(result.files).toEqual([]);
  expect(result.diagnostics.map((d) => d.code)).toEqual(["PC5002"]);
});

test("a pack missing a template or label falls back to English and says so", () => {
  const dir = project({ "fr/labels.json": JSON.stringify({ sections: { rights: "Vos droits" } }), "fr/right.hbs": "{{label}}." });
  const result = emit(tinyModel({}, (m) => ({ ...m, header: { ...m.header, languages: ["en", "fr"] } })), { languages: ["fr"], templatesDir: dir });
  const md = file(result, "policy.fr.md");
  expect(md).toContain("## Vos droits");
  expect(md).toContain("## Who we are");
  // one error for all a language only the project has lacks, not one per sentence that falls back
  const missing = result.diagnostics.filter((d) => d.code === "PC5003");
  expect(missing).toHaveLength(1);
  expect(missing[0]!.message).toMatch(/^the `fr` template pack has no `allow-rule.hbs`, nor \d+ other templates and labels of `templates\/en`: the English wording was used$/);
  expect(missing[0]!.help).toMatch(/^copy what is missing from `templates\/en\/` into the `fr\/` folder \(labels into its `labels.json`\) and translate it: `allow-rule.hbs`, /);
  const count = Number(/nor (\d+) other/.exec(missing[0]!.message)![1]);
  // every English template but the one it has, and every English label but the one it sets
  const english = readdirSync(join(builtinTemplatesDir(), "en")).filter((n) => n.endsWith(".hbs")).length;
  expect(count + 1).toBeGreaterThan(english - 1);
  expect(missing[0]!.message).not.toContain("right.hbs");
});

test("a template naming a field the emitter does not pass fails in strict mode, as a diagnostic", () => {
  const dir = project({ "en/changes.hbs": "We notify you {{howOften}}.", "en/precedence.hbs": "{{#if prevails}}unclosed" });
  const result = emit(model, { languages: ["en"], templatesDir: dir });
  const failures = result.diagnostics.filter((d) => d.code === "PC5004");
  const failed = failures.map((d) => d.message);
  expect(failed).toHaveLength(2);
  // in words, not in Handlebars' parser tokens; the span at the block left open
  expect(failed[0]).toBe("template `precedence.hbs` (en) failed: `{{#if}}` is never closed: end it with `{{/if}}`");
  expect(place(result, failures[0])).toBe(`${shownPath(join(dir, "en", "precedence.hbs"), process.cwd())}:1:1 "{"`);
  // the span over the field's first mention
  expect(failed[1]).toBe("template `changes.hbs` (en) failed: it names `howOften`, which it is not given; it is given `notify`");
  expect(place(result, failures[1])).toBe(`${shownPath(join(dir, "en", "changes.hbs"), process.cwd())}:1:17 "howOften"`);
  expect(file(result, "policy.md")).not.toContain("We notify you");
});

test("a misspelled field in a block or a helper's argument is reported too, not rendered as nothing", () => {
  const dir = project({
    "en/deny-rule.hbs": "We will never {{#if act.sel}}sell{{/if}}{{#if act.share}}share{{/if}} {{list (quoted categoris)}}.",
    "en/controller.hbs": "{{#unless legalNmae}}Unknown controller.{{/unless}}",
    // inside #each the context is the item: not checked against the sentence's fields
    "en/purpose-basis.hbs": "{{#each bases}}{{legalBasis this.basis}}{{basis}}{{/each}}",
  });
  const result = emit(model, { languages: ["en"], templatesDir: dir });
  const failed = result.diagnostics.filter((d) => d.code === "PC5004").map((d) => d.message);
  expect(failed.some((m) => m.includes("`deny-rule.hbs`") && m.includes("it names `act.sel`, `categoris`, which it is not given"))).toBe(true);
  expect(failed.some((m) => m.includes("`controller.hbs`") && m.includes("it names `legalNmae`"))).toBe(true);
  expect(failed.some((m) => m.includes("`purpose-basis.hbs`"))).toBe(false);
  // with the field meant, at the level it is misspelt
  const deny = failed.find((m) => m.includes("`deny-rule.hbs`"))!;
  expect(deny).toMatch(/did you mean `act\.sell` for `act\.sel`\?; did you mean `categories` for `categoris`\?$/);
  expect(failed.find((m) => m.includes("`controller.hbs`"))).toMatch(/did you mean `legalName` for `legalNmae`\?$/);
  // a helper passed as a value where a call was meant
  const called = emit(model, { languages: ["en"], templatesDir: project({ "en/deny-rule.hbs": "We never {{list quoted categories}}." }) });
  expect(called.diagnostics.map((d) => d.message).find((m) => m.includes("`deny-rule.hbs`"))).toMatch(/`quoted` is a helper: call it in parentheses, as in `\(quoted \.\.\.\)`$/);
  const md = file(result, "policy.md");
  expect(md).not.toContain("We will never  ");
  expect(md).not.toContain("undefined");
  expect(md).not.toContain("Unknown controller.");
});

test("templates cannot reach prototypes or produce markup", () => {
  const dir = project({
    "en/changes.hbs": "{{notify.constructor}}{{lookup notify 'constructor'}} <b>{{list notify}}</b> [x](javascript:alert(1))",
  });
  const result = emit(model, { languages: ["en"], templatesDir: dir });
  const html = file(result, "policy.html");
  expect(html).not.toContain("<b>");
  expect(html).not.toContain('href="javascript');
  expect(html).toContain("&#x3C;b>by email and in the app&#x3C;/b> [x](javascript:alert(1))");
  expect(html).not.toMatch(/function (Array|Object)/);
});

test("a purpose-basis template written before lists of bases is reported where it would leave bases out", () => {
  // the template as it was: one `basis`, its `article`, the `interest`
  const old =
    "{{#if basis}}Legal basis: {{legalBasis basis}}{{#if article}} ({{basisArticle article}}){{/if}}{{#if interest}}, namely {{interest}}{{/if}}." +
    "{{#each variants}} In {{this.jurisdiction}}: {{legalBasis this.basis}}.{{/each}}{{/if}}\n";
  const dir = project({ "en/purpose-basis.hbs": old });
  const several = tinyModel({}, (m) => ({
    ...m,
    purposes: m.purposes.map((p) => (p.id === "security" ? { ...p, bases: ["legal_obligation", "legitimate_interests"] } : p)),
  }));
  const result = emit(several, { languages: ["en"], templatesDir: dir });
  expect(result.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
    [
      "PC5006",
      "warning",
      "the `en` template `purpose-basis.hbs` shows one legal basis, but `security` has several: the document names only `legal_obligation`",
    ],
  ]);
  // what it shows is the first basis alone, without the interest that belongs to another
  expect(file(result, "policy.md")).toContain("- Legal basis: compliance with our legal obligations (GDPR Art. 6(1)(c)).\n");
  // one basis each: nothing to report, and the sentence reads as it did
  const single = emit(model, { languages: ["en"], templatesDir: dir });
  expect(single.diagnostics).toEqual([]);
  expect(file(single, "policy.md")).toContain("- Legal basis: our legitimate interests (GDPR Art. 6(1)(f)), namely preventing fraud and abuse.\n");
  // the built-in template lists them all
  expect(emit(several, { languages: ["en"] }).diagnostics).toEqual([]);
});

test("a deny under an allow reads as what never happens, not as a way around the allow's condition", () => {
  const pixelquest = compile("examples/pixelquest.policy").model!;
  const md = file(emit(pixelquest, { languages: ["en"] }), "policy.md");
  // not "with your consent, except when you are under 16", which reads as "without consent under 16"
  expect(md).toContain("for “Personalised ads in the game”, with your consent, but never when you are under 16.");
  expect(md).not.toContain("except when you are under 16");
});

test("German: a deny under an allow reads 'aber niemals, wenn ...', and a deny's condition follows its verb", () => {
  const source = readFileSync("examples/pixelquest.policy", "utf8")
    .replace("  languages en\n", "  languages en, de\n")
    .concat("\ndeny share personal to advertisers when age_under 16 as extra_deny\n")
    .concat("allow share device.id to service_providers for protection\n  except deny when in EU\n");
  const dir = mkdtempSync(join(tmpdir(), "policyc-de-"));
  writeFileSync(join(dir, "p.policy"), source);
  const pixelquest = compile(join(dir, "p.policy")).model!;
  const md = file(emit(pixelquest, { languages: ["de"] }), "policy.de.md");
  // the comma before a "wenn" clause, and "aber niemals" rather than "außer" (read as a way around consent)
  expect(md).toContain("mit Ihrer Einwilligung, aber niemals, wenn Sie jünger als 16 Jahre sind.");
  expect(md).not.toContain("außer wenn Sie jünger");
  // "weiter" closes the main clause before the condition: not "... an X wenn Sie ... sind weiter."
  expect(md).toMatch(/Wir geben keinerlei personenbezogene Daten an „Ad networks[^“]*“ weiter, wenn Sie jünger als 16 Jahre sind\./);
  // a condition that is not a clause takes no comma after "aber niemals"
  expect(md).toMatch(/„Gerätekennungen“, für den Zweck „Preventing cheating and fraud[^“]*“, aber niemals in der Europäischen Union\./);
  expect(md).not.toMatch(/aber niemals, (in|außerhalb) /);
});

test("prose that says word for word what the statement says is printed once; 'third parties' is not 'anyone'", () => {
  const xiaomi = compile("examples/xiaomi.policy").model!;
  const out = emit(xiaomi, { languages: ["en", "de"] });
  const md = file(out, "policy.md");
  expect(md.split("We do not sell any personal information to third parties.").length - 1).toBe(1);
  // prose that says more stays beside the statement
  expect(md).toContain("We will not transfer your personal data to our business partners for use by them in direct marketing.");
  const de = file(out, "policy.de.md");
  expect(de).toContain("- Wir verkaufen keinerlei personenbezogene Daten an Dritte.");
  expect(de).not.toContain("an niemanden");
});

test("a project template no built-in one is named after is reported, with the name meant; a broken one says where and why", () => {
  const dir = project({ "en/chnages.hbs": "Changes are announced by carrier pigeon.\n", "en/deny-rule.hbs": "{{#if act.share}}broken\n" });
  const result = emit(model, { languages: ["en"], templatesDir: dir });
  const messages = result.diagnostics.map((d) => `${d.code} ${d.message}`);
  expect(messages).toContain("PC5007 the project's template `en/chnages.hbs` is not one policyc uses, so it changes nothing: did you mean `changes.hbs`?");
  // the file as a whole: no line of it is wrong
  expect(place(result, result.diagnostics.find((d) => d.code === "PC5007"))).toBe(shownPath(join(dir, "en", "chnages.hbs"), process.cwd()));
  const broken = result.diagnostics.find((d) => d.code === "PC5004");
  // what is wrong, in words, and where: the file as every path is shown, from the working directory
  expect(broken?.message).toBe("template `deny-rule.hbs` (en) failed: `{{#if}}` is never closed: end it with `{{/if}}`");
  expect(place(result, broken)).toBe(`${shownPath(join(dir, "en", "deny-rule.hbs"), process.cwd())}:1:1 "{"`);
  // seen from the project, as the build shows every path
  const fromProjectResult = emit(model, { languages: ["en"], templatesDir: dir, cwd: dir });
  expect(place(fromProjectResult, fromProjectResult.diagnostics.find((d) => d.code === "PC5004"))).toBe('en/deny-rule.hbs:1:1 "{"');
  // the built-in templates alone raise nothing
  expect(emit(model, { languages: ["en"] }).diagnostics).toEqual([]);
});

test("labels a project sets that no document reads are reported, with the key it meant", () => {
  const dir = project({
    "en/labels.json": JSON.stringify({
      sections: { rigths: "What you can ask of us", rights: "Your rights" },
      bogus: { a: "b" },
      units: { day: "Tag" },
      quotes: { open: 1 },
      // open vocabularies take the policy's own keys
      jurisdictions: { XX: "Xland" },
      channels: { pigeon: "carrier pigeon" },
      taxonomy: { "Email address": "E-mail" },
    }),
  });
  const result = emit(model, { languages: ["en"], templatesDir: dir });
  const messages = result.diagnostics.filter((d) => d.code === "PC5008").map((d) => d.message);
  expect(messages).toEqual([
    "the project's `en/labels.json` sets `sections.rigths`, which is not a label policyc uses, so it changes nothing: did you mean `sections.rights`?",
    "the project's `en/labels.json` sets `bogus`, which is not a label policyc uses, so it changes nothing",
    "the project's `en/labels.json` sets `units.day` to a text, where a group of labels is read, so it changes nothing",
    "the project's `en/labels.json` sets `quotes.open` to a number, where a text is read, so it changes nothing",
  ]);
  expect(result.diagnostics.every((d) => d.severity === "warning" || d.code === "PC5003")).toBe(true);
  // the key it did spell right is used
  expect(file(result, "policy.md")).toContain("Your rights");
  // a German override may set what only the German pack has
  const german = project({ "de/labels.json": JSON.stringify({ jurisdictionsIn: { EU: "in der EU" }, sections: { rights: "Ihre Rechte" } }) });
  expect(emit(model, { languages: ["en", "de"], templatesDir: german }).diagnostics.filter((d) => d.code === "PC5008")).toEqual([]);
});

test("a template that says everything the built-in one does is not reported; one that writes nothing, or only tests a field, is", () => {
  const reworded = project({
    // every field the built-in deny-rule shows, in other words
    "en/deny-rule.hbs": readFileSync(join(builtinTemplatesDir(), "en", "deny-rule.hbs"), "utf8").replace("We do not", "We will never"),
    // a template that writes nothing where the built-in one writes a statement
    "en/category-source.hbs": "{{#if false}}{{source}}{{/if}}",
    // one that tests the purposes but does not say which
    "en/share-rule.hbs": readFileSync(join(builtinTemplatesDir(), "en", "share-rule.hbs"), "utf8").replace(/\{\{list \(quoted purposes\)\}\}/g, "certain purposes"),
  });
  const result = emit(model, { languages: ["en"], templatesDir: reworded, cwd: reworded });
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
    "PC5010 the project's template `en/category-source.hbs` writes nothing for a statement the built-in `templates/en/category-source.hbs` writes: the document says less than the policy",
    "PC5010 the project's template `en/share-rule.hbs` leaves out `purposes`, which the policy states and the built-in `templates/en/share-rule.hbs` shows: the document says less than the policy",
  ]);
  // an error: nothing is published that promises more than the policy says
  expect(result.diagnostics.every((d) => d.severity === "error")).toBe(true);
  expect(file(result, "policy.md")).toContain("We will never");
});

test("a purpose-basis template that shows one basis but not the legitimate interest is PC5010", () => {
  const dir = project({ "en/purpose-basis.hbs": "{{#if basis}}Legal basis: {{legalBasis basis}}.{{else}}None.{{/if}}" });
  const problems = emit(model, { languages: ["en"], templatesDir: dir, cwd: dir }).diagnostics.filter((d) => d.code === "PC5010").map((d) => d.message).sort();
  expect(problems).toEqual([
    "the project's template `en/purpose-basis.hbs` leaves out `interest`, which the policy states and the built-in `templates/en/purpose-basis.hbs` shows: the document says less than the policy",
    "the project's template `en/purpose-basis.hbs` leaves out `variants`, which the policy states and the built-in `templates/en/purpose-basis.hbs` shows: the document says less than the policy",
  ]);
  // saying it is enough
  const said = project({
    "en/purpose-basis.hbs": "{{#if basis}}Legal basis: {{legalBasis basis}}{{#if interest}}, namely {{interest}}{{/if}}.{{#each variants}} In {{this.jurisdiction}}: {{legalBasis this.basis}}.{{/each}}{{else}}None.{{/if}}",
  });
  expect(emit(model, { languages: ["en"], templatesDir: said, cwd: said }).diagnostics.filter((d) => d.code === "PC5010")).toEqual([]);
  // the list of bases without their interest drops it too; a lookup of it says it
  const listOnly = project({ "en/purpose-basis.hbs": "{{#if basis}}Legal basis: {{#each bases}}{{legalBasis this.basis}} {{/each}}.{{#each variants}} In {{this.jurisdiction}}: {{legalBasis this.basis}}.{{/each}}{{else}}None.{{/if}}" });
  expect(emit(model, { languages: ["en"], templatesDir: listOnly, cwd: listOnly }).diagnostics.filter((d) => d.code === "PC5010").map((d) => d.message)).toEqual([
    "the project's template `en/purpose-basis.hbs` leaves out `interest`, which the policy states and the built-in `templates/en/purpose-basis.hbs` shows: the document says less than the policy",
  ]);
  const looked = project({ "en/purpose-basis.hbs": '{{#if basis}}Legal basis: {{legalBasis basis}}, {{lookup this "interest"}}.{{#each variants}} In {{this.jurisdiction}}: {{legalBasis this.basis}}.{{/each}}{{else}}None.{{/if}}' });
  expect(emit(model, { languages: ["en"], templatesDir: looked, cwd: looked }).diagnostics.filter((d) => d.code === "PC5010")).toEqual([]);
});

test("a helper called without its value, or a label that does not exist, says so in the template's words", () => {
  const dir = project({
    // meant as the field `duration`, which is also a helper's name
    "en/retention-period.hbs": "{{#if indefinite}}Forever{{else}}{{#if duration}}{{duration}}{{else}}No fixed period{{/if}}{{/if}}",
    "en/changes.hbs": '{{vocab "sections.rigths"}}',
    "en/deny-rule.hbs": "{{list}}",
  });
  const failed = emit(model, { languages: ["en"], templatesDir: dir })
    .diagnostics.filter((d) => d.code === "PC5004")
    .map((d) => d.message)
    .sort();
  expect(failed).toEqual([
    "template `changes.hbs` (en) failed: there is no label `sections.rigths`: did you mean `sections.rights`?",
    "template `deny-rule.hbs` (en) failed: the helper `list` takes 1 value, as in `{{list purposes}}`, and was given none",
    "template `retention-period.hbs` (en) failed: the helper `duration` takes 1 value, as in `{{duration duration}}`, and was given none; `{{duration}}` calls the helper, so to show the field `duration` write `{{duration duration}}`",
  ]);
  expect(failed.join("\n")).not.toContain("internal");
  // each at the place of the call in the project's template
  const result = emit(model, { languages: ["en"], templatesDir: dir, cwd: dir });
  const at = (file: string) => place(result, result.diagnostics.find((d) => d.code === "PC5004" && d.message.includes(file)));
  expect(at("deny-rule.hbs")).toBe('en/deny-rule.hbs:1:1 "{"');
  expect(at("retention-period.hbs")).toBe('en/retention-period.hbs:1:50 "{"');
  // a value that is not a period
  const text = project({ "en/retention-period.hbs": '{{duration "two years"}}' });
  expect(emit(model, { languages: ["en"], templatesDir: text }).diagnostics.map((d) => d.message)).toContain(
    "template `retention-period.hbs` (en) failed: the helper `duration` takes a period (the field `duration` or `max`), not `two years`",
  );
});

test("a labels.json that is not JSON says where, and a label of the wrong kind leaves the built-in one standing", () => {
  const broken = project({ "en/labels.json": '{\n  "sections": { "never": "Our promises", },\n}\n' });
  const brokenResult = emit(model, { languages: ["en"], templatesDir: broken, cwd: broken });
  const problems = brokenResult.diagnostics.map((d) => `${d.code} ${d.message} | ${d.help}`);
  expect(problems).toEqual([
    "PC5004 template `labels.json` (en) failed: it is not valid JSON: Expected double-quoted property name | `labels.json` is JSON: keys and texts in double quotes, no comma after the last entry of a group",
  ]);
  expect(place(brokenResult, brokenResult.diagnostics[0])).toBe('en/labels.json:2:42 "}"');
  // a list where a text is read: one warning that says so, no error claiming the label is missing
  const kinds = project({ "en/labels.json": JSON.stringify({ sections: { never: ["Our promises"] } }), "de/labels.json": JSON.stringify({ sections: { never: 5 } }) });
  const result = emit(model, { languages: ["en", "de"], templatesDir: kinds });
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
    "PC5008 the project's `en/labels.json` sets `sections.never` to a list, where a text is read, so it changes nothing",
    "PC5008 the project's `de/labels.json` sets `sections.never` to a number, where a text is read, so it changes nothing",
  ]);
  // at the key in each file
  expect(result.diagnostics.map((d) => place(result, d).replace(/^.*\/(\w+\/labels\.json)/, "$1"))).toEqual(['en/labels.json:1:14 "\\"never\\""', 'de/labels.json:1:14 "\\"never\\""']);
  expect(file(result, "policy.md")).toContain("What we never do");
  expect(file(result, "policy.de.md")).not.toContain("What we never do");
});

test("templates outside a language's folder are reported, with where they belong", () => {
  const dir = project({
    "deny-rule.hbs": "We never {{list categories}}.\n",
    "de-DE/deny-rule.hbs": "Nie.\n",
    "English/labels.json": "{}",
    // a language another policy of the project may be written in, and folders without templates
    "fr/deny-rule.hbs": "Jamais.\n",
    "partials/README.md": "notes\n",
    ".git/labels.json": "{}",
  });
  const messages = emit(model, { languages: ["en", "de"], templatesDir: dir })
    .diagnostics.filter((d) => d.code === "PC5009")
    .map((d) => d.message)
    .sort();
  expect(messages).toEqual([
    "the project's `deny-rule.hbs` is directly in the templates folder, where no document reads it, so it changes nothing: move it into a language's folder, such as `en/deny-rule.hbs`",
    "the project's templates folder `English/` (1 file) is for no language the document is written in (`en`, `de`), so it changes nothing: name it after one of them",
    "the project's templates folder `de-DE/` (1 file) is for no language the document is written in (`en`, `de`), so it changes nothing: did you mean `de/`?",
  ]);
  // a region of a language the document is in reads as meant for it, even beside its folder
  const both = project({ "de/deny-rule.hbs": "Nie {{list categories}}.\n", "de-DE/deny-rule.hbs": "Nie.\n" });
  expect(emit(model, { languages: ["en", "de"], templatesDir: both }).diagnostics.filter((d) => d.code === "PC5009").map((d) => d.message)).toEqual([
    "the project's templates folder `de-DE/` (1 file) is for no language the document is written in (`en`, `de`), so it changes nothing: did you mean `de/`?",
  ]);
  // a templates folder one level too deep, and files in a language folder that are never read
  const misplaced = project({ "templates/en/deny-rule.hbs": "Never.\n", "en/deny-rule.handlebars": "Never.\n", "en/Labels.json": "{}", "en/notes.md": "ours\n" });
  expect(emit(model, { languages: ["en"], templatesDir: misplaced }).diagnostics.filter((d) => /PC500[79]/.test(d.code)).map((d) => `${d.code} ${d.message}`).sort()).toEqual([
    "PC5007 the project's template `en/Labels.json` is not one policyc uses, so it changes nothing: did you mean `labels.json`?",
    "PC5007 the project's template `en/deny-rule.handlebars` is not one policyc uses, so it changes nothing: did you mean `deny-rule.hbs`?",
    "PC5009 the project's folder `templates/` holds language folders (`en/`), one level below where they are read, so it changes nothing: point the configuration's `templates` at `templates/` inside it, or move them up a level",
  ]);
});

test("a labels.json spelled in another case directly in the templates folder is reported, with the name it needs", () => {
  const dir = project({ "Labels.json": "{}" });
  expect(emit(model, { languages: ["en"], templatesDir: dir }).diagnostics.filter((d) => d.code === "PC5009").map((d) => d.message)).toEqual([
    "the project's `Labels.json` is directly in the templates folder, where no document reads it, so it changes nothing: move it into a language's folder, such as `en/labels.json`",
  ]);
});

test("a hostile project template cannot crash the build or write to stdout", () => {
  const dir = project({ "en/controller.hbs": '{{log "HELLO"}}{{name}}' });
  mkdirSync(join(dir, "en", "deny-rule.hbs"));
  const writes: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void writes.push(args.join(" ")));
  const info = vi.spyOn(console, "info").mockImplementation((...args: unknown[]) => void writes.push(args.join(" ")));
  try {
    const result = emit(model, { languages: ["en"], templatesDir: dir });
    const problems = result.diagnostics.map((d) => `${d.code} ${d.message}`);
    // a folder named like a template: PC5004 naming it, not an EISDIR stack trace
    const folder = result.diagnostics.find((d) => d.message.startsWith("template `deny-rule.hbs` (en) failed: EISDIR"));
    expect(folder && place(result, folder)).toBe(shownPath(join(dir, "en", "deny-rule.hbs"), process.cwd()));
    // Handlebars' `log` is not there to call
    expect(problems).toContain("PC5004 template `controller.hbs` (en) failed: the `log` helper is not available in wording templates: it would write to the console, not to the document");
    expect(writes).toEqual([]);
  } finally {
    spy.mockRestore();
    info.mockRestore();
  }
});

test("blocks nested thousands deep are refused where they pass the limit, not as a stack overflow", () => {
  const deep = "{{#if name}}".repeat(2000) + "x" + "{{/if}}".repeat(2000);
  const fine = "{{#if name}}".repeat(5) + "{{name}} is responsible." + "{{/if}}".repeat(5);
  const dir = project({ "en/controller.hbs": deep, "en/dpo.hbs": fine });
  const result = emit(model, { languages: ["en"], templatesDir: dir });
  const found = result.diagnostics.filter((d) => d.code === "PC5004");
  expect(found.map((d) => d.message)).toEqual(["template `controller.hbs` (en) failed: blocks are nested more than 32 deep; a wording template needs a few"]);
  expect(found[0]!.span?.start).toBe(32 * "{{#if name}}".length);
});

test("control characters in the policy's text never reach the Markdown or HTML raw", () => {
  const source = readFileSync("examples/pixelquest.policy", "utf8").replace(
    '"Running the game and saving your progress"',
    '"Running the game\\u{1B}]0;PWNED\\u{7}\\u{1B}[2J and \\u{9B}saving\\u{7F} your progress"',
  ).replace('controller "Pixel Forge Studios"', 'controller "Pixel Forge\\u{7} Studios"');
  expect(source).toContain("PWNED");
  const dir = mkdtempSync(join(tmpdir(), "policyc-ctl-"));
  writeFileSync(join(dir, "p.policy"), source);
  const model = compile(join(dir, "p.policy")).model!;
  expect(model.purposes.find((p) => p.id === "services.provide")!.label.text).toContain("\u001b");
  const out = emit(model, { languages: ["en"] });
  for (const f of ["policy.md", "policy.html"]) {
    const content = file(out, f);
    expect(content, f).toContain("Running the game\uFFFD]0;PWNED\uFFFD\uFFFD");
    expect(content, f).toContain("and \uFFFDsaving\uFFFD your progress");
    // the controller's name is written apart from the other texts (a proper name, not translated)
    expect(content, f).toContain("Pixel Forge\uFFFD Studios");
    expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(content), f).toBe(false);
  }
});

test("a template or label cannot place another statement's text by writing the document's own marks", () => {
  const dir = project({ "en/controller.hbs": "Z\uE0000\uE001 {{name}}\n", "en/labels.json": JSON.stringify({ sections: { who: "Who \uE0001\uE001 we are" } }) });
  const result = emit(model, { languages: ["en"], templatesDir: dir });
  const md = file(result, "policy.md");
  expect(md).toContain("Z\uFFFD0\uFFFD ");
  expect(md).toContain("## Who \uFFFD1\uFFFD we are");
  expect(md).not.toMatch(/[\uE000\uE001]/);
  // nor by taking a placeholder it was given apart (`lookup` on a text yields its characters,
  // one past the end nothing) and putting its own key with another slot's number: the key is the
  // slot's own
  const tail = Array.from({ length: 14 }, (_, i) => `{{lookup name ${i + 2}}}`).join("");
  const forged = project({ "en/controller.hbs": `[{{lookup name 0}}0${tail}][{{lookup name 0}}1${tail}] {{name}}\n` });
  const line = () => file(emit(model, { languages: ["en"], templatesDir: forged }), "policy.md").split("\n").find((l) => l.includes("] "))!;
  const first = line();
  // a placeholder of slot 0 or 1 with the key of another slot writes nothing
  expect(first).toBe("\\[]\\[] Acme Notes");
  expect(line()).toBe(first);  // and a helper given a text says so, the same on every run, without the placeholder's key
  const asked = project({ "en/controller.hbs": "{{vocab name}} {{name}}\n" });
  const failure = () => emit(model, { languages: ["en"], templatesDir: asked }).diagnostics.find((d) => d.code === "PC5004")?.message;
  expect(failure()).toContain("a text of the policy");
  expect(failure()).toBe(failure());
  expect(failure()).not.toMatch(/[\uE000-\uE1FF]/);
});

test("a template or label cannot write control characters or bidirectional overrides into the documents", () => {
  const dir = project({
    "en/controller.hbs": "\u001b[8mhidden\u001b[0m {{name}}\u0007\n",
    "en/labels.json": JSON.stringify({ sections: { who: "Who \u001b]0;PWNED\u0007\u0000we \u202eare\u2066" } }),
  });
  const result = emit(model, { languages: ["en"], templatesDir: dir });
  for (const f of ["policy.md", "policy.html"]) {
    const content = file(result, f);
    // shown as U+FFFD (Markdown escapes the `[` after it)
    expect(content, f).toMatch(/\uFFFD\\?\[8mhidden\uFFFD\\?\[0m /);
    expect(content, f).toContain("Who \uFFFD]0;PWNED\uFFFD\uFFFDwe \uFFFDare\uFFFD");
    expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(content), f).toBe(false);
  }
});

test("a labels.json with a byte order mark is read; one that holds no group of labels, or is nested absurdly deep, says so", () => {
  const bom = project({ "en/labels.json": `\uFEFF${JSON.stringify({ sections: { rights: "Your privacy rights" }, units: { dya: "x" } })}` });
  const read = emit(model, { languages: ["en"], templatesDir: bom, cwd: bom });
  expect(file(read, "policy.md")).toContain("## Your privacy rights");
  // the key's place counts the mark: the span is over `"dya"` in the file as it is
  const key = read.diagnostics.find((d) => d.code === "PC5008");
  expect(key && place(read, key)).toBe('en/labels.json:1:55 "\\"dya\\""');
  for (const [text, why] of [
    ["[1, 2]", "it holds a list, where a group of labels (`{ ... }`) is read"],
    ['"Rights"', "it holds a text, where a group of labels (`{ ... }`) is read"],
    [`${"[".repeat(20000)}${"]".repeat(20000)}`, "it holds a list, where a group of labels (`{ ... }`) is read"],
    [`{"a":${'{"a":'.repeat(20000)}1${"}".repeat(20001)}`, "it is nested too deeply to be a labels file"],
  ] as const) {
    const dir = project({ "en/labels.json": text });
    const problems = emit(model, { languages: ["en"], templatesDir: dir, cwd: dir }).diagnostics.filter((d) => d.code === "PC5004").map((d) => d.message);
    expect(problems).toEqual([`template \`labels.json\` (en) failed: ${why}`]);
  }
});

test("a template that fails while it runs says why in words, and where when Handlebars knows", () => {
  for (const [template, why, at] of [
    ["{{helperMissing}}", "`helperMissing` is Handlebars' own, not a helper for templates to call", 'en/changes.hbs:1:1 "{"'],
    ["{{lookup}}", "`lookup`, Handlebars' own, was called without what it needs: it is not for templates to call bare", "en/changes.hbs"],
    ["We tell you by {{notify.[5]}}.", "it names `5`, which is not there", 'en/changes.hbs:1:18 "n"'],
    // a field inside a block whose items are texts: no field is checked there ahead of time
    ["We tell you by {{#each notify}}{{bogus}}{{/each}}.", "it names `bogus` of a text, which has no fields", 'en/changes.hbs:1:34 "b"'],
    // a byte order mark is no column: the place is the same
    ["\uFEFFWe tell you by {{notify.[5]}}.", "it names `5`, which is not there", 'en/changes.hbs:1:18 "n"'],
    ["\uFEFF{{#if notify}}{{notfy}}{{/if}}", "it names `notfy`, which it is not given", 'en/changes.hbs:1:17 "notfy"'],
  ] as const) {
    const dir = project({ "en/changes.hbs": template });
    const result = emit(model, { languages: ["en"], templatesDir: dir, cwd: dir });
    const failed = result.diagnostics.find((d) => d.code === "PC5004");
    expect(failed?.message, template).toContain(`template \`changes.hbs\` (en) failed: ${why}`);
    expect(failed?.message, template).not.toMatch(/Cannot read properties|undefined \(reading/);
    expect(place(result, failed), template).toBe(at);
  }
});

test("partials, decorators and helpers that do not exist are refused before the template runs, each at its place", () => {
  for (const [template, why, at] of [
    // a partial that does not exist failed as it ran, with no place; a recursive inline partial overflowed the stack
    ["We tell you {{> footer}}.", "`{{> footer}}` includes a partial, and wording templates have no partials", 'en/changes.hbs:1:13 "{"'],
    ['{{#*inline "p"}}x{{> p}}{{/inline}}{{> p}}', "`{{#*inline}}` is a decorator (such as an inline partial), and wording templates have none", 'en/changes.hbs:1:1 "{"'],
    // a partial block rendered its fallback and published it
    ["{{#> layout}}We tell you.{{/layout}}", "`{{#> layout}}` includes a partial", 'en/changes.hbs:1:1 "{"'],
    ["We tell you by\n  {{lst notify}}.", "`lst` is called as a helper (it is given values), and there is no helper `lst` (did you mean `list`?); the helpers are `basisArticle`, `date`,", 'en/changes.hbs:2:3 "{"'],
    ["We tell you by {{#if notify}}{{shout notify}}{{/if}}.", "`shout` is called as a helper (it is given values), and there is no helper `shout`; the helpers are", 'en/changes.hbs:1:30 "{"'],
    ["We tell you by {{list (quote notify)}}.", "`quote` is called as a helper (it is given values), and there is no helper `quote` (did you mean `quoted`?)", 'en/changes.hbs:1:23 "("'],
    ['{{log "x"}}We tell you.', "the `log` helper is not available in wording templates", 'en/changes.hbs:1:1 "{"'],
    // ten nested loops over ten items ran ten billion times: the build hung
    [
      "{{#each notify}}{{#each @root.notify}}{{#each @root.notify}}x{{/each}}{{/each}}{{/each}}We tell you.",
      "`{{#each}}` inside 2 others: wording templates nest loops at most 2 deep",
      'en/changes.hbs:1:39 "{"',
    ],
  ] as const) {
    const dir = project({ "en/changes.hbs": template });
    const result = emit(model, { languages: ["en"], templatesDir: dir, cwd: dir });
    const failed = result.diagnostics.filter((d) => d.code === "PC5004");
    expect(failed.length, template).toBe(1);
    expect(failed[0]!.message, template).toContain(`template \`changes.hbs\` (en) failed: ${why}`);
    expect(place(result, failed[0]), template).toBe(at);
  }
});

test("a field named through lookup, or asked of a text, is checked like any other", () => {
  for (const [template, why, at] of [
    ['We tell you by {{lookup this "notfy"}}.', "it names `notfy`, which it is not given", 'en/changes.hbs:1:30 "\\"notfy\\""'],
    ["We tell you by {{notify.[0].constructor}}.", "`notify.0` is a text, which has no fields", 'en/changes.hbs:1:18 "notify.[0].constructor"'],
  ] as const) {
    const dir = project({ "en/changes.hbs": template });
    const result = emit(model, { languages: ["en"], templatesDir: dir, cwd: dir });
    const failed = result.diagnostics.find((d) => d.code === "PC5004");
    expect(failed?.message, template).toContain(why);
    expect(place(result, failed), template).toBe(at);
  }
  // a lookup of a field that is there works as before
  const dir = project({ "en/changes.hbs": 'We tell you by {{lookup this "notify"}}.' });
  const ok = emit(model, { languages: ["en"], templatesDir: dir, cwd: dir });
  expect(ok.diagnostics.filter((d) => d.code === "PC5004")).toEqual([]);
});

test("a template or labels.json that is not UTF-8 says so, at the first bad byte, instead of publishing U+FFFD", () => {
  const dir = project();
  mkdirSync(join(dir, "en"), { recursive: true });
  // "Änderungen" in Latin-1: the Ä is one byte that is not UTF-8
  writeFileSync(join(dir, "en", "changes.hbs"), Buffer.from([0x57, 0x65, 0x20, 0xc4, 0x6e, 0x64, 0x65, 0x72, 0x6e, 0x2e]));
  writeFileSync(join(dir, "en", "labels.json"), Buffer.from('{"sections":{"rights":"R\0i\0g\0h\0t\0s\0"}}', "latin1"));
  const result = emit(model, { languages: ["en"], templatesDir: dir, cwd: dir });
  const failed = result.diagnostics.filter((d) => d.code === "PC5004");
  expect(failed.map((d) => d.message)).toEqual([
    "template `labels.json` (en) failed: it contains NUL characters: it was probably saved as UTF-16; save it as UTF-8",
    "template `changes.hbs` (en) failed: bytes here are not valid UTF-8 (read as U+FFFD): it was probably saved as Latin-1 or Windows-1252; save it as UTF-8",
  ]);
  expect(failed.map((d) => place(result, d))).toEqual(['en/labels.json:1:25 "\\u0000"', 'en/changes.hbs:1:4 "�"']);
  expect(file(result, "policy.md")).not.toContain("\uFFFD");
});

test("the date helper refuses what is no date, and a dateFormat label that would print itself", () => {
  const notDate = project({ "en/document-meta.hbs": "Effective {{date version}}." });
  const a = emit(model, { languages: ["en"], templatesDir: notDate, cwd: notDate }).diagnostics.find((d) => d.code === "PC5004");
  expect(a?.message).toContain("the helper `date` takes a date written as in the policy (`2024-05-01`), such as the field `effective`");
  const format = project({ "en/labels.json": JSON.stringify({ dateFormat: "{day}.{month}" }) });
  const b = emit(model, { languages: ["en"], templatesDir: format, cwd: format }).diagnostics.find((d) => d.code === "PC5004");
  expect(b?.message).toContain("the label `dateFormat` (`{day}.{month}`) lacks `{year}`: it must place the day, the month and the year");
});

test("a template on several lines: a line break before punctuation or after a bracket is no space", () => {
  const dir = project({
    "en/retention-period.hbs": "{{#if duration}}\n  {{duration duration}}\n  {{#if from}}\n    ({{from}}\n    )\n  {{/if}}\n  , then gone\n  .\n{{else}}Unknown{{/if}}\n",
  });
  const md = file(emit(model, { languages: ["en"], templatesDir: dir }), "policy.md");
  expect(md).toContain("30 days (after you delete your account), then gone.");
  expect(md).not.toContain(" , then");
});

test("a template with a long run of spaces and line breaks is folded in linear time, as a short one is", () => {
  // " \n" repeated: a pattern such as /\s*\n\s*(?=,)/ backtracks cubically on it (2,000 took 100 s)
  const run = " \n".repeat(20_000);
  const dir = project({ "en/retention-period.hbs": `{{#if duration}}{{duration duration}}${run}, then gone${run}.{{else}}Unknown{{/if}}` });
  const md = file(emit(model, { languages: ["en"], templatesDir: dir }), "policy.md");
  expect(md).toContain("30 days, then gone.");
});
