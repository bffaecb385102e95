/**
 * The tokens of the `.policy` language, in the order the lexer tries them.
 *
 * Pipeline position: first step of the syntax phase. `lexer.ts` runs these over the text,
 * `parser.ts` consumes them. Whitespace is skipped; comments go to the `comments` group, which
 * the parser never sees but the lowering keeps (`SourceFile.comments`) for the formatter.
 *
 * Some tokens exist only to give a better message than "invalid character":
 * `UnterminatedString`, `UnterminatedTripleString` and `UnterminatedBlockComment` match the rest
 * of a line (or of the file) when the closing delimiter is missing, and `MisquotedString` matches
 * `'text'` and `“text”`; `lexer.ts` reports them. The string ones belong to the `String`
 * category, so the parser accepts them where a string is expected and the user sees one
 * diagnostic, not a cascade.
 */
import { table } from "../util/table.js";
import { createToken, Lexer, type CustomPatternMatcherReturn, type TokenType } from "chevrotain";
import type { DurationUnit } from "./ast.js";

// ---------------------------------------------------------------------------------------------
// Categories: abstract token types (pattern NA) that concrete tokens belong to.

/** Any string literal: `"..."`, `"""..."""`, or an unterminated one (already diagnosed). */
export const StringTok = createToken({ name: "String", pattern: Lexer.NA, label: "a string" });
/** Any reserved word. Allowed as a segment of a dotted name after a `.` (`account.security`). */
export const Keyword = createToken({ name: "Keyword", pattern: Lexer.NA, label: "a keyword" });
/** The keywords that open a block declaration (`policy`, `category`, `purpose`...). */
export const BlockKeyword = createToken({ name: "BlockKeyword", pattern: Lexer.NA, label: "a block keyword" });

// ---------------------------------------------------------------------------------------------
// Trivia

export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\f\uFEFF]+/,
  group: Lexer.SKIPPED,
});

export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n\r]*/, group: "comments" });
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: "comments",
  line_breaks: true,
});
/** `/*` without a closing `*\/`: the rest of the file. Reported by the lexer step. */
export const UnterminatedBlockComment = createToken({
  name: "UnterminatedBlockComment",
  pattern: /\/\*[\s\S]*/,
  group: "comments",
  line_breaks: true,
});

// ---------------------------------------------------------------------------------------------
// Literals

