/**
 * The entry point of the `policyc` command (bin/policyc.js runs it through tsx, or its bundle
 * dist/policyc-cli.cjs through dist/policyc.cjs, launch.ts). Everything else is in cli.ts,
 * which tests call in-process.
 */
import { run } from "./cli.js";
import { processIo } from "./io.js";
import { writeErrorReason } from "../util/read-error.js";

// `policyc ... | head` closes the pipe early: that is not an error. Any other failure to write
// (a full disk, `> /dev/full`) is the tool's, not the policy's: one line and exit 2, as for a file
// that cannot be written, never a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    try {
      // standard error is where it would be said: when that fails, there is nowhere to say it
      if (stream === process.stdout) process.stderr.write(`policyc: cannot write to standard output: ${writeErrorReason(error)}\n`);
    } finally {
      process.exit(2);
    }
  });
}

void run(process.argv, processIo()).then((code) => {
  process.exitCode = code;
});
