/**
 * Where the two versions of `policyc diff` come from: a file, or a file at a git revision
 * (`REV:path`, read with `git show`, its imports read from the same revision). The standard
 * library is always the one shipped with this policyc.
 */
import { escapeControls } from "../diagnostics/render.js";
import { readTextFile } from "../util/read-text.js";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { STDLIB_DIR, nodeHost, outsideArgs, readableFolders, type Host } from "../semantics/loader.js";
import { readErrorReason } from "../util/read-error.js";

/** A version could not be read (no such file, not a git repository, unknown revision). */
export class VersionError extends Error {
  override readonly name = "VersionError";

  /**
   * `detail`: `spec` and why it cannot be read: `` `HEAD~9:a.policy`: unknown revision ``; `file`:
   * the file, for a version on disk (a version in git is no file the reports can point at).
   */
  constructor(
    readonly detail: string,
    readonly file?: string,
  ) {
    super(`cannot read ${detail}`);
  }
}

export interface PolicyVersion {
  /** As given: `privacy.policy` or `HEAD~1:privacy.policy`. */
  readonly spec: string;
  /** The file's path relative to the working directory. */
  readonly path: string;
  /** The git revision, when read from git. */
  readonly rev?: string;
  readonly text: string;
  /** Reads the version's imports (from the same revision). */
  readonly host: Host;
}

function git(args: readonly string[], cwd: string): string {
  return execFileSync("git", [...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

function gitError(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr;
  return (stderr ?? (error as Error).message).trim().split("\n")[0] ?? "git failed";
}

/** `REV:path` when the spec names no existing file and has a revision part. */
export function parseSpec(spec: string, cwd: string): { rev?: string; path: string } {
  const colon = spec.indexOf(":");
  if (colon <= 0 || existsSync(resolve(cwd, spec))) return { path: spec };
  return { rev: spec.slice(0, colon), path: spec.slice(colon + 1) };
}

export function readVersion(spec: string, cwd: string): PolicyVersion {
  const { rev, path } = parseSpec(spec, cwd);
  if (rev === undefined) {
    const abs = resolve(cwd, path);
    // a link to a file elsewhere is not read, as by `check` (`readableFolders`)
    const outside = outsideArgs(abs, readableFolders(cwd, abs), cwd);
    if (outside) throw new VersionError(`\`${spec}\`: it leads to ${outside.resolved}, outside ${outside.folders}, where policyc reads policies from`);
    try {
      return { spec, path, text: readTextFile(abs), host: nodeHost };
    } catch (error) {
      throw new VersionError(`\`${spec}\`: ${readErrorReason(error)}`, path);
    }
  }
  // git would read `--output=...` as an option of `git show` (and write that file): a revision
  // never starts with "-"
  if (rev.startsWith("-")) throw new VersionError(`\`${spec}\`: a git revision cannot start with "-"`);
  let top: string;
  try {
    top = git(["rev-parse", "--show-toplevel"], cwd).trim();
  } catch (error) {
    throw new VersionError(`\`${spec}\`: not in a git repository (${gitError(error)})`);
  }
  const inRepo = (abs: string): string | undefined => {
    const rel = relative(top, abs);
    return rel.startsWith("..") || isAbsolute(rel) ? undefined : rel.split(sep).join("/");
  };
  // a file's bytes at the revision: `cat-file blob` refuses a folder (`HEAD:archive`) or a range,
  // which `git show` would list or print as if it were a policy
  const show = (rel: string): string => git(["cat-file", "blob", `${rev}:${rel}`], top);
  const kind = (rel: string): string | undefined => {
    try {
      return git(["cat-file", "-t", `${rev}:${rel}`], top).trim();
    } catch {
      return undefined;
    }
  };
  // a symbolic link is stored as a blob of its target's path, which would be read as policy text
  const linkTarget = (rel: string): string | undefined => {
    try {
      const entry = git(["ls-tree", "-z", rev, "--", rel], top);
      return entry.startsWith("120000 ") ? show(rel) : undefined;
    } catch {
      return undefined;
    }
  };
  const rootRel = inRepo(resolve(cwd, path));
  if (rootRel === undefined) throw new VersionError(`\`${spec}\`: \`${path}\` is outside the git repository at ${top}`);
  const link = linkTarget(rootRel);
  if (link !== undefined) throw new VersionError(`\`${spec}\`: a symbolic link at that revision (to \`${escapeControls(link)}\`), not a file: name the file it points to`);
  let text: string;
  try {
    text = show(rootRel);
  } catch (error) {
    const type = kind(rootRel);
    throw new VersionError(`\`${spec}\`: ${type === "tree" ? "a folder at that revision, not a file" : type !== undefined && type !== "blob" ? `a git ${type}, not a file` : gitError(error)}`);
  }
  const host: Host = {
    readFile(abs) {
      if (abs.startsWith(STDLIB_DIR + sep)) return nodeHost.readFile(abs);
      const rel = inRepo(abs);
      if (rel === undefined) return nodeHost.readFile(abs);
      try {
        return linkTarget(rel) === undefined ? show(rel) : undefined;
      } catch {
        return undefined;
      }
    },
  };
  return { spec, path, rev, text, host };
}
