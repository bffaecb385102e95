/**
 * Turns the parser's recognition errors into diagnostics a person can act on: what was expected,
 * in words of the language ("a category name after `uses`", "`{` to open the body of `purpose
 * marketing.direct`"), what was found, and where the enclosing block opened.
 *
 * Pipeline position: used by `parse.ts` right after `parser.ts`; it reads what the parser's error
 * message provider recorded (`ErrorInfo`), never chevrotain's own wording.
 */
import { EOF, tokenMatcher, type IRecognitionException, type IToken } from "chevrotain";
import type { Span } from "./ast.js";
import { createDiagnostic, type Diagnostic, type Related } from "../diagnostics/diagnostic.js";
import { suggest as closest } from "../util/suggest.js";
import { BLOCKS, describeShape, FIELD_OWNERS, PARTY_FIELDS, unquotedRun } from "./fields.js";
import { errorInfo, type ErrorInfo, type Frame } from "./parser.js";
import {
  BLOCK_KEYWORDS,
  Allow,
  Assert,
  BlockKeyword,
  Comma,
  DateTok,
  DECLARATION_WORDS,
  Deny,
  Dot,
  DurationTok,
  Except,
  Identifier,
  Import,
  Keyword,
  LangTag,
  LCurly,
  NumberTok,
  RCurly,
  StringTok,
  Unless,
  When,
  type BlockWord,
} from "./tokens.js";

interface Phrase {
  readonly code: "PC1001" | "PC1009";
  readonly args: Record<string, string>;
  readonly help?: string;
  readonly related?: readonly Related[];
}

/** Converts parser errors to diagnostics, one per position (later errors at the same token are echoes). */
export function syntaxErrorDiagnostics(
  errors: readonly IRecognitionException[],
  tokens: readonly IToken[],
  file: string,
  text: string,
): Diagnostic[] {
  const seen = new Set<number>();
  const out: Diagnostic[] = [];
  for (const error of errors) {
    const span = errorSpan(error.token, file, text);
    if (seen.has(span.start)) continue;
    seen.add(span.start);
    const info = errorInfo(error);
    const around = new Around(tokens, span.start);
    const phrase = phraseError(error, info, around, file, text);
    // a trailing comma is what to remove: point at it, not at the `}` lines below; a word that
    // lacks its value at the end of a line (`... for` + line break) is where the value is missing,
    // not the next declaration, which may be lines below and is fine
    const prev = around.before(1);
    const comma = phrase.help === TRAILING_COMMA ? prev : undefined;
    // (only where what follows cannot be the value, a keyword, `}` or the end: a wrong value on
    // the next line, `for` + line break + `"ads"`, is the mistake, and is pointed at)
    const actual = around.at(0);
    const lacking =
      !comma &&
      prev &&
      phrase.code === "PC1001" &&
      phrase.args["expected"]?.endsWith(after(prev)) &&
      (!isReal(actual) || tokenMatcher(actual, Keyword) || tokenMatcher(actual, RCurly)) &&
      text.slice(prev.startOffset + prev.image.length, span.start).includes("\n")
        ? prev
        : undefined;
    const at = comma
      ? { file, start: comma.startOffset, end: comma.startOffset + 1 }
      : lacking
        ? { file, start: lacking.startOffset, end: lacking.startOffset + lacking.image.length }
        : span;
    out.push(
      createDiagnostic(phrase.code, phrase.args, at, {
        ...(phrase.help !== undefined ? { help: phrase.help } : {}),
        ...(phrase.related !== undefined ? { related: phrase.related } : {}),
      }),
    );
    if (info.rule === "file") {
      for (const d of skippedDeclarations(tokens, span.start, file, text)) {
        if (seen.has(d.span?.start ?? -1)) continue;
        seen.add(d.span?.start ?? -1);
        out.push(d);
      }
    }
  }
  return out;
}

