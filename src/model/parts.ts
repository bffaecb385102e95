/**
 * The content of the parts of a model (`rules`, `header.version`), for emitters that reuse what
 * they wrote in an earlier build of a watch session (`EmitOptions.memo`) while the parts it was
 * made from are unchanged: the document a section at a time, the guards and the decision table
 * as a whole.
 */
import type { PolicyModel } from "./types.js";

/**
 * Digests by part, computed once per model and shared by every emitter. The model is JSON
 * through and through (it is emitted as `policy.json`), so equal JSON is equal content; a memo
 * keeps the SHA-256, not the text, so that a long session holds no copies of large parts.
 */
const digests = new WeakMap<PolicyModel, Map<string, string>>();

/** The digest of a top-level part of the model (`rules`) or of a field of its header (`header.dpo`). */
export function partDigest(model: PolicyModel, part: string): string {
  let parts = digests.get(model);
  if (!parts) digests.set(model, (parts = new Map()));
  let digest = parts.get(part);
  if (digest === undefined) {
    const dot = part.indexOf(".");
    const value = dot < 0 ? model[part as keyof PolicyModel] : (model.header as unknown as Record<string, unknown>)[part.slice(dot + 1)];
    // node:crypto loaded on first use, as for the model's hashes: `check` never digests a part
    digest = process.getBuiltinModule("node:crypto").createHash("sha256").update(JSON.stringify(value) ?? "undefined").digest("base64");
    parts.set(part, digest);
  }
  return digest;
}

/**
 * The model's hashes are made from its other parts (and reading them computes them): a key over
 * the parts leaves them out.
 */
const DERIVED = new Set(["hash", "consentHash"]);

/**
 * A key naming the whole content of the model except the header fields in `exceptHeader`: equal
 * keys, equal models but for those fields.
 */
export function modelKey(model: PolicyModel, exceptHeader: readonly string[] = []): string {
  const out: string[] = [];
  for (const part of Object.keys(model)) {
    if (DERIVED.has(part)) continue;
    if (part !== "header") {
      out.push(`${part}=${partDigest(model, part)}`);
      continue;
    }
    for (const field of Object.keys(model.header)) {
      if (!exceptHeader.includes(field)) out.push(`header.${field}=${partDigest(model, `header.${field}`)}`);
    }
  }
  return out.join("\u0000");
}
