/**
 * The file operations the build performs, behind an interface so that tests can make any one of
 * them fail (a full disk in the middle of a build) or stop the process mid-write, and check that
 * the previous outputs survive.
 */
import { makeDirs } from "../util/make-dirs.js";
import { readTextOrUndefined } from "../util/read-text.js";
import { join } from "node:path";
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  writeFileSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";

export interface DirEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

export interface BuildFs {
  /** Creates a folder and its parents. */
  mkdirp(path: string): void;
  /** Writes a whole file and flushes it to disk before returning. */
  writeFileDurable(path: string, content: string): void;
  /** Flushes a folder's entries (new names, renames) to disk. */
  fsyncDir(path: string): void;
  rename(from: string, to: string): void;
  /**
   * Removes a file or folder recursively; nothing when it does not exist. Only ever given the
   * build's own temporary folders: a folder in them that was made read-only is made writable
   * first, so that a leftover never blocks the next build.
   */
  remove(path: string): void;
  /**
   * The first folder at or under \`path\` whose entries this process cannot change (read-only),
   * or undefined. The build replaces the whole output folder: one it could move aside but not
   * remove would be left behind.
   */
  readOnlyDir?(path: string): string | undefined;
  /** Where \`path\` points when it is a symbolic link (as the link says it), else undefined. */
  linkTarget?(path: string): string | undefined;
  readdir(path: string): DirEntry[];
  /** The text of a file, or undefined when it cannot be read. */
  readText(path: string): string | undefined;
  /**
   * The first `bytes` bytes of a regular file, as text; undefined for anything else (a folder, a
   * link, a pipe, a device) or when it cannot be read. Never blocks on a pipe or reads a device.
   */
  readHead(path: string, bytes: number): string | undefined;
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
}

export const nodeFs: BuildFs = {
  mkdirp(path) {
    makeDirs(path);
  },
  writeFileDurable(path, content) {
    const fd = openSync(path, "w");
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  fsyncDir(path) {
    let fd: number | undefined;
    try {
      fd = openSync(path, "r");
      fsyncSync(fd);
    } catch {
      // Some file systems cannot fsync a folder; the rename is still atomic there.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
  rename(from, to) {
    renameSync(from, to);
  },
  remove(path) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EACCES" && code !== "EPERM") throw error;
      makeWritable(path);
      rmSync(path, { recursive: true, force: true });
    }
  },
  linkTarget(path) {
    try {
      return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
    } catch {
      return undefined;
    }
  },
  readOnlyDir(path) {
    const walk = (dir: string): string | undefined => {
      try {
        accessSync(dir, constants.W_OK | constants.X_OK);
      } catch {
        return dir;
      }
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory()) continue;
        const found = walk(join(dir, e.name));
        if (found !== undefined) return found;
      }
      return undefined;
    };
    return lstatSync(path).isDirectory() ? walk(path) : undefined;
  },
  readdir(path) {
    return readdirSync(path, { withFileTypes: true }).map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
  },
  readText(path) {
    return readTextOrUndefined(path);
  },
  readHead(path, bytes) {
    let fd: number | undefined;
    try {
      if (!lstatSync(path).isFile()) return undefined;
      fd = openSync(path, "r");
      const buffer = Buffer.alloc(bytes);
      const read = readSync(fd, buffer, 0, bytes, 0);
      return buffer.toString("utf8", 0, read);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
  exists(path) {
    return existsSync(path);
  },
  isDirectory(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
};

/** Adds the owner's write and search permission to every folder under \`path\` (links not followed). */
function makeWritable(path: string): void {
  const st = lstatSync(path);
  if (!st.isDirectory()) return;
  chmodSync(path, st.mode | 0o300);
  for (const e of readdirSync(path, { withFileTypes: true })) if (e.isDirectory()) makeWritable(join(path, e.name));
}

/** Every file under `dir`, as `/`-separated paths relative to it, sorted; empty when `dir` does not exist. */
export function listTree(fs: BuildFs, dir: string): string[] {
  if (!fs.isDirectory(dir)) return [];
  const out: string[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const e of fs.readdir(abs)) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) walk(`${abs}/${e.name}`, childRel);
      else out.push(childRel);
    }
  };
  walk(dir, "");
  return out.sort();
}

/**
 * The same operations without flushing to disk, for `--watch`: outputs are still written to a
 * temporary folder and swapped in, so a killed watcher leaves the old outputs or the new ones,
 * never a mix; only a machine crash can lose the last rebuild, which the next save redoes.
 * Flushing 35 files on every save cost a third of a flagship rebuild.
 */
export const watchFs: BuildFs = {
  ...nodeFs,
  writeFileDurable(path, content) {
    writeFileSync(path, content);
  },
  fsyncDir() {},
};
