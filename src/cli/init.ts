/**
 * `policyc init [dir]`: a starter policy that passes `policyc check`, and a `policyc.config.json`
 * that builds it. Refuses to overwrite anything.
 */
import { fileInTheWay, makeDirs } from "../util/make-dirs.js";
import { existsSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { KEYWORDS } from "../syntax/tokens.js";
import { Command } from "commander";
import { writeErrorReason } from "../util/read-error.js";
import { EXIT_TOOL, type CommandContext } from "./io.js";
import { ToolError } from "./tool-error.js";
import { escapeControls } from "../diagnostics/render.js";
import { shellWord } from "../util/shell-word.js";

/** Removes what a failed `init` wrote: the files, then the folders it made (empty by then), deepest first. */
function rollBack(written: readonly string[], root: string, firstMadeFolder: string | undefined): void {
  for (const path of written) {
    try {
      unlinkSync(path);
    } catch {
      // Nothing more can be done; the error that caused the roll-back is reported.
    }
  }
  if (firstMadeFolder === undefined) return;
  for (let p = root; ; p = dirname(p)) {
    try {
      rmdirSync(p);
    } catch {
      return;
    }
    if (p === firstMadeFolder || dirname(p) === p) return;
  }
}

/**
 * A policy id from a folder name: `My Shop!` -> `my_shop`; `privacy` when nothing is left, or
 * when the name is a keyword of the language (a project folder called `allow` or `to`).
 */
export function policyId(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "");
  return id === "" || KEYWORDS.has(id) ? "privacy" : id;
}

/**
 * Where the installed package is, seen from the folder `init` writes to: the nearest
 * `node_modules/policyc` at or above it (`./node_modules/policyc` in a project's root,
 * `../node_modules/policyc` for `policyc init my-shop`), or, when there is none (run through a
 * global install or a one-off `npx`), where the project's own install will put it. Never the
 * path this policyc runs from, which can be a global or version-specific folder.
 */
export function installedPackage(dir: string, exists: (path: string) => boolean = existsSync): string {
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, "node_modules", "policyc");
    if (exists(join(candidate, "package.json"))) {
      const rel = relative(dir, candidate).split(sep).join("/");
      return rel.startsWith(".") ? rel : `./${rel}`;
    }
    if (dirname(d) === d) return "./node_modules/policyc";
  }
}

export function starterPolicy(id: string, pkg = "./node_modules/policyc"): string {
  return `// The privacy policy of ${id}, in the .policy language.
// Check it with \`npx policyc check\`, build the documents, consent schema and guards with
// \`npx policyc build\`. The language: ${pkg.replace(/^\.\//, "")}/grammar/README.md.

import "std/taxonomy"

policy ${id} "Privacy Policy" {
  controller "Example Ltd" {
    address "1 Example Street, Dublin, Ireland"
    email "privacy@example.com"
  }
  dpo { email "dpo@example.com" }
  version "1.0"
  effective 2026-01-01
  jurisdictions EU
  languages en
  authority "Data Protection Commission (Ireland)"
}

// What you collect: the standard taxonomy declares contact.email, account.id and many more.
category contact.email {
  provision contractual
  consequence "we cannot create your account"
}

category account.id {
  provision contractual
  consequence "we cannot create your account"
}

// Why, and on which legal basis.
purpose services.provide "Providing the service you signed up for" {
  uses contact.email, account.id
}

purpose marketing.direct "Product news by email" {
  consent opt_in
  uses contact.email
  channels email
  withdraw "Use the unsubscribe link in every email."
  opt_out "Use the unsubscribe link in every email."
}

// Who receives it.
recipient service_providers "Hosting and email providers" {
  safeguards "data processing agreements under Art. 28 GDPR"
}

allow share contact.email, account.id with service_providers for services.provide as hosting
deny sell personal to anyone as no_sale "We never sell personal data."
// Where it is kept: a provider abroad gets \`transfers\` and \`transfer_safeguards\` and an
// \`allow transfer\` rule; this says that nothing leaves the EU.
deny transfer personal to anyone as eu_only "We keep your personal data within the European Union."

// How long it is kept.
retention account_data "Account data" {
  applies_to contact.email, account.id
  period 30 days
  criteria until_account_deletion
  from account_deletion
  end delete
}

changes notices "Changes to this policy" { notify "an email to every account holder" }

// What must always hold: the compiler proves it for every request.
assert never sell personal to anyone
`;
}

export function starterConfig(policyFile: string, pkg = "./node_modules/policyc"): string {
  return `${JSON.stringify(
    {
      $schema: `${pkg}/schema/policyc-config.schema.json`,
      inputs: [policyFile],
      outDir: "generated",
    },
    null,
    2,
  )}\n`;
}

export function initCommand(ctx: CommandContext): Command {
  return new Command("init")
    .description("create a starter .policy file and policyc.config.json")
    .argument("[dir]", "the folder to create them in", ".")
    .addHelpText(
      "after",
      `
Writes <dir>/privacy.policy (importing "std/taxonomy"; it passes \`policyc check\`) and
<dir>/policyc.config.json (building it into <dir>/generated/). Existing files are never
overwritten: if either exists, nothing is written (exit 2).

Examples:
  $ policyc init
  $ policyc init my-shop && cd my-shop && npx policyc build
`,
    )
    .action((dir: string) => {
      const root = resolve(ctx.io.cwd, dir);
      /**
       * A path as the user would write it: relative to the working directory unless `dir` was
       * absolute, with control characters escaped (a folder name must not drive the terminal).
       */
      const shown = (path: string): string => escapeControls(isAbsolute(dir) ? path : relative(ctx.io.cwd, path) || ".");
      const policyFile = "privacy.policy";
      const files = [
        { path: join(root, policyFile), text: starterPolicy(policyId(basename(root)), installedPackage(root)) },
        { path: join(root, "policyc.config.json"), text: starterConfig(policyFile, installedPackage(root)) },
      ];
      const blocker = fileInTheWay(root);
      if (blocker !== undefined) {
        throw new ToolError(
          blocker === root
            ? `\`${shown(root)}\` is a file, not a folder: nothing was written`
            : `cannot create \`${shown(root)}\`: \`${shown(blocker)}\` is a file, not a folder: nothing was written`,
        );
      }
      const existing = files.filter((f) => existsSync(f.path));
      if (existing.length > 0) {
        for (const f of existing) ctx.io.stderr.write(`policyc: \`${shown(f.path)}\` already exists: nothing was written\n`);
        return ctx.exit(EXIT_TOOL);
      }
      let firstMadeFolder: string | undefined;
      try {
        firstMadeFolder = makeDirs(root);
      } catch (error) {
        throw new ToolError(`cannot create the folder \`${shown(root)}\`: ${writeErrorReason(error)}: nothing was written`);
      }
      const written: string[] = [];
      for (const f of files) {
        try {
          writeFileSync(f.path, f.text, { flag: "wx" });
        } catch (error) {
          rollBack(written, root, firstMadeFolder);
          throw new ToolError(`cannot write \`${shown(f.path)}\`: ${writeErrorReason(error)}: nothing was written`);
        }
        written.push(f.path);
      }
      for (const path of written) ctx.io.stderr.write(`created ${shown(path)}\n`);
      // `-shop/` would be read as an option: `./-shop/`
      const folder = dir === "" || dir === "." ? "" : `${dir.startsWith("-") ? "./" : ""}${dir.endsWith("/") ? dir : `${dir}/`}`;
      ctx.io.stderr.write(`next: npx policyc check ${escapeControls(shellWord(`${folder}${policyFile}`))}\n`);
    });
}
