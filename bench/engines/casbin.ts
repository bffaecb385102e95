/**
 * casbin: one policy line per flat rule, a deny-override effect, and the conditions checked by
 * a `consent` function registered as a matcher function (`within` tests list membership; both
 * cache what they parse, so the per-line cost is casbin's own). Deny lines come first so that
 * casbin can stop at the first deny. Decided with `enforceSync`.
 */
import { newEnforcer, newModelFromString } from "casbin";
import { covers, freshBatch, type BuiltEngine, type EngineInput } from "./types.js";

const MODEL = `
[request_definition]
r = act, cat, pur, rec, facts

[policy_definition]
p = act, cats, purs, recs, pos, neg, eft

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = r.act == p.act && within(r.cat, p.cats) && within(r.pur, p.purs) && within(r.rec, p.recs) && consent(r.facts, p.pos, p.neg)
`;

export async function buildCasbin(input: EngineInput): Promise<BuiltEngine> {
  const atomBit = new Map(input.atoms.map((a, i) => [a, 1 << i]));
  const maskOf = (atoms: Iterable<string>) => {
    let m = 0;
    for (const a of atoms) m |= atomBit.get(a) ?? 0;
    return m;
  };
  const lists = new Map<string, Set<string> | "*">();
  const within = (x: string, list: string): boolean => {
    let s = lists.get(list);
    if (s === undefined) {
      s = list === "*" ? "*" : new Set(list.split(" "));
      lists.set(list, s);
    }
    return s === "*" || s.has(x);
  };
  const masks = new Map<string, number>();
  const parse = (atoms: string): number => {
    let m = masks.get(atoms);
    if (m === undefined) {
      m = atoms === "-" ? 0 : maskOf(atoms.split(" "));
      masks.set(atoms, m);
    }
    return m;
  };
  /** The consent function: the request's facts satisfy the line's literals. */
  const consent = (facts: number, pos: string, neg: string): boolean => {
    const p = parse(pos);
    return (facts & p) === p && (facts & parse(neg)) === 0;
  };

  const { categories, purposes, recipients } = input.leaves;
  const list = (xs: readonly string[], all: readonly string[]) => (covers(xs, all) ? "*" : xs.join(" "));
  const ordered = [...input.flat.filter((f) => f.effect === "deny"), ...input.flat.filter((f) => f.effect === "allow")];
  const lines = ordered.map((f) => [
    f.action,
    list(f.categories, categories),
    list(f.purposes, purposes),
    f.recipients.length ? list(f.recipients, recipients) : "-",
    f.pos.length ? f.pos.join(" ") : "-",
    f.neg.length ? f.neg.join(" ") : "-",
    f.effect,
  ]);
  // identical lines (same scope and literals from different rules) are one line for casbin
  const unique = [...new Map(lines.map((l) => [l.join(","), l])).values()];
  const e = await newEnforcer(newModelFromString(MODEL));
  await e.addFunction("within", within as (...args: unknown[]) => boolean);
  await e.addFunction("consent", consent as (...args: unknown[]) => boolean);
  await e.addPolicies(unique);

  const q = input.queries;
  const act = q.map((x) => x.req.action as string);
  const cat = q.map((x) => x.req.category);
  const pur = q.map((x) => x.req.purpose);
  const rec = q.map((x) => x.req.recipient ?? "-");
  const facts = q.map((x) => maskOf(x.facts));
  return {
    name: "casbin",
    info: `${unique.length} policy lines`,
    decide: (i) => e.enforceSync(act[i], cat[i], pur[i], rec[i], facts[i]),
    batch: freshBatch({ e, act, cat, pur, rec, facts }, "e.enforceSync(act[at], cat[at], pur[at], rec[at], facts[at])", act.length),
  };
}
