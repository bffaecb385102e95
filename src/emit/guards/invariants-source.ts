/**
 * Generates `invariants.test.ts`: the policy's `assert` declarations as vitest + fast-check
 * property tests against the generated guards, for the policy's users to run in their own
 * repository (they need vitest and fast-check).
 *
 * An assertion's conditions are the literals assumed to hold (`unless x` is `not x`).
 * - `assert never A ... unless L1, L2`: for random contexts in which the assumed literals hold
 *   for the request (every `unless` literal is false), every request in scope is denied.
 * - `assert allows A ... when L1, L2`: with exactly the `when` facts, for a person in any place
 *   and of any age that fits them (as the checker reads it: `allowsFactSets`), every request in
 *   scope is allowed: checked exhaustively on the decision table (`decideFacts`), and through
 *   random contexts that yield exactly those facts wherever a context can (a notice purpose
 *   always has consent, so its requests are only checked on the table).
 */
import type { Assertion } from "../../model/types.js";
import type { GuardPlan } from "./plan.js";
import { bannerComment, commentText, lit } from "./text.js";
import { isFlowAction } from "../../syntax/ast.js";
import { fileLine } from "../../model/build.js";
import { AGE_OF_MAJORITY, ageLimit } from "../../model/ages.js";
import { allowsFactSets, vacuity } from "../../semantics/assertions.js";

function scope(a: Assertion): string {
  const list = (xs: readonly string[]) => `[${xs.map(lit).join(", ")}]`;
  const flow = isFlowAction(a.action);
  return `{ action: ${lit(a.action)}, categories: ${list(a.categories)}, purposes: ${list(a.purposes)}, recipients: ${flow ? list(a.recipients) : "null"} }`;
}

function test(plan: GuardPlan, a: Assertion): string {
  // The model keeps an assertion's conditions as the literals assumed to hold (`unless x` is
  // stored as `not x`): positive atoms hold, negated ones fail.
  const lits = (negated: boolean) => `[${a.conditions.filter((l) => l.negated === negated).map((l) => lit(l.atom)).join(", ")}]`;
  const [hold, fail] = [lits(false), lits(true)];
  // an `allows` speaks of every person its facts fit: each place and age, as the checker reads it
  const people = allowsFactSets(plan.table, a)
    .map((facts) => `[${facts.map(lit).join(", ")}]`)
    .join(", ");
  // conditions no one can meet: nothing to test (the checker says so, PC3022)
  const why = vacuity(plan.table, a);
  if (why !== null) {
    return `  // ${commentText(a.text)} (${commentText(fileLine(a.sourceRef))}): can never apply, ${commentText(why)} (PC3022)
  it.skip(${lit(`${a.text} (${fileLine(a.sourceRef)}): can never apply`)}, () => {});
`;
  }
  return `  // ${commentText(a.text)} (${commentText(fileLine(a.sourceRef))})
  it(${lit(`${a.text} (${fileLine(a.sourceRef)})`)}, () => {
    ${a.mode === "never" ? `checkNever(${scope(a)}, ${hold}, ${fail})` : `checkAllows(${scope(a)}, [${people}])`};
  });
`;
}

