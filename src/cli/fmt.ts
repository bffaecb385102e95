/**
 * `policyc fmt [files...] [--check] [--write]`: the canonical formatter (src/format/).
 *
 * Without flags it prints the formatted text; `--write` rewrites the files that change (each
 * through a temporary file and a rename, so a file is never half-written); `--check` writes
 * nothing and fails when a file is not formatted. Every result is verified before it is used:
 * parsed again, with the same model hash, syntax tree and comments as the original, or refused.
 *
 * Exit codes: 0 done (or, with `--check`, every file is formatted), 1 a file has syntax errors
 * or is not formatted, 2 a file cannot be read or written, or the formatter refused its output.
 */
import { pushAll } from "../util/arrays.js";
import { accessSync, chmodSync, chownSync, constants, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Command, Option } from "commander";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { formatText } from "../format/format.js";
import { configInputs, optionalConfig } from "./check.js";
import { readTexts } from "../program.js";
import { wholeFile } from "../syntax/ast.js";
import { configProblems } from "../build/config.js";
import { EXIT_PROBLEMS, EXIT_TOOL, type CommandContext } from "./io.js";
import { configOption, report } from "./options.js";
import { ToolError } from "./tool-error.js";
import { escapeControls } from "../diagnostics/render.js";
import { writeErrorReason } from "../util/read-error.js";

interface FmtOptions {
  readonly check?: boolean;
  readonly write?: boolean;
  readonly config: string;
}

/** Replaces a file's text through a temporary file in the same folder and a rename. */
function writeFileAtomic(path: string, text: string): void {
  // a link keeps pointing where it did: the file it names is the one rewritten
  const target = realpathSync(path);
  const st = statSync(target);
  // a file made read-only is not for a formatter to replace: its mode says so, whoever runs it
  // (root may write anything, and CI often runs as root)
  if ((st.mode & 0o222) === 0) throw new Error("it is read-only (no write permission): make it writable to format it in place");
  accessSync(target, constants.W_OK);
  const temp = join(dirname(target), `.policyc-tmp-fmt-${process.pid}-${Date.now().toString(36)}`);
  try {
    writeFileSync(temp, text, { mode: st.mode & 0o7777 });
    // the file's permissions and, where this process may set them, its owner and group
    chmodSync(temp, st.mode & 0o7777);
    try {
      chownSync(temp, st.uid, st.gid);
    } catch {
      // another user's file or group: the rename makes it ours, as any editor's save does
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export function fmtCommand(ctx: CommandContext): Command {
  return new Command("fmt")
    .description("format .policy files canonically, keeping every comment")
    .argument("[files...]", "the files to format (default: the inputs of policyc.config.json)")
    .addOption(new Option("--check", "write nothing; fail when a file is not formatted").conflicts("write"))
    .option("--write", "rewrite the files in place")
    .addOption(configOption())
    .addHelpText(
      "after",
      `
Without --check or --write the formatted text is printed; the two cannot be used together. Before printing or writing anything,
the formatter parses its own output and checks that the policy means the same (equal model
hash and syntax tree) and that every comment is kept; otherwise it refuses (exit 2).

Exit codes: 0 done, 1 syntax errors or (--check) files not formatted, 2 unreadable or
unwritable files, or a refused result.

Examples:
  $ policyc fmt privacy.policy                    # print the formatted text
  $ policyc fmt --write policies/*.policy
  $ policyc fmt --check                            # the inputs of policyc.config.json, in CI
`,
    )
    .action((files: string[], opts: FmtOptions, command: Command) => {
      let paths = files;
      let unmatched: Diagnostic[] = [];
      const explicit = command.getOptionValueSource("config") === "cli";
      // a configuration named on the command line that cannot be read is an error, as for
      // `check`, even where the files named leave it nothing to say
      if (paths.length > 0 && explicit && optionalConfig(ctx, opts.config, true) === "invalid") return ctx.exit(EXIT_TOOL);
      if (paths.length === 0) {
        const config = optionalConfig(ctx, opts.config, explicit);
        if (config === "invalid") return ctx.exit(EXIT_TOOL);
        if (!config) throw new ToolError("no files to format: name them, or create policyc.config.json (`policyc init`)");
        const inputs = configInputs(config, ctx.io.cwd);
        paths = inputs.paths;
        // an input that matches no file is a typo that would turn a formatting gate green
        unmatched = configProblems(config, ctx.io.cwd, inputs.unmatched).filter((d) => d.code === "PC9004");
        if (unmatched.length > 0) ctx.exit(EXIT_TOOL);
      }
      // a file that cannot be read is PC9001 (exit 2), and the others are formatted all the same,
      // as `check` checks them: one missing path must not hide the files a gate should fail on
      const { texts, unreadable } = readTexts(paths, ctx.io.cwd);
      if (unreadable.length > 0) ctx.exit(EXIT_TOOL);
      const problems: Diagnostic[] = [...unmatched, ...unreadable];
      const sources = new Map<string, string>();
      for (const [path, text] of texts) {
        const result = formatText(text, { path, cwd: ctx.io.cwd });
        if (!result.ok) {
          for (const [name, t] of result.sources) sources.set(name, t);
          pushAll(problems, result.diagnostics);
          ctx.exit(result.reason === "syntax" ? EXIT_PROBLEMS : EXIT_TOOL);
          continue;
        }
        if (opts.check) {
          if (result.changed) {
            problems.push(createDiagnostic("PC9008", { path: `\`${path}\`` }, wholeFile(path), { help: `run \`policyc fmt --write ${path}\`` }));
            ctx.exit(EXIT_PROBLEMS);
          }
        } else if (opts.write) {
          if (!result.changed) continue;
          try {
            writeFileAtomic(resolve(ctx.io.cwd, path), result.text);
            ctx.io.stderr.write(`formatted ${escapeControls(path)}\n`);
          } catch (error) {
            ctx.io.stderr.write(`policyc: cannot write \`${escapeControls(path)}\`: ${escapeControls(writeErrorReason(error))}\n`);
            ctx.exit(EXIT_TOOL);
          }
        } else ctx.io.stdout.write(result.text);
      }
      if (problems.length > 0) {
        const out = opts.check || opts.write ? ctx.io.stdout : ctx.io.stderr;
        report({ ...ctx.io, stdout: out }, problems, sources, "pretty", paths.length);
      }
    });
}
