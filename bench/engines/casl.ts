/**
 * @casl/ability: the subject type is the data category (so CASL's index narrows a check to the
 * rules of one action and one category), conditions are MongoDB queries over the request's
 * purpose, recipient and facts. `can` rules come first and `cannot` rules last: a later rule
 * takes precedence in CASL, which makes any matching deny decide (deny-overrides).
 */
import { createMongoAbility, type MongoQuery } from "@casl/ability";
import { covers, field, freshBatch, type BuiltEngine, type EngineInput } from "./types.js";

interface Subject {
  readonly category: string;
  readonly purpose: string;
  readonly recipient: string | null;
  readonly [atom: string]: unknown;
}

export function buildCasl(input: EngineInput): BuiltEngine {
  const { purposes, recipients } = input.leaves;
  const rules: { action: string; subject: string; conditions?: MongoQuery; inverted?: boolean }[] = [];
  const ordered = [...input.flat.filter((f) => f.effect === "allow"), ...input.flat.filter((f) => f.effect === "deny")];
  for (const f of ordered) {
    const conditions: Record<string, unknown> = {};
    if (!covers(f.purposes, purposes)) conditions["purpose"] = { $in: f.purposes };
    if (f.recipients.length && !covers(f.recipients, recipients)) conditions["recipient"] = { $in: f.recipients };
    for (const a of f.pos) conditions[field(a)] = true;
    for (const a of f.neg) conditions[field(a)] = false;
    for (const c of f.categories) {
      rules.push({
        action: f.action,
        subject: c,
        ...(Object.keys(conditions).length ? { conditions: conditions as MongoQuery } : {}),
        ...(f.effect === "deny" ? { inverted: true } : {}),
      });
    }
  }
  const ability = createMongoAbility(rules as never, { detectSubjectType: (s: Subject) => s.category } as never);

  const q = input.queries;
  const act = q.map((x) => x.req.action as string);
  const subjects: Subject[] = q.map((x) => {
    const s: Record<string, unknown> = { category: x.req.category, purpose: x.req.purpose, recipient: x.req.recipient };
    for (const a of input.atoms) s[field(a)] = x.facts.has(a);
    return s as Subject;
  });
  return {
    name: "@casl/ability",
    info: `${rules.length} rules`,
    decide: (i) => ability.can(act[i]!, subjects[i] as never),
    batch: freshBatch({ ability, act, subjects }, "ability.can(act[at], subjects[at])", act.length),
  };
}