/**
 * After a stray word at the top level the parser skips to the next declaration keyword. Words in
 * the skipped stretch that open a line and look like a misspelt keyword (`Category`, `purpse`)
 * are reported too, so that one run shows every misspelt declaration.
 */
function skippedDeclarations(tokens: readonly IToken[], from: number, file: string, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const start = new Around(tokens, from);
  for (let i = 0; ; i++) {
    const token = start.at(i + 1);
    if (!token || startsDeclaration(token)) break;
    if (!tokenMatcher(token, Identifier) || FIELD_OWNERS.has(token.image) || token.image in PARTY_FIELDS) continue;
    const before = start.at(i);
    if (before && !text.slice(before.startOffset + before.image.length, token.startOffset).includes("\n")) continue;
    const suggestion = closest(token.image, DECLARATION_WORDS);
    if (!suggestion) continue;
    out.push(
      createDiagnostic("PC1009", { word: token.image }, { file, start: token.startOffset, end: token.startOffset + token.image.length }, {
        help: `did you mean \`${suggestion}\`?`,
      }),
    );
  }
  return out;
}

function isReal(token: IToken | undefined): token is IToken {
  return (
    token !== undefined &&
    token.tokenType !== EOF &&
    !token.isInsertedInRecovery &&
    Number.isFinite(token.startOffset)
  );
}

/** The token's span; the end of the text for the end of input (whose offsets are NaN). */
function errorSpan(token: IToken | undefined, file: string, text: string): Span {
  if (!isReal(token)) return { file, start: text.length, end: text.length };
  return { file, start: token.startOffset, end: Math.min(text.length, token.startOffset + token.image.length) };
}

function is(token: IToken | undefined, type: Parameters<typeof tokenMatcher>[1]): boolean {
  return isReal(token) && tokenMatcher(token, type);
}

/** How a found token is named: "the end of the file", "the string `\"a\"`", "`}`". */
export function describeFound(token: IToken | undefined): string {
  if (!isReal(token)) return "the end of the file";
  const image = token.image.length > 30 ? `${token.image.slice(0, 28).split("\n")[0] ?? ""}…` : token.image.split("\n")[0] ?? "";
  if (tokenMatcher(token, StringTok)) return `the string \`${image}\``;
  if (tokenMatcher(token, NumberTok)) return `the number \`${image}\``;
  if (tokenMatcher(token, DateTok)) return `the date \`${image}\``;
  if (tokenMatcher(token, DurationTok)) return `the duration \`${image}\``;
  if (tokenMatcher(token, LangTag)) return `the language tag \`${image}\``;
  if (tokenMatcher(token, Keyword)) return `the keyword \`${image}\``;
  return `\`${image}\``;
}

/**
 * The tokens before an error's position. Chevrotain's own `previousToken` is the last token it
 * skipped when it recovered, not the one before the error, so this looks them up by offset.
 */
class Around {
  private readonly index: number;
  constructor(
    private readonly tokens: readonly IToken[],
    offset: number,
  ) {
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tokens[mid]?.startOffset ?? Infinity) < offset) lo = mid + 1;
      else hi = mid;
    }
    this.index = lo;
  }
  /** The `n`th token before the error (1 = just before). */
  before(n = 1): IToken | undefined {
    return this.tokens[this.index - n];
  }
  /** The token `n` places from the error's (0 = the error's own). */
  at(n: number): IToken | undefined {
    return this.tokens[this.index + n];
  }
}

function after(prev: IToken | undefined): string {
  return prev ? ` after \`${prev.image.length > 30 ? `${prev.image.slice(0, 28)}…` : prev.image}\`` : "";
}

/** The innermost frame of a kind. */
function innermost(frames: readonly Frame[], ...kinds: Frame["kind"][]): Frame | undefined {
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i];
    if (f && kinds.includes(f.kind)) return f;
  }
  return undefined;
}

