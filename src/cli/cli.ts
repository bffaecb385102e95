/**
 * The `policyc` command line: one subcommand per file in this folder, registered here.
 *
 * Exit codes: 0 success, 1 the policies have problems (errors, stale outputs, unformatted files,
 * changes over the `--fail-on` threshold), 2 the tool failed or was misused (unknown option,
 * unreadable file, invalid configuration, internal error).
 */
import { Command, CommanderError } from "commander";
import { packageVersion } from "../util/package-info.js";
import { buildCommand } from "./build.js";
import { checkCommand } from "./check.js";
import { diffCommand } from "./diff.js";
import { explainCommand } from "./explain.js";
import { fmtCommand } from "./fmt.js";
import { initCommand } from "./init.js";
import { EXIT_TOOL, processIo, type CommandContext, type Io } from "./io.js";
import { ToolError } from "./tool-error.js";
import { escapeControls } from "../diagnostics/render.js";

export function createProgram(ctx: CommandContext): Command {
  const output = {
    writeOut: (s: string) => ctx.io.stdout.write(s),
    writeErr: (s: string) => ctx.io.stderr.write(s),
  };
  const program = new Command("policyc")
    .description("compile privacy policies written in the .policy language")
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .configureOutput(output)
    .showHelpAfterError("(run `policyc --help` for usage)")
    .addHelpText(
      "after",
      `
Examples:
  $ policyc init my-policy                  # a starter policy and policyc.config.json
  $ policyc check privacy.policy
  $ policyc build                           # everything in policyc.config.json
  $ policyc fmt --write policies/*.policy
  $ policyc diff HEAD~1:privacy.policy privacy.policy
  $ policyc explain -p privacy.policy share contact.email with service_providers for services.provide

Run \`policyc <command> --help\` for the options of a command.
`,
    );
  const commands = [checkCommand(ctx), buildCommand(ctx), fmtCommand(ctx), diffCommand(ctx), initCommand(ctx), explainCommand(ctx)];
  for (const command of commands) {
    program.addCommand(command.configureOutput(output).showHelpAfterError(`(run \`policyc ${command.name()} --help\` for usage)`).exitOverride());
  }
  return program.exitOverride();
}

/** Options whose value is no path, and may be empty. */
const VALUE_OPTIONS: ReadonlySet<string> = new Set(["--when", "--format", "--max-warnings", "--profile", "--fail-on"]);

/** Runs the CLI on `argv` (as in `process.argv`: the first two entries are skipped) and returns the exit code. */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  const ctx: CommandContext = {
    io,
    exit: (c) => {
      code = Math.max(code, c);
    },
  };
  try {
    // `policyc check "$FILE"` with FILE unset: read as a path, an empty argument names the working
    // folder. Only the values of options that are no path may be empty (`--when ""`: no facts).
    const args = argv.slice(2);
    const empty = args.findIndex((a, i) => a === "" && !VALUE_OPTIONS.has(args[i - 1] ?? ""));
    if (empty >= 0) {
      throw new ToolError(
        `argument ${empty + 1} is empty (""): a shell variable that is not set? Name a file or a value there, or leave the argument out`,
      );
    }
    await createProgram(ctx).parseAsync([...argv]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_TOOL;
    if (error instanceof ToolError) {
      // a file name from the command line can hold control characters
      io.stderr.write(`policyc: ${error.message.split("\n").map(escapeControls).join("\npolicyc: ")}\n`);
      return EXIT_TOOL;
    }
    io.stderr.write(`policyc: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_TOOL;
  }
}