export const TripleString = createToken({
  name: "TripleString",
  pattern: /"""[\s\S]*?"""/,
  categories: [StringTok],
  line_breaks: true,
  label: '"""text"""',
});
/** `"""` never closed: the rest of the file. */
export const UnterminatedTripleString = createToken({
  name: "UnterminatedTripleString",
  pattern: /"""[\s\S]*/,
  categories: [StringTok],
  line_breaks: true,
});
/**
 * A `"` string from `offset` (its opening quote): where it ends, after its closing `"`
 * (`closed`), or, never closed on its line, where the line or the text ends. A backslash escapes
 * the character after it, but not a line break. Scanned, not matched by a regular expression: the
 * engine's backtracking stack grows with every character or escape a pattern repeats over, and a
 * one-line text of some millions of them overflowed it (PC1099) below the 64 MiB a file may hold.
 */
function scanString(text: string, offset: number): { readonly end: number; readonly closed: boolean } {
  let i = offset + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return { end: i + 1, closed: true };
    if (c === 0x0a || c === 0x0d) return { end: i, closed: false };
    if (c === 0x5c) {
      const next = text.charCodeAt(i + 1);
      i += i + 1 < text.length && next !== 0x0a && next !== 0x0d ? 2 : 1;
      continue;
    }
    i++;
  }
  return { end: text.length, closed: false };
}

export const PlainString = createToken({
  name: "PlainString",
  pattern: (text: string, offset: number): CustomPatternMatcherReturn | null => {
    if (text.charCodeAt(offset) !== 0x22) return null;
    const { end, closed } = scanString(text, offset);
    return closed ? [text.slice(offset, end)] : null;
  },
  start_chars_hint: ['"'],
  line_breaks: false,
  categories: [StringTok],
  label: '"text"',
});

/**
 * `"` never closed on its line: the rest of the line, except closing braces at its end that have
 * no `{` inside the string (`{ prose "text }` keeps its `}`), so that the block still closes, and
 * an opening brace at its end (`category c "Label {`), so that the body still opens.
 */
function matchUnterminated(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 0x22) return null;
  const { end, closed } = scanString(text, offset);
  if (closed) return null;
  let image = text.slice(offset, end);
  let open = 0;
  for (const ch of image) if (ch === "{") open++;
  let close = 0;
  for (const ch of image) if (ch === "}") close++;
  while (close > open) {
    const trimmed = image.replace(/[ \t]*\}[ \t]*$/, "");
    if (trimmed === image || trimmed.length <= 1) break;
    image = trimmed;
    close--;
  }
  const opening = /[ \t]*\{[ \t]*$/.exec(image);
  if (opening && close === 0 && image.length - opening[0].length > 1) image = image.slice(0, image.length - opening[0].length);
  return [image];
}

export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: matchUnterminated,
  start_chars_hint: ['"'],
  line_breaks: false,
  categories: [StringTok],
});

/**
 * `'text'` and `“text”` (as pasted from a word processor): reported as an invalid quote by the
 * lexer step, but accepted as a string by the parser so that one mistake makes one diagnostic.
 */
export const MisquotedString = createToken({
  name: "MisquotedString",
  pattern: /'[^'\n\r]*'|\u201C[^\u201D\n\r]*\u201D/,
  categories: [StringTok],
});

/** `@de`, `@zh-Hans`. Deliberately permissive; the form is checked in lowering (PC1006). */
export const LangTag = createToken({ name: "LangTag", pattern: /@[A-Za-z0-9_-]*/, label: "@lang" });

/** `2024-01-01`. Also matches malformed `2024-1-1` so that lowering can explain (PC1007). */
export const DateTok = createToken({ name: "Date", pattern: /\d+-\d+(?:-\d+)*/, label: "YYYY-MM-DD" });

/** Long and short spellings of the duration units, and the unit each stands for. */
export const DURATION_UNITS: Readonly<Record<string, DurationUnit>> = table({
  hour: "hour",
  hours: "hour",
  h: "hour",
  day: "day",
  days: "day",
  d: "day",
  week: "week",
  weeks: "week",
  w: "week",
  month: "month",
  months: "month",
  mo: "month",
  year: "year",
  years: "year",
  y: "year",
});

/**
 * Words that are not units but are clearly meant as one, with the unit lowering suggests instead
 * (empty: a unit policyc does not count in, such as minutes).
 */
export const UNIT_MISSPELLINGS: Readonly<Record<string, string>> = table({
  hr: "hours",
  hrs: "hours",
  wk: "weeks",
  wks: "weeks",
  mon: "months",
  mos: "months",
  mth: "months",
  mths: "months",
  yr: "years",
  yrs: "years",
  min: "",
  mins: "",
  minute: "",
  minutes: "",
  sec: "",
  secs: "",
  second: "",
  seconds: "",
  decade: "",
  decades: "",
});

const LONG_UNITS = ["hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"];

/** Whether a word written after a number and a space reads as a (possibly misspelt) unit. */
export function isUnitLike(word: string): boolean {
  const w = word.toLowerCase();
  if (w in DURATION_UNITS || w in UNIT_MISSPELLINGS) return true;
  const limit = w.length >= 5 ? 2 : w.length >= 3 ? 1 : 0;
  if (limit === 0) return false;
  return LONG_UNITS.some((u) => osaWithin(w, u, limit));
}

/** Whether `a` is within `limit` edits of `b`, a swap of neighbouring letters counting as one. */
function osaWithin(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [];
    for (let j = 0; j <= b.length; j++) {
      if (i === 0) row.push(j);
      else if (j === 0) row.push(i);
      else {
        const up = rows[i - 1] ?? [];
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let d = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, (rows[i - 2]?.[j - 2] ?? 0) + 1);
        }
        row.push(d);
      }
    }
    rows.push(row);
  }
  return (rows[a.length]?.[b.length] ?? Infinity) <= limit;
}

const durationRe = /(\d+)([ \t]*)([A-Za-z_][A-Za-z0-9_]*)/y;

/**
 * A number followed by a word on the same line: `30 days`, `6mo`, `1y`. Written without a space
 * any word counts (the unit is checked in lowering, PC1008); with spaces only a word that reads
 * as a unit does, so that `age_under 13  collect no` stays a number followed by a field.
 */
function matchDuration(text: string, offset: number): CustomPatternMatcherReturn | null {
  durationRe.lastIndex = offset;
  const m = durationRe.exec(text);
  if (!m) return null;
  const [whole, , space, word] = m;
  if (space === "" || isUnitLike(word ?? "")) return [whole];
  return null;
}

export const DurationTok = createToken({
  name: "Duration",
  pattern: matchDuration,
  start_chars_hint: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  line_breaks: false,
  label: "30 days",
});

export const NumberTok = createToken({ name: "Number", pattern: /\d+/, label: "a number" });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_-]*/, label: "a name" });

// ---------------------------------------------------------------------------------------------
// Keywords. Each has `longer_alt: Identifier` so `policyholder` stays a name; the list is ordered
// longest first so that `assert` is tried before `as` and `allows` before `allow`.

const BLOCK_WORDS = [
  "policy",
  "category",
  "purpose",
  "recipient",
  "retention",
  "tracker",
  "right",
  "audience",
  "security",
  "changes",
  "precedence",
  "section",
] as const;
export type BlockWord = (typeof BLOCK_WORDS)[number];
export const BLOCK_KEYWORDS: readonly BlockWord[] = BLOCK_WORDS;

const OTHER_WORDS = [
  "import",
  "allow",
  "deny",
  "except",
  "to",
  "with",
  "for",
  "when",
  "unless",
  "as",
  "assert",
  "never",
  "allows",
  "not",
  "in",
] as const;

function keyword(word: string, block: boolean): TokenType {
  return createToken({
    name: word.charAt(0).toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: block ? [Keyword, BlockKeyword] : [Keyword],
    label: word,
  });
}

/** Every keyword token by its word. */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ...BLOCK_WORDS.map((w) => [w, keyword(w, true)] as const),
  ...OTHER_WORDS.map((w) => [w, keyword(w, false)] as const),
]);

function kw(word: string): TokenType {
  const t = KEYWORDS.get(word);
  if (!t) throw new Error(`internal: no keyword ${word}`);
  return t;
}

export const Import = kw("import");
export const Allow = kw("allow");
export const Deny = kw("deny");
export const Except = kw("except");
export const To = kw("to");
export const With = kw("with");
export const For = kw("for");
export const When = kw("when");
export const Unless = kw("unless");
export const As = kw("as");
export const Assert = kw("assert");
export const Never = kw("never");
export const Allows = kw("allows");
export const Not = kw("not");
export const In = kw("in");

/** Words that can start a top-level declaration (for "unknown declaration, did you mean"). */
export const DECLARATION_WORDS: readonly string[] = ["import", ...BLOCK_WORDS, "allow", "deny", "assert"];

// ---------------------------------------------------------------------------------------------
// Punctuation. A `:` is not a token: it is reported as an invalid character with a hint
// (`email: "x"` is the usual slip), and the parser never sees it.

export const LCurly = createToken({ name: "LCurly", pattern: /\{/, label: "{" });
export const RCurly = createToken({ name: "RCurly", pattern: /\}/, label: "}" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "," });
export const Dot = createToken({ name: "Dot", pattern: /\./, label: "." });

const keywordsLongestFirst = [...KEYWORDS.entries()]
  .sort(([a], [b]) => b.length - a.length || (a < b ? -1 : 1))
  .map(([, t]) => t);

/** Lexer order: first match wins, so longer and more specific patterns come first. */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  TripleString,
  UnterminatedTripleString,
  PlainString,
  UnterminatedString,
  MisquotedString,
  LangTag,
  DateTok,
  DurationTok,
  NumberTok,
  ...keywordsLongestFirst,
  Identifier,
  LCurly,
  RCurly,
  Comma,
  Dot,
  StringTok,
  Keyword,
  BlockKeyword,
];
