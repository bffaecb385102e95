/**
 * Content hashes of the model. `hash` covers the policy's meaning: everything but source
 * positions and the ids the compiler generated from them, so reformatting or moving a
 * declaration does not change it. `consentHash` covers only what a consent record depends on;
 * a consent record given under another `consentHash` is stale.
 */
import { createHash } from "node:crypto";
import { isFlowAction } from "../syntax/ast.js";
import type { PolicyModel, Rule } from "./types.js";

/** JSON with object keys sorted, so equal values always serialize to equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

const POSITIONAL = /^(rule|except|assert):/;

function stripPositions(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(stripPositions);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === "sourceRef" || k === "source" && typeof v === "object" && v !== null && "line" in v) continue;
    if (k === "id" && typeof v === "string" && POSITIONAL.test(v)) continue;
    out[k] = stripPositions(v);
  }
  return out;
}

/** What a rule decides, without its wording: prose and translations never make consent stale. */
function ruleShape(r: Rule): unknown {
  return {
    effect: r.effect,
    action: r.action,
    categories: r.categories,
    recipients: r.recipients,
    purposes: r.purposes,
    conditions: r.conditions,
    exceptions: r.exceptions.map(ruleShape),
  };
}

function sha256(text: string): string {
  return "sha256:" + createHash("sha256").update(text).digest("hex");
}

export function computeHashes(model: Omit<PolicyModel, "hash" | "consentHash">): { hash: string; consentHash: string } {
  const hash = sha256(canonicalJson(stripPositions(model)));
  const consentPart = {
    id: model.header.id,
    purposes: model.purposes
      .filter((p) => p.needsConsent || p.consentMode !== "notice")
      .map((p) => ({
        id: p.id,
        basis: p.basis,
        basisIn: p.basisIn,
        mode: p.consentMode,
        uses: p.uses,
        channels: p.channels,
        // decide which purposes count as interest-based advertising in a record
        marketing: p.marketing,
        profiling: p.profiling,
      })),
    // a grant to a group covers its leaves, so the hierarchy is part of what a record means
    recipients: model.recipients.filter((r) => r.needsConsent).map((r) => ({ id: r.id, leaves: r.leaves })),
    rules: model.rules
      .filter((r) => r.origin === "rule" && r.effect === "allow" && isFlowAction(r.action))
      .map(ruleShape),
  };
  return { hash, consentHash: sha256(canonicalJson(consentPart)) };
}
