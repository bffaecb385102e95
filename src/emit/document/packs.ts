/**
 * Where the wording pack of a language lives: the project's override folder and the built-in
 * `templates/`. Kept apart from `templates.ts` (which compiles the packs with Handlebars) so that
 * `policyc check` can tell whether a language has a pack without loading the emitter.
 */
import { existsSync, readdirSync, statSync, type Dirent } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { suggest } from "../../util/suggest.js";
import type { PolicyModel } from "../../model/types.js";
import { packageRoot } from "../../util/package-info.js";
import { shownPath } from "../../util/shown-path.js";
import { pushAll } from "../../util/arrays.js";
import { wholeFile, type Span } from "../../syntax/ast.js";
import { locatedAt, type LocatedDiagnostic } from "../types.js";

/** The built-in templates folder (`templates/` of the package). */
export function builtinTemplatesDir(): string {
  const dir = join(packageRoot(), "templates");
  if (!existsSync(join(dir, "en", "labels.json"))) throw new Error("internal: the built-in document templates (templates/en/labels.json) were not found");
  return dir;
}

/** A language as the policy names it, and as its pack's folder is named. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/;

/** What a pack is made of: its templates and its vocabulary. */
const PACK_FILE = /\.hbs$|^labels\.json$/;

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // PC9010 reports a templates folder that is missing or not a folder
  }
}

/**
 * PC9010: a templates folder that is not there (or is a file). The build and `check` stop on it
 * before compiling, and the document emitter writes nothing on it when called on its own: the
 * built-in wording instead would publish documents in words nobody chose.
 */
export function missingTemplatesFolder(templatesDir: string, cwd: string = process.cwd()): Diagnostic | undefined {
  let isFolder = false;
  try {
    isFolder = statSync(templatesDir).isDirectory();
  } catch {
    // not there, or not readable: said below
  }
  if (isFolder) return undefined;
  let problem = existsSync(templatesDir) ? "is a file, not a folder" : "does not exist";
  if (!existsSync(templatesDir)) {
    // `--templates wordng` beside `wording/`
    const siblings = entries(dirname(templatesDir)).filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name);
    const close = suggest(basename(templatesDir), siblings);
    if (close !== undefined) problem += `: did you mean \`${shownPath(join(dirname(templatesDir), close), cwd)}\`?`;
  }
  return createDiagnostic("PC9010", { dir: `\`${shownPath(templatesDir, cwd)}\``, problem }, undefined);
}

/**
 * PC5009: pack files in a project's templates folder that no document of these languages reads.
 * A template or `labels.json` directly in the folder (`wording/deny-rule.hbs`); a folder that
 * cannot be a language (`English`, `de_DE`), or one named like a language of the document that
 * has no folder of its own (`de-DE` beside no `de`). A folder for another language (`fr`) may be
 * another policy's, and is left alone.
 */
export function templateFolderProblems(templatesDir: string, languages: readonly string[], cwd: string = process.cwd()): Diagnostic[] {
  const problems: Diagnostic[] = [];
  /** The file or folder as a whole. */
  const at = (...names: string[]): Span => wholeFile(shownPath(join(templatesDir, ...names), cwd));
  const found = entries(templatesDir);
  const folders = new Set(found.filter((e) => e.isDirectory()).map((e) => e.name));
  const first = languages[0] ?? "en";
  for (const e of found) {
    if (e.name.startsWith(".")) continue;
    if (!e.isDirectory()) {
      // any case: `Labels.json` is not read either, wherever it is
      if (PACK_FILE.test(e.name) || /^labels\.json$/i.test(e.name)) {
        const meant = /^labels\.json$/i.test(e.name) ? "labels.json" : e.name;
        problems.push(createDiagnostic("PC5009", { what: `\`${e.name}\` is directly in the templates folder, where no document reads it`, suggestion: `: move it into a language's folder, such as \`${first}/${meant}\`` }, at(e.name)));
      }
      continue;
    }
    if (languages.includes(e.name)) {
      pushAll(problems, strayFiles(join(templatesDir, e.name), e.name, cwd));
      continue;
    }
    const inside = entries(join(templatesDir, e.name));
    const packFiles = inside.filter((f) => !f.isDirectory() && PACK_FILE.test(f.name)).length;
    if (packFiles === 0) {
      // a templates folder one level too deep: `wording/templates/en/...`
      const nested = inside.filter((f) => f.isDirectory() && languages.includes(f.name)).map((f) => f.name);
      if (nested.length > 0) {
        problems.push(
          createDiagnostic(
            "PC5009",
            {
              what: `folder \`${e.name}/\` holds language folders (${nested.map((n) => `\`${n}/\``).join(", ")}), one level below where they are read`,
              suggestion: `: point the configuration's \`templates\` at \`${e.name}/\` inside it, or move them up a level`,
            },
            at(e.name),
          ),
        );
      }
      continue;
    }
    const unused = languages.filter((l) => !folders.has(l));
    // `de-DE`, `de_DE` or `DE` for `de`; or a plain misspelling. A region of a language the
    // document is in (`en-GB` for `en`) is named even when `en/` exists: it reads as meant for it.
    const primary = e.name.toLowerCase().split(/[-_]/)[0]!;
    const meant =
      unused.find((l) => l.toLowerCase() === e.name.toLowerCase() || l === primary) ?? languages.find((l) => l === primary) ?? suggest(e.name, unused);
    if (meant === undefined && LANGUAGE_TAG.test(e.name)) continue;
    const langs = languages.map((l) => `\`${l}\``).join(", ");
    problems.push(
      createDiagnostic(
        "PC5009",
        {
          what: `templates folder \`${e.name}/\` (${packFiles} ${packFiles === 1 ? "file" : "files"}) is for no language the document is written in (${langs})`,
          suggestion: meant !== undefined ? `: did you mean \`${meant}/\`?` : ": name it after one of them",
        },
        at(e.name),
      ),
    );
  }
  return problems;
}

