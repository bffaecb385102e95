/**
 * Inheritance down a hierarchy of declarations: which declaration a child (`contact.email`)
 * takes a field from. The binder asks it whether a `none` empties anything; the model builder
 * asks it for every field the language passes down. One walk for both, so the warning and the
 * model cannot disagree.
 */
import type { ClearedField } from "../syntax/ast.js";
import { BLOCKS, fieldProps } from "../syntax/fields.js";
import type { BlockWord } from "../syntax/tokens.js";

/** A value a field has been given: defined, and not an empty list. */
export function hasValue(value: unknown): boolean {
  return value !== undefined && !(Array.isArray(value) && value.length === 0);
}

/**
 * The declaration of `name` (with `fromSelf`) or of its nearest declared ancestor that sets
 * `field`, a field of `word` blocks; undefined when none does, or when one on the way empties it
 * (`scope none`). Only fields marked `inherited` in fields.ts are passed down: asking for
 * another is a bug in the caller.
 */
export function fieldSource<D extends object>(
  word: BlockWord,
  field: string,
  name: string,
  lookup: (name: string) => D | undefined,
  fromSelf = true,
): D | undefined {
  const spec = BLOCKS[word].fields[field];
  if (spec?.inherited !== true) throw new Error(`internal: \`${field}\` of \`${word}\` is not a field a child inherits`);
  const props = fieldProps(spec);
  const parts = name.split(".");
  for (let n = fromSelf ? parts.length : parts.length - 1; n > 0; n--) {
    const decl = lookup(parts.slice(0, n).join("."));
    if (decl === undefined) continue;
    const record = decl as Record<string, unknown>;
    if ((record["cleared"] as readonly ClearedField[] | undefined)?.some((c) => c.field === field)) return undefined;
    if (props.some((prop) => hasValue(record[prop]))) return decl;
  }
  return undefined;
}
