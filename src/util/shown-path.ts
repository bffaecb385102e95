/**
 * How a file's path is shown: relative to the working directory, with `..` when the file lies
 * beside it (`../privacy.policy` from a subfolder, as compilers print it, and clickable in a
 * terminal and CI logs); absolute only when the two share nothing but the filesystem's root
 * (`/tmp/x.policy` seen from `/home/me/project`), where `../../..` would say less.
 */
import { isAbsolute, parse, relative, sep } from "node:path";

/** `abs` shown from `cwd`, with forward slashes; "." for `cwd` itself. */
export function shownPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  if (rel === "") return ".";
  if (isAbsolute(rel)) return abs.split(sep).join("/"); // another drive (Windows)
  if (rel.startsWith("..") && sharesOnlyRoot(abs, cwd)) return abs.split(sep).join("/");
  return rel.split(sep).join("/");
}

/** Whether two absolute paths' only common ancestor is the root of the filesystem. */
function sharesOnlyRoot(a: string, b: string): boolean {
  const root = parse(a).root;
  const first = (p: string) => p.slice(root.length).split(sep)[0] ?? "";
  return first(a) !== first(b) || first(a) === "";
}
