/**
 * `policyc fmt` without the command line: format a file's text, and prove the result means the
 * same before anyone writes it.
 *
 * The check, in the manner of Cedar's formatter: parse the output again and compare, with the
 * original, (1) the policy model's hash (`compile(...).model.hash`: what the policy means,
 * imports included), (2) the syntax tree without positions, and (3) the text of every comment,
 * in order. Any difference is a bug in the printer; the result is then refused (PC9009) and
 * nothing may be written.
 */
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { buildModel } from "../model/build.js";
import { bind } from "../semantics/binder.js";
import { loadProgram, type Host } from "../semantics/loader.js";
import type { SourceFile } from "../syntax/ast.js";
import { lex } from "../syntax/lexer.js";
import { parseSource, type ParsedSource } from "../syntax/parse.js";
import { Memo } from "../util/memo.js";
import { printSourceFile } from "./printer.js";

export interface FormatOptions {
  /** The file's path: shown in diagnostics, and imports are resolved from it. Default `input.policy`. */
  readonly path?: string;
  /** The folder `path` is relative to. */
  readonly cwd?: string;
  /** How imports are read (default: from disk). */
  readonly host?: Host;
}

export type FormatResult =
  | {
      readonly ok: true;
      readonly text: string;
      /** Whether the formatted text differs from the input. */
      readonly changed: boolean;
    }
  | {
      readonly ok: false;
      /**
       * `syntax`: the input has syntax errors (the diagnostics say which) and cannot be formatted;
       * `meaning`: the formatted text would not mean the same (PC9009); nothing may be written.
       */
      readonly reason: "syntax" | "meaning";
      readonly diagnostics: readonly Diagnostic[];
      /** The text of the input, under `path`, for code frames. */
      readonly sources: ReadonlyMap<string, string>;
    };

/**
 * The model hash of `text` compiled as the root file `path` (with its imports): the same value
 * as `compile(path, { rootText: text }).model.hash`, without running the checker, which does not
 * change the model. Undefined when the text does not parse.
 */
export function modelHash(text: string, options: FormatOptions = {}, memo?: Memo): string | undefined {
  const path = options.path ?? "input.policy";
  const loaded = loadProgram(path, {
    rootText: text,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(memo ? { memo } : {}),
  });
  if (!loaded.root || loaded.diagnostics.some((d) => d.severity === "error" && d.code.startsWith("PC1"))) return undefined;
  const bound = bind(loaded);
  return buildModel(bound, loaded.sources, loaded.root.name).model.hash;
}

/** The tree without positions: what the text says, however it is laid out. */
function shape(file: SourceFile): string {
  return JSON.stringify({ imports: file.imports, decls: file.decls }, (key, value: unknown) =>
    key === "span" || key === "pathSpan" || key === "target" ? undefined : value,
  );
}

/**
 * Which statement each `policyc-ignore` comment applies to, by its place among the file's
 * imports and declarations: moving a comment across a statement's end would silence a warning
 * elsewhere, or leave one it meant to silence.
 */
function suppressionTargets(file: SourceFile): string[] {
  const starts = [...file.imports.map((i) => i.span.start), ...file.decls.map((d) => d.span.start)].sort((a, b) => a - b);
  return file.suppressions.map((s) => `${s.code}@${starts.indexOf(s.target)}`);
}

function commentTexts(file: SourceFile): string[] {
  return file.comments.map((c) => (c.text.startsWith("//") ? c.text.replace(/\s+$/, "") : c.text));
}

/**
 * What `output` would change about `original` if it replaced it: undefined when nothing (same
 * model hash, same syntax tree without positions, same comments in the same order), else a
 * description for PC9009. `original` must parse without errors.
 */
export function verifyFormatting(original: string, output: string, options: FormatOptions = {}, parsedOriginal?: ParsedSource): string | undefined {
  const path = options.path ?? "input.policy";
  const before = parsedOriginal ?? parseSource(path, original);
  const again = parseSource(path, output);
  const error = again.diagnostics.find((d) => d.severity === "error");
  if (error) return `its syntax (the output does not parse: ${error.code} ${error.message})`;
  const kept = commentTexts(before.file);
  const now = commentTexts(again.file);
  if (kept.length !== now.length || kept.some((c, i) => c !== now[i])) {
    const i = kept.findIndex((c, k) => c !== now[k]);
    return `its comments (comment ${i + 1}, \`${(kept[i] ?? now[i] ?? "").slice(0, 40)}\`, would be lost or changed)`;
  }
  if (shape(before.file) !== shape(again.file)) return "its syntax tree";
  const targets = suppressionTargets(before.file);
  const moved = suppressionTargets(again.file);
  if (targets.length !== moved.length || targets.some((t, i) => t !== moved[i])) {
    let i = 0;
    while (i < Math.max(targets.length, moved.length) && targets[i] === moved[i]) i++;
    return `which statement a \`policyc-ignore\` comment applies to (${(targets[i] ?? moved[i] ?? "").replace(/@.*/, "")} would apply to another)`;
  }
  // One memo for both: the imports (the standard library at least) are read and parsed once.
  const memo = new Memo();
  if (modelHash(original, options, memo) !== modelHash(output, options, memo)) return "the policy's meaning (its model hash)";
  return undefined;
}

/** Formats `text`; never throws for problems in the input. */
export function formatText(text: string, options: FormatOptions = {}): FormatResult {
  const path = options.path ?? "input.policy";
  const parsed = parseSource(path, text);
  const sources = new Map([[path, text]]);
  const errors = parsed.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) return { ok: false, reason: "syntax", diagnostics: errors, sources };

  const refuse = (what: string): FormatResult => ({
    ok: false,
    reason: "meaning",
    diagnostics: [createDiagnostic("PC9009", { path: `\`${path}\``, what }, undefined)],
    sources,
  });

  let output: string;
  try {
    output = printSourceFile(parsed.file, text, lex(path, text).tokens);
  } catch (error) {
    return refuse(`nothing: the printer failed (${error instanceof Error ? error.message : String(error)})`);
  }
  // The same text means the same: nothing to verify (the usual case of `fmt --check`).
  if (output === text) return { ok: true, text, changed: false };
  const problem = verifyFormatting(text, output, options, parsed);
  if (problem) return refuse(problem);
  return { ok: true, text: output, changed: true };
}
