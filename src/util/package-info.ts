/**
 * Where the policyc package is installed, found by walking up from this module, so that it works
 * from `src/` (through tsx), from `dist/` (tsc output) and from the bundle `dist/policyc-cli.cjs`.
 * The standard library, the built-in wording templates, the schemas and the docs are found here.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

let cached: { root: string; version: string } | undefined;

function find(): { root: string; version: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "policyc" && pkg.version) return (cached = { root: dir, version: pkg.version });
    }
    dir = dirname(dir);
  }
  return (cached = { root: join(dirname(fileURLToPath(import.meta.url)), "..", ".."), version: "0.0.0" });
}

/** The package's root folder (the one holding package.json, stdlib/, templates/, schema/, docs/). */
export function packageRoot(): string {
  return find().root;
}

/** The version in package.json. */
export function packageVersion(): string {
  return find().version;
}

/** The diagnostics reference shipped with the package, as a `file:` URI (SARIF `helpUri`s point into it). */
export function docsUri(): string {
  return pathToFileURL(join(packageRoot(), "docs", "diagnostics.md")).href;
}
