import type { PolicyModel } from "../../src/model/types.js";
import type { Query } from "../sample.js";
import type { FlatRule } from "./flatten.js";

/** An engine loaded with one policy and the per-query inputs it needs, built before timing. */
export interface BuiltEngine {
  readonly name: string;
  /** How the policy was encoded (rule counts...). */
  readonly info: string;
  /** The engine's answer for query `i` (used for the agreement check). */
  decide(i: number): boolean;
  /**
   * Decides `n` queries, cycling through the sample, in the engine's own loop (so that every
   * engine pays the same harness overhead); returns how many were allowed.
   */
  batch(n: number): number;
}

export interface EngineInput {
  readonly model: PolicyModel;
  readonly flat: readonly FlatRule[];
  readonly queries: readonly Query[];
  /** Every atom any fact or rule may mention. */
  readonly atoms: readonly string[];
  readonly leaves: { readonly categories: readonly string[]; readonly purposes: readonly string[]; readonly recipients: readonly string[] };
}

/** An atom as an identifier every engine accepts: `in:US-CA` -> `in_US_CA`. */
export const field = (atom: string): string => atom.replace(/[^A-Za-z0-9_]/g, "_");

export const covers = (list: readonly string[], all: readonly string[]): boolean => list.length === all.length;

/**
 * The timed loop of an engine, compiled afresh for each engine instance (`new Function`), so that
 * no two engines share the loop's type feedback: every call site in it stays monomorphic, as it
 * would in an application that uses one engine. `call` is an expression over `vars` and `at` (the
 * query index) that is truthy when the query is allowed.
 */
export function freshBatch(vars: Record<string, unknown>, call: string, length: number): (n: number) => number {
  const names = Object.keys(vars);
  const src = `"use strict"; let at = 0;
return function batch(n) {
  let allowed = 0;
  for (let k = 0; k < n; k++) {
    if (${call}) allowed++;
    if (++at === ${length}) at = 0;
  }
  return allowed;
};`;
  return new Function(...names, src)(...names.map((n) => vars[n])) as (n: number) => number;
}
