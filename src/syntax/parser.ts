/**
 * The grammar of `.policy` files as a chevrotain CstParser: tokens in, concrete syntax tree out.
 *
 * Pipeline position: after `lexer.ts`, before `lower.ts` (CST to AST). The rule names below are
 * the production names of the EBNF in grammar/README.md (a test keeps them in sync), and
 * `scripts/gen-diagrams.ts` draws grammar/diagrams.html from this class.
 *
 * The grammar is LL(2) without backtracking. Field names, action words and condition words are
 * plain identifiers here; `lower.ts` checks them against the tables of the language. Error
 * recovery is on, so one run reports every syntax error; the raw chevrotain errors are turned
 * into people-phrased diagnostics by `syntax-errors.ts`, from the structured description that
 * the error message provider below records (what was expected, in which declaration).
 */
import {
  CstParser,
  EOF,
  tokenMatcher,
  type CstNode,
  type DSLMethodOpts,
  type IOrAlt,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from "chevrotain";
import {
  allTokens,
  Allow,
  Allows,
  As,
  Assert,
  BlockKeyword,
  Comma,
  DateTok,
  Deny,
  Dot,
  DurationTok,
  Except,
  For,
  Identifier,
  Import,
  In,
  Keyword,
  LangTag,
  LCurly,
  Never,
  Not,
  NumberTok,
  RCurly,
  StringTok,
  To,
  Unless,
  When,
  With,
} from "./tokens.js";
import { FIELD_NAMES } from "./fields.js";

/** Where the parser is, for error messages: the declaration, field or clause being read. */
export interface Frame {
  readonly kind: "block" | "field" | "rule" | "assert" | "except" | "import";
  /** The keyword (`purpose`, `deny`) or field name (`uses`). */
  readonly word: string;
  /** The declared name (`marketing.direct`), once read. */
  name?: string;
  /** Offset of the `{` that opened this frame's body, once read. */
  open?: number;
}

/**
 * A frame while parsing. The declared name is kept as its CST node and spelled out only when an
 * error needs it (`frameOf`), so that a parse without errors builds no name strings.
 */
interface LiveFrame {
  readonly kind: Frame["kind"];
  readonly word: string;
  /** The `ref` node of the declared name, once read. */
  nameNode?: CstNode;
  open?: number;
}

/** What went wrong, recorded by the error message provider at the moment of the error. */
export interface ErrorInfo {
  readonly kind: "mismatch" | "noViableAlt" | "earlyExit" | "notAllInput";
  /** Names of the token types that would have been accepted. */
  readonly expected: readonly string[];
  readonly rule: string;
  readonly frames: readonly Frame[];
  /** The last block declaration written without a body, and where its header ends. */
  readonly header?: { readonly word: string; readonly name: string; readonly end: number };
}

// Parse-time state read by the gates and the error message provider. There is one parser and
// parsing is synchronous, so module state is enough; `parseTokens` resets it around each parse.
const frames: LiveFrame[] = [];
/** The last block declaration written without a body: its frame and where its header ends. */
let lastHeader: { readonly word: string; readonly frame: LiveFrame; readonly end: number } | undefined;
/** The text being parsed, for the line-break tests of `startsNextField`. */
let currentText = "";
/** Where `parseTokens` hands each top-level node over, if anywhere. */
let onItem: ((node: CstNode) => void) | undefined;

/**
 * Passes a finished top-level node to `onItem`, then drops its children: the caller is done with
 * them, and they can be collected while the rest of the file is parsed (the CST of a file is
 * several times the size of its AST).
 */
function handOver(node: CstNode): void {
  if (onItem === undefined) return;
  onItem(node);
  // A new empty object rather than deleting each key, which turned the old one into a hash table.
  (node as { children: CstNode["children"] }).children = {};
}

/** The frame as error messages see it (properties in the order they were set while parsing). */
function frameOf(f: LiveFrame): Frame {
  return {
    kind: f.kind,
    word: f.word,
    ...(f.nameNode !== undefined ? { name: imageOf(f.nameNode) } : {}),
    ...(f.open !== undefined ? { open: f.open } : {}),
  };
}

function snapshot(kind: ErrorInfo["kind"], expected: readonly TokenType[], rule: string): string {
  const names = [...new Set(expected.map((t) => t.name))];
  const header = lastHeader;
  const info: ErrorInfo = {
    kind,
    expected: names,
    rule,
    frames: frames.map(frameOf),
    ...(header
      ? { header: { word: header.word, name: header.frame.nameNode ? imageOf(header.frame.nameNode) : "", end: header.end } }
      : {}),
  };
  return JSON.stringify(info);
}

/**
 * Records a structured description instead of a sentence; `syntax-errors.ts` phrases it. The
 * chevrotain wording ("Expecting token of type --> RCurly <--") never reaches a user.
 */
const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) => snapshot("mismatch", [expected], ruleName),
  buildNotAllInputParsedMessage: ({ ruleName }) => snapshot("notAllInput", [EOF], ruleName),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    snapshot("noViableAlt", expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0]).filter(isToken)), ruleName),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    snapshot("earlyExit", expectedIterationPaths.map((path) => path[0]).filter(isToken), ruleName),
};

