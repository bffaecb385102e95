#!/usr/bin/env node
// Entry point of the `policyc` command. Runs the bundled CLI when it has been built
// (`npm run build`) and, in a checkout, no source has changed since; otherwise the TypeScript
// sources through tsx.
//
// CommonJS (bin/package.json says so), like the bundle and its launcher: a command that starts as
// CommonJS does not load Node's ES module loader, about 10 ms of every cold start. Only the
// fallback to the sources, which tsx runs as ES modules, loads it.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");

const root = join(__dirname, "..");
const bundled = join(root, "dist", "policyc.cjs");
// In a checkout (an installed package has no src/), a bundle older than the sources would run
// the compiler as it was when `npm run build` made it (sources-newer.js).
const stale = () => existsSync(join(root, "src")) && require("./sources-newer.js").sourcesNewer(root);

if (existsSync(bundled) && !stale()) {
  require(bundled);
} else {
  // a failure is an unhandled rejection: Node prints it and exits with 1
  import("tsx/esm/api").then(({ register }) => {
    register();
    return import(pathToFileURL(join(root, "src", "cli", "main.ts")).href);
  });
}
