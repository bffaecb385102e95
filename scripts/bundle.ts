/**
 * Bundles the CLI for `npm run build` (after tsc has written the library to dist/):
 *
 * - `dist/policyc-cli.cjs`: the CLI and everything it uses in one CommonJS file. One file starts
 *   much faster than the module graph it replaces (chevrotain alone is 200+ ms cold); what only
 *   some commands use (the emitters, for `build`) is evaluated on first use.
 * - `dist/policyc.cjs`: its launcher (src/cli/launch.ts), which bin/policyc.js runs when it
 *   exists (in a checkout, while no file of src/ is newer) and which keeps V8's compiled code
 *   of the bundle between runs (`dist/.cache/`).
 *   CommonJS, as bin/policyc.js is (bin/package.json): a command that starts as CommonJS does not
 *   load Node's ES module loader, about 10 ms of every cold start.
 *
 * The bundle finds stdlib/, templates/, schema/ and docs/ by walking up from its own location,
 * as the sources do, so it works from dist/ inside the package. The benchmark and the profiler
 * build the same bundle with `bundleCli` (into bench/.prof/), so that they time what ships.
 */
import type { Plugin } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

export interface BundleOptions {
  /** Readable output with a source map beside it (for profiles); default: minified, no map. */
  readonly readable?: boolean;
}

/**
 * commander loads `child_process` as it starts, for subcommands that are programs of their own,
 * which policyc has none of; with it Node loads `net`, `dgram` and streams, about 7 ms of every
 * cold start. In the bundle, commander's `child_process` is a stand-in that loads the real module
 * the first time anything is read from it.
 */
const LAZY_CHILD_PROCESS = `"use strict";
let real;
const load = () => (real ??= require("node:child_process"));
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const d = Object.getOwnPropertyDescriptor(load(), key);
    return d && { ...d, configurable: true };
  },
});
`;

const lazyChildProcessForCommander: Plugin = {
  name: "lazy-child-process-for-commander",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: "child_process", namespace: "policyc-lazy" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "policyc-lazy" }, () => ({ contents: LAZY_CHILD_PROCESS, loader: "js" }));
  },
};

/** The sources are ES modules: in a CommonJS output, `import.meta.url` is the file's own URL. */
const fileUrl = {
  define: { "import.meta.url": "__policycFileUrl" },
  // First, so that esbuild's "use strict" below it still applies; the sources are strict ES modules.
  banner: { js: '"use strict";const __policycFileUrl = require("node:url").pathToFileURL(__filename).href;' },
} as const;

/** Writes `policyc-cli.cjs` and its launcher `policyc.cjs` to `outdir`; returns the launcher. */
export async function bundleCli(outdir: string, options: BundleOptions = {}): Promise<string> {
  const common = {
    bundle: true,
    platform: "node",
    target: "node20",
    minify: !options.readable,
    sourcemap: options.readable ? ("external" as const) : false,
    legalComments: "none",
    logLevel: "warning",
  } as const;
  await build({
    ...common,
    entryPoints: [join(root, "src/cli/main.ts")],
    outfile: join(outdir, "policyc-cli.cjs"),
    format: "cjs",
    ...fileUrl,
    plugins: [lazyChildProcessForCommander],
    // Only the guards' maintenance path (runtime-compile.ts) loads TypeScript; never bundle it.
    external: ["typescript"],
    // jsonc-parser's `main` is a UMD build whose `require("./impl/...")` calls esbuild cannot
    // follow (the bundle failed at run time); its ES module build bundles whole.
    alias: { "jsonc-parser": "jsonc-parser/lib/esm/main.js" },
  });
  // The launcher reads an ASCII bundle as Latin-1, its text then (Node 20 decodes 1.3 MB of
  // UTF-8 in 10-20 ms, Latin-1 in under 1 ms). esbuild escapes every other character (its
  // default `charset`) except inside regular expression literals, which the sources write with
  // \u escapes, and comments, which only the readable bundle keeps: it is read as UTF-8.
  const bytes = readFileSync(join(outdir, "policyc-cli.cjs"));
  const wide = bytes.findIndex((b) => b > 0x7f);
  if (wide >= 0 && !options.readable) {
    const text = bytes.toString("utf8", Math.max(0, wide - 60), wide + 20);
    throw new Error(`the CLI bundle is not ASCII (byte ${wide}, in ...${text}...): write the character as a \\u escape in the source`);
  }
  // The launcher names code caches after the bundle's content (see launch.ts).
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await build({
    ...common,
    entryPoints: [join(root, "src/cli/launch.ts")],
    outfile: join(outdir, "policyc.cjs"),
    format: "cjs",
    banner: fileUrl.banner,
    define: { ...fileUrl.define, __POLICYC_BUNDLE_SHA256__: JSON.stringify(sha256), __POLICYC_BUNDLE_ASCII__: JSON.stringify(wide < 0) },
  });
  // Code caches of an earlier bundle are of no use (their names would not match anyway), nor is
  // the ES module launcher of earlier builds.
  rmSync(join(outdir, ".cache"), { recursive: true, force: true });
  rmSync(join(outdir, "policyc.mjs"), { force: true });
  return join(outdir, "policyc.cjs");
}

// Run as a script (`npm run build`), not imported by the benchmark: compare real paths, which a
// symbolic link or a drive letter's case would otherwise tell apart.
const realOrNull = (p: string | undefined): string | null => {
  try {
    return p === undefined ? null : realpathSync(p);
  } catch {
    return null;
  }
};
if (realOrNull(process.argv[1]) === realOrNull(fileURLToPath(import.meta.url))) {
  const dist = join(root, "dist");
  rmSync(join(dist, "chunks"), { recursive: true, force: true }); // from the earlier, split layout
  await bundleCli(dist);
  const size = (name: string) => `${(statSync(join(dist, name)).size / 1024).toFixed(0)} KiB`;
  process.stdout.write(`dist/policyc-cli.cjs: ${size("policyc-cli.cjs")}; dist/policyc.cjs (launcher): ${size("policyc.cjs")}\n`);
}