/** The names of the built-in templates (`deny-rule.hbs`...), read once. */
let builtinNames: readonly string[] | undefined;
function templateNames(): readonly string[] {
  return (builtinNames ??= entries(join(builtinTemplatesDir(), "en"))
    .filter((f) => f.name.endsWith(".hbs"))
    .map((f) => f.name)
    .sort());
}

/**
 * PC5007 for a file in a language's folder that is neither a template (`.hbs`) nor `labels.json`
 * but looks meant as one (`deny-rule.handlebars`, `deny-rule.hbs.txt`, `Labels.json`): it is never
 * read. Notes (`README.md`) and hidden files are left alone.
 */
function strayFiles(dir: string, lang: string, cwd: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = [...templateNames(), "labels.json"];
  for (const f of entries(dir)) {
    if (f.isDirectory() || f.name.startsWith(".") || PACK_FILE.test(f.name) || /^readme/i.test(f.name) || /\.md$/i.test(f.name)) continue;
    const stem = f.name.toLowerCase().replace(/\.(hbs|handlebars|mustache|html?|txt|json)(\..*)?$/, "");
    const close = names.find((n) => n.replace(/\.(hbs|json)$/, "") === stem) ?? suggest(f.name, names);
    const looksMeant = close !== undefined || /\.(handlebars|mustache|hbs\.)/i.test(f.name);
    if (!looksMeant) continue;
    out.push(createDiagnostic("PC5007", { file: `${lang}/${f.name}`, suggestion: close ? `: did you mean \`${close}\`?` : "" }, wholeFile(shownPath(join(dir, f.name), cwd))));
  }
  return out;
}

/**
 * The folders a language's pack is read from, the project's first; empty when the language has
 * no pack (PC5002). A language is a BCP 47 tag (`de`, `zh-Hans`); anything else never becomes a
 * path.
 */
export function packDirs(lang: string, overrideDir?: string, builtinDir: string = builtinTemplatesDir()): string[] {
  if (!LANGUAGE_TAG.test(lang)) return [];
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
export function missingPack(model: PolicyModel, lang: string, overrideDir: string | undefined, configured?: readonly string[], cwd: string = process.cwd()): LocatedDiagnostic {
  // where the English pack to copy is (in an installed project, under node_modules), and where to put it
  const english = `\`${shownPath(join(builtinTemplatesDir(), "en"), cwd)}/\``;
  const help = overrideDir
    ? `copy ${english} to \`${shownPath(join(overrideDir, lang), cwd)}/\` and translate it, or drop \`${lang}\` from \`languages\``
    : `copy ${english} into a templates folder of the project as \`${lang}/\` (\`wording/${lang}/\`), translate it, and name that folder in policyc.config.json (\`"templates": "wording"\`) or with \`--templates\`; or drop \`${lang}\` from \`languages\``;
  const missing = createDiagnostic("PC5002", { lang }, undefined, { help });
  const h = model.header;
  return configured ? missing : locatedAt(missing, h.languageRefs[h.languages.indexOf(lang)] ?? h.source);
}
