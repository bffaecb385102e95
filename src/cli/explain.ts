/**
 * `policyc explain <action> <category> [with <recipient>] [for <purpose>] [--when facts] -p file`
 * Prints the decision for the facts given, the conditions under which the request is allowed at
 * all, and the chain of rules (file:line) that decided.
 */
import { escapeControlsInLines } from "../diagnostics/render.js";
import { dirname, join, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { ACTIONS, ACTION_ALIASES, type Action } from "../syntax/ast.js";
import { compile } from "../program.js";
import { explain, explanationJson, renderExplanation } from "../semantics/explain.js";
import { terminalSafeJson } from "../diagnostics/formats/json.js";
import { EXIT_TOOL, type CommandContext } from "./io.js";
import { CATALOGUE, CATALOGUE_BY_NAME, stopsCompile } from "../diagnostics/catalogue.js";
import { report } from "./options.js";
import { readTextFile } from "../util/read-text.js";
import { readErrorReason } from "../util/read-error.js";
import { codeEntry } from "../diagnostics/docs.js";
import { didYouMean, suggest } from "../util/suggest.js";
import { packageRoot } from "../util/package-info.js";
import { shownPath } from "../util/shown-path.js";

/** Parses `share contact.email with advertisers for marketing.direct` into its parts. */
export function parseRequestWords(words: readonly string[]): { action: Action; category: string; recipient?: string; purpose?: string } {
  const [verb, category, ...rest] = words;
  const action = (ACTIONS as readonly string[]).includes(verb ?? "") ? (verb as Action) : ACTION_ALIASES[verb ?? ""];
  if (!action) {
    const hint = didYouMean(verb ?? "", [...ACTIONS, ...Object.keys(ACTION_ALIASES)]);
    throw new InvalidArgumentError(`unknown action \`${verb ?? ""}\` (${hint ?? `expected one of ${ACTIONS.join(", ")}`})`);
  }
  if (!category) throw new InvalidArgumentError("expected a category after the action");
  let recipient: string | undefined;
  let purpose: string | undefined;
  for (let i = 0; i < rest.length; i += 2) {
    const kw = rest[i];
    const value = rest[i + 1];
    if (!value) throw new InvalidArgumentError(`expected a name after \`${kw}\``);
    // one request: a second clause would replace the first without a word
    if ((kw === "with" || kw === "to") && recipient !== undefined) throw new InvalidArgumentError(`\`${kw} ${value}\`: the request already names the recipient \`${recipient}\`; ask about one recipient at a time`);
    if (kw === "for" && purpose !== undefined) throw new InvalidArgumentError(`\`for ${value}\`: the request already names the purpose \`${purpose}\`; ask about one purpose at a time`);
    if (kw === "with" || kw === "to") recipient = value;
    else if (kw === "for") purpose = value;
    else throw new InvalidArgumentError(`unexpected \`${kw}\` (expected \`with\`, \`to\` or \`for\`)`);
  }
  return { action, category, ...(recipient ? { recipient } : {}), ...(purpose ? { purpose } : {}) };
}

export function explainCommand(ctx: CommandContext): Command {
  return new Command("explain")
    .description("explain how a request is decided: the decision, its conditions and the rules behind it")
    .argument("<request...>", "e.g. share contact.email with advertisers for marketing.direct; or a diagnostic code (PC3002) or name")
    .option("-p, --policy <file>", "the .policy file to ask (required for a request)")
    .option(
      "--when <facts>",
      "comma-separated conditions that hold (consent, required_by_law, minor, in:DE, age:14, ...); may be repeated",
      (value: string, previous: string) => (previous ? `${previous},${value}` : value),
      "",
    )
    .option("--json", "print the explanation as JSON")
    .addOption(new Option("--format <format>", "text for people, JSON for programs (the same as --json)").choices(["text", "json"]).default("text"))
    .addHelpText(
      "after",
      "\nExamples:\n  $ policyc explain -p privacy.policy use contact.email for marketing.direct --when consent\n  $ policyc explain PC3002              # what a diagnostic code means, and how to fix it\n",
    )
    .action((words: string[], given: { policy?: string; when: string; json?: boolean; format: "text" | "json" }) => {
      const opts = { ...given, json: given.json === true || given.format === "json" };
      // what the terminal shows: a name or fact from the command line can hold control characters
      const stderr = { write: (text: string) => ctx.io.stderr.write(escapeControlsInLines(text)) };
      // a misuse or an unreadable file (exit 2): for a program that asked for JSON, its error as
      // JSON on stdout, as for an unknown name, so that it always has a document to read
      const misuse = (message: string) => {
        if (opts.json) ctx.io.stdout.write(terminalSafeJson({ errors: [message] }));
        else stderr.write(`error: ${message}\n`);
        return ctx.exit(EXIT_TOOL);
      };
      // `policyc explain PC3002` (or its name): the code's reference entry.
      // a code (`PC3002`, `pc3002`) or a name (`unused-category`, `Unused_Category`)
      const asName = words.length === 1 ? words[0]!.toLowerCase().replace(/_/g, "-") : "";
      const code = words.length === 1 ? (CATALOGUE.get(words[0]!.toUpperCase()) ?? CATALOGUE_BY_NAME.get(asName)) : undefined;
      if (code) {
        // a program asking for JSON gets the entry as data
        if (opts.json) ctx.io.stdout.write(terminalSafeJson(code));
        else ctx.io.stdout.write(codeEntry(code));
        return;
      }
      // the reference where it is: docs/ of the installed package, named from the working directory
      const reference = () => `${shownPath(join(packageRoot(), "docs", "diagnostics.md"), ctx.io.cwd)} lists them all`;
      if (words.length === 1 && /^pc[\dOoIl]+$/i.test(words[0]!)) {
        // `PC3O02`: a letter O or l typed for a digit
        const digits = words[0]!.slice(2).replace(/[Oo]/g, "0").replace(/[Il]/g, "1");
        const meant = CATALOGUE.has(`PC${digits}`) && !/^\d+$/.test(words[0]!.slice(2)) ? `PC${digits}` : undefined;
        return misuse(`there is no diagnostic code \`${words[0]}\`: ${meant ? `did you mean \`${meant}\`?` : reference()}`);
      }
      // `policyc explain unused-categroy`: one word with a dash is a code's name, not a request
      if (words.length === 1 && opts.policy === undefined && /^[a-z0-9]+([-_][a-z0-9]+)+$/i.test(words[0]!)) {
        const meant = suggest(asName, [...CATALOGUE_BY_NAME.keys()]);
        return misuse(`there is no diagnostic named \`${words[0]}\`: ${meant ? `did you mean \`${meant}\`?` : reference()}`);
      }
      if (opts.policy === undefined) {
        return misuse("required option '-p, --policy <file>' not specified (the policy to ask)");
      }
      let parsed;
      try {
        parsed = parseRequestWords(words);
      } catch (e) {
        return misuse((e as Error).message);
      }
      const policy = opts.policy;
      const result = compile(policy, { cwd: ctx.io.cwd });
      const unreadable = result.model ? undefined : result.diagnostics.find((d) => d.code === "PC9001");
      if (unreadable) {
        // why, as \`check\` says it (no such file, a directory...)
        let why = "";
        try {
          readTextFile(resolve(ctx.io.cwd, policy));
        } catch (error) {
          why = `: ${readErrorReason(error)}`;
        }
        return misuse(`${unreadable.message}${why} (from ${resolve(ctx.io.cwd)})`);
      }
      // Syntax and name errors leave the model partial: nothing is explained, and the errors are
      // shown as \`check\` shows them (on stdout as JSON with --json). The checker's errors (a
      // failed assertion, PC3019) leave it whole: it is explained as compiled, with a note.
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      const stopping = errors.filter((d) => stopsCompile(d.code));
      if (!result.model || stopping.length > 0) {
        const shown = stopping.length > 0 ? stopping : errors;
        // as `check` reports them: JSON on stdout for a program, the text on stderr for a person
        if (opts.json) report(ctx.io, shown, result.sources, "json", result.files.length);
        else {
          report({ ...ctx.io, stdout: stderr }, shown, result.sources, "pretty", result.files.length);
          stderr.write(`error: ${escapeControlsInLines(policy)} does not compile, so there is nothing to explain\n`);
        }
        return ctx.exit(1);
      }
      if (errors.length > 0) {
        const codes = [...new Set(errors.map((d) => d.code))].join(", ");
        const one = errors.length === 1;
        stderr.write(
          `note: ${escapeControlsInLines(policy)} has ${errors.length} error${one ? "" : "s"} (${codes}) of the checker, which ${one ? "does" : "do"} not change its rules: explained as compiled; \`policyc check\` shows ${one ? "it" : "them"}\n`,
        );
      }
      const facts = opts.when.split(",").map((s) => s.trim()).filter(Boolean);
      const ex = explain(result.model, { ...parsed, facts });
      // a place the question may not have meant: said beside the answer, which stays as it is
      for (const note of ex.notes) stderr.write(`note: ${note}\n`);
      // a program asking for JSON gets its errors as JSON too (on stdout, still exit 2)
      if (ex.errors.length > 0 && opts.json) {
        ctx.io.stdout.write(terminalSafeJson({ errors: ex.errors }));
        return ctx.exit(EXIT_TOOL);
      }
      if (ex.errors.length > 0) {
        stderr.write(renderExplanation(result.model, ex));
        return ctx.exit(EXIT_TOOL);
      }
      // the policy's folder as `check` names files: from the working directory
      const folder = shownPath(resolve(ctx.io.cwd, dirname(policy)), ctx.io.cwd);
      if (opts.json) ctx.io.stdout.write(terminalSafeJson(explanationJson(result.model, ex, folder)));
      // names and paths from the policy and the command line can hold control characters
      else ctx.io.stdout.write(escapeControlsInLines(renderExplanation(result.model, ex, folder)));
    });
}
