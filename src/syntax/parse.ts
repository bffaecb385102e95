/**
 * The syntax phase in one call: text to `SourceFile` plus diagnostics.
 *
 * Pipeline position: the entry point of the front end. Runs `lexer.ts`, `parser.ts` (with
 * `syntax-errors.ts` for the messages) and `lower.ts`, in that order (lowering each declaration
 * as soon as the parser finishes it), and returns everything they found, sorted by position. Whatever the input, it returns a tree (possibly partial) and never
 * throws; an unexpected exception is reported as PC1099 with an empty tree.
 */
import type { SourceFile, Span } from "./ast.js";
import { createDiagnostic, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { lex, type LexResult } from "./lexer.js";
import { FileLowerer, type LowerResult } from "./lower.js";
import { MAX_SYNTAX_ERRORS, parseTokens } from "./parser.js";
import { syntaxErrorDiagnostics } from "./syntax-errors.js";
import { Allow, Assert, BlockKeyword, Deny, Except, Import, LCurly, RCurly } from "./tokens.js";
import { tokenMatcher, type IToken } from "chevrotain";

/**
 * How deep blocks and exceptions may nest. Real policies nest a few levels; the parser and the
 * later phases recurse once per level, and a file nested hundreds deep would exhaust the stack.
 */
export const MAX_NESTING = 64;

export interface ParsedSource {
  readonly file: SourceFile;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parses one `.policy` file. `path` is used as the `file` of every span (as given: relative
 * paths stay relative, so that output does not depend on the working directory's location).
 */
export function parseSource(path: string, text: string): ParsedSource {
  const encoding = encodingProblem(path, text);
  if (encoding) return { file: emptySourceFile(path, text), diagnostics: [encoding] };
  try {
    const lexed = withinErrorLimit(lex(path, text), path);
    const deep = tooDeep(lexed.tokens);
    if (deep) {
      return {
        file: emptySourceFile(path, text),
        diagnostics: sortDiagnostics([
          ...lexed.diagnostics,
          createDiagnostic("PC1029", { max: String(MAX_NESTING) }, { file: path, start: deep.startOffset, end: deep.startOffset + deep.image.length }),
        ]),
      };
    }
    // Each declaration is lowered as soon as it is parsed, so that its CST can be collected
    // while the rest of the file is parsed; the result is that of lowering the whole CST after.
    const lowerer = new FileLowerer(path, text);
    const parsed = parseTokens(lexed.tokens, text, (node) => lowerer.item(node));
    const syntax = withoutEchoes(syntaxErrorDiagnostics(parsed.errors, lexed.tokens, path, text), lexed, text);
    if (parsed.recoveryStopped) {
      // the parser stopped recovering (parser.ts): say where the file stops being read
      const at = parsed.errors[parsed.errors.length - 1]!.token;
      const start = Number.isFinite(at.startOffset) ? at.startOffset : text.length;
      syntax.push(createDiagnostic("PC1032", { max: String(MAX_SYNTAX_ERRORS) }, { file: path, start, end: start + (Number.isFinite(at.startOffset) ? at.image.length : 0) }));
    }
    const lowered = lowerer.finish(parsed.cst, lexed.comments);
    return {
      file: lowered.file,
      diagnostics: sortDiagnostics(
        oneAtEachPlace(
          withoutCommaEchoes(
            withoutQuoteEchoes(
              [...lexed.diagnostics, ...syntax, ...besideInvalid(withoutExceptEchoes(lowered.diagnostics, syntax, lexed.tokens), lexed, text)],
              lexed.tokens,
              path,
              text,
            ),
            lowered.missingCommas,
            text,
          ),
        ),
      ),
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      file: emptySourceFile(path, text),
      diagnostics: [createDiagnostic("PC1099", { detail }, { file: path, start: 0, end: 0 })],
    };
  }
}

/**
 * The lexer's result read no further than its first MAX_SYNTAX_ERRORS errors, as the parser stops
 * after as many (PC1032): a file of millions of characters the lexer cannot read (`= = = ...`) is
 * reported in a second, where each became its own diagnostic and the report outgrew what a string
 * can hold.
 */
function withinErrorLimit(lexed: LexResult, path: string): LexResult {
  if (lexed.diagnostics.length <= MAX_SYNTAX_ERRORS) return lexed;
  const sorted = sortDiagnostics(lexed.diagnostics);
  const cut = sorted[MAX_SYNTAX_ERRORS]!.span?.start ?? Number.POSITIVE_INFINITY;
  const before = (t: IToken) => t.startOffset < cut;
  return {
    ...lexed,
    tokens: lexed.tokens.filter(before),
    comments: lexed.comments.filter(before),
    diagnostics: [
      ...sorted.slice(0, MAX_SYNTAX_ERRORS),
      createDiagnostic("PC1032", { max: String(MAX_SYNTAX_ERRORS) }, { file: path, start: cut, end: cut }),
    ],
  };
}

/**
 * Drops the field and value errors (PC1010, PC1011) that a character the lexer could not read
 * caused (`30\u00A0days`, `a\uFF0C b`): the invalid character is the one mistake. A field name
 * before it (`x = 1`) is still checked.
 */
function besideInvalid(lowered: readonly Diagnostic[], lexed: LexResult, text: string): readonly Diagnostic[] {
  const invalid = lexed.diagnostics.filter((d) => d.code === "PC1004" && d.span).map((d) => d.span!);
  if (invalid.length === 0) return lowered;
  const blank = (from: number, to: number) => from <= to && /^[ \t]*$/.test(text.slice(from, to));
  const lineStart = (at: number) => text.lastIndexOf("\n", at - 1) + 1;
  // the character stands inside a line's text, not in its indentation
  const midLine = (s: Span) => !blank(lineStart(s.start), s.start);
  // a word goes on right after the character (`30\u00A0days`)
  const wordAfter = (s: Span) => /^[A-Za-z0-9_]/.test(text.slice(s.end, s.end + 1));
  return lowered.filter((d) => {
    if (!d.span) return true;
    // a word read as a field right after the character (`\uFF0C contact`, `30\u00A0days`)
    if (d.code === "PC1010") return !invalid.some((s) => midLine(s) && blank(s.end, d.span!.start));
    // a value cut short by it (`30` of `30\u00A0days`)
    if (d.code === "PC1011") return !invalid.some((s) => wordAfter(s) && blank(d.span!.end, s.start));
    return true;
  });
}

/**
 * One error where a string never ends: the parser's and the lowering's errors that start where
 * the unterminated string does (`prose "a" "b }`: "expected a field name, found the string") echo
 * it. And one error per place from the parser: two "expected ..." at the same span say one thing.
 */
function oneAtEachPlace(all: readonly Diagnostic[]): Diagnostic[] {
  const unterminated = new Set(all.filter((d) => d.code === "PC1002" && d.span).map((d) => d.span!.start));
  // where the parser says what the place needed (a name, `'email'` found), the lexer's "invalid
  // character `'`" at the same place says less, with advice (double quotes) that may not fit
  const parsed = new Set(all.filter((d) => d.code === "PC1001" && d.span).map((d) => d.span!.start));
  const seen = new Set<string>();
  return all.filter((d) => {
    if (!d.span || d.severity !== "error") return true;
    if (unterminated.has(d.span.start) && d.code !== "PC1002") return false;
    if (d.code === "PC1004" && parsed.has(d.span.start)) return false;
    if (d.code !== "PC1001") return true;
    const key = `${d.span.start}:${d.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A string that ends with a translation's tag: `"Switch it off @de "`. */
const ENDS_WITH_TAG = /\s@[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*\s*"$/;

/**
 * `"Switch it off @de "Schalten Sie das ab"`: a text whose closing `"` is missing before its
 * translation. The string then ends at the `"` that opens the translation, its words read as
 * fields, and the translation's own `"` opens a string that never ends. The mistake is one, at the
 * tag: reported there once, instead of an error per word of the translation.
 */
/** The index of the first token starting at or after `offset` (binary search). */
function firstTokenAt(tokens: readonly IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function withoutQuoteEchoes(all: Diagnostic[], tokens: readonly IToken[], path: string, text: string): Diagnostic[] {
  const unterminated = all.filter((d) => d.code === "PC1002" && d.span && text.charAt(d.span.start) === '"' && text.slice(d.span.start, d.span.start + 3) !== '"""');
  if (unterminated.length === 0) return all;
  const drop = new Set<Diagnostic>();
  const added: Diagnostic[] = [];
  for (const d of unterminated) {
    const lineStart = text.lastIndexOf("\n", d.span!.start - 1) + 1;
    // the tokens of that line only (they are in offset order): one error per line of a file of
    // thousands must not scan every token each time
    let cut: IToken | undefined;
    for (let i = firstTokenAt(tokens, lineStart); i < tokens.length && tokens[i]!.startOffset < d.span!.start; i++) {
      const t = tokens[i]!;
      if (t.image.startsWith('"') && !t.image.startsWith('"""') && ENDS_WITH_TAG.test(t.image)) {
        cut = t;
        break;
      }
    }
    if (!cut) continue;
    const end = cut.startOffset + cut.image.length;
    for (const other of all) if (other.span && other.span.start >= end && other.span.start <= d.span!.start) drop.add(other);
    const at = cut.startOffset + cut.image.search(ENDS_WITH_TAG);
    const before = cut.image.slice(0, at - cut.startOffset);
    const tag = cut.image.slice(at - cut.startOffset).trim().replace(/"$/, "").trim();
    added.push(
      createDiagnostic("PC1002", {}, { file: path, start: at, end: at + 1 }, {
        help: `close the text before its translation: \`${before}" ${tag} "..."\``,
      }),
    );
  }
  return [...all.filter((d) => !drop.has(d)), ...added];
}

/** What a lost `,` in a list brings after it: the parser's and the lowering's view of the rest of the values. */
const COMMA_ECHOES: ReadonlySet<string> = new Set(["PC1001", "PC1010", "PC1011", "PC1012"]);

/**
 * Drops the parse errors later on a line where a list lost a `,` (`uses a.b c.d` makes `.` and
 * `d` errors too), up to the end of the block or of the line, whichever comes first; the lexer's
 * findings and those of another block on the line stay.
 */
function withoutCommaEchoes(all: Diagnostic[], lines: LowerResult["missingCommas"], text: string): Diagnostic[] {
  if (lines.length === 0) return all;
  const ends = lines.map((l) => {
    const close = text.indexOf("}", l.after);
    return { after: l.after, end: close >= 0 && close < l.lineEnd ? close : l.lineEnd };
  });
  return all.filter((d) => !d.span || !COMMA_ECHOES.has(d.code) || !ends.some((l) => d.span!.start > l.after && d.span!.start <= l.end));
}

/**
 * A misspelt `except` (`exept allow when consent`) ends its rule, and the exception after it reads
 * as a rule of its own without action or data: those two errors (PC1019, PC1020) only echo the
 * misspelling, which is reported with its did-you-mean.
 */
function withoutExceptEchoes(lowered: readonly Diagnostic[], syntax: readonly Diagnostic[], tokens: readonly IToken[]): readonly Diagnostic[] {
  const misspelt = syntax.filter((d) => d.code === "PC1009" && d.help?.startsWith("did you mean `except`?") && d.span);
  if (misspelt.length === 0) return lowered;
  const echoes = new Set<number>();
  for (const d of misspelt) {
    const next = tokens.find((t) => t.startOffset >= d.span!.end);
    if (next) echoes.add(next.startOffset);
  }
  return lowered.filter((d) => !((d.code === "PC1019" || d.code === "PC1020") && d.span && echoes.has(d.span.start)));
}

/**
 * The first token nested deeper than MAX_NESTING: open braces, plus at each brace level the
 * `except`s of the rule being read there (each nests the rule after it one level down). A rule
 * that starts at a level without an `except` before it (a sibling in `except { }`, or a new
 * statement) starts that level's count again.
 */
function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  const excepts: number[] = [0]; // per brace level
  let total = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    if (type === LCurly) excepts.push(0);
    else if (type === RCurly) {
      if (excepts.length > 1) total -= excepts.pop()!;
    } else if (type === Except) {
      excepts[excepts.length - 1]!++;
      total++;
    } else if (tokens[i - 1]?.tokenType !== Except && (type === Allow || type === Deny || type === Assert || type === Import || tokenMatcher(t, BlockKeyword))) {
      total -= excepts[excepts.length - 1]!;
      excepts[excepts.length - 1] = 0;
    }
    if (excepts.length - 1 + total > MAX_NESTING) return t;
  }
  return undefined;
}

/**
 * PC1028 when the text cannot be what was written: NUL characters (UTF-16, or not text at all)
 * or U+FFFD (bytes that were not UTF-8, replaced when the file was read). One diagnostic at the
 * first of them: the rest of such a file would only add one error per character.
 */
function encodingProblem(path: string, text: string): Diagnostic | undefined {
  const nul = text.indexOf("\0");
  const bad = text.indexOf("\uFFFD");
  if (nul < 0 && bad < 0) return loneSurrogate(path, text) ?? loneCarriageReturn(path, text);
  if (nul >= 0) {
    return createDiagnostic(
      "PC1028",
      { what: "it contains NUL characters" },
      { file: path, start: nul, end: nul + 1 },
      { help: "a UTF-16 file (as some Windows editors and PowerShell's `>` save) has one between every two characters: save the file as UTF-8" },
    );
  }
  let more = 0;
  for (let i = text.indexOf("\uFFFD", bad + 1); i >= 0; i = text.indexOf("\uFFFD", i + 1)) more++;
  return createDiagnostic(
    "PC1028",
    { what: `bytes here are not valid UTF-8 (read as U+FFFD)${more > 0 ? `, and in ${more} more place${more === 1 ? "" : "s"}` : ""}` },
    { file: path, start: bad, end: bad + 1 },
    { help: "the file was probably saved as Latin-1 or Windows-1252: save it as UTF-8 (a U+FFFD that is meant is written `\\u{FFFD}` in a string)" },
  );
}

/**
 * Half of a UTF-16 surrogate pair with no other half: no UTF-8 file decodes to one (its bytes
 * would be U+FFFD), but a text handed to the API can hold one, and no output could write it.
 */
function loneSurrogate(path: string, text: string): Diagnostic | undefined {
  const m = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0).toString(16).toUpperCase();
  return createDiagnostic(
    "PC1028",
    { what: `it holds half of a UTF-16 surrogate pair (U+${code}) with no other half` },
    { file: path, start: m.index, end: m.index + 1 },
    { help: "the text was cut or joined in the middle of a character: pass the whole text (a file read as UTF-8 never holds one)" },
  );
}

/** A carriage return not followed by a line feed (PC1034), at the first, counting the others. */
function loneCarriageReturn(path: string, text: string): Diagnostic | undefined {
  const lone = /\r(?!\n)/g;
  const first = lone.exec(text);
  if (first === null) return undefined;
  let more = 0;
  while (lone.exec(text) !== null) more++;
  return createDiagnostic(
    "PC1034",
    { more: more > 0 ? `, and ${more} more time${more === 1 ? "" : "s"}` : "" },
    { file: path, start: first.index, end: first.index + 1 },
  );
}

/**
 * Drops parse errors that only echo a lexical one: an error right after characters the lexer
 * could not read (`# note` makes `note` look like a stray word), and errors at the end of a file
 * whose rest an unterminated `"""` string or `/*` comment swallowed.
 */
function withoutEchoes(syntax: readonly Diagnostic[], lexed: LexResult, text: string): Diagnostic[] {
  const invalid = lexed.diagnostics.filter((d) => d.code === "PC1004" && d.span).map((d) => d.span?.start ?? 0);
  const tokens = lexed.tokens;
  return syntax.filter((d) => {
    const start = d.span?.start ?? 0;
    if (lexed.runaway && start === text.length) return false;
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tokens[mid]?.startOffset ?? Infinity) < start) lo = mid + 1;
      else hi = mid;
    }
    const before = tokens[lo - 1];
    const gapStart = before ? before.startOffset + before.image.length : 0;
    return !invalid.some((at) => at >= gapStart && at < start);
  });
}

function emptySourceFile(path: string, text: string): SourceFile {
  return {
    kind: "SourceFile",
    span: { file: path, start: 0, end: text.length },
    path,
    imports: [],
    decls: [],
    comments: [],
    suppressions: [],
  };
}
