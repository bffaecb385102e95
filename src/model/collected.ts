/**
 * Which data the policy collects. The leaf categories a purpose uses, a tracker collects, an
 * allow covers (a rule or an exception, of any action: what is used or shared is collected first)
 * or a retention keeps, and every category the policy declares itself. A category of the standard
 * taxonomy that the policy names only where data is refused (a deny, an assertion) is not
 * collected: "we never share health data" does not say that health data is collected, and the
 * published policy must not list it as if it were.
 */
import type { PolicyModel, Rule } from "./types.js";

const cache = new WeakMap<PolicyModel, ReadonlySet<string>>();

/** The ids of the leaf categories `model` collects (see above). */
export function collectedCategories(model: PolicyModel): ReadonlySet<string> {
  let known = cache.get(model);
  if (known) return known;
  const out = new Set<string>();
  for (const p of model.purposes) for (const c of p.uses) out.add(c);
  for (const t of model.trackers) for (const c of t.collects) out.add(c);
  for (const r of model.retention) for (const c of r.categories) out.add(c);
  const allows = (r: Rule): void => {
    if (r.effect === "allow") for (const c of r.categories) out.add(c);
    r.exceptions.forEach(allows);
  };
  model.rules.forEach(allows);
  for (const c of model.categories) if (c.children.length === 0 && !c.sourceRef.file.startsWith("std/")) out.add(c.id);
  cache.set(model, (known = out));
  return known;
}