function innermostKind(): Frame["kind"] | undefined {
  return frames[frames.length - 1]?.kind;
}

function isToken(t: TokenType | undefined): t is TokenType {
  return t !== undefined;
}

/** The text of a CST subtree as written, without whitespace (`marketing.direct`). */
function imageOf(node: CstNode): string {
  const tokens: IToken[] = [];
  const walk = (n: CstNode): void => {
    for (const children of Object.values(n.children)) {
      for (const c of children) {
        if ("image" in c) {
          if (!c.isInsertedInRecovery) tokens.push(c);
        } else walk(c);
      }
    }
  };
  walk(node);
  return tokens
    .sort((a, b) => a.startOffset - b.startOffset)
    .map((t) => t.image)
    .join("");
}

/** Syntax errors after which a file is not read further (see `attemptInRepetitionRecovery`). */
export const MAX_SYNTAX_ERRORS = 500;

/** The members of chevrotain's parser that `cstInvocationStateUpdate` uses (not in its types). */
interface ParserInternals {
  readonly CST_STACK: CstNode[];
  setInitialNodeLocation(node: CstNode): void;
}

export interface GrammarOptions {
  /**
   * Skip chevrotain's grammar validations (ambiguities, left recursion, unreachable
   * alternatives...). They only check the grammar itself, which does not change at run time, and
   * they cost more than the rest of building the parser; `getParser` skips them, and a test
   * builds a parser with them so that a grammar mistake still fails CI.
   */
  readonly skipValidations?: boolean;
}

export class PolicyParser extends CstParser {
  /** Set when the parser stopped recovering after MAX_SYNTAX_ERRORS: the rest of the input is unread. */
  recoveryStopped = false;

  constructor(options: GrammarOptions = {}) {
    super([...allTokens], {
      recoveryEnabled: true,
      maxLookahead: 2,
      errorMessageProvider,
      // Every CST node records the offsets of its first and last real token, so that lowering
      // reads a node's span instead of collecting the tokens of its subtree.
      nodeLocationTracking: "onlyOffset",
      skipValidations: options.skipValidations ?? false,
    });
    this.performSelfAnalysis();
    // chevrotain resyncs inside a repetition by calling the repetition again, one stack level
    // per error in a row: some 4000 bad lines overflowed the stack and every error was lost.
    // After MAX_SYNTAX_ERRORS the parser stops recovering, so the rest of the file is left
    // unread (`parseSource` says where). chevrotain sets this (internal) method on the instance
    // when recovery is on; should a release rename it, nothing is wrapped (a test notices).
    const self = this as unknown as { attemptInRepetitionRecovery?: (...args: unknown[]) => void; errors: unknown[] };
    const attempt = self.attemptInRepetitionRecovery;
    if (typeof attempt === "function") {
      const parser = this;
      self.attemptInRepetitionRecovery = function (this: typeof self, ...args: unknown[]): void {
        if (this.errors.length >= MAX_SYNTAX_ERRORS) {
          parser.recoveryStopped = true;
          return;
        }
        attempt.apply(this, args);
      };
    }
  }