function describeFrame(frame: Frame | undefined): string {
  if (!frame) return "the block";
  if (frame.kind === "block") return frame.name ? `\`${frame.word} ${frame.name}\`` : `\`${frame.word}\``;
  if (frame.kind === "field") return `\`${frame.word}\``;
  if (frame.kind === "except") return "the `except` block";
  return `\`${frame.word}\``;
}

/** What a field's value is called, from the field table ("a category name"). */
function fieldNoun(frames: readonly Frame[]): string | undefined {
  const field = innermost(frames, "field");
  const block = innermost(frames, "block");
  if (!field || !block) return undefined;
  const index = frames.lastIndexOf(field);
  const parent = frames[index - 1];
  if (parent?.kind === "field") {
    if (parent.word === "basis") return "a legal basis";
    if (parent.word === "controller" || parent.word === "dpo") {
      const spec = PARTY_FIELDS[field.word];
      return spec ? describeShape(spec.shape) : undefined;
    }
    return undefined;
  }
  if (!(BLOCK_KEYWORDS as readonly string[]).includes(block.word)) return undefined;
  const spec = BLOCKS[block.word as BlockWord].fields[field.word];
  return spec ? describeShape(spec.shape) : undefined;
}

/** What a name in a rule or assertion stands for, from the rules on the parser's stack. */
function refNoun(ruleStack: readonly string[], frames: readonly Frame[]): string {
  const parent = ruleStack[ruleStack.length - 2];
  const grand = ruleStack[ruleStack.length - 3];
  switch (parent) {
    case "blockDecl":
      return "a name";
    case "value":
      return fieldNoun(frames) ?? "a value";
    case "ruleSubject":
      return "an action or a data category";
    case "refList":
      if (grand === "target") return "a recipient name";
      if (grand === "purposes") return "a purpose name";
      return "a data category name";
    default:
      return "a name";
  }
}

