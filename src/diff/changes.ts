/**
 * The kinds of change between two versions of a policy, each with a stable id and a class, in
 * the manner of graphql-js's `BreakingChangeType` and buf's breaking-change rules: every id has
 * a pair of fixtures (test/fixtures/diff/<ID>/{previous,current}.policy) and a test.
 *
 * Classes, from the most to the least serious:
 * - `reconsent`: consent already given no longer covers what the policy now does: a consent-based
 *   purpose uses more data, a new recipient or a new consent-gated tracker receives data people
 *   consented to, a consent requirement is loosened. Ask for consent again.
 * - `notice`: a material change people must be told about (what is collected, why, who gets it,
 *   for how long, their rights, who the controller is), including narrowing ones.
 * - `editorial`: wording, labels, version numbers: nothing about the processing changed.
 *
 * Some ids take their class from the change itself (a new use is `reconsent` for a consent-based
 * purpose, `notice` otherwise); `DEFAULT_CLASS` is the most common case, and `compare.ts` says
 * when it differs.
 */

export enum ChangeId {
  PURPOSE_ADDED = "PURPOSE_ADDED",
  PURPOSE_REMOVED = "PURPOSE_REMOVED",
  BASIS_CHANGED = "BASIS_CHANGED",
  CONSENT_MODE_CHANGED = "CONSENT_MODE_CHANGED",
  PURPOSE_USES_ADDED = "PURPOSE_USES_ADDED",
  PURPOSE_USES_REMOVED = "PURPOSE_USES_REMOVED",
  PROFILING_CHANGED = "PROFILING_CHANGED",
  PURPOSE_CHANGED = "PURPOSE_CHANGED",
  CATEGORY_ADDED = "CATEGORY_ADDED",
  CATEGORY_REMOVED = "CATEGORY_REMOVED",
  CATEGORY_CLASS_CHANGED = "CATEGORY_CLASS_CHANGED",
  CATEGORY_CHANGED = "CATEGORY_CHANGED",
  RECIPIENT_ADDED = "RECIPIENT_ADDED",
  RECIPIENT_REMOVED = "RECIPIENT_REMOVED",
  RECIPIENT_CHANGED = "RECIPIENT_CHANGED",
  TRANSFERS_CHANGED = "TRANSFERS_CHANGED",
  SHARING_WIDENED = "SHARING_WIDENED",
  SHARING_NARROWED = "SHARING_NARROWED",
  USE_WIDENED = "USE_WIDENED",
  USE_NARROWED = "USE_NARROWED",
  RULE_ADDED = "RULE_ADDED",
  RULE_REMOVED = "RULE_REMOVED",
  RULE_CHANGED = "RULE_CHANGED",
  RETENTION_ADDED = "RETENTION_ADDED",
  RETENTION_REMOVED = "RETENTION_REMOVED",
  RETENTION_EXTENDED = "RETENTION_EXTENDED",
  RETENTION_SHORTENED = "RETENTION_SHORTENED",
  RETENTION_CHANGED = "RETENTION_CHANGED",
  TRACKER_ADDED = "TRACKER_ADDED",
  TRACKER_REMOVED = "TRACKER_REMOVED",
  TRACKER_GATE_CHANGED = "TRACKER_GATE_CHANGED",
  TRACKER_CHANGED = "TRACKER_CHANGED",
  RIGHT_ADDED = "RIGHT_ADDED",
  RIGHT_REMOVED = "RIGHT_REMOVED",
  AUDIENCE_CHANGED = "AUDIENCE_CHANGED",
  CONTROLLER_CHANGED = "CONTROLLER_CHANGED",
  JURISDICTIONS_CHANGED = "JURISDICTIONS_CHANGED",
  LABEL_CHANGED = "LABEL_CHANGED",
  PROSE_CHANGED = "PROSE_CHANGED",
  VERSION_CHANGED = "VERSION_CHANGED",
  HEADER_CHANGED = "HEADER_CHANGED",
  POLICY_ID_CHANGED = "POLICY_ID_CHANGED",
  CONSENT_RECORDS_STALE = "CONSENT_RECORDS_STALE",
  ACCEPTED_CONSENT_DROPPED = "ACCEPTED_CONSENT_DROPPED",
}

