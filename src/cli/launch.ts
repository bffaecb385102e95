/**
 * The installed command's entry, `dist/policyc.cjs` (bin/policyc.js runs it once `npm run build`
 * has made it): runs the bundled CLI, `dist/policyc-cli.cjs`, through V8's code cache.
 *
 * A cold `policyc check` spends a quarter of its time having V8 parse and compile the bundle's
 * code. Node 22 can keep that work between runs (`module.enableCompileCache()`); Node 20, which
 * policyc supports, cannot, so this does what that does with `vm.Script`'s `cachedData`: the
 * bytecode of what a command ran is saved after its first run (`dist/.cache/`, one file per
 * command) and handed to V8 on the next.
 *
 * A code cache is code, and V8 checks little of it (its own version and flags, and the source's
 * length), so the launcher decides what it trusts:
 * - the file name carries the SHA-256 of the bundle, computed when it was built (scripts/bundle.ts
 *   puts it in this file), so a cache of another bundle is never used for this one;
 * - on POSIX systems the folder and the file must be owned by the user running the command or by
 *   the owner of the bundle, be no symbolic link, and be writable by nobody else;
 * - a cache is written through a new temporary file and a rename, with mode 0644 in a 0755 folder.
 * Anything else, or a cache that cannot be read, written or is rejected by V8, means running
 * without one (and making it again when the folder allows).
 */
import { accessSync, constants, lstatSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

/** The bundle's SHA-256 (hex), defined by scripts/bundle.ts; absent when this file runs unbundled. */
declare const __POLICYC_BUNDLE_SHA256__: string | undefined;
/** Whether the bundle is ASCII only, defined by scripts/bundle.ts. */
declare const __POLICYC_BUNDLE_ASCII__: boolean | undefined;

const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, "policyc-cli.cjs");
// A bundle that is ASCII (scripts/bundle.ts makes sure the shipped one is) is read as Latin-1,
// which is then its text: Node 20 decodes 1.3 MB of UTF-8 in 10-20 ms and Latin-1 in under 1 ms.
const source = readFileSync(file, typeof __POLICYC_BUNDLE_ASCII__ === "boolean" && __POLICYC_BUNDLE_ASCII__ ? "latin1" : "utf8");
const bundleHash = typeof __POLICYC_BUNDLE_SHA256__ === "string" ? __POLICYC_BUNDLE_SHA256__ : undefined;
const command = /^[a-z]+$/.test(process.argv[2] ?? "") ? process.argv[2] : "other";
const cacheDir = join(here, ".cache");
const cacheFile = bundleHash ? join(cacheDir, `policyc-cli-${command}-${process.version}-${process.arch}-${bundleHash.slice(0, 32)}.v8`) : undefined;

const posix = process.platform !== "win32" && typeof process.getuid === "function";
const owners = posix ? new Set([process.getuid!(), statSync(file).uid]) : new Set<number>();

/** A folder or file the cache may live in: ours (or the bundle's owner's), not a link, writable by no one else. */
function trusted(path: string, kind: "file" | "directory"): boolean {
  try {
    const st = lstatSync(path);
    if (kind === "file" ? !st.isFile() : !st.isDirectory()) return false;
    return !posix || (owners.has(st.uid) && (st.mode & 0o022) === 0);
  } catch {
    return false;
  }
}

let cachedData: Buffer | undefined;
if (cacheFile && trusted(cacheDir, "directory") && trusted(cacheFile, "file")) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
}

// The CommonJS wrapper, as Node's own loader puts around a module.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: file,
  ...(cachedData ? { cachedData } : {}),
});

if (cacheFile && (cachedData === undefined || script.cachedDataRejected === true) && writableCacheDir()) {
  // After the run, so that the cache holds the bytecode of every function the command used.
  process.once("exit", () => {
    const temp = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, script.createCachedData(), { mode: 0o644, flag: "wx" });
      renameSync(temp, cacheFile);
    } catch {
      try {
        unlinkSync(temp);
      } catch {
        // nothing was written
      }
    }
  });
}

/** Makes the cache folder if need be; true when it is trusted and this process may write in it. */
function writableCacheDir(): boolean {
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o755 });
    accessSync(cacheDir, constants.W_OK);
    return trusted(cacheDir, "directory");
  } catch {
    return false; // a read-only installation: run without a cache
  }
}

const cjsModule = { exports: {} };
const run = script.runInThisContext() as (this: unknown, ...args: unknown[]) => void;
run.call(cjsModule.exports, cjsModule.exports, createRequire(file), cjsModule, file, here);
