/**
 * The installed command's entry, `dist/policyc.mjs` (bin/policyc.js runs it once `npm run build`
 * has made it): runs the bundled CLI, `dist/policyc-cli.cjs`, through V8's code cache.
 *
 * A cold `policyc check` spends a quarter of its time having V8 parse and compile the bundle's
 * code. Node 22 can keep that work between runs (`module.enableCompileCache()`); Node 20, which
 * policyc supports, cannot, so this does what that does with `vm.Script`'s `cachedData`: the
 * bytecode of what a command ran is saved after its first run (`dist/.cache/`, one file per
 * command, named for the node version and the bundle's size and time) and handed to V8 on the
 * next. V8 checks that a cache matches its version, flags and source and ignores one that does
 * not (it is then made again); a cache that cannot be read or written is simply not used.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, "policyc-cli.cjs");
const source = readFileSync(file, "utf8");
const stat = statSync(file);
const command = /^[a-z]+$/.test(process.argv[2] ?? "") ? process.argv[2] : "other";
const cacheDir = join(here, ".cache");
const cacheFile = join(cacheDir, `policyc-cli-${command}-${process.version}-${process.arch}-${stat.size}-${Math.trunc(stat.mtimeMs)}.v8`);

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}

// The CommonJS wrapper, as Node's own loader puts around a module.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: file,
  ...(cachedData ? { cachedData } : {}),
});

if (cachedData === undefined || script.cachedDataRejected === true) {
  // After the run, so that the cache holds the bytecode of every function the command used.
  process.once("exit", () => {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const temp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, cacheFile);
    } catch {
      // a read-only installation: run without a cache
    }
  });
}

const cjsModule = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(cjsModule.exports, createRequire(file), cjsModule, file, here);
