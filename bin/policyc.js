#!/usr/bin/env node
// Entry point of the `policyc` command. Runs the bundled CLI when it has been built
// (`npm run build`) and, in a checkout, no source has changed since; otherwise the TypeScript
// sources through tsx.
//
// CommonJS (bin/package.json says so), like the bundle and its launcher: a command that starts as
// CommonJS does not load Node's ES module loader, about 10 ms of every cold start. Only the
// fallback to the sources, which tsx runs as ES modules, loads it.
"use strict";
const { existsSync, readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");

const root = join(__dirname, "..");
const bundled = join(root, "dist", "policyc.cjs");

/**
 * In a checkout of policyc (an installed package has no src/), whether a source is newer than the
 * bundle: `npm run build` made dist/ before the sources last changed, so the bundle would run
 * the compiler as it was then. The sources are run instead. A file added or removed changes its
 * folder's time, which is compared too; a time equal to the bundle's (a file system that keeps
 * whole seconds) counts as newer.
 */
function olderThanSources() {
  const src = join(root, "src");
  if (!existsSync(src)) return false;
  try {
    const built = statSync(join(root, "dist", "policyc-cli.cjs")).mtimeMs;
    if (statSync(src).mtimeMs >= built) return true;
    for (const entry of readdirSync(src, { recursive: true })) {
      if (statSync(join(src, entry)).mtimeMs >= built) return true;
    }
    return false;
  } catch {
    return true; // no bundle beside the launcher, or a source that went away meanwhile
  }
}

if (existsSync(bundled) && !olderThanSources()) {
  require(bundled);
} else {
  // a failure is an unhandled rejection: Node prints it and exits with 1
  import("tsx/esm/api").then(({ register }) => {
    register();
    return import(pathToFileURL(join(root, "src", "cli", "main.ts")).href);
  });
}