  /**
   * chevrotain makes the `children` of each CST node with `Object.create(null)`, which V8 keeps as
   * a hash table: some 180 bytes more per node, and a hash lookup for every `children[key]` that
   * lowering reads. A plain object literal gets keys in the order the rule adds them, shared
   * shapes and fast property access. This overrides the (internal) method that starts a node;
   * should a chevrotain release rename it, nodes keep chevrotain's own `children`: slower, not
   * different (no rule or token is named like a property of `Object.prototype`).
   */
  protected cstInvocationStateUpdate(fullRuleName: string): void {
    const internals = this as unknown as ParserInternals;
    // `location` is declared here so that setting it does not add a property store to each node.
    const node: CstNode = { name: fullRuleName, children: {}, location: undefined };
    internals.setInitialNodeLocation(node);
    internals.CST_STACK.push(node);
  }

  private enter(frame: LiveFrame): void {
    this.ACTION(() => frames.push(frame));
  }

  private leave(frame: LiveFrame): void {
    this.ACTION(() => {
      // Truncated by `pop`: setting `length` calls into the runtime, on every field.
      const i = frames.lastIndexOf(frame);
      if (i >= 0) while (frames.length > i) frames.pop();
    });
  }

  // Alternatives, options and repetition bodies that refer to nothing but `this` are built once,
  // in the fields after each rule, instead of on every call of the rule (chevrotain's advice:
  // `ref` and `value` run for every name and every value, and their closures were garbage).

  /** file := (importDecl | declaration)* */
  file = this.RULE("file", () => {
    this.MANY(this.fileItem);
  });
  private readonly fileAlts: IOrAlt<CstNode>[] = [
    { ALT: () => this.SUBRULE(this.importDecl) },
    { ALT: () => this.SUBRULE(this.declaration) },
  ];
  private readonly fileItem = (): void => {
    const item = this.OR(this.fileAlts);
    this.ACTION(() => handOver(item));
  };

