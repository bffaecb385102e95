/**
 * @cedar-policy/cedar-wasm: one `permit` or `forbid` per flat rule (Cedar is deny-overrides and
 * default-deny, like the policy language). The action is the Cedar action, the category the
 * resource, purpose, recipient and facts the context. The policy set is pre-parsed once
 * (`preparsePolicySet`) and requests use `statefulIsAuthorized`, so no call re-parses it.
 */
import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import { covers, field, freshBatch, type BuiltEngine, type EngineInput } from "./types.js";

const str = (s: string) => JSON.stringify(s);

let sets = 0;

export function cedarPolicyText(input: EngineInput): string {
  const { categories, purposes, recipients } = input.leaves;
  const out: string[] = [];
  for (const f of input.flat) {
    const when: string[] = [];
    if (!covers(f.categories, categories)) when.push(`[${f.categories.map((c) => `Category::${str(c)}`).join(", ")}].contains(resource)`);
    if (!covers(f.purposes, purposes)) when.push(`[${f.purposes.map(str).join(", ")}].contains(context.purpose)`);
    if (f.recipients.length && !covers(f.recipients, recipients)) when.push(`[${f.recipients.map(str).join(", ")}].contains(context.recipient)`);
    for (const a of f.pos) when.push(`context.${field(a)}`);
    for (const a of f.neg) when.push(`!context.${field(a)}`);
    out.push(
      `${f.effect === "allow" ? "permit" : "forbid"} (principal, action == Action::${str(f.action)}, resource)${when.length ? ` when { ${when.join(" && ")} }` : ""};`,
    );
  }
  return out.join("\n");
}

export function buildCedar(input: EngineInput): BuiltEngine {
  const text = cedarPolicyText(input);
  const id = `bench-${++sets}`;
  const parsed = cedar.preparsePolicySet(id, { staticPolicies: text });
  if (parsed.type !== "success") throw new Error(`cedar could not parse the policies: ${JSON.stringify(parsed.errors[0])}`);
  const calls = input.queries.map((x) => {
    const context: Record<string, string | boolean> = { purpose: x.req.purpose, recipient: x.req.recipient ?? "" };
    for (const a of input.atoms) context[field(a)] = x.facts.has(a);
    return {
      principal: { type: "User", id: "person" },
      action: { type: "Action", id: x.req.action },
      resource: { type: "Category", id: x.req.category },
      context,
      preparsedPolicySetId: id,
      entities: [],
    };
  });
  const decide = (i: number): boolean => {
    const a = cedar.statefulIsAuthorized(calls[i]!);
    if (a.type !== "success") throw new Error(`cedar failed: ${JSON.stringify(a.errors[0])}`);
    if (a.response.diagnostics.errors.length) throw new Error(`cedar evaluation error: ${JSON.stringify(a.response.diagnostics.errors[0])}`);
    return a.response.decision === "allow";
  };
  return {
    name: "@cedar-policy/cedar-wasm",
    info: `${input.flat.length} policies, pre-parsed`,
    decide,
    batch: freshBatch({ cedar, calls }, 'cedar.statefulIsAuthorized(calls[at]).response?.decision === "allow"', calls.length),
  };
}