function phraseError(error: IRecognitionException, info: ErrorInfo, around: Around, file: string, text: string): Phrase {
  const actual = error.token;
  const prev = around.before(1);
  const found = describeFound(actual);
  const ruleStack = error.context?.ruleStack ?? [];
  const frames = info.frames;
  const expected = (what: string, help?: string, related?: readonly Related[]): Phrase => ({
    code: "PC1001",
    args: { expected: what, found },
    ...(help !== undefined ? { help } : {}),
    ...(related !== undefined ? { related } : {}),
  });

  // Something that cannot start a declaration at the top level; everything up to the next
  // declaration keyword was skipped.
  if (info.rule === "file" || info.kind === "notAllInput") {
    const header = info.header;
    if (header && prev && prev.startOffset + prev.image.length === header.end && !is(actual, RCurly)) {
      const owner = header.name ? `\`${header.word} ${header.name}\`` : `\`${header.word}\``;
      // a misspelt keyword opening the next line (`category contact.email` + `purpos ...`) starts
      // the next declaration, not a body: a declaration without one is complete
      const newLine = prev && text.slice(prev.startOffset + prev.image.length, actual.startOffset).includes("\n");
      const meant = newLine && isReal(actual) && is(actual, Identifier) ? closest(actual.image, DECLARATION_WORDS) : undefined;
      if (meant) return { code: "PC1009", args: { word: actual.image }, help: `did you mean \`${meant}\`?` };
      // `category health.weight Body weight`: a label is a string
      const label =
        isReal(actual) && is(actual, Identifier) && header.name && !text.slice(prev.startOffset, actual.startOffset).includes("\n")
          ? `a label is text in quotes: \`${header.word} ${header.name} "${unquotedRun(text, actual.startOffset)}"\``
          : undefined;
      return expected(`\`{\` to open the body of ${owner}`, extraHelp(actual, prev) ?? label);
    }
    if (is(actual, Identifier)) {
      // Words of other languages' conditions (`if`, `and`, `or`) in the middle of a rule.
      const conditionHelp = inRule(around) ? CONDITION_WORDS.get(actual.image.toLowerCase()) : undefined;
      if (conditionHelp) return { code: "PC1009", args: { word: actual.image }, help: conditionHelp };
      // A misspelt word in the middle of a rule (`unles`, `wiht`, `exept`) ended the rule there.
      const clause = inRule(around) ? closest(actual.image, RULE_WORDS) : undefined;
      if (clause) {
        return {
          code: "PC1009",
          args: { word: actual.image },
          help: `did you mean \`${clause}\`? (a rule goes on with ${RULE_WORDS.map((w) => `\`${w}\``).join(", ").replace(/, ([^,]*)$/, " or $1")})`,
        };
      }
      const suggestion = closest(actual.image, DECLARATION_WORDS);
      if (suggestion) return { code: "PC1009", args: { word: actual.image }, help: `did you mean \`${suggestion}\`?` };
      const owners = FIELD_OWNERS.get(actual.image);
      if (owners) {
        const early = prev && tokenMatcher(prev, RCurly) ? " — is a `}` closing the block too early?" : "";
        return {
          code: "PC1009",
          args: { word: actual.image },
          help:
            `\`${actual.image}\` is a field of ${owners.map((o) => `\`${o}\``).join(", ")}; ` +
            `fields go inside the \`{ }\` of a declaration${early}`,
        };
      }
      return { code: "PC1009", args: { word: actual.image } };
    }
    if (is(actual, RCurly)) return expected("a declaration", "this `}` has no matching `{`");
    const order = clauseOrderHelp(actual, around);
    if (order) return expected("a declaration", order);
    // `when in US-CA unless at_request`: a second clause of conditions
    if ((is(actual, When) || is(actual, Unless)) && inRule(around)) {
      return expected(
        "a declaration",
        "a rule has one `when` (or `unless`) clause: put every condition in it, separated by commas, with `not` for one that must not hold (`when in US-CA, not at_request`)",
      );
    }
    return expected(
      "a declaration",
      extraHelp(actual, prev) ??
        "a declaration starts with a keyword such as `policy`, `category`, `purpose`, `allow`, `deny` or `assert`",
    );
  }

  const first = info.expected[0];
  const inBody = frames.some((f) => f.open !== undefined);
  const keywordHelp = startsDeclaration(actual)
    ? inBody
      ? "is a `}` missing before this declaration?"
      : undefined
    : is(actual, Keyword)
      ? `\`${actual.image}\` is a keyword and cannot be a name; it may follow a \`.\` (\`account.${actual.image}\`)`
      : undefined;

  switch (info.rule) {
    case "importDecl":
      return expected("a path in quotes after `import`", 'write `import "std/taxonomy"`');
    case "body": {
      const owner = frames[frames.length - 1];
      if (first === "LCurly") return expected(`\`{\` to open the body of ${describeFrame(owner)}`, extraHelp(actual, prev));
      const closing = isReal(actual) ? "a field name or `}`" : "`}`";
      const related: Related[] =
        owner?.open !== undefined
          ? [{ message: `the body of ${describeFrame(owner)} opens here`, span: { file, start: owner.open, end: owner.open + 1 } }]
          : [];
      const commaHelp = is(actual, Comma)
        ? "a `,` separates the values of one field: remove it, or add the value that should follow it"
        : undefined;
      return expected(
        `${closing} to close the body of ${describeFrame(owner)}`,
        extraHelp(actual, prev) ?? commaHelp ?? danglingComma(around, text) ?? keywordHelp,
        related,
      );
    }
    case "value":
      return expected(`${fieldNoun(frames) ?? "a value"}${after(prev)}`, extraHelp(actual, prev) ?? keywordHelp);
    case "text":
      return expected(`a string${after(prev)}`, extraHelp(actual, prev));
    case "ref":
      if (prev && tokenMatcher(prev, Dot)) return expected("a name after `.`", extraHelp(actual, prev));
      return expected(`${refNoun(ruleStack, frames)}${after(prev)}`, extraHelp(actual, prev) ?? quotedNameHelp(actual) ?? keywordHelp);
    case "condition":
      if (prev && prev.image === "in") return expected("a jurisdiction after `in`", keywordHelp);
      return expected(`a condition${after(prev)}`, extraHelp(actual, prev) ?? keywordHelp);
    case "ruleId":
      return expected("a rule name after `as`", keywordHelp);
    case "exceptClause": {
      const frame = innermost(frames, "except");
      if (info.kind === "earlyExit") return expected("a rule (`allow` or `deny`) inside the `except` block");
      if (first === "RCurly") {
        const related: Related[] =
          frame?.open !== undefined
            ? [{ message: "the `except` block opens here", span: { file, start: frame.open, end: frame.open + 1 } }]
            : [];
        return expected("`allow`, `deny` or `}` to close the `except` block", extraHelp(actual, prev), related);
      }
      return expected("`allow`, `deny` or `{` after `except`", extraHelp(actual, prev));
    }
    case "assertDecl":
      if (info.kind === "noViableAlt") {
        // `allow` is a keyword, and the likeliest slip for `allows`
        const meant = isReal(actual) && (is(actual, Identifier) || is(actual, Keyword)) ? closest(actual.image, ["never", "allows"]) : undefined;
        return expected("`never` or `allows` after `assert`", meant ? `did you mean \`${meant}\`?` : undefined);
      }
      return expected(`an action${after(prev)}`, keywordHelp ?? "the actions are `collect`, `use`, `share`, `sell` and `transfer`");
    default:
      return expected(info.expected.map(tokenPhrase).join(" or ") || "something else", extraHelp(actual, prev));
  }
}