export type ChangeClass = "reconsent" | "notice" | "editorial";

/** Most serious first. */
export const CHANGE_CLASSES: readonly ChangeClass[] = ["reconsent", "notice", "editorial"];

export function classRank(c: ChangeClass): number {
  return c === "reconsent" ? 3 : c === "notice" ? 2 : 1;
}

export interface ChangeInfo {
  readonly class: ChangeClass;
  /** When the class differs from the usual one. */
  readonly classNote?: string;
  readonly description: string;
}

export const CHANGE_INFO: Readonly<Record<ChangeId, ChangeInfo>> = {
  PURPOSE_ADDED: { class: "notice", classNote: "`reconsent` when the purpose rests on consent", description: "a new purpose" },
  PURPOSE_REMOVED: { class: "notice", description: "a purpose is gone" },
  BASIS_CHANGED: { class: "notice", classNote: "`reconsent` when the new basis is consent", description: "the legal basis of a purpose (or of one jurisdiction's variant) changed" },
  CONSENT_MODE_CHANGED: { class: "notice", classNote: "`reconsent` when loosened (opt_in to opt_out or notice, opt_out to notice)", description: "how consent to a purpose is asked changed" },
  PURPOSE_USES_ADDED: { class: "reconsent", classNote: "`notice` for a purpose not based on consent", description: "a purpose uses more data categories" },
  PURPOSE_USES_REMOVED: { class: "notice", description: "a purpose uses fewer data categories" },
  PROFILING_CHANGED: { class: "notice", description: "a purpose now involves profiling, or no longer does" },
  PURPOSE_CHANGED: { class: "notice", description: "a purpose's channels, marketing flag, excluded audiences, legitimate interest, automated decisions or Art. 9(2) condition (`special_condition`) changed" },
  CATEGORY_ADDED: { class: "notice", description: "a new data category" },
  CATEGORY_REMOVED: { class: "notice", description: "a data category is gone" },
  CATEGORY_CLASS_CHANGED: { class: "notice", description: "a category's classification changed (e.g. personal to sensitive)" },
  CATEGORY_CHANGED: { class: "notice", description: "a category's source, provider, provision or scope changed" },
  RECIPIENT_ADDED: { class: "notice", classNote: "`reconsent` when it receives data under a consent condition or for a consent-based purpose", description: "a new recipient" },
  RECIPIENT_REMOVED: { class: "notice", description: "a recipient is gone" },
  RECIPIENT_CHANGED: { class: "notice", description: "a recipient's type, own-policy or needs-consent flag changed" },
  TRANSFERS_CHANGED: { class: "notice", description: "the countries a recipient transfers data to, or their safeguards, changed" },
  SHARING_WIDENED: { class: "notice", classNote: "`reconsent` when the new sharing rests on consent", description: "the decision table allows a share, sale or transfer it denied before (a cell from deny to allow or conditional, or allowed under more conditions)" },
  SHARING_NARROWED: { class: "notice", description: "the decision table denies a share, sale or transfer it allowed before, under some conditions" },
  USE_WIDENED: {
    class: "notice",
    classNote: "`reconsent` when the new collection or use rests on consent",
    description:
      "the decision table allows collecting or using a category for a purpose where it denied it before (a deny or an audience's restriction gone, a condition dropped); a category a purpose starts or stops using is PURPOSE_USES_ADDED/REMOVED instead, and a purpose whose basis or consent mode changed is told by those",
  },
  USE_NARROWED: { class: "notice", description: "the decision table denies collecting or using a category for a purpose that it allowed before, under some conditions" },
  RULE_ADDED: {
    class: "notice",
    classNote: "`editorial` for an allow that changes no decision (a deny overrides it, or another allow already allows it; `decisionsChanged: false`)",
    description: "a new rule (matched by its `as` name, or by its scope when unnamed)",
  },
  RULE_REMOVED: { class: "notice", classNote: "`editorial` for an allow whose cases other rules decide alike", description: "a rule is gone" },
  RULE_CHANGED: {
    class: "notice",
    classNote: "`editorial` when both versions are allows and no decision in their scope changed",
    description: "a rule's effect, scope, conditions or exceptions changed",
  },
  RETENTION_ADDED: { class: "notice", description: "a new retention declaration" },
  RETENTION_REMOVED: { class: "notice", description: "a retention declaration is gone" },
  RETENTION_EXTENDED: { class: "notice", description: "data is kept longer: the period capped by its maximum grew (none counts as unbounded)" },
  RETENTION_SHORTENED: { class: "notice", description: "data is kept for less time" },
  RETENTION_CHANGED: { class: "notice", description: "the categories, purposes, criteria or end of a retention declaration changed, or what its period counts from" },
  TRACKER_ADDED: { class: "notice", classNote: "`reconsent` when gated by consent (the banner must ask again)", description: "a new tracker" },
  TRACKER_REMOVED: { class: "notice", description: "a tracker is gone" },
  TRACKER_GATE_CHANGED: { class: "notice", classNote: "`reconsent` when loosened (consent to opt_out or none, opt_out to none)", description: "how a tracker is gated changed" },
  TRACKER_CHANGED: { class: "notice", classNote: "`reconsent` when a consent-gated tracker collects more", description: "what a tracker collects, for which purposes, or who operates it changed" },
  RIGHT_ADDED: { class: "notice", description: "a right is newly listed" },
  RIGHT_REMOVED: { class: "notice", description: "a right is no longer listed" },
  AUDIENCE_CHANGED: { class: "notice", description: "an audience was added or removed, or its age limit or collection and marketing rules changed" },
  CONTROLLER_CHANGED: { class: "notice", description: "the controller, the data protection officer or the supervisory authority changed" },
  JURISDICTIONS_CHANGED: { class: "notice", description: "the jurisdictions the policy applies in changed" },
  LABEL_CHANGED: { class: "editorial", description: "the title or label of a declaration changed" },
  PROSE_CHANGED: { class: "editorial", description: "explanatory text changed (prose, examples, instructions, safeguards...)" },
  VERSION_CHANGED: { class: "editorial", description: "the version or effective date changed" },
  HEADER_CHANGED: { class: "editorial", description: "the policy's links or languages changed" },
  POLICY_ID_CHANGED: { class: "reconsent", description: "the policy's id changed: every consent record names it, so all of them are stale" },
  CONSENT_RECORDS_STALE: {
    class: "reconsent",
    description:
      "what a consent record covers changed (its `consentHash`) although no other change needs consent again: records given under the previous version are stale, and the guards refuse what a consent could change. `details.parts` names the parts of the hash that changed, `details.because` the changes found that can have moved them",
  },
  ACCEPTED_CONSENT_DROPPED: {
    class: "reconsent",
    description:
      "the policy no longer accepts the consent records of an earlier version that the previous version accepted (`accepts_consent_from` dropped or changed): the guards refuse those records from now on. `details.dropped` names each version's file and consentHash",
  },
};

export type SubjectKind = "policy" | "purpose" | "category" | "recipient" | "rule" | "retention" | "tracker" | "right" | "audience" | "statement";

export interface Change {
  readonly id: ChangeId;
  readonly class: ChangeClass;
  /** What changed. */
  readonly subject: { readonly kind: SubjectKind; readonly id: string };
  /** One sentence for people, in Markdown (labels in bold). */
  readonly summary: string;
  /** Before and after, for programs. */
  readonly details: Readonly<Record<string, unknown>>;
}

/** The highest class among the changes, or undefined when there are none. */
export function highestClass(changes: readonly Change[]): ChangeClass | undefined {
  let best: ChangeClass | undefined;
  for (const c of changes) if (!best || classRank(c.class) > classRank(best)) best = c.class;
  return best;
}
