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
import { FIELD_OWNERS, PARTY_FIELDS } from "./fields.js";

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
const frames: Frame[] = [];
let lastHeader: ErrorInfo["header"];
/** The text being parsed, for the line-break tests of `startsNextField`. */
let currentText = "";

/** Every field name of every block, including those of `controller` and `dpo`. */
const FIELD_NAMES: ReadonlySet<string> = new Set([...FIELD_OWNERS.keys(), ...Object.keys(PARTY_FIELDS)]);

function snapshot(kind: ErrorInfo["kind"], expected: readonly TokenType[], rule: string): string {
  const names = [...new Set(expected.map((t) => t.name))];
  const info: ErrorInfo = {
    kind,
    expected: names,
    rule,
    frames: frames.map((f) => ({ ...f })),
    ...(lastHeader ? { header: lastHeader } : {}),
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

export class PolicyParser extends CstParser {
  constructor() {
    super([...allTokens], { recoveryEnabled: true, maxLookahead: 2, errorMessageProvider });
    this.performSelfAnalysis();
  }

  private enter(frame: Frame): void {
    this.ACTION(() => frames.push(frame));
  }

  private leave(frame: Frame): void {
    this.ACTION(() => {
      const i = frames.lastIndexOf(frame);
      if (i >= 0) frames.length = i;
    });
  }

  /** file := (importDecl | declaration)* */
  file = this.RULE("file", () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.importDecl) }, { ALT: () => this.SUBRULE(this.declaration) }]);
    });
  });

  /** importDecl := "import" String */
  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(Import);
    const frame: Frame = { kind: "import", word: "import" };
    this.enter(frame);
    try {
      this.CONSUME(StringTok);
    } finally {
      this.leave(frame);
    }
  });

  /** declaration := blockDecl | ruleDecl | assertDecl */
  declaration = this.RULE("declaration", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.blockDecl) },
      { ALT: () => this.SUBRULE(this.ruleDecl) },
      { ALT: () => this.SUBRULE(this.assertDecl) },
    ]);
  });

  /** blockDecl := BlockKeyword ref text? body? */
  blockDecl = this.RULE("blockDecl", () => {
    const keyword = this.CONSUME(BlockKeyword);
    const frame: Frame = { kind: "block", word: keyword.image };
    this.enter(frame);
    try {
      const name = this.SUBRULE(this.ref);
      this.ACTION(() => {
        frame.name = imageOf(name);
      });
      this.OPTION(() => this.SUBRULE(this.text));
      const body = this.OPTION2(() => this.SUBRULE(this.body));
      this.ACTION(() => {
        const last = this.LA(0);
        if (body === undefined && Number.isFinite(last.startOffset)) {
          lastHeader = { word: keyword.image, name: frame.name ?? "", end: last.startOffset + last.image.length };
        }
      });
    } finally {
      this.leave(frame);
    }
  });

  /** body := "{" field* "}" */
  body = this.RULE("body", () => {
    const open = this.CONSUME(LCurly);
    this.ACTION(() => {
      const owner = frames[frames.length - 1];
      if (owner && !open.isInsertedInRecovery) owner.open = open.startOffset;
    });
    this.MANY(() => this.SUBRULE(this.field));
    this.CONSUME(RCurly);
  });

  /** field := Identifier values? body? */
  field = this.RULE("field", () => {
    const name = this.CONSUME(Identifier);
    const frame: Frame = { kind: "field", word: name.image };
    this.enter(frame);
    try {
      this.OPTION({ GATE: () => !this.startsNextField(1), DEF: () => this.SUBRULE(this.values) });
      this.OPTION2(() => this.SUBRULE(this.body));
    } finally {
      this.leave(frame);
    }
  });

  /** values := value ("," value)* */
  values = this.RULE("values", () => {
    this.SUBRULE(this.value);
    this.MANY({
      GATE: () => !this.startsNextField(2),
      DEF: () => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.value);
      },
    });
  });

  /** value := text | Date | Duration | Number | ref */
  value = this.RULE("value", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.text) },
      { ALT: () => this.CONSUME(DateTok) },
      { ALT: () => this.CONSUME(DurationTok) },
      { ALT: () => this.CONSUME(NumberTok) },
      { ALT: () => this.SUBRULE(this.ref) },
    ]);
  });

  /** text := String (LangTag String)* */
  text = this.RULE("text", () => {
    this.CONSUME(StringTok);
    this.MANY(() => {
      this.CONSUME(LangTag);
      this.CONSUME2(StringTok);
    });
  });

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
    if (!tokenMatcher(token, Identifier) || !FIELD_NAMES.has(token.image)) return false;
    const before = this.LA(k - 1);
    if (!Number.isFinite(before.startOffset)) return false;
    return currentText.slice(before.startOffset + before.image.length, token.startOffset).includes("\n");
  }

  private nameStartsHere(): boolean {
    return tokenMatcher(this.LA(1), Identifier) || this.blockWordIsName();
  }

  /** ref := (Identifier | BlockKeyword) ("." (Identifier | Keyword))* */
  ref = this.RULE("ref", () => {
    this.OR([
      { ALT: () => this.CONSUME(Identifier) },
      { GATE: () => this.blockWordIsName(), ALT: () => this.CONSUME(BlockKeyword) },
    ]);
    this.MANY(() => {
      this.CONSUME(Dot);
      this.OR2([{ ALT: () => this.CONSUME2(Identifier) }, { ALT: () => this.CONSUME(Keyword) }]);
    });
  });

  /** refList := ref ("," ref)* */
  refList = this.RULE("refList", () => {
    this.SUBRULE(this.ref);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.ref);
    });
  });

  /**
   * ruleDecl := ("allow" | "deny") ruleSubject? target? purposes? conditions? ruleId? text? exceptClause?
   */
  ruleDecl = this.RULE("ruleDecl", () => {
    const effect = this.OR([{ ALT: () => this.CONSUME(Allow) }, { ALT: () => this.CONSUME(Deny) }]);
    const frame: Frame = { kind: "rule", word: effect.image };
    this.enter(frame);
    try {
      this.OPTION({ GATE: () => this.nameStartsHere(), DEF: () => this.SUBRULE(this.ruleSubject) });
      this.OPTION2(() => this.SUBRULE(this.target));
      this.OPTION3(() => this.SUBRULE(this.purposes));
      this.OPTION4(() => this.SUBRULE(this.conditions));
      this.OPTION5(() => this.SUBRULE(this.ruleId));
      this.OPTION6(() => this.SUBRULE(this.text));
      this.OPTION7(() => this.SUBRULE(this.exceptClause));
    } finally {
      this.leave(frame);
    }
  });

  /**
   * ruleSubject := ref (refList | ("," ref)+)?
   * `share personal, contact` is an action and data; `personal, contact` (only in an exception)
   * is data alone; a single word is told apart in lowering (an action word or data).
   */
  ruleSubject = this.RULE("ruleSubject", () => {
    this.SUBRULE(this.ref);
    this.OPTION({
      GATE: () => tokenMatcher(this.LA(1), Comma) || this.nameStartsHere(),
      DEF: () => {
        this.OR([
          { ALT: () => this.SUBRULE(this.refList) },
          {
            ALT: () =>
              this.AT_LEAST_ONE(() => {
                this.CONSUME(Comma);
                this.SUBRULE2(this.ref);
              }),
          },
        ]);
      },
    });
  });

  /** target := ("to" | "with") refList */
  target = this.RULE("target", () => {
    this.OR([{ ALT: () => this.CONSUME(To) }, { ALT: () => this.CONSUME(With) }]);
    this.SUBRULE(this.refList);
  });

  /** purposes := "for" refList */
  purposes = this.RULE("purposes", () => {
    this.CONSUME(For);
    this.SUBRULE(this.refList);
  });

  /** conditions := ("when" | "unless") condition ("," condition)* */
  conditions = this.RULE("conditions", () => {
    this.OR([{ ALT: () => this.CONSUME(When) }, { ALT: () => this.CONSUME(Unless) }]);
    this.SUBRULE(this.condition);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.condition);
    });
  });

  /** condition := "not"? ("in" Identifier | Identifier) */
  condition = this.RULE("condition", () => {
    this.OPTION(() => this.CONSUME(Not));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(In);
          this.CONSUME(Identifier);
        },
      },
      { ALT: () => this.CONSUME2(Identifier) },
    ]);
  });

  /** ruleId := "as" Identifier */
  ruleId = this.RULE("ruleId", () => {
    this.CONSUME(As);
    this.CONSUME(Identifier);
  });

  /** exceptClause := "except" (ruleDecl | "{" ruleDecl+ "}") */
  exceptClause = this.RULE("exceptClause", () => {
    this.CONSUME(Except);
    const frame: Frame = { kind: "except", word: "except" };
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
    const mode = this.OR([{ ALT: () => this.CONSUME(Never) }, { ALT: () => this.CONSUME(Allows) }]);
    const frame: Frame = { kind: "assert", word: mode.image };
    this.enter(frame);
    try {
      this.CONSUME(Identifier);
      this.SUBRULE(this.refList);
      this.OPTION(() => this.SUBRULE(this.target));
      this.OPTION2(() => this.SUBRULE(this.purposes));
      this.OPTION3(() => this.SUBRULE(this.conditions));
      this.OPTION4(() => this.SUBRULE(this.ruleId));
      this.OPTION5(() => this.SUBRULE(this.text));
    } finally {
      this.leave(frame);
    }
  });
}

/** The one parser instance; chevrotain parsers are built once and reused. */
export const parser = new PolicyParser();

export interface ParseResult {
  readonly cst: CstNode;
  readonly errors: readonly IRecognitionException[];
}

/** Parses a token stream from `lexer.ts` (of `text`) with the `file` rule. */
export function parseTokens(tokens: IToken[], text: string): ParseResult {
  frames.length = 0;
  lastHeader = undefined;
  currentText = text;
  parser.input = tokens;
  const cst = parser.file();
  const errors = [...parser.errors];
  frames.length = 0;
  lastHeader = undefined;
  currentText = "";
  return { cst, errors };
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
