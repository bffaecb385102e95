/** Test helpers: compile policies held in memory, with the standard library read from disk. */
import { compile, type CompileOptions, type CompileResult } from "../src/program.js";
import { nodeHost } from "../src/semantics/loader.js";

export const VIRTUAL_ROOT = "/virtual-policyc";

export function compileText(text: string, files: Readonly<Record<string, string>> = {}, options: CompileOptions = {}): CompileResult {
  const host = {
    readFile(path: string) {
      if (path.startsWith(VIRTUAL_ROOT + "/")) return files[path.slice(VIRTUAL_ROOT.length + 1)];
      return nodeHost.readFile(path);
    },
  };
  return compile("main.policy", { ...options, cwd: VIRTUAL_ROOT, host, rootText: text });
}

/** `code@line` for each diagnostic, the compact form most assertions compare. */
export function codes(result: CompileResult): string[] {
  return result.diagnostics.map((d) => d.code);
}

export const HEADER = `policy test "Test" { controller "Acme" { email "privacy@acme.example" } }\n`;
