/**
 * `policyc init [dir]`: a starter policy that passes `policyc check`, and a `policyc.config.json`
 * that builds it. Refuses to overwrite anything.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { Command } from "commander";
import { EXIT_TOOL, type CommandContext } from "./io.js";

/** A policy id from a folder name: `My Shop!` -> `my_shop`. */
export function policyId(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "");
  return id || "privacy";
}

export function starterPolicy(id: string): string {
  return `// The privacy policy of ${id}, in the .policy language.
// Check it with \`npx policyc check\`, build the documents, consent schema and guards with
// \`npx policyc build\`. The language: https://www.npmjs.com/package/policyc (grammar/README.md).

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

// How long it is kept.
retention account_data "Account data" {
  applies_to contact.email, account.id
  period 30 days
  criteria until_account_deletion
  end delete
}

changes notices "Changes to this policy" { notify "an email to every account holder" }

// What must always hold: the compiler proves it for every request.
assert never sell personal to anyone
`;
}

export function starterConfig(policyFile: string): string {
  return `${JSON.stringify(
    {
      $schema: "./node_modules/policyc/schema/policyc-config.schema.json",
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
      const policyFile = "privacy.policy";
      const files = [
        { path: join(root, policyFile), text: starterPolicy(policyId(basename(root))) },
        { path: join(root, "policyc.config.json"), text: starterConfig(policyFile) },
      ];
      const existing = files.filter((f) => existsSync(f.path));
      if (existing.length > 0) {
        for (const f of existing) ctx.io.stderr.write(`policyc: ${f.path} already exists: nothing was written\n`);
        return ctx.exit(EXIT_TOOL);
      }
      mkdirSync(root, { recursive: true });
      for (const f of files) {
        writeFileSync(f.path, f.text, { flag: "wx" });
        ctx.io.stderr.write(`created ${f.path}\n`);
      }
      ctx.io.stderr.write(`next: npx policyc check ${dir === "." ? "" : `${dir}/`}${policyFile}\n`);
    });
}
