/** Renders the reference documentation of every diagnostic code from the catalogue. */
import { ALL_CODES, type CodeInfo } from "./catalogue.js";

const GROUPS: readonly [string, string][] = [
  ["PC1", "Syntax"],
  ["PC2", "Names, references and rule shape"],
  ["PC3", "Consistency"],
  ["PC4", "Regulatory completeness"],
  ["PC5", "Documents"],
  ["PC9", "The tool"],
];

/** The reference entry of one code, as Markdown (`policyc explain PC3002` prints it). */
export function codeEntry(c: CodeInfo): string {
  const lines = [
    `### ${c.code} \`${c.name}\` (${c.severity})`,
    "",
    c.description,
    "",
    `Message: \`${c.message}\``,
    "",
  ];
  if (c.law) lines.push(`Law: ${c.law}`, "");
  lines.push("Example:", "", "```" + fenceLanguage(c.example), c.example, "```", "", `How to fix: ${c.fix}`, "");
  return lines.join("\n");
}

/** What an example is written in: a command, a configuration, a description, or policy text. */
function fenceLanguage(example: string): string {
  if (/^(\$ )?(policyc|npx|npm) /.test(example)) return "sh";
  if (/^\s*[{[]/.test(example)) return "json";
  // a description of files or of an input (`wording/en/changes.hbs containing ...`)
  if (/^(\(|[\w.-]+\/\S*\.(hbs|json)\b)/.test(example)) return "text";
  if (/^(a|an|the|one|two|\d+) [a-z]/i.test(example) && !/^\s*(policy|category|purpose|recipient|allow|deny|assert|import)\b/.test(example)) return "text";
  return "policy";
}

export function renderDiagnosticsDoc(): string {
  const out = [
    "# Diagnostic codes",
    "",
    "<!-- Generated from src/diagnostics/codes by `npm run docs`. Do not edit. -->",
    "",
    "Every diagnostic policyc reports has a stable code. Severities shown are the defaults; a",
    "project changes them in `policyc.config.json` (`\"rules\": { \"PC3002\": \"off\" }`, by code or",
    "name) or suppresses one occurrence with `// policyc-ignore PC3002: reason` on the line before",
    "the declaration. Syntax and name errors cannot be turned off.",
    "",
    "An example of a PC1xxx-PC4xxx code is the part of a policy that raises it: pasted alone it may",
    "raise another error first (no `policy` header, an unknown name). The test suite checks each one",
    "inside a header with `import \"std/taxonomy\"`, `jurisdictions EU, US-CA` and one purpose.",
    "",
  ];
  for (const [prefix, title] of GROUPS) {
    const codes = ALL_CODES.filter((c) => c.code.startsWith(prefix));
    if (codes.length === 0) continue;
    out.push(`## ${prefix}xxx: ${title}`, "");
    for (const c of codes) out.push(codeEntry(c));
  }
  return out.join("\n").replace(/\n+$/, "\n");
}
