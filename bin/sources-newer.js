// Whether, in a checkout of policyc, the TypeScript sources are newer than the bundled CLI: then
// bin/policyc.js runs the sources (through tsx) rather than the compiler as it was last built.
// The benchmark asks the same, to name what it timed. CommonJS, as bin/policyc.js is.
"use strict";
const { readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");

/**
 * True when a file or folder of `<root>/src` is as new as `<root>/dist/policyc-cli.cjs` or newer
 * (a file added or removed changes its folder's time; a time equal to the bundle's, on a file
 * system that keeps whole seconds, counts as newer), or when there is no bundle to compare with.
 * The caller makes sure `src/` exists: an installed package has none, and never asks.
 */
function sourcesNewer(root) {
  const src = join(root, "src");
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

module.exports = { sourcesNewer };
