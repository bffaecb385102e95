/**
 * The generated guards: `guards.js` as the guards emitter produces it, written to a scratch
 * folder and imported. Two ways of calling them:
 *
 * - prepared: `decide(action, category, purpose, recipient, prepareContext(ctx))`, the context
 *   (and its consent record) checked once per person; the same inputs the other engines get
 *   (facts already derived), so this is the like-for-like comparison;
 * - raw context: `decide(..., ctx)`, the record validated and read on every call.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { PolicyModel } from "../../src/model/types.js";
import { guardsEmitter } from "../../src/emit/guards/index.js";
import type { Query } from "../sample.js";
import { freshBatch, type BuiltEngine } from "./types.js";

export interface GuardsModule {
  decide(action: string, category: string, purpose: string, recipient: string | null, ctx: unknown): { readonly allowed: boolean };
  prepareContext(ctx: unknown): object;
}

const scratch: string[] = [];
export function cleanupGuards(): void {
  for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Emits guards.js for `model` and imports it (a fresh module per call). */
export async function loadGuards(model: PolicyModel, name: string): Promise<GuardsModule> {
  const dir = mkdtempSync(join(tmpdir(), `policyc-bench-${name}-`));
  scratch.push(dir);
  const files = guardsEmitter.emit(model, { banner: [] }).files;
  const js = files.find((f) => f.path === "guards.js");
  if (!js) throw new Error("the guards emitter produced no guards.js");
  writeFileSync(join(dir, "guards.js"), js.content);
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  return (await import(pathToFileURL(join(dir, "guards.js")).href)) as GuardsModule;
}

const MODES = {
  prepared: ["policyc guards (prepared context)", "decide(..., prepareContext(ctx))"],
  raw: ["policyc guards (raw context)", "decide(..., ctx): record validated per call"],
  json: ["policyc guards (prepared, ids from JSON)", "as prepared, ids as JSON.parse returns them (only short ones internalized)"],
} as const;

/** The engine every other is compared with: the guards on a prepared context. */
export const PREPARED_GUARDS = MODES.prepared[0];

/**
 * `prepared` and `raw` get the sample's ids (internalized strings, as literals in application
 * code are); `json` gets the same ids as JSON.parse returns them (a request body, say). V8's JSON
 * parser internalizes string values of up to 10 characters, so the short ids are the literals'
 * own strings again, and the longer ones are equal strings that are not the same string, whose
 * lookups compare text: a mix, as a service receiving requests as JSON has.
 */
export function buildGuards(g: GuardsModule, queries: readonly Query[], contexts: readonly object[], mode: keyof typeof MODES): BuiltEngine {
  const prepared = contexts.map((c) => g.prepareContext(c));
  const ids = (xs: (string | null)[]) => (mode === "json" ? (JSON.parse(JSON.stringify(xs)) as (string | null)[]) : xs);
  const act = ids(queries.map((x) => x.req.action as string)) as string[];
  const cat = ids(queries.map((x) => x.req.category)) as string[];
  const pur = ids(queries.map((x) => x.req.purpose)) as string[];
  const rec = ids(queries.map((x) => x.req.recipient));
  const ctx = queries.map((x) => (mode === "raw" ? x.ctx : prepared[x.ctxIndex]!));
  return {
    name: MODES[mode][0],
    info: MODES[mode][1],
    decide: (i) => g.decide(act[i]!, cat[i]!, pur[i]!, rec[i]!, ctx[i]!).allowed,
    batch: freshBatch({ decide: g.decide, act, cat, pur, rec, ctx }, "decide(act[at], cat[at], pur[at], rec[at], ctx[at]).allowed", act.length),
  };
}