  /** importDecl := "import" String */
  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(Import);
    const frame: LiveFrame = { kind: "import", word: "import" };
    this.enter(frame);
    try {
      this.CONSUME(StringTok);
    } finally {
      this.leave(frame);
    }
  });

  /** declaration := blockDecl | ruleDecl | assertDecl */
  declaration = this.RULE("declaration", () => {
    this.OR(this.declarationAlts);
  });
  private readonly declarationAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.blockDecl) },
    { ALT: () => this.SUBRULE(this.ruleDecl) },
    { ALT: () => this.SUBRULE(this.assertDecl) },
  ];

  /** blockDecl := BlockKeyword ref text? body? */
  blockDecl = this.RULE("blockDecl", () => {
    const keyword = this.CONSUME(BlockKeyword);
    const frame: LiveFrame = { kind: "block", word: keyword.image };
    this.enter(frame);
    try {
      const name = this.SUBRULE(this.ref);
      this.ACTION(() => {
        frame.nameNode = name;
      });
      this.OPTION(this.optionalText);
      const body = this.OPTION2(this.optionalBody);
      this.ACTION(() => {
        const last = this.LA(0);
        if (body === undefined && Number.isFinite(last.startOffset)) {
          lastHeader = { word: keyword.image, frame, end: last.startOffset + last.image.length };
        }
      });
    } finally {
      this.leave(frame);
    }
  });
  private readonly optionalText = (): CstNode => this.SUBRULE(this.text);
  private readonly optionalBody = (): CstNode => this.SUBRULE(this.body);

  /** body := "{" field* "}" */
  body = this.RULE("body", () => {
    const open = this.CONSUME(LCurly);
    this.ACTION(() => {
      const owner = frames[frames.length - 1];
      if (owner && !open.isInsertedInRecovery) owner.open = open.startOffset;
    });
    this.MANY(this.bodyField);
    this.CONSUME(RCurly);
  });
  private readonly bodyField = (): CstNode => this.SUBRULE(this.field);

  /** field := Identifier values? body? */
  field = this.RULE("field", () => {
    const name = this.CONSUME(Identifier);
    const frame: LiveFrame = { kind: "field", word: name.image };
    this.enter(frame);
    try {
      this.OPTION(this.fieldValues);
      this.OPTION2(this.optionalBody);
    } finally {
      this.leave(frame);
    }
  });
  private readonly fieldValues: DSLMethodOpts<CstNode> = {
    GATE: () => !this.startsNextField(1),
    DEF: () => this.SUBRULE(this.values),
  };

  /** values := value ("," value)* */
  values = this.RULE("values", () => {
    this.SUBRULE(this.value);
    this.MANY(this.moreValues);
  });
  private readonly moreValues: DSLMethodOpts<void> = {
    GATE: () => !this.startsNextField(2),
    DEF: () => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.value);
    },
  };

  /** value := text | Date | Duration | Number | ref */
  value = this.RULE("value", () => {
    this.OR(this.valueAlts);
  });
  private readonly valueAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.text) },
    { ALT: () => this.CONSUME(DateTok) },
    { ALT: () => this.CONSUME(DurationTok) },
    { ALT: () => this.CONSUME(NumberTok) },
    { ALT: () => this.SUBRULE(this.ref) },
  ];

  /** text := String (LangTag String)* */
  text = this.RULE("text", () => {
    this.CONSUME(StringTok);
    this.MANY(this.translation);
  });
  private readonly translation = (): void => {
    this.CONSUME(LangTag);
    this.CONSUME2(StringTok);
  };

  /**
   * A block keyword followed by what it is followed by in a declaration header is not a name:
   * `for security` + `purpose x` reads `security` as a name and `purpose x` as the next
   * declaration, but in `to` + `purpose x` the `purpose` opens a declaration. Precisely, a block
   * keyword starts a name unless the next token is a name (inside a body, where no declaration can
   * start, always), or the next is a block keyword that cannot itself start a name.
   */
  private blockWordIsName(): boolean {
    if (!tokenMatcher(this.LA(1), BlockKeyword)) return false;
    const second = this.LA(2);
    if (tokenMatcher(second, Identifier)) return innermostKind() === "field";
    if (tokenMatcher(second, BlockKeyword)) {
      const third = this.LA(3);
      return tokenMatcher(third, Identifier) || tokenMatcher(third, BlockKeyword);
    }
    return true;
  }

  /**
   * Whether the token at `LA(k)` is a field name at the start of a line. Values may continue on
   * the next line after a `,`, and a field's first value may follow on the next line, but a
   * field name opening a line starts the next field: so `withdraw` + newline + `opt_out "..."`
   * is a missing value, and `uses a, b,` + newline + `consent opt_in` is a stray `,`, each one
   * diagnostic instead of a cascade.
   */
  private startsNextField(k: number): boolean {
    const token = this.LA(k);
    if (!tokenMatcher(token, Identifier)) return false;
    const before = this.LA(k - 1);
    if (!Number.isFinite(before.startOffset)) return false;
    // A line break between the two tokens (found without slicing out the gap), then the name,
    // which is rarely needed: values mostly follow on the same line.
    for (let i = before.startOffset + before.image.length; i < token.startOffset; i++) {
      if (currentText.charCodeAt(i) === 10) return FIELD_NAMES.has(token.image);
    }
    return false;
  }

  private nameStartsHere(): boolean {
    return tokenMatcher(this.LA(1), Identifier) || this.blockWordIsName();
  }

  /** ref := (Identifier | BlockKeyword) ("." (Identifier | Keyword))* */
  ref = this.RULE("ref", () => {
    this.OR(this.refHeadAlts);
    this.MANY(this.refSegment);
  });
  private readonly refHeadAlts: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(Identifier) },
    { GATE: () => this.blockWordIsName(), ALT: () => this.CONSUME(BlockKeyword) },
  ];
  private readonly refSegmentAlts: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME2(Identifier) },
    { ALT: () => this.CONSUME(Keyword) },
  ];
  private readonly refSegment = (): void => {
    this.CONSUME(Dot);
    this.OR2(this.refSegmentAlts);
  };

  /** refList := ref ("," ref)* */
  refList = this.RULE("refList", () => {
    this.SUBRULE(this.ref);
    this.MANY(this.moreRefs);
  });
  /** `, ref`, as the second `ref` of a rule (`refList`, and the data list of `ruleSubject`). */
  private readonly moreRefs = (): void => {
    this.CONSUME(Comma);
    this.SUBRULE2(this.ref);
  };

  /**
   * ruleDecl := ("allow" | "deny") ruleSubject? target? purposes? conditions? ruleId? text? exceptClause?
   */
  ruleDecl = this.RULE("ruleDecl", () => {
    const effect = this.OR(this.effectAlts);
    const frame: LiveFrame = { kind: "rule", word: effect.image };
    this.enter(frame);
    try {
      this.OPTION(this.optionalSubject);
      this.OPTION2(this.optionalTarget);
      this.OPTION3(this.optionalPurposes);
      this.OPTION4(this.optionalConditions);
      this.OPTION5(this.optionalRuleId);
      this.OPTION6(this.optionalText);
      this.OPTION7(this.optionalExcept);
    } finally {
      this.leave(frame);
    }
  });
  private readonly effectAlts: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(Allow) }, { ALT: () => this.CONSUME(Deny) }];
  private readonly optionalSubject: DSLMethodOpts<CstNode> = {
    GATE: () => this.nameStartsHere(),
    DEF: () => this.SUBRULE(this.ruleSubject),
  };
  private readonly optionalTarget = (): CstNode => this.SUBRULE(this.target);
  private readonly optionalPurposes = (): CstNode => this.SUBRULE(this.purposes);
  private readonly optionalConditions = (): CstNode => this.SUBRULE(this.conditions);
  private readonly optionalRuleId = (): CstNode => this.SUBRULE(this.ruleId);
  private readonly optionalExcept = (): CstNode => this.SUBRULE(this.exceptClause);

  /**
   * ruleSubject := ref (refList | ("," ref)+)?
   * `share personal, contact` is an action and data; `personal, contact` (only in an exception)
   * is data alone; a single word is told apart in lowering (an action word or data).
   */
  ruleSubject = this.RULE("ruleSubject", () => {
    this.SUBRULE(this.ref);
    this.OPTION(this.subjectRest);
  });
  private readonly subjectRestAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.refList) },
    { ALT: () => this.AT_LEAST_ONE(this.moreRefs) },
  ];
  private readonly subjectRest: DSLMethodOpts<void> = {
    GATE: () => tokenMatcher(this.LA(1), Comma) || this.nameStartsHere(),
    DEF: () => {
      this.OR(this.subjectRestAlts);
    },
  };

  /** target := ("to" | "with") refList */
  target = this.RULE("target", () => {
    this.OR(this.targetAlts);
    this.SUBRULE(this.refList);
  });
  private readonly targetAlts: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(To) }, { ALT: () => this.CONSUME(With) }];

  /** purposes := "for" refList */
  purposes = this.RULE("purposes", () => {
    this.CONSUME(For);
    this.SUBRULE(this.refList);
  });

  /** conditions := ("when" | "unless") condition ("," condition)* */
  conditions = this.RULE("conditions", () => {
    this.OR(this.conditionsAlts);
    this.SUBRULE(this.condition);
    this.MANY(this.moreConditions);
  });
  private readonly conditionsAlts: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(When) }, { ALT: () => this.CONSUME(Unless) }];
  private readonly moreConditions = (): void => {
    this.CONSUME(Comma);
    this.SUBRULE2(this.condition);
  };

  /** condition := "not"? ("in" Identifier | Identifier Number?) */
  condition = this.RULE("condition", () => {
    this.OPTION(this.optionalNot);
    this.OR(this.conditionAlts);
  });
  private readonly optionalNot = (): IToken => this.CONSUME(Not);
  private readonly conditionAlts: IOrAlt<unknown>[] = [
    {
      ALT: () => {
        this.CONSUME(In);
        this.CONSUME(Identifier);
      },
    },
    {
      // `consent`, or `age_under 16`
      ALT: () => {
        this.CONSUME2(Identifier);
        this.OPTION2(this.conditionNumber);
      },
    },
  ];
  private readonly conditionNumber = (): IToken => this.CONSUME(NumberTok);

  /** ruleId := "as" Identifier */
  ruleId = this.RULE("ruleId", () => {
    this.CONSUME(As);
    this.CONSUME(Identifier);
  });

  /** exceptClause := "except" (ruleDecl | "{" ruleDecl+ "}") */
  exceptClause = this.RULE("exceptClause", () => {
    this.CONSUME(Except);
    const frame: LiveFrame = { kind: "except", word: "except" };
    this.enter(frame);
    try {
      this.OR([
        { ALT: () => this.SUBRULE(this.ruleDecl) },
        {
          ALT: () => {
            const open = this.CONSUME(LCurly);
            this.ACTION(() => {
              if (!open.isInsertedInRecovery) frame.open = open.startOffset;
            });
            this.AT_LEAST_ONE(() => this.SUBRULE2(this.ruleDecl));
            this.CONSUME(RCurly);
          },
        },
      ]);
    } finally {
      this.leave(frame);
    }
  });

  /**
   * assertDecl := "assert" ("never" | "allows") Identifier refList target? purposes? conditions? ruleId? text?
   */
  assertDecl = this.RULE("assertDecl", () => {
    this.CONSUME(Assert);
    const mode = this.OR(this.modeAlts);
    const frame: LiveFrame = { kind: "assert", word: mode.image };
    this.enter(frame);
    try {
      this.CONSUME(Identifier);
      this.SUBRULE(this.refList);
      this.OPTION(this.optionalTarget);
      this.OPTION2(this.optionalPurposes);
      this.OPTION3(this.optionalConditions);
      this.OPTION4(this.optionalRuleId);
      this.OPTION5(this.optionalText);
    } finally {
      this.leave(frame);
    }
  });
  private readonly modeAlts: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(Never) }, { ALT: () => this.CONSUME(Allows) }];
}

