/**
 * What chevrotain itself costs on a `.policy` text, as a floor under "parse alone": its lexer
 * alone, and its lexer plus its recognizer running the project's grammar while building nothing
 * (no concrete tree, no AST). A parser on chevrotain with this grammar cannot be much faster than
 * the second, whatever its tree and lowering cost; the benchmark shows it next to the full parse
 * and js-yaml so that the parse target can be read against it.
 *
 * The recognizer is the project's own `PolicyParser` class built in chevrotain's tree-less mode
 * (`outputCst: false`, what `EmbeddedActionsParser` uses), run through `parseTokens` so that its
 * gates read the text as in a real parse. `CstParser` forces `outputCst: true`, so the one
 * construction goes through chevrotain's internal `initTreeBuilder` with the flag turned off;
 * `recognize` checks that no tree comes out, so a chevrotain release that renames that method
 * fails the floor instead of timing a full tree. What is left of the grammar's own work in this
 * mode: its gates and the frames kept for error messages (and, since a sub-rule returns nothing,
 * a header record for every block declaration): a few objects per declaration.
 *
 * A second parser of the same class with another shape makes chevrotain's shared code
 * polymorphic and slows every real parse in the process, so the floor is for a process that
 * measures nothing else (`workloads.ts floor`), never the benchmark's own.
 */
import { CstParser } from "chevrotain";
import { lex } from "../../src/syntax/lexer.js";
import { parseTokens, PolicyParser } from "../../src/syntax/parser.js";

let treeless: PolicyParser | undefined;

function treelessParser(): PolicyParser {
  const base = Object.getPrototypeOf(CstParser.prototype) as { initTreeBuilder?: (this: unknown, config: object) => void };
  const original = base.initTreeBuilder;
  if (typeof original !== "function") throw new Error("floor: chevrotain has no initTreeBuilder any more; the floor cannot be measured");
  base.initTreeBuilder = function (config: object) {
    original.call(this, { ...config, outputCst: false });
  };
  try {
    return new PolicyParser({ skipValidations: true });
  } finally {
    base.initTreeBuilder = original;
  }
}

/** chevrotain's lexer alone on `text`. Returns the number of tokens. */
export function lexOnly(path: string, text: string): number {
  return lex(path, text).tokens.length;
}

/**
 * chevrotain's lexer, then its recognizer on the grammar of `parser.ts`, building no tree.
 * Returns the number of tokens; throws if the text has a syntax error (a floor is only measured
 * on text that parses) or if a tree came out.
 */
export function recognize(path: string, text: string): number {
  treeless ??= treelessParser();
  const tokens = lex(path, text).tokens;
  const { cst, errors } = parseTokens(tokens, text, undefined, treeless);
  if (cst !== undefined) throw new Error("floor: the parser built a tree; it is not in chevrotain's tree-less mode");
  if (errors.length > 0) throw new Error(`recognize: ${errors.length} syntax errors in ${path}: ${errors[0]!.message}`);
  return tokens.length;
}