/**
 * `uses a, b,` + newline + `consent opt_in`: the comma made `consent` one more value of `uses`, and
 * the error shows only at `opt_in`. Points at the comma.
 */
function danglingComma(around: Around, text: string): string | undefined {
  let i = 1;
  let token = around.before(i);
  if (!token || !tokenMatcher(token, Identifier) && !tokenMatcher(token, Keyword)) return undefined;
  while (token && (tokenMatcher(token, Identifier) || tokenMatcher(token, Keyword) || tokenMatcher(token, Dot))) {
    token = around.before(++i);
  }
  const valueStart = around.before(i - 1);
  if (!token || !valueStart || !tokenMatcher(token, Comma)) return undefined;
  if (!text.slice(token.startOffset, valueStart.startOffset).includes("\n")) return undefined;
  return (
    `the \`,\` at the end of the line before makes \`${valueStart.image}\` one more value of the list; ` +
    "remove the `,` if the list ends there"
  );
}

const TRAILING_COMMA = "remove the trailing `,`";

/** A dotted name (`contact.email`), of the lexer's names. */
const DOTTED_NAME = (() => {
  const part = (Identifier.PATTERN as RegExp).source;
  return new RegExp(`^${part}(?:\\.${part})*$`);
})();

/** A name written as a string (`category "email"`, `category 'email'`): names take no quotes. */
function quotedNameHelp(actual: IToken | undefined): string | undefined {
  if (!isReal(actual) || !tokenMatcher(actual, StringTok) || actual.image.startsWith('"""')) return undefined;
  const inner = actual.image.slice(1, -1);
  return DOTTED_NAME.test(inner) ? `a name is written without quotes: \`${inner}\`` : "a name is written without quotes, in ASCII letters, digits, `_`, `-` and `.`";
}

/** Advice that depends only on what was found and what came before it. */
function extraHelp(actual: IToken | undefined, prev: IToken | undefined): string | undefined {
  if (prev && tokenMatcher(prev, Comma) && (!isReal(actual) || tokenMatcher(actual, RCurly) || tokenMatcher(actual, Keyword))) {
    return TRAILING_COMMA;
  }
  return undefined;
}

