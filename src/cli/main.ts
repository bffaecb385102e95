/**
 * The `policyc` command line: one subcommand per file in this folder, registered here.
 *
 * Exit codes: 0 success, 1 the policies have errors, 2 the tool failed or was misused (unknown
 * option, unreadable file, internal error).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { checkCommand } from "./check.js";
import { explainCommand } from "./explain.js";
import { ToolError } from "./tool-error.js";

/** The version in package.json, found by walking up from this file (works from src/ and dist/). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "policyc" && pkg.version) return pkg.version;
    }
    dir = dirname(dir);
  }
  return "0.0.0";
}

export function createProgram(): Command {
  const program = new Command("policyc")
    .description("compile privacy policies written in the .policy language")
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showHelpAfterError("(run `policyc --help` for usage)");
  for (const command of [checkCommand(), explainCommand()]) program.addCommand(command.exitOverride());
  return program.exitOverride();
}

/** Runs the CLI on `argv` (as in `process.argv`) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ToolError) {
      process.stderr.write(`policyc: ${error.message.split("\n").join("\npolicyc: ")}\n`);
      return 2;
    }
    process.stderr.write(`policyc: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv);
