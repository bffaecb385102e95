/** What a retention rule's time limit counts from, read the same way by every consumer. */
import type { Retention, RetentionCriterion, RetentionFrom } from "./types.js";

/**
 * Criteria that are events, with the start each names: beside one of them, a period without
 * `from` may count from collection or from the event ("30 days after you close your account"); no
 * one guesses which (PC3029 asks the policy to say, suggesting the event's `from`).
 */
export const EVENT_FROM: Readonly<Partial<Record<RetentionCriterion, RetentionFrom>>> = {
  until_account_deletion: "account_deletion",
  until_withdrawn: "withdrawal",
};

/** True for a criterion that is an event (`until_account_deletion`, `until_withdrawn`). */
export function isEvent(c: RetentionCriterion): boolean {
  return EVENT_FROM[c] !== undefined;
}

/** What a rule's period and `max` count from: as written, collection when unsaid, null when left open. */
export function countsFrom(r: Retention): RetentionFrom | null {
  if (r.from !== null) return r.from;
  return r.criteria.some(isEvent) ? null : "collection";
}

/** True when time limits the rule: a period that is a duration, or a maximum. */
export function hasTimeLimit(r: Retention): boolean {
  return (r.period !== null && r.period !== "indefinite") || r.max !== null;
}
