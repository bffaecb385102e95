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
    default:
      return String(code ?? error);
  }
}
