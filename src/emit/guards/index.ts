/**
 * The consent and guards emitters.
 *
 * - `consent`: `consent.schema.json` (JSON Schema 2020-12 of a consent record),
 *   `consent-validator.js` (ajv standalone code: runs without ajv or any package) and its
 *   `consent-validator.d.ts`.
 * - `guards`: `guards.ts` (dependency-free runtime guards serialized from the decision table),
 *   `guards.js` + `guards.d.ts` (the same, runnable by Node without a build step),
 *   `arbitraries.ts` (fast-check generators for this policy) and `invariants.test.ts` (the
 *   policy's `assert` declarations as vitest property tests against the guards).
 *
 * Pipeline position: emitters; they read the normalized model (and its decision table) only.
 */
import { terminalSafeJson } from "../../diagnostics/formats/json.js";
import type { PolicyModel } from "../../model/types.js";
import type { DecisionTable } from "../../semantics/table.js";
import { registerProcessCache, type Memo } from "../../util/memo.js";
import { modelKey } from "../../model/parts.js";
import type { Emitter, EmittedFile } from "../types.js";
import { arbitrariesSource } from "./arbitraries-source.js";
import { guardsSource, versionSlots, withVersion } from "./guards-source.js";
import { invariantsSource } from "./invariants-source.js";
import { planConsent, planGuards } from "./plan.js";
import { recordTypes } from "./record-types.js";
import { PRELUDE_TS, RUNTIME_TS } from "./runtime.js";
import * as compiled from "./runtime.compiled.js";
import { compilePart, runtimeSourceHash, type CompiledPart } from "./runtime-compile.js";
import { consentSchema } from "./schema.js";
import { standaloneDeclarations, standaloneValidator } from "./validator.js";

export { factsFromContext, referenceDecision, consentValidator, type FactsResult, type Refusal } from "./facts.js";
export { planGuards, planConsent, type GuardPlan, type ConsentPlan } from "./plan.js";

/** The consent emitter's files. */
export function consentFiles(model: PolicyModel, banner: readonly string[]): EmittedFile[] {
  const plan = planConsent(model);
  const schema = consentSchema(plan, banner);
  return [
    { path: "consent.schema.json", content: terminalSafeJson(schema) },
    { path: "consent-validator.js", content: standaloneValidator(schema, banner) },
    { path: "consent-validator.d.ts", content: standaloneDeclarations(recordTypes(plan), banner) },
  ];
}

const compiledParts = new Map<string, CompiledPart>();
registerProcessCache("guards-parts", compiledParts);

/**
 * JavaScript and declarations of a fixed part of guards.ts: the committed compilation
 * (runtime.compiled.ts) when it was made from the current runtime.ts, otherwise (while the
 * runtime is being edited) a fresh one by TypeScript.
 */
function fixedPart(source: string): CompiledPart {
  let part = compiledParts.get(source);
  if (!part) {
    const fresh = compiled.RUNTIME_SOURCE_HASH === runtimeSourceHash();
    if (fresh && source === PRELUDE_TS) part = { ts: source, js: compiled.PRELUDE_JS, dts: compiled.PRELUDE_DTS };
    else if (fresh && source === RUNTIME_TS) part = { ts: source, js: compiled.RUNTIME_JS, dts: compiled.RUNTIME_DTS };
    else part = compilePart(source);
    compiledParts.set(source, part);
  }
  return part;
}

/**
 * The guards emitter's files. `table` defaults to the model's decision table. With a `memo` (and
 * the model's own table), the files written for an earlier model that differs from this one in
 * nothing but its version are reused: the version is put in its place (`withVersion`) either way.
 */
export function guardsFiles(model: PolicyModel, banner: readonly string[], table?: DecisionTable, memo?: Memo): EmittedFile[] {
  // each file cut where the version goes (most have no such place): put in by a join, not a search
  const make = (): { path: string; pieces: readonly string[] }[] => {
    const plan = planGuards(model, table);
    const guards = guardsSource(plan, banner, fixedPart);
    const files: EmittedFile[] = [
      { path: "guards.ts", content: guards.ts },
      { path: "guards.js", content: guards.js },
      { path: "guards.d.ts", content: guards.dts },
      { path: "arbitraries.ts", content: arbitrariesSource(plan, banner) },
      { path: "invariants.test.ts", content: invariantsSource(plan, banner) },
    ];
    return files.map((f) => ({ path: f.path, pieces: versionSlots(f.content) }));
  };
  // One entry per policy. The consent hash is made from parts in the key, but a model not made
  // by buildModel could say another.
  const files =
    memo && table === undefined
      ? memo.replacing(`guards\u0000${model.header.source.file}`, `${JSON.stringify(banner)}\u0000${modelKey(model, ["version"])}\u0000${model.consentHash}`, make)
      : make();
  return files.map((f) => ({ path: f.path, content: withVersion(f.pieces, model.header.version) }));
}

export const consentEmitter: Emitter = {
  name: "consent",
  emit(model, options) {
    return { files: consentFiles(model, options.banner), diagnostics: [] };
  },
};

export const guardsEmitter: Emitter = {
  name: "guards",
  emit(model, options) {
    return { files: guardsFiles(model, options.banner, undefined, options.memo), diagnostics: [] };
  },
};
