/** What a retention rule's time limit counts from, read the same way by every consumer. */
import type { Retention, RetentionFrom } from "./types.js";

/**
 * Criteria that are events: beside one of them, a period without `from` may count from collection
 * or from the event ("30 days after you close your account"); no one guesses which (PC3029 asks
 * the policy to say).
 */
const EVENT_CRITERIA: ReadonlySet<string> = new Set(["until_account_deletion", "until_withdrawn"]);

/** What a rule's period and `max` count from: as written, collection when unsaid, null when left open. */
export function countsFrom(r: Retention): RetentionFrom | null {
  if (r.from !== null) return r.from;
  return r.criteria.some((c) => EVENT_CRITERIA.has(c)) ? null : "collection";
}

/** True when time limits the rule: a period that is a duration, or a maximum. */
export function hasTimeLimit(r: Retention): boolean {
  return (r.period !== null && r.period !== "indefinite") || r.max !== null;
}
