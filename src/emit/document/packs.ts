/**
 * Where the wording pack of a language lives: the project's override folder and the built-in
 * `templates/`. Kept apart from `templates.ts` (which compiles the packs with Handlebars) so that
 * `policyc check` can tell whether a language has a pack without loading the emitter.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../util/package-info.js";

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
