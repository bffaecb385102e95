/**
 * Reads a text file the user named (a policy, an import, the configuration, a template), refusing
 * what is not a regular file or is too large to be one: `/dev/zero` (or a link to it) filled the
 * memory until the process aborted, and a FIFO blocked the read forever. The errors carry a `code`
 * that `readErrorReason` words.
 */
import { readFileSync, statSync } from "node:fs";

/** Larger than any policy, configuration or template: 64 MiB. */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

export function readTextFile(path: string): string {
  const stat = statSync(path); // follows links: a link to a device is the device
  if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path}`), { code: "EISDIR" });
  if (!stat.isFile()) throw Object.assign(new Error(`not a regular file: ${path}`), { code: "ENOTREG" });
  if (stat.size > MAX_TEXT_BYTES) throw Object.assign(new Error(`too large: ${path}`), { code: "ETOOLARGE" });
  return readFileSync(path, "utf8");
}

/** `readTextFile`, or undefined when the file cannot be read (for hosts whose callers report it). */
export function readTextOrUndefined(path: string): string | undefined {
  try {
    return readTextFile(path);
  } catch {
    return undefined;
  }
}
