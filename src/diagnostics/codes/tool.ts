import type { CodeInfo } from "../catalogue.js";

/**
 * PC9xxx: the tool itself: files, configuration and invocation, the build's outputs and the
 * formatter's safety checks. These have no span in a policy; the message names the file.
 */
export const TOOL_CODES: readonly CodeInfo[] = [
  {
    code: "PC9001",
    name: "file-not-found",
    severity: "error",
    message: "cannot read {path}",
    description: "A file named on the command line or in the configuration does not exist or cannot be read.",
    example: "policyc check missing.policy",
    fix: "Check the path.",
  },
  {
    code: "PC9002",
    name: "invalid-config",
    severity: "error",
    message: "invalid configuration: {detail}",
    description:
      "`policyc.config.json` does not match its schema (`schema/policyc-config.schema.json`), or names an emitter or a diagnostic that does not exist. The message gives the JSON path of the value (`$.rules.PC3002`) and what is expected there.",
    example: '{ "inputs": "examples/*.policy" }',
    fix: "Follow the message; the schema is `schema/policyc-config.schema.json`.",
  },
  {
    code: "PC9003",
    name: "stale-output",
    severity: "error",
    message: "{path} {problem}",
    help: "run `policyc build` and commit the result",
    description:
      "`policyc build --check` found a generated file that differs from what the compiler produces now, one that the build would write but is missing, or one in the output folder that the build no longer produces.",
    example: "policyc build --check",
    fix: "Rebuild and commit the generated files.",
  },
  {
    code: "PC9004",
    name: "no-input-files",
    severity: "error",
    message: "the input {pattern} matches no file",
    help: "patterns are relative to the folder of the configuration file: {root}",
    description: "An entry of `inputs` in `policyc.config.json` names no existing `.policy` file. A build that silently compiled nothing would pass and publish nothing.",
    example: '{ "inputs": ["policies/*.policy"], "outDir": "generated" }',
    fix: "Correct the path or pattern, or remove the entry.",
  },
  {
    code: "PC9005",
    name: "output-conflict",
    severity: "error",
    message: "{first} and {second} would both be written to {dir}",
    help: "each input's outputs go to `<outDir>/<file name without .policy>/`: rename one of the files",
    description: "Two inputs have the same file name in different folders, so their outputs would overwrite each other.",
    example: '{ "inputs": ["a/privacy.policy", "b/privacy.policy"], "outDir": "generated" }',
    fix: "Rename one of the files.",
  },
  {
    code: "PC9006",
    name: "unsafe-out-dir",
    severity: "error",
    message: "refusing to use {dir} as the output folder: {reason}",
    help: "the build owns its output folder and removes everything in it that it does not produce; choose a folder of its own, such as `generated`",
    description:
      "The output folder is a file or a symbolic link (which the swap would replace with a folder), would contain the configuration, an input or the templates, is the project folder itself, or already holds files that no build wrote, at a path the build produces or not (every output starts with a banner naming policyc; the model's JSON is known by its schema; `.DS_Store`, `Thumbs.db`, `desktop.ini`, `.gitkeep` and `.keep` may be removed). The build replaces the whole output folder on every run, so it refuses a folder that holds anything else, and deletes nothing.",
    example: '{ "inputs": ["privacy.policy"], "outDir": "." }',
    fix: "Set `outDir` to a folder used for nothing else.",
  },
  {
    code: "PC9007",
    name: "write-failed",
    severity: "error",
    message: "cannot write the outputs to {dir}: {reason}",
    help: "nothing was changed: the previous outputs are intact",
    description:
      "Writing the build's outputs failed (disk full, permissions...). The build writes every file to a temporary folder next to the output folder and swaps it in only when all are written, so a failure leaves the previous outputs as they were.",
    example: "policyc build (on a read-only file system)",
    fix: "Fix the cause named in the message and build again.",
  },
  {
    code: "PC9008",
    name: "unformatted-file",
    severity: "error",
    message: "{path} is not formatted",
    help: "run `policyc fmt --write {path}`",
    description: "`policyc fmt --check` found a file whose text differs from the canonical formatting.",
    example: "policyc fmt --check examples/*.policy",
    fix: "Run `policyc fmt --write` on the file.",
  },
  {
    code: "PC9009",
    name: "format-changed-meaning",
    severity: "error",
    message: "formatting {path} would change {what}, so nothing was written",
    help: "this is a bug in policyc fmt: please report it with the file",
    description:
      "Before it writes, the formatter parses its own output again and compares the policy's model hash and the text of every comment with the original. A difference means the formatter would have changed what the policy says, or lost a comment, and it refuses to write.",
    example: "policyc fmt --write privacy.policy",
    fix: "Report the file; format it by hand meanwhile.",
  },
  {
    code: "PC9010",
    name: "missing-templates",
    severity: "error",
    message: "the templates folder {dir} {problem}",
    help: "create it, with a `<lang>/` folder for each language whose wording you override, or remove `templates` (or `--templates`)",
    description:
      "The configuration's `templates` (or `--templates`) names a folder that is not there. Building with the built-in wording instead would publish documents in words nobody chose, so the build stops.",
    example: '{ "inputs": ["privacy.policy"], "outDir": "generated", "templates": "wording" }',
    fix: "Correct the path, or create the folder.",
  },
  {
    code: "PC9011",
    name: "input-without-folder-name",
    severity: "error",
    message: "the input {input} gives its outputs no folder of their own: its name without `.policy` is {folder}",
    help: "rename the file: its name before `.policy` names the folder of its outputs in the output folder (`privacy.policy` -> `generated/privacy/`)",
    description:
      "Each input's outputs go to a folder of the output folder named after the input (`privacy.policy` -> `generated/privacy/`). An input named `.policy`, `..policy` or `...policy` would name the output folder itself or the folder above it, so its files would land beside other inputs' folders or outside the output folder, over files of yours; one named `package.json.policy` would name the output folder's own `package.json`, which every build keeps. The build stops before writing anything.",
    example: '{ "inputs": ["...policy"], "outDir": "generated" }',
    fix: "Rename the input file.",
  },
];
