/**
 * Lexing: text to tokens, plus the lexical diagnostics (invalid characters, unterminated strings
 * and comments). Pipeline position: between `tokens.ts` (the token definitions) and `parser.ts`.
 */
import { Lexer, type IToken, type TokenType } from "chevrotain";
import type { Span } from "./ast.js";
import { BIDI_CONTROLS } from "../util/bidi.js";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import {
  allTokens,
  MisquotedString,
  UnterminatedBlockComment,
  UnterminatedString,
  UnterminatedTripleString,
} from "./tokens.js";

export interface LexerOptions {
  /**
   * Skip chevrotain's checks of the token patterns (they only check `tokens.ts`, which does not
   * change at run time). `getLexer` skips them; a test builds a lexer with them.
   */
  readonly skipValidations?: boolean;
}

/**
 * chevrotain's lexer with `positionTracking: "onlyOffset"` makes tokens without an `endOffset`,
 * which the parser's node location tracking needs (`parser.ts`, `nodeLocationTracking`); the
 * "full" tracking would add line and column counting that nothing uses. So this lexer overrides
 * the (internal) method that builds those tokens to add the inclusive `endOffset`, as "full"
 * tokens have it. Should a chevrotain release rename the method, tokens lose `endOffset`, CST
 * nodes their end, and lowering falls back to walking each subtree for its span: slower, not
 * wrong (a test checks that tokens have `endOffset`).
 */
class PolicyLexer extends Lexer {
  createOffsetOnlyToken(image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType): IToken {
    return { image, startOffset, endOffset: startOffset + image.length - 1, tokenTypeIdx, tokenType };
  }
}

/** A lexer for the tokens of `tokens.ts`. */
export function createLexer(options: LexerOptions = {}): Lexer {
  return new PolicyLexer([...allTokens], {
    positionTracking: "onlyOffset",
    ensureOptimizations: false,
    skipValidations: options.skipValidations ?? false,
  });
}

let instance: Lexer | undefined;

/** The one lexer instance, built on first use, without the pattern checks. */
export function getLexer(): Lexer {
  return (instance ??= createLexer({ skipValidations: true }));
}

export interface LexResult {
  /** The tokens the parser reads (no whitespace, no comments). */
  readonly tokens: IToken[];
  /** Line and block comments, in order. */
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
  /** An unterminated `"""` string or `/*` comment swallowed the rest of the file. */
  readonly runaway: boolean;
}

/** Span of a real token (end exclusive). */
export function tokenSpan(file: string, token: IToken): Span {
  return { file, start: token.startOffset, end: token.startOffset + token.image.length };
}

