/**
 * The entry point of the `policyc` command (bin/policyc.js runs it through tsx, or its bundle
 * dist/policyc-cli.cjs through dist/policyc.cjs, launch.ts). Everything else is in cli.ts,
 * which tests call in-process.
 */
import { run } from "./cli.js";
import { processIo } from "./io.js";

// `policyc ... | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

void run(process.argv, processIo()).then((code) => {
  process.exitCode = code;
});