/** The text of `invariants.test.ts`. */
export function invariantsSource(plan: GuardPlan, banner: readonly string[]): string {
  const asserts = plan.model.assertions;
  // a policy that declares no category or no purpose has no request to decide: the properties
  // over requests are skipped (their arbitrary has nothing to draw from)
  const request = plan.categories.length > 0 && plan.purposes.length > 0 ? "it" : "it.skip";
  // the ages an adult may be that the policy's ages tell apart: 18, and each side of a limit above it
  const adultAges = [AGE_OF_MAJORITY, ...plan.atoms.map(ageLimit).filter((n): n is number => n !== null && n > AGE_OF_MAJORITY).flatMap((n) => [n - 1, n])];
  return `${bannerComment(banner)}/**
 * The invariants declared by the privacy policy ${commentText(plan.policyId)} (its \`assert\`
 * declarations), as property tests against the generated guards.
 * never: under random contexts where every \`unless\` literal is false, requests in scope are denied.
 * allows: with exactly the \`when\` facts, requests in scope are allowed (on the decision table for
 * every request, and through contexts wherever a context can yield exactly those facts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ATOMS, CONSENT_HASH, POLICY_ID, decide, decideFacts, factsOf, type Action, type Atom, type Category, type Purpose, type Recipient } from "./guards.js";
import { contextArb, KNOWN_PLACES, liesWithin, requestArb, withFacts, type Request } from "./arbitraries.js";

interface Scope {
  readonly action: Action;
  readonly categories: readonly Category[];
  readonly purposes: readonly Purpose[];
  /** null for collect and use. */
  readonly recipients: readonly Recipient[] | null;
}

const RUNS = 200;
/** About this many requests are decided per assertion: every request of its scope, under as many random contexts as fit. */
const BUDGET = 20_000;
const runsFor = (requests: number): number => Math.max(5, Math.min(RUNS, Math.floor(BUDGET / Math.max(1, requests))));
/**
 * Each test's time limit: a property decides up to BUDGET requests, which takes seconds on a busy
 * CI machine, more than a test runner's default of 5 s. Set here, so no project has to configure it.
 */
const TIMEOUT_MS = 120_000;

function requestsIn(s: Scope): Request[] {
  const out: Request[] = [];
  for (const category of s.categories) {
    for (const purpose of s.purposes) {
      if (s.recipients === null) out.push({ action: s.action, category, purpose, recipient: null });
      else for (const recipient of s.recipients) out.push({ action: s.action, category, purpose, recipient });
    }
  }
  return out;
}

/** One of \`xs\` by index: \`fc.constantFrom(...xs)\` would overflow the stack for a scope of ~100k requests. */
const oneOf = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.nat({ max: xs.length - 1 }).map((i) => xs[i]!);

const show = (r: Request) => \`\${r.action} \${r.category}\${r.recipient === null ? "" : " with " + r.recipient} for \${r.purpose}\`;

function checkNever(s: Scope, hold: readonly Atom[], fail: readonly Atom[]): void {
  // requests for which some context makes every unless literal false; for the others the
  // assertion holds vacuously
  const requests = requestsIn(s).filter((r) => withFacts({}, r, hold, fail) !== null);
  if (requests.length === 0) return;
  // Every request of the scope, each under the random contexts (a single wrong cell is always
  // found); a failure names the request and the exact context that was decided.
  fc.assert(
    fc.property(contextArb, (base) => {
      for (const request of requests) {
        const ctx = withFacts(base, request, hold, fail);
        if (ctx === null) continue;
        const facts = factsOf(request.purpose, request.recipient, ctx);
        const where = \`\${show(request)} under \${JSON.stringify(ctx)}\`;
        expect(facts, \`the context is well-formed: \${where}\`).not.toBeNull();
        for (const a of hold) expect(facts, \`\${a} holds: \${where}\`).toContain(a);
        for (const a of fail) expect(facts, \`\${a} fails: \${where}\`).not.toContain(a);
        const d = decide(request.action, request.category, request.purpose, request.recipient, ctx);
        expect(d.allowed, \`\${where} (facts: \${facts!.join(", ") || "none"}): \${d.reason}\`).toBe(false);
      }
    }),
    { numRuns: runsFor(requests.length) },
  );
}

/**
 * \`people\`: the facts of each person the assertion speaks of (its \`when\` facts, with a place
 * and an age that fit them: \`in:EU\` comes with \`in:EEA\`, \`age_under:13\` with \`minor\`).
 */
function checkAllows(s: Scope, people: readonly (readonly Atom[])[]): void {
  const requests = requestsIn(s);
  for (const hold of people) {
    for (const r of requests) {
      const d = decideFacts(r.action, r.category, r.purpose, r.recipient, hold);
      expect(d.allowed, \`\${show(r)} with exactly \${hold.join(", ") || "no facts"}: \${d.reason}\`).toBe(true);
    }
    const others = ATOMS.filter((a) => !hold.includes(a));
    const reachable = requests.filter((r) => withFacts({}, r, hold, others) !== null);
    if (reachable.length === 0) continue;
    fc.assert(
      fc.property(oneOf(reachable), contextArb, (request, base) => {
        const ctx = withFacts(base, request, hold, others);
        if (ctx === null) return;
        const facts = factsOf(request.purpose, request.recipient, ctx);
        const where = \`\${show(request)} under \${JSON.stringify(ctx)}\`;
        expect([...(facts ?? [])].sort(), \`the context yields exactly the when facts: \${where}\`).toEqual([...hold].sort());
        const d = decide(request.action, request.category, request.purpose, request.recipient, ctx);
        expect(d.allowed, \`\${where}: \${d.reason}\`).toBe(true);
      }),
      { numRuns: Math.max(20, Math.floor(RUNS / people.length)) },
    );
  }
}

// Exported so that a policy without one kind of assertion (or without any) leaves no helper
// unused: a project compiling this file under \`noUnusedLocals\` must not fail on it.
export { checkAllows, checkNever };

describe(${lit(`invariants of ${plan.policyId}`)}, () => {
  it("the guards were generated from this policy", () => {
    expect(POLICY_ID).toBe(${lit(plan.policyId)});
    expect(CONSENT_HASH).toBe(${lit(plan.consentHash)});
  });

  ${request}("not knowing where a person is never allows what a place would deny", () => {
    fc.assert(
      fc.property(requestArb, contextArb, (r, base) => {
        const { jurisdiction: _, ...unknown } = base;
        const d = decide(r.action, r.category, r.purpose, r.recipient, unknown);
        if (!d.allowed) return;
        for (const place of KNOWN_PLACES) {
          const there = decide(r.action, r.category, r.purpose, r.recipient, { ...unknown, jurisdiction: place });
          expect(there.allowed, \`\${show(r)} is allowed without a place, but not in \${place} (\${there.reason}) under \${JSON.stringify(unknown)}\`).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  ${request}("a code of no place is no place: it never allows what a place would deny", () => {
    fc.assert(
      fc.property(requestArb, contextArb, (r, base) => {
        const d = decide(r.action, r.category, r.purpose, r.recipient, { ...base, jurisdiction: "XX" });
        if (!d.allowed) return;
        for (const place of KNOWN_PLACES) {
          const there = decide(r.action, r.category, r.purpose, r.recipient, { ...base, jurisdiction: place });
          expect(there.allowed, \`\${show(r)} is allowed in XX, but not in \${place} (\${there.reason}) under \${JSON.stringify(base)}\`).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

${[
    { who: "a minor", minor: true, ages: Array.from({ length: AGE_OF_MAJORITY }, (_, i) => i) },
    { who: "an adult", minor: false, ages: [...new Set(adultAges)] },
  ]
    .map(
      (p) => `  ${request}("${p.who} of no given age is never allowed what ${p.who} of some age would be denied", () => {
    fc.assert(
      fc.property(requestArb, contextArb, (r, base) => {
        const { age: _, ...ageless } = base as { age?: unknown };
        const person = { ...ageless, minor: ${p.minor} };
        if (!decide(r.action, r.category, r.purpose, r.recipient, person).allowed) return;
        for (const age of [${p.ages.join(", ")}]) {
          const then = decide(r.action, r.category, r.purpose, r.recipient, { ...person, age });
          expect(then.allowed, \`\${show(r)} is allowed for ${p.who} of no age, but not at \${age} (\${then.reason}) under \${JSON.stringify(person)}\`).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
`,
    )
    .join("\n")}
  ${request}("naming a region never allows what a place in it would deny", () => {
    fc.assert(
      fc.property(requestArb, contextArb, (r, base) => {
        for (const region of KNOWN_PLACES) {
          if (!decide(r.action, r.category, r.purpose, r.recipient, { ...base, jurisdiction: region }).allowed) continue;
          for (const place of KNOWN_PLACES) {
            if (!liesWithin(place, region)) continue;
            const there = decide(r.action, r.category, r.purpose, r.recipient, { ...base, jurisdiction: place });
            expect(there.allowed, \`\${show(r)} is allowed in \${region}, but not in \${place} (\${there.reason}) under \${JSON.stringify(base)}\`).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

${asserts.map((a) => test(plan, a)).join("\n")}}, TIMEOUT_MS);
`;
}