let instance: PolicyParser | undefined;

/**
 * The one parser instance, built on first use (chevrotain parsers are built once and reused;
 * building one costs tens of milliseconds, which commands that parse nothing should not pay).
 */
export function getParser(): PolicyParser {
  return (instance ??= new PolicyParser({ skipValidations: true }));
}

export interface ParseResult {
  readonly cst: CstNode;
  readonly errors: readonly IRecognitionException[];
  /** The parser stopped recovering after MAX_SYNTAX_ERRORS: the input after the last error is unread. */
  readonly recoveryStopped: boolean;
}

/**
 * Parses a token stream from `lexer.ts` (of `text`) with the `file` rule.
 *
 * With `each`, every top-level node (`importDecl` or `declaration`) is passed to it as soon as it
 * is parsed, in text order, and its children are dropped when `each` returns: the returned `cst`
 * then holds those nodes empty (with their `location`). A node that error recovery adds to the
 * file without finishing it (an error inside it that ends the parse) is not passed, and stays
 * whole in `cst`; it comes after every node that was.
 *
 * `parser` is the one instance of `getParser()` unless a caller brings its own (the benchmark
 * measures chevrotain's floor with one that builds no tree).
 */
export function parseTokens(tokens: IToken[], text: string, each?: (node: CstNode) => void, parser: PolicyParser = getParser()): ParseResult {
  frames.length = 0;
  lastHeader = undefined;
  currentText = text;
  onItem = each;
  try {
    parser.input = tokens;
    parser.recoveryStopped = false;
    const cst = parser.file();
    const errors = [...parser.errors];
    return { cst, errors, recoveryStopped: parser.recoveryStopped };
  } finally {
    parser.input = []; // so that the parser does not keep the tokens alive

    frames.length = 0;
    lastHeader = undefined;
    currentText = "";
    onItem = undefined;
  }
}

/** Decodes what the error message provider recorded for an error. */
export function errorInfo(error: IRecognitionException): ErrorInfo {
  try {
    const parsed = JSON.parse(error.message) as ErrorInfo;
    if (parsed && typeof parsed.kind === "string") return parsed;
  } catch {
    // fall through: an error chevrotain built itself
  }
  return { kind: "mismatch", expected: [], rule: "", frames: [] };
}
