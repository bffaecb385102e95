/**
 * Where the wording pack of a language lives: the project's override folder and the built-in
 * `templates/`. Kept apart from `templates.ts` (which compiles the packs with Handlebars) so that
 * `policyc check` can tell whether a language has a pack without loading the emitter.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createDiagnostic } from "../../diagnostics/diagnostic.js";
import type { PolicyModel } from "../../model/types.js";
import { packageRoot } from "../../util/package-info.js";
import { locatedAt, type LocatedDiagnostic } from "../types.js";

/** The built-in templates folder (`templates/` of the package). */
export function builtinTemplatesDir(): string {
  const dir = join(packageRoot(), "templates");
  if (!existsSync(join(dir, "en", "labels.json"))) throw new Error("internal: the built-in document templates (templates/en/labels.json) were not found");
  return dir;
}

/**
 * The folders a language's pack is read from, the project's first; empty when the language has
 * no pack (PC5002). A language is a BCP 47 tag (`de`, `zh-Hans`); anything else never becomes a
 * path.
 */
export function packDirs(lang: string, overrideDir?: string, builtinDir: string = builtinTemplatesDir()): string[] {
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(lang)) return [];
  return [...(overrideDir ? [join(overrideDir, lang)] : []), join(builtinDir, lang)].filter((d) => existsSync(d));
}

/** The languages the documents of `model` are written in: the configured ones, else the policy's own. */
export function documentLanguages(model: PolicyModel, configured?: readonly string[]): string[] {
  return [...new Set(configured ?? model.header.languages)];
}

/**
 * PC5002: `lang` has no wording pack (`packDirs` is empty). A language the policy declares, not
 * one the configuration asks for (`configured`), is the policy's to fix: the diagnostic points at
 * the language in the header's `languages`.
 */
export function missingPack(model: PolicyModel, lang: string, overrideDir: string | undefined, configured?: readonly string[]): LocatedDiagnostic {
  const missing = createDiagnostic("PC5002", { lang, dir: overrideDir ?? "templates" }, undefined);
  const h = model.header;
  return configured ? missing : locatedAt(missing, h.languageRefs[h.languages.indexOf(lang)] ?? h.source);
}
