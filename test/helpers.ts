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

/**
 * `text` with its policy header's `version` set to `version`: replaced where the header has one,
 * written at the end of the header's opening line where it has none (the flagship states none, as
 * its source does), so that no line moves: the edit is to the version alone. The edit that tests
 * and the benchmark make to time a rebuild after a save.
 */
export function withVersion(text: string, version: string): string {
  const line = `version ${JSON.stringify(version)}`;
  if (/version "[^"]*"/.test(text)) return text.replace(/version "[^"]*"/, line);
  const header = /^policy [^\n]*\{[ \t]*(?=\n)/m.exec(text);
  if (!header) throw new Error("withVersion: no policy header opens a block at the end of its line");
  const at = header.index + header[0].length;
  return `${text.slice(0, at)}  ${line}${text.slice(at)}`;
}
