/** Why a file could not be read, in words for a message ("no such file"), from the error `readFileSync` threw. */
export function readErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "it is a directory";
    case "EACCES":
      return "permission denied";
    case "ENOTREG":
      return "not a regular file (a device, a pipe or a socket)";
    case "ETOOLARGE":
      return "larger than 64 MiB, too large for a text file policyc reads";
    case "ELOOP":
      return "too many symbolic links (a link that leads back to itself?)";
    case "ENOTDIR":
      return "a part of the path is a file, not a folder";
    case "ENAMETOOLONG":
      return "the name is too long";
    default:
      return String(code ?? error);
  }
}

/**
 * Why something could not be written, in words ("permission denied"), from the error a write
 * threw. With `shown`, for a message that does not name the path itself: the path the error names,
 * as the user knows it: the folder a temporary file of policyc's (`.policyc-tmp-...`) was to be
 * made in, not that file.
 */
export function writeErrorReason(error: unknown, shown?: (path: string) => string): string {
  const e = error as NodeJS.ErrnoException;
  // what only a write meets; the rest (permission, a file in the path, a name too long) is said
  // as for a read
  const reason = ((): string => {
    switch (e.code) {
      case "EPERM":
        return "permission denied";
      case "EROFS":
        return "read-only file system";
      case "ENOSPC":
        return "no space left on the device";
      case "EDQUOT":
        return "disk quota exceeded";
      case "EEXIST":
        return "something of that name already exists";
      default:
        return e.code === undefined && error instanceof Error ? error.message : readErrorReason(error);
    }
  })();
  if (shown === undefined || typeof e.path !== "string" || e.code === undefined) return reason;
  // a temporary folder of policyc's, or a file in one: the folder it was made in
  const temp = /[\\/]\.policyc-tmp-/.exec(e.path);
  return temp ? `${reason} (in \`${shown(e.path.slice(0, temp.index) || "/")}\`)` : `${reason} (\`${shown(e.path)}\`)`;
}
