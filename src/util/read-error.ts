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
    default:
      return String(code ?? error);
  }
}