/** The clauses of a rule in the order they must come (grammar/README.md, `ruleDecl`). */
const CLAUSE_ORDER: readonly (readonly string[])[] = [["to", "with"], ["for"], ["when", "unless"], ["as"], ["except"]];

/**
 * `allow ... as x when consent`: a clause of the rule written after one that must follow it
 * ended the rule there. Says which order they go in, naming the clause it came after.
 */
function clauseOrderHelp(actual: IToken | undefined, around: Around): string | undefined {
  if (!isReal(actual) || !inRule(around)) return undefined;
  const rank = (word: string) => CLAUSE_ORDER.findIndex((ws) => ws.includes(word));
  const mine = rank(actual.image);
  if (mine < 0) return undefined;
  for (let n = 1; ; n++) {
    const t = around.before(n);
    if (!t || startsDeclaration(t)) return undefined;
    // an `except { ... }` block is one part of the rule: its words are its own
    if (is(t, RCurly)) {
      let depth = 1;
      while (depth > 0) {
        const inner = around.before(++n);
        if (!inner) return undefined;
        if (is(inner, RCurly)) depth++;
        else if (is(inner, LCurly)) depth--;
      }
      continue;
    }
    // a keyword as part of a dotted name (`contact.for`) is a name
    if (is(around.before(n + 1), Dot) || is(around.before(n - 1), Dot)) continue;
    const theirs = rank(t.image);
    if (theirs > mine) {
      return (
        `\`${actual.image}\` must come before \`${t.image}\`: a rule's parts go in the order ` +
        "`to`/`with`, `for`, `when`/`unless`, `as`, then the text and `except`"
      );
    }
  }
}

/** The words that continue a rule or an assertion after its first part. */
const RULE_WORDS = ["with", "to", "for", "when", "unless", "as", "except"] as const;

/** Words a rule's conditions are written with elsewhere, and how a rule says them. */
const CONDITION_WORDS: ReadonlyMap<string, string> = new Map([
  ["if", "a rule's conditions follow `when` (`when explicit_consent`), or `unless` for what must not hold"],
  ["where", "a rule's conditions follow `when` (`when explicit_consent`), or `unless` for what must not hold"],
  ["and", "a rule's conditions are separated by commas, and all must hold: `when consent, explicit_consent`"],
  ["or", "a rule's conditions must all hold; where either one is enough, write a rule for each"],
]);

/** Whether the statement the error's token follows is a rule or an assertion (at the top level). */
function inRule(around: Around): boolean {
  let depth = 0;
  for (let n = 1; ; n++) {
    const t = around.before(n);
    if (!t) return false;
    if (is(t, RCurly)) depth++;
    else if (is(t, LCurly)) depth--;
    else if (depth <= 0 && startsDeclaration(t)) {
      // `except allow`: still the same rule
      if ((is(t, Allow) || is(t, Deny)) && is(around.before(n + 1), Except)) continue;
      return is(t, Allow) || is(t, Deny) || is(t, Assert);
    }
    if (depth < 0) return false;
  }
}

function startsDeclaration(token: IToken | undefined): boolean {
  return [BlockKeyword, Allow, Deny, Assert, Import].some((t) => is(token, t));
}

function tokenPhrase(name: string): string {
  switch (name) {
    case "EOF":
      return "the end of the file";
    case "Identifier":
      return "a name";
    case "String":
      return "a string";
    case "LCurly":
      return "`{`";
    case "RCurly":
      return "`}`";
    case "Comma":
      return "`,`";
    case "Dot":
      return "`.`";
    case "Number":
      return "a number";
    case "Date":
      return "a date";
    case "Duration":
      return "a duration";
    case "LangTag":
      return "a language tag";
    case "BlockKeyword":
      return "a declaration keyword";
    default:
      return `\`${name.toLowerCase()}\``;
  }
}
