/**
 * PC1xxx: syntax. Reported by the lexer (`syntax/lexer.ts`), the parser (`syntax/parser.ts`,
 * phrased by `syntax/syntax-errors.ts`) and the lowering to the AST (`syntax/lower.ts`).
 * Codes are stable: never renumber, only add.
 */
import type { CodeInfo } from "../catalogue.js";
import { ACTION_ALIASES, ACTIONS, CONDITION_ATOMS } from "../../syntax/ast.js";

/** `a`, `b`, `c` (the help lines list the language's own words, so they never go stale). */
function quoted(words: readonly string[]): string {
  return words.map((w) => `\`${w}\``).join(", ");
}

export const SYNTAX_CODES: readonly CodeInfo[] = [
  {
    code: "PC1001",
    name: "unexpected-token",
    severity: "error",
    message: "expected {expected}, found {found}",
    description:
      "The parser met a token that cannot appear at this point of a declaration. The message names " +
      "what the grammar allows here; parsing resumes at the next point it can make sense of, so the " +
      "errors after this one are usually real too.",
    example: 'purpose marketing.direct "Direct marketing"\n  uses contact.email\n}',
    fix: "Insert what the message expects (here the `{` that opens the body), or remove the stray token.",
  },
  {
    code: "PC1002",
    name: "unterminated-string",
    severity: "error",
    message: "unterminated string",
    help: 'close the string with `"` on the same line; use `"""` for text that spans lines',
    description:
      "A string opened with `\"` must close on the same line, and a string opened with `\"\"\"` must be " +
      "closed by another `\"\"\"`. The string is taken to end at the end of the line (or of the file).",
    example: 'category contact.email "Email address {\n  class personal\n}',
    fix: 'Add the closing `"`, or use `"""` for multi-line prose.',
  },
  {
    code: "PC1003",
    name: "unterminated-block-comment",
    severity: "error",
    message: "unterminated block comment",
    help: "close the comment with `*/`",
    description: "A `/*` comment has no closing `*/`; everything up to the end of the file is part of it.",
    example: "/* draft\npurpose analytics \"Analytics\" { basis consent }",
    fix: "Add `*/` where the comment should end.",
  },
  {
    code: "PC1004",
    name: "invalid-character",
    severity: "error",
    message: "invalid character `{char}`",
    description:
      "The character cannot start any token of the language. Names use ASCII letters, digits, `_` and " +
      "`-`; text in any script goes inside strings.",
    example: "purpose marketing.direct \"Direct marketing\" { basis = consent }",
    fix: "Remove the character, or put the text inside a string.",
  },
  {
    code: "PC1005",
    name: "invalid-escape",
    severity: "error",
    message: "invalid escape sequence `{escape}`",
    help: 'the escapes are `\\"`, `\\\\`, `\\n`, `\\t` and `\\u{...}` with 1 to 6 hex digits',
    description:
      'Inside a `"..."` string a backslash starts an escape. Only `\\"`, `\\\\`, `\\n`, `\\t` and `\\u{XXXX}` ' +
      "(a Unicode code point) exist; triple-quoted strings have no escapes at all.",
    example: 'section intro "Intro" { prose "C:\\data" }',
    fix: "Double the backslash (`\\\\`) or use one of the listed escapes.",
  },
  {
    code: "PC1006",
    name: "invalid-language-tag",
    severity: "error",
    message: "invalid language tag `{tag}`",
    help: "write a BCP 47 tag: a 2 or 3 letter lowercase language, optionally followed by subtags, e.g. `@de` or `@zh-Hans`",
    description:
      "Translations are introduced by a language tag such as `@de` or `@zh-Hans`, and `languages` lists " +
      "the same tags without `@`. The language part is 2 or 3 lowercase letters; subtags are letters or " +
      "digits separated by `-`.",
    example: 'purpose marketing "Marketing" @German "Werbung" { basis consent }',
    fix: "Use the lowercase ISO 639 code of the language (`@de`).",
  },
  {
    code: "PC1007",
    name: "invalid-date",
    severity: "error",
    message: "invalid date `{date}`",
    help: "write a calendar date as `YYYY-MM-DD`, e.g. `2024-01-31`",
    description: "Dates are written `YYYY-MM-DD` (ISO 8601) and must exist in the calendar.",
    example: "policy acme \"Acme Privacy Policy\" { effective 2024-02-30 }",
    fix: "Correct the date; months and days need two digits.",
  },
  {
    code: "PC1008",
    name: "invalid-duration-unit",
    severity: "error",
    message: "unknown duration unit `{unit}`",
    help: "durations are counted in `hours`, `days`, `weeks`, `months` or `years` (short: `h`, `d`, `w`, `mo`, `y`)",
    description:
      "A duration is a whole number followed by a unit: `30 days`, `2 years`, `6mo`. The units are hour(s)/h, " +
      "day(s)/d, week(s)/w, month(s)/mo and year(s)/y.",
    example: 'retention logs "Logs" { applies_to usage.logs  period 30 dayz }',
    fix: "Use one of the listed units.",
  },
  {
    code: "PC1009",
    name: "unknown-declaration",
    severity: "error",
    message: "unknown declaration `{word}`",
    help:
      "a declaration starts with `import`, `policy`, `category`, `purpose`, `recipient`, `retention`, " +
      "`tracker`, `right`, `audience`, `security`, `changes`, `precedence`, `section`, `allow`, `deny` or `assert`",
    description:
      "At the top level of a file only declarations may appear, and each starts with a keyword. Everything " +
      "up to the next declaration keyword is skipped.",
    example: 'purpse marketing.direct "Direct marketing" { basis consent }',
    fix: "Correct the keyword; keywords are lowercase.",
  },
  {
    code: "PC1010",
    name: "unknown-field",
    severity: "error",
    message: "unknown field `{field}` in {block}",
    description:
      "Each kind of block has a fixed set of fields (see the language reference). A field of another kind " +
      "of block, or a misspelt one, is rejected rather than ignored, so that nothing written is silently lost.",
    example: 'purpose marketing.direct "Direct marketing" { basis consent  usse contact.email }',
    fix: "Use the suggested field, or move the field to the kind of block it belongs to.",
  },
  {
    code: "PC1011",
    name: "wrong-value-type",
    severity: "error",
    message: "`{field}` expects {expected}, found {found}",
    description:
      "Each field takes one kind of value: text in quotes, a name, a word from a fixed list, `yes`/`no`, " +
      "a number, a duration or a date.",
    example: 'policy acme "Acme" { effective "2024-01-01" }',
    fix: "Write the value in the expected form (the help line shows how).",
  },
  {
    code: "PC1012",
    name: "missing-value",
    severity: "error",
    message: "expected {expected} after `{field}`",
    description: "The field is written without a value.",
    example: 'purpose marketing.direct "Direct marketing" { basis consent  uses }',
    fix: "Add the value, or remove the field.",
  },
  {
    code: "PC1013",
    name: "too-many-values",
    severity: "error",
    message: "`{field}` takes a single value",
    help: "remove the extra values",
    description: "The field holds one value, but a comma-separated list was written.",
    example: 'category contact.email "Email" { class personal, sensitive }',
    fix: "Keep one value.",
  },
  {
    code: "PC1014",
    name: "unexpected-field-body",
    severity: "error",
    message: "`{field}` does not take a `{ }` block",
    help: "only `controller`, `dpo` and `basis` have a block after their value",
    description:
      "A `{ ... }` block after a field's value is allowed only where the field has parts of its own: the " +
      "contact details of `controller` and `dpo`, and the per-jurisdiction variants of `basis`.",
    example: 'purpose analytics "Analytics" { uses device.id { scope "app" } }',
    fix: "Remove the block, or move its fields to the enclosing declaration.",
  },
  {
    code: "PC1015",
    name: "unknown-enum-value",
    severity: "error",
    message: "unknown value `{value}` for `{field}`",
    description:
      "The field takes one word from a closed list (legal bases, data classifications, recipient types...). " +
      "The lists are part of the language so that every output can rely on them.",
    example: 'purpose marketing.direct "Direct marketing" { basis consnt }',
    fix: "Use one of the listed words.",
  },
  {
    code: "PC1016",
    name: "unknown-action",
    severity: "error",
    message: "unknown action `{action}`",
    help: `the actions are ${quoted(ACTIONS)} (${Object.entries(ACTION_ALIASES)
      .map(([alias, action]) => `\`${alias}\` means \`${action}\``)
      .join(", ")})`,
    description: "A rule or assertion names what is done with the data, one of a fixed set of actions.",
    example: "deny shre personal with partners",
    fix: "Use one of the actions.",
  },
  {
    code: "PC1017",
    name: "unknown-condition",
    severity: "error",
    message: "unknown condition `{condition}`",
    help: `the conditions are ${quoted(CONDITION_ATOMS)}, \`age_under <years>\`, and \`in <jurisdiction>\``,
    description:
      "A `when` or `unless` clause lists conditions from a fixed set, each optionally preceded by `not`, " +
      "or a jurisdiction test `in EU`.",
    example: "allow share personal with partners when consnt",
    fix: "Use one of the conditions; write `in EU` for a jurisdiction.",
  },
  {
    code: "PC1018",
    name: "duplicate-field",
    severity: "error",
    message: "duplicate field `{field}` in {block}",
    help: "write the field once; a list field takes several values separated by `,`",
    description:
      "A field may appear once per block. This is an error, not a warning: keeping one of the two values " +
      "silently would lose what the other says. List fields take all their values in one field.",
    example: 'purpose analytics "Analytics" { uses device.id  uses usage.events }',
    fix: "Merge the two fields (`uses device.id, usage.events`) or remove one.",
  },
  {
    code: "PC1019",
    name: "missing-rule-action",
    severity: "error",
    message: "missing action in this `{effect}` rule",
    help: "write what the rule covers, e.g. `deny share personal with partners`; only an exception may leave the action out to inherit its rule's",
    description:
      "A top-level rule must name its action (`collect`, `use`, `share`, `sell`, `transfer`). Only an " +
      "exception (`except allow ...`) may omit it, and then inherits the action of the rule it belongs to.",
    example: "deny personal with partners",
    fix: "Add the action after `allow` or `deny`.",
  },
  {
    code: "PC1020",
    name: "missing-rule-data",
    severity: "error",
    message: "missing data in this `{effect}` rule",
    help: "name the data after the action, e.g. `deny sell personal`; only an exception may leave it out to inherit its rule's",
    description:
      "A top-level rule must name the data categories it applies to. Only an exception may omit them, and " +
      "then inherits the data of the rule it belongs to.",
    example: "deny sell to anyone",
    fix: "Add the data categories after the action.",
  },
  {
    code: "PC1021",
    name: "suppression-without-reason",
    severity: "error",
    message: "`policyc-ignore {code}` needs a reason",
    help: "write why the diagnostic does not apply: `// policyc-ignore {code}: reason`",
    description:
      "A suppression comment silences a diagnostic on the next declaration. The reason is required so that " +
      "a reviewer can tell a deliberate exception from a hidden mistake.",
    example: "// policyc-ignore PC3001\ndeny sell personal to anyone",
    fix: "Add `: ` and the reason after the code.",
  },
  {
    code: "PC1022",
    name: "malformed-suppression",
    severity: "error",
    message: "expected a diagnostic code such as `PC3001` after `policyc-ignore`",
    description:
      "A comment starting with `policyc-ignore` is a suppression, written `// policyc-ignore PC3001: reason` " +
      "(several codes may be separated by `,`; the configuration name of a diagnostic, such as `unused-category`, may replace its code). " +
      "Anything else where the codes go, or no code at all, is malformed.",
    example: "// policyc-ignore unused-categories: kept for the next release",
    fix: "Write the code (`PCxxxx`) or the name (`unused-category`) of the diagnostic to suppress.",
  },
  {
    code: "PC1023",
    name: "unknown-suppressed-code",
    severity: "warning",
    message: "`{code}` is not a policyc diagnostic code",
    description: "The suppression names a code that policyc never reports, so it suppresses nothing.",
    example: "// policyc-ignore PC9999: legacy\ndeny sell personal to anyone",
    fix: "Correct the code, or remove the comment.",
  },
  {
    code: "PC1024",
    name: "unattached-suppression",
    severity: "warning",
    message: "`policyc-ignore` is not followed by a declaration",
    description:
      "A suppression applies to the declaration after it (or, inside a declaration, to the declaration " +
      "around it). This one has none, so it suppresses nothing.",
    example: "deny sell personal to anyone\n// policyc-ignore PC3001: legacy",
    fix: "Move the comment to the line before the declaration it is meant for, or remove it.",
  },
  {
    code: "PC1025",
    name: "number-too-large",
    severity: "error",
    message: "number `{value}` is too large",
    help: "numbers and duration amounts must be below 1000000",
    description: "Numbers (ages, duration amounts) are small whole numbers; a very large one is a typo.",
    example: 'audience children "Children" { age_under 1300000000 }',
    fix: "Correct the number.",
  },
  {
    code: "PC1026",
    name: "unsuppressible-code",
    severity: "warning",
    message: "`{code}` cannot be suppressed in a policy file",
    help: "it is reported when the outputs are made or by the tool itself, after the file's suppressions apply: set its severity in the configuration's `rules` instead",
    description:
      "The emitters' findings (PC5xxx: wording packs, untranslated text, links) and the tool's own (PC9xxx) are made after the policy has been checked, " +
      "so a `policyc-ignore` comment cannot reach them. The configuration's `rules` can change the severity of the emitters' findings or turn them off; the tool's own always stop the command (a file it cannot read, a stale output), and `rules` refuses to change them (PC9002). " +
      "Syntax and name errors (PC1xxx, PC2xxx errors) cannot be suppressed at all: they stop the compile.",
    example: '// policyc-ignore PC5001: translated later\npurpose marketing.direct "Direct marketing" { basis consent }',
    fix: "Remove the comment and set the severity in `rules` of `policyc.config.json`.",
  },
  {
    code: "PC1027",
    name: "text-direction-character",
    severity: "error",
    message: "invisible text-direction character {char}",
    help: "it makes the text display in another order than it is read (\"Trojan Source\"); remove it, or inside a `\"...\"` string write it as an escape: `{escape}`",
    description:
      "Bidirectional embedding, override and isolate characters (U+202A-U+202E, U+2066-U+2069) reorder how text is shown, in an editor, a code review, the published policy and the generated code alike, " +
      "so a file can say one thing and show another. Written as an escape the character is visible in the source, and policyc keeps it.",
    example: 'recipient partners "Partners\u202E"',
    fix: "Remove the character, or write it as `\\u{202E}` where the text needs it.",
  },
  {
    code: "PC1028",
    name: "not-utf8",
    severity: "error",
    message: "the file is not UTF-8 text: {what}",
    help: "save the file as UTF-8",
    description:
      "Policy files are read as UTF-8. Bytes that are not valid UTF-8 (a file saved as Latin-1 or Windows-1252) are read as U+FFFD, and a UTF-16 file " +
      "(as some Windows editors and PowerShell save) has a NUL between its characters. Either way the text is not what was written, so the file is not read " +
      "further, and `fmt` never rewrites it.",
    example: 'policy shop "Caf\\xE9 policy"   // \\xE9: the one byte Latin-1 writes for é, which is not UTF-8',
    fix: "Save the file as UTF-8. A U+FFFD character that is really meant is written `\\u{FFFD}` inside a string.",
  },
  {
    code: "PC1029",
    name: "nesting-too-deep",
    severity: "error",
    message: "this is nested too deeply: policyc reads at most {max} levels of blocks and exceptions",
    help: "close the blocks that are still open, or write deep exceptions as rules of their own",
    description:
      "Each `{` and each `except` opens a level. Real policies need a few; a file nested hundreds of levels deep (usually generated, or missing its `}`) " +
      "is refused at the first token past the limit instead of exhausting the parser.",
    example: "deny share personal except allow when consent except deny when minor except allow ...   // 65 times",
    fix: "Flatten the exceptions into separate rules, or close the open blocks.",
  },
  {
    code: "PC1030",
    name: "consent-basis-combined",
    severity: "error",
    message: "`{basis}` cannot be listed with another legal basis (`{other}`)",
    help: "split the purpose in two: one resting on consent, one on the other basis",
    description:
      "A purpose may rest on several legal bases (`basis contract, legal_obligation`), but not when one of them is consent: processing on " +
      "consent cannot fall back on another basis once the consent is refused or withdrawn (EDPB Guidelines 05/2020 on consent, 121-123), " +
      "and the guards could not tell whether to ask for consent. This holds for each jurisdiction's list as well.",
    example: 'purpose newsletter "Newsletter" { basis consent, legitimate_interests }',
    fix: "Keep consent alone, or declare a second purpose for the processing that rests on the other basis.",
  },
  {
    code: "PC1031",
    name: "age-condition",
    severity: "error",
    message: "{detail}",
    help: "write the age in whole years after `age_under`: `age_under 16`",
    description:
      "`age_under N` holds for a person younger than N years, as an audience's `age_under` does; it is the only condition that takes a number. " +
      "The guards decide it from the context's `age`, and, without one, take every minor to be under every age.",
    example: "deny use personal for marketing when age_under",
    fix: "Give the age (`age_under 16`), or drop the number after another condition.",
  },
  {
    code: "PC1032",
    name: "too-many-syntax-errors",
    severity: "error",
    message: "more than {max} syntax errors: the file is not read past this point",
    help: "fix the errors above first (often one mistake repeated, or a file that is not a .policy file)",
    description:
      "After this many syntax errors (characters the lexer cannot read, or errors of the parser) the rest of the file is left unread, so that a file of thousands of broken lines is reported quickly and in full up to there, instead of overflowing the parser's stack.",
    example: "a file of 600 lines `allow share x when consent for p`",
    fix: "Fix the errors reported before it and check again.",
  },
  {
    code: "PC1033",
    name: "name-too-deep",
    severity: "error",
    message: "name {name} has {count} parts; policyc reads names of at most {max}",
    help: "name it with fewer levels: a category's place in its hierarchy is its parent's name and one more part",
    description:
      "Each dotted part of a name is one level of a hierarchy (`contact.email` lies under `contact`), and every level is looked up when fields are inherited. " +
      "Real taxonomies have a few levels; a name of hundreds (usually generated) would cost time that grows with the square of its length, so it is refused.",
    example: "category a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g \"Deep\"",
    fix: "Use fewer levels.",
  },
  {
    code: "PC1034",
    name: "carriage-return-line-ending",
    severity: "error",
    message: "a carriage return without a line feed ends a line here{more}: policyc reads LF and CRLF line endings",
    help: "save the file with LF (or CRLF) line endings; carriage returns alone are the line endings of classic Mac OS, or left by a paste",
    description:
      "Lines end with a line feed (LF), or a carriage return and a line feed (CRLF, as Windows editors save). A carriage return alone would end a line for some tools and not for others: " +
      "line numbers in diagnostics and in the generated code would disagree with the editor's, and a comment would end at one tool's line end and not at another's. The file is not read until its line endings are fixed.",
    example: "a file saved with classic Mac OS line endings (CR alone)",
    fix: "Convert the line endings to LF, for example with `dos2unix -c mac` or your editor's line-ending setting.",
  },
  {
    code: "PC1099",
    name: "internal-parser-error",
    severity: "error",
    message: "internal error while parsing: {detail}",
    help: "this is a bug in policyc; please report it with the file that triggers it",
    description:
      "The parser failed unexpectedly. The file is reported as unparsed instead of crashing the whole run.",
    example: "(no input is meant to cause this)",
    fix: "Report the bug with the input file.",
  },
];