/** Splits `text` into tokens and reports what could not be tokenised. Never throws. */
export function lex(file: string, text: string): LexResult {
  const result = getLexer().tokenize(text);
  const diagnostics: Diagnostic[] = [];
  let runaway = false;

  for (const error of result.errors) {
    const length = Math.max(1, error.length);
    const span: Span = { file, start: error.offset, end: Math.min(text.length, error.offset + length) };
    const char = String.fromCodePoint(text.codePointAt(error.offset) ?? 0xfffd);
    // A run of visible characters (`联系`) is named whole, as it is underlined; an invisible one by its first.
    const run = text.slice(span.start, span.end);
    const shown = run.length > char.length && run.length <= 40 && [...run].every((c) => showChar(c) === c) ? run : showChar(char);
    diagnostics.push(
      createDiagnostic("PC1004", { char: shown }, span, {
        ...(characterHelp(char) !== undefined ? { help: characterHelp(char) } : {}),
      }),
    );
  }

  // An indexed loop: `for...of` allocated an iterator result per token until the loop got optimized.
  const tokens = result.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as IToken;
    const type = token.tokenType;
    if (type === UnterminatedString) {
      diagnostics.push(createDiagnostic("PC1002", {}, tokenSpan(file, token)));
    } else if (type === MisquotedString) {
      const inner = token.image.slice(1, -1);
      diagnostics.push(
        createDiagnostic("PC1004", { char: token.image.charAt(0) }, { file, start: token.startOffset, end: token.startOffset + 1 }, {
          help: inner.includes('"') ? "strings are written in double quotes" : `strings are written in double quotes: \`"${inner}"\``,
        }),
      );
    } else if (type === UnterminatedTripleString) {
      runaway = true;
      diagnostics.push(
        createDiagnostic("PC1002", {}, { file, start: token.startOffset, end: token.startOffset + 3 }, {
          help: 'close the text with `"""`',
        }),
      );
    }
  }

  // Raw bidirectional controls, anywhere (strings, comments): one regular-expression test of the
  // whole text when there are none.
  if (BIDI_CONTROL.test(text)) {
    const all = new RegExp(BIDI_CONTROL.source, "g");
    for (let m = all.exec(text); m !== null; m = all.exec(text)) {
      const code = (m[0].codePointAt(0) ?? 0).toString(16).toUpperCase();
      diagnostics.push(createDiagnostic("PC1027", { char: `U+${code}`, escape: `\\u{${code}}` }, { file, start: m.index, end: m.index + 1 }));
    }
  }

  const comments = result.groups["comments"] ?? [];
  for (const comment of comments) {
    if (comment.tokenType === UnterminatedBlockComment) {
      runaway = true;
      diagnostics.push(createDiagnostic("PC1003", {}, { file, start: comment.startOffset, end: comment.startOffset + 2 }));
    }
  }

  return { tokens, comments, diagnostics, runaway };
}

/** Bidirectional embeddings, overrides and isolates (not the marks U+200E/U+200F, which reorder nothing). */
const BIDI_CONTROL = new RegExp(`[${BIDI_CONTROLS}]`);

/** A character as it can be shown between backticks: invisible ones as `U+00A0`. */
function showChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || code === 0x60 || (code >= 0x80 && /\s|\p{C}/u.test(char))) {
    return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return char;
}

function characterHelp(char: string): string | undefined {
  switch (char) {
    case "'":
      return 'strings are written in double quotes: `"..."`';
    case ";":
      return "declarations and fields need no `;`";
    case ":":
      return "a field is written `name value`, without `:`";
    case "=":
      return "a field is written `name value`, without `=`";
    case "[":
    case "]":
      return "a list is written `a, b, c`, without brackets";
    case "(":
    case ")":
      return "parentheses are not part of the language";
    case "#":
      return "comments start with `//`";
    case "-":
      return "a name may contain `-` but not start with it";
    case "\uFF0C":
    case "\u3001":
      return "values are separated by an ASCII comma: `,`";
    case "\u00A0":
    case "\u2007":
    case "\u202F":
    case "\u3000":
      return "this is not a plain space: replace it with an ASCII space";
    case "\u200B":
    case "\u2060":
      return "an invisible zero-width character: remove it";
    default: {
      const ascii = LOOKALIKES.get(char);
      const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
      if (ascii) return `this is ${code}, not the ASCII letter \`${ascii}\` it looks like: type it again`;
      if (/\p{L}/u.test(char)) return "names use ASCII letters, digits, `_` and `-`; put other text inside a string";
      return undefined;
    }
  }
}

/**
 * Cyrillic and Greek letters drawn like ASCII ones, which a name pasted from elsewhere may hold:
 * the message shows the character, which looks right, so the help names it.
 */
const LOOKALIKES = new Map<string, string>([
  ...[..."аеорсхуіјѕԁһӏԛԝ"].map((c, i) => [c, "aeopcxyijsdhlqw"[i]!] as const),
  ...[..."АВЕКМНОРСТХІЈЅ"].map((c, i) => [c, "ABEKMHOPCTXIJS"[i]!] as const),
  ...[..."οαινρκυ"].map((c, i) => [c, "oaivpku"[i]!] as const),
  ...[..."ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"].map((c, i) => [c, "ABEZHIKMNOPTYX"[i]!] as const),
]);
