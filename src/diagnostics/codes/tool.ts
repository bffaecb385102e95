import type { CodeInfo } from "../catalogue.js";

/** PC9xxx: the tool itself: files, configuration and invocation. */
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
    description: "`policyc.config.json` does not match its schema.",
    example: '{ "inputs": "examples/*.policy" }',
    fix: "Follow the message; the schema is `schema/policyc-config.schema.json`.",
  },
  {
    code: "PC9003",
    name: "stale-output",
    severity: "error",
    message: "{path} is out of date",
    help: "run `policyc build` and commit the result",
    description: "`policyc build --check` found a generated file that differs from what the compiler produces now.",
    example: "policyc build --check",
    fix: "Rebuild and commit the generated files.",
  },
];
