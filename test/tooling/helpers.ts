/** Helpers of the tooling tests: the CLI run in-process, and throwaway project folders. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { run } from "../../src/cli/cli.js";
import { memoryIo } from "../../src/cli/io.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIXTURES = join(ROOT, "test", "fixtures");

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `policyc ...args` in this process, with `cwd` as its working directory (default: the repository). */
export async function policyc(args: readonly string[], options: { cwd?: string; tty?: boolean; env?: Record<string, string | undefined> } = {}): Promise<CliRun> {
  const io = memoryIo({ cwd: options.cwd ?? ROOT, ...(options.tty ? { tty: true } : {}), env: options.env ?? { NO_COLOR: "1" } });
  const code = await run(["node", "policyc", ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder holding `files` (path -> text); removed after the test file. */
export function project(files: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "policyc-test-"));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Every file under `dir` with its text, by `/`-separated relative path. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const child = join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      if (statSync(child).isDirectory()) walk(child, childRel);
      else out[childRel] = readFileSync(child, "utf8");
    }
  };
  walk(dir, "");
  return out;
}

/** A small policy without errors or warnings; `extra` is appended. */
export function tinyPolicy(id = "tiny", extra = ""): string {
  return `import "std/taxonomy"

policy ${id} "Tiny Policy" {
  controller "Tiny Ltd" { email "privacy@tiny.example" }
  dpo { email "dpo@tiny.example" }
  jurisdictions EU
  languages en
  authority "Data Protection Commission"
}

category contact.email { provision contractual  consequence "we cannot create your account" }

purpose services.provide "Running the service" { uses contact.email }

retention accounts "Accounts" {
  applies_to contact.email
  period 30 days
  end delete
}

changes notices "Changes" { notify "an email" }

deny transfer personal to anyone as eu_only "Your data stays in the EU."
${extra}`;
}
