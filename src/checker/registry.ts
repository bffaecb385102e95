/**
 * The registry of checker rules, in the order they run. One rule per file under rules/; each
 * names the catalogue codes it may report. Adding a rule = a file, an entry here, its codes in
 * the catalogue and a triggering and a non-triggering fixture under test/fixtures/checker.
 */
import type { CheckerRule } from "./rule.js";
import { assertions } from "./rules/assertions.js";
import { ccpaMinors } from "./rules/ccpaMinors.js";
import { ccpaNotice } from "./rules/ccpaNotice.js";
import { consentCondition } from "./rules/consentCondition.js";
import { consentOptOut } from "./rules/consentOptOut.js";
import { consentWithoutWithdrawal } from "./rules/consentWithoutWithdrawal.js";
import { withdrawalWithoutConsent } from "./rules/withdrawalWithoutConsent.js";
import { optOutNotRecorded } from "./rules/optOutNotRecorded.js";
import { businessRegion } from "./rules/businessRegion.js";
import { contradictions } from "./rules/contradictions.js";
import { consentVersions } from "./rules/consentVersions.js";
import { gdprNotice } from "./rules/gdprNotice.js";
import { marketingWithoutOptOut } from "./rules/marketingWithoutOptOut.js";
import { minorsMarketing } from "./rules/minorsMarketing.js";
import { policyChanges } from "./rules/policyChanges.js";
import { purposeConsent } from "./rules/purposeConsent.js";
import { purposeWithoutBasis } from "./rules/purposeWithoutBasis.js";
import { purposeUsesNothing } from "./rules/purposeUsesNothing.js";
import { recipientConsent } from "./rules/recipientConsent.js";
import { recipientReceivesNothing } from "./rules/recipientReceivesNothing.js";
import { retention } from "./rules/retention.js";
import { retentionPeriod } from "./rules/retentionPeriod.js";
import { sensitiveData } from "./rules/sensitiveData.js";
import { shadowing } from "./rules/shadowing.js";
import { ungatedTracker } from "./rules/ungatedTracker.js";
import { trackerFlows } from "./rules/trackerFlows.js";
import { disclosureActions } from "./rules/disclosureActions.js";
import { transfersDenied } from "./rules/transfersDenied.js";
import { rightTypes } from "./rules/rightTypes.js";
import { unusedCategory } from "./rules/unusedCategory.js";
import { useNeverCollected } from "./rules/useNeverCollected.js";

export const CHECKER_RULES: readonly CheckerRule[] = [
  useNeverCollected,
  unusedCategory,
  recipientReceivesNothing,
  recipientConsent,
  purposeConsent,
  consentCondition,
  consentWithoutWithdrawal,
  withdrawalWithoutConsent,
  optOutNotRecorded,
  businessRegion,
  marketingWithoutOptOut,
  sensitiveData,
  retention,
  contradictions,
  shadowing,
  minorsMarketing,
  ungatedTracker,
  trackerFlows,
  disclosureActions,
  transfersDenied,
  rightTypes,
  assertions,
  purposeWithoutBasis,
  purposeUsesNothing,
  consentOptOut,
  gdprNotice,
  retentionPeriod,
  policyChanges,
  ccpaNotice,
  ccpaMinors,
  consentVersions,
];
