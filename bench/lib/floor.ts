/**
 * What chevrotain itself costs on a `.policy` text, as a floor under "parse alone": its lexer
 * alone, and its lexer plus its recognizer running the project's grammar while building nothing
 * (no concrete tree, no AST). No parser built on chevrotain can parse the text faster than the
 * second, whatever its tree and lowering cost; the benchmark shows it next to the full parse and
 * js-yaml so that the parse target can be read against it.
 *
 * The recognizer is the project's own parser (`getParser()`, used through `parseTokens`, so that
 * its gates read the text as in a real parse) with chevrotain's tree-building hooks replaced by
 * no-ops: the internals that chevrotain's own `outputCst: false` mode turns off. Replacing them
 * changes the parser's shape and slows down every later real parse in the process, so this is
 * for a process that measures nothing else (`workloads.ts floor`), never the benchmark's own.
 */
import { lex } from "../../src/syntax/lexer.js";
import { getParser, parseTokens } from "../../src/syntax/parser.js";

/** The parser methods that build the concrete tree (chevrotain's `tree_builder` trait). */
const TREE_HOOKS = ["cstInvocationStateUpdate", "cstFinallyStateUpdate", "cstPostTerminal", "cstPostNonTerminal", "cstPostRule"] as const;
const noop = (): void => {};
let treeless = false;

/** chevrotain's lexer alone on `text`. Returns the number of tokens. */
export function lexOnly(path: string, text: string): number {
  return lex(path, text).tokens.length;
}

/**
 * chevrotain's lexer, then its recognizer on the grammar of `parser.ts`, building no tree.
 * Returns the number of tokens; throws if the text has a syntax error, so that a floor is only
 * ever measured on text that parses. From the first call on, the process's parser builds no
 * tree (see above).
 */
export function recognize(path: string, text: string): number {
  if (!treeless) {
    const parser = getParser() as unknown as Record<string, unknown>;
    for (const name of TREE_HOOKS) parser[name] = noop;
    treeless = true;
  }
  const tokens = lex(path, text).tokens;
  const { errors } = parseTokens(tokens, text);
  if (errors.length > 0) throw new Error(`recognize: ${errors.length} syntax errors in ${path}: ${errors[0]!.message}`);
  return tokens.length;
}
