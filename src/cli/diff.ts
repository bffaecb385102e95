/**
 * `policyc diff <old> <new>`: what changed between two versions of a policy, in meaning (not in
 * text): Markdown for a "what changed" notice, or JSON. Either version may be a file or a file at
 * a git revision (`HEAD~1:privacy.policy`).
 *
 * Exit codes: 0 (or, with `--fail-on`, no change of that class or above), 1 a change of the
 * `--fail-on` class or above, or errors in a version, 2 a version cannot be read.
 */
import { Command, Option } from "commander";
import { classRank, type ChangeClass } from "../diff/changes.js";
import { escapeControlsInLines } from "../diagnostics/render.js";
import { createDiagnostic, dedupeDiagnostics } from "../diagnostics/diagnostic.js";
import { formatJson } from "../diagnostics/formats/json.js";
import { EXIT_PROBLEMS, EXIT_TOOL, type CommandContext } from "./io.js";
import { jsonOption, refuseJsonWithOtherFormat, report } from "./options.js";
import { wholeFile } from "../syntax/ast.js";

interface DiffCliOptions {
  readonly format: "markdown" | "json";
  readonly failOn?: "reconsent" | "notice" | "any" | "stale-records";
}

const THRESHOLD: Readonly<Record<Exclude<NonNullable<DiffCliOptions["failOn"]>, "stale-records">, ChangeClass>> = { reconsent: "reconsent", notice: "notice", any: "editorial" };

export function diffCommand(ctx: CommandContext): Command {
  return new Command("diff")
    .description("compare what two versions of a policy mean, for a \"what changed\" notice or a CI gate")
    .argument("<old>", "the previous version: a file, or REV:path for a file at a git revision")
    .argument("<new>", "the current version: a file, or REV:path")
    .addOption(new Option("--format <format>", "Markdown for people, JSON for programs").choices(["markdown", "json"]).default("markdown"))
    .addOption(jsonOption())
    .addOption(
      new Option("--fail-on <class>", "exit 1 when a change of this class or a more serious one exists; stale-records: when consent records the old version accepted go stale").choices([
        "reconsent",
        "notice",
        "any",
        "stale-records",
      ]),
    )
    .addHelpText(
      "after",
      `
Classes, most serious first: reconsent (consent already given no longer covers the policy),
notice (a material change people must be told about), editorial (wording only).
--fail-on stale-records fails only when records the old version accepted go stale: the
consentHash changed and the new version does not accept the old one (accepts_consent_from), or
it no longer accepts an earlier version the old one accepted.

Exit codes: 0 done (no change at or above --fail-on), 1 such a change, or errors in a version,
2 a version cannot be read.

Examples:
  $ policyc diff HEAD~1:privacy.policy privacy.policy
  $ policyc diff old.policy new.policy --format json
  $ policyc diff origin/main:privacy.policy privacy.policy --fail-on reconsent   # in CI
`,
    )
    .hook("preAction", refuseJsonWithOtherFormat)
    .action(async (before: string, after: string, opts: DiffCliOptions) => {
      // The comparison and its rendering (which reads the document's wording packs, Handlebars
      // and Markdown) are loaded only here, so that the other commands start faster.
      const [{ diffPolicies }, { renderJson, renderMarkdown }, { VersionError }] = await Promise.all([
        import("../diff/diff.js"),
        import("../diff/render.js"),
        import("../diff/source.js"),
      ]);
      let result;
      try {
        result = diffPolicies(before, after, { cwd: ctx.io.cwd });
      } catch (error) {
        if (!(error instanceof VersionError)) throw error;
        // a version that cannot be read is PC9001, as for check and build, in the chosen format
        const unreadable = [createDiagnostic("PC9001", { path: error.detail }, error.file !== undefined ? wholeFile(error.file) : undefined)];
        if (opts.format === "json") ctx.io.stdout.write(formatJson(unreadable, new Map()));
        else report({ ...ctx.io, stdout: ctx.io.stderr }, unreadable, new Map(), "pretty", 0);
        return ctx.exit(EXIT_TOOL);
      }
      if (!result.ok) {
        // The errors that stop the comparison, each once (the same file may be both versions);
        // the warnings of a version that compiles would only bury them.
        const errors = dedupeDiagnostics(result.diagnostics.filter((d) => d.severity === "error"));
        if (opts.format === "json") ctx.io.stdout.write(formatJson(errors, result.sources));
        else report({ ...ctx.io, stdout: ctx.io.stderr }, errors, result.sources, "pretty", 2);
        ctx.io.stderr.write("policyc: cannot compare versions that have errors\n");
        return ctx.exit(EXIT_PROBLEMS);
      }
      // labels are the policy's: a control character in one must not reach the terminal
      ctx.io.stdout.write(opts.format === "json" ? renderJson(result) : escapeControlsInLines(renderMarkdown(result)));
      // for the author, not the notice's readers: a change people are told about usually comes
      // with a new version (and `effective` date)
      const told = result.changes.some((c) => c.class !== "editorial");
      if (told && result.before.version === result.after.version && result.before.hash !== result.after.hash) {
        const same = result.after.version === null ? "neither version says `version`" : `both versions say \`version ${escapeControlsInLines(result.after.version)}\``;
        ctx.io.stderr.write(`note: ${same}; a change that needs a notice or consent usually comes with a new \`version\` and \`effective\` date\n`);
      } else if (told && result.before.version !== result.after.version && result.after.effective !== null && result.before.effective === result.after.effective) {
        // a new version that takes effect on the old one's date: the notice would date the changes back
        ctx.io.stderr.write(`note: the version changed, but both versions say \`effective ${escapeControlsInLines(result.after.effective)}\`; give the new one the date its changes take effect\n`);
      }
      if (opts.failOn === "stale-records") {
        if (result.consentRecords === "stale") {
          ctx.io.stderr.write("policyc: consent records the old version accepted go stale (--fail-on stale-records)\n");
          ctx.exit(EXIT_PROBLEMS);
        }
      } else if (opts.failOn && result.highest && classRank(result.highest) >= classRank(THRESHOLD[opts.failOn])) {
        ctx.io.stderr.write(`policyc: changes of class \`${result.highest}\` found (--fail-on ${opts.failOn})\n`);
        ctx.exit(EXIT_PROBLEMS);
      }
    });
}
