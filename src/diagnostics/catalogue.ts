/**
 * The one diagnostics catalogue. Codes are grouped by phase, one file each under `codes/`:
 * PC1xxx syntax, PC2xxx names and types, PC3xxx consistency, PC4xxx regulatory completeness,
 * PC5xxx emitters, PC9xxx the tool itself (configuration, files, invocation).
 * `docs/diagnostics.md` is generated from this catalogue (`npm run docs`).
 */
import { SYNTAX_CODES } from "./codes/syntax.js";
import { NAME_CODES } from "./codes/names.js";
import { CONSISTENCY_CODES } from "./codes/consistency.js";
import { REGULATORY_CODES } from "./codes/regulatory.js";
import { EMIT_CODES } from "./codes/emit.js";
import { TOOL_CODES } from "./codes/tool.js";

export type Severity = "error" | "warning" | "info";

export interface CodeInfo {
  readonly code: string;
  /** Short kebab-case name used in configuration (`"rules": { "unused-category": "off" }`). */
  readonly name: string;
  readonly severity: Severity;
  /** Lowercase, no final period; `{placeholders}` filled from the diagnostic's arguments. */
  readonly message: string;
  readonly help?: string;
  /** What it means and why it matters; the reference documentation is generated from it. */
  readonly description: string;
  /** A short `.policy` excerpt that triggers it. */
  readonly example: string;
  /** How to fix it. */
  readonly fix: string;
  /** The article of law behind it, where there is one. */
  readonly law?: string;
}

export const ALL_CODES: readonly CodeInfo[] = [
  ...SYNTAX_CODES,
  ...NAME_CODES,
  ...CONSISTENCY_CODES,
  ...REGULATORY_CODES,
  ...EMIT_CODES,
  ...TOOL_CODES,
];

export const CATALOGUE: ReadonlyMap<string, CodeInfo> = new Map(ALL_CODES.map((c) => [c.code, c]));
export const CATALOGUE_BY_NAME: ReadonlyMap<string, CodeInfo> = new Map(ALL_CODES.map((c) => [c.name, c]));

/**
 * A syntax or name error: it stops the compile before the checker, so no suppression and no
 * severity setting can reach it.
 */
export function stopsCompile(code: string): boolean {
  return /^PC[12]/.test(code) && CATALOGUE.get(code)?.severity === "error";
}

/**
 * The proofs behind `accepts_consent_from` (PC3026, PC3027): the guards accept an earlier
 * version's records only because the proof passed, so neither a suppression nor a severity
 * setting may let a version through whose proof failed.
 */
export const CONSENT_PROOF_CODES: ReadonlySet<string> = new Set(["PC3026", "PC3027"]);

/** Always an error: a syntax or name error (`stopsCompile`), or a failed consent proof. */
export function alwaysError(code: string): boolean {
  return stopsCompile(code) || CONSENT_PROOF_CODES.has(code);
}
