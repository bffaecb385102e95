/**
 * Which data the policy collects. The leaf categories a purpose uses, a tracker collects, an
 * allow covers (a rule or an exception, of any action: what is used or shared is collected first)
 * or a retention keeps, and every category the policy declares itself. A category of the standard
 * taxonomy that the policy names only where data is refused (a deny, an assertion) is not
 * collected: "we never share health data" does not say that health data is collected, and the
 * published policy must not list it as if it were.
 */
import type { Category, PolicyModel, Rule, SourceRef } from "./types.js";

const cache = new WeakMap<PolicyModel, ReadonlySet<string>>();

/**
 * Whether data of `category` comes from the recipient whose leaves are `leaves` (its `from`):
 * what a tracker's provider hands to us (a sign-on profile) is not data the provider receives
 * through the tracker. `leavesOf` gives a recipient's leaves by id.
 */
export function givenByProvider(
  category: Pick<Category, "from"> | undefined,
  leaves: readonly string[],
  leavesOf: (recipient: string) => readonly string[] | undefined,
): boolean {
  const from = category?.from;
  return from !== null && from !== undefined && leaves.some((leaf) => leaf === from || (leavesOf(from)?.includes(leaf) ?? false));
}

/**
 * Whether the person provides the data themselves: not observed (`automatic`), received from
 * others (`third_party`) or worked out by us (`derived`). GDPR Art. 13(2)(e), whether providing it
 * is required, concerns only such data.
 */
export function providedByPerson(c: Pick<Category, "source">): boolean {
  return c.source !== "automatic" && c.source !== "third_party" && c.source !== "derived";
}

/**
 * Whether a declaration is the standard library's own, neither written nor refined by the policy:
 * it is in the model only because the policy names it somewhere.
 */
export function fromLibrary(d: { readonly sourceRef: SourceRef }): boolean {
  return d.sourceRef.file.startsWith("std/");
}

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
  for (const c of model.categories) if (c.children.length === 0 && !fromLibrary(c)) out.add(c.id);
  cache.set(model, (known = out));
  return known;
}
