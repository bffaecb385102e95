/**
 * A failure of the tool itself or of its invocation (unreadable file, bad option), as opposed to
 * problems in the policies. The CLI prints the message and exits with code 2.
 */
export class ToolError extends Error {
  override readonly name = "ToolError";
}
