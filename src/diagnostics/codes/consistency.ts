import type { CodeInfo } from "../catalogue.js";

/** PC3xxx: consistency of the policy with itself (checker rules under src/checker/rules). */
export const CONSISTENCY_CODES: readonly CodeInfo[] = [
  {
    code: "PC3001",
    name: "use-never-collected",
    severity: "warning",
    message: "purpose {purpose} uses {category}, but collecting it is never allowed, for this purpose or any other",
    help: "the rule that denies it is shown below; narrow the deny or drop the category from `uses`",
    description: "A purpose lists a category in `uses`, yet every rule outcome denies collecting it, for that purpose and for every other: the statement about its use cannot be true. Denying its collection for this purpose alone is no contradiction when another purpose collects it: the data is then used for this one as a further use (for example, existing records handed to the authorities).",
    example: "purpose health { basis explicit_consent  uses health }\ndeny collect sensitive",
    fix: "Remove the category from the purpose, or carve an exception out of the deny.",
  },
  {
    code: "PC3002",
    name: "unused-category",
    severity: "warning",
    message: "no purpose uses {category}: the policy names it, so it is collected for nothing",
    help: "list it in the `uses` of the purpose it serves, or stop collecting it (data minimisation, GDPR Art. 5(1)(c))",
    description: "Data collected for no stated purpose breaks purpose limitation and data minimisation.",
    example: 'category fax "Fax number" { class personal }',
    fix: "Add it to a purpose's `uses`, or remove the category.",
    law: "GDPR Art. 5(1)(b)-(c)",
  },
  {
    code: "PC3003",
    name: "recipient-receives-nothing",
    severity: "warning",
    message: "recipient {recipient} receives nothing: no rule allows sharing, selling or transferring data to it",
    help: "add an `allow share` (or `sell`, `transfer`) rule that names it, or remove the recipient",
    description: "A declared recipient that no rule can send data to is either missing an `allow share` rule or should not be listed.",
    example: 'recipient insurers "Insurers"',
    fix: "Add the rule that shares with it, or remove the recipient.",
  },
  {
    code: "PC3004",
    name: "consent-without-withdrawal",
    severity: "warning",
    message: "purpose {purpose} rests on consent but says nothing about how to withdraw it",
    help: "add `withdraw \"...\"` or `opt_out \"...\"`",
    description: "Withdrawing consent must be as easy as giving it, and the person must be told how.",
    example: "purpose newsletter { basis consent uses contact.email }",
    fix: "State the withdrawal mechanism.",
    law: "GDPR Art. 7(3), Art. 13(2)(c)",
  },
  {
    code: "PC3005",
    name: "marketing-without-opt-out",
    severity: "warning",
    message: "marketing purpose {purpose} has no opt-out",
    help: "add `opt_out \"...\"` (an unsubscribe link, a setting) or `opt_out_url \"...\"`",
    description:
      "People can object to direct marketing at any time; a marketing purpose must say how. For a purpose that rests on consent alone, saying how to withdraw the consent (`withdraw`) serves.",
    example: "purpose marketing.sms { basis consent marketing yes uses contact.phone }",
    fix: "State the opt-out.",
    law: "GDPR Art. 21(2)-(4)",
  },
  {
    code: "PC3006",
    name: "sensitive-without-art9-condition",
    severity: "error",
    message: "sensitive category {category} may be {action} for {purpose} without an Art. 9(2) condition: neither `explicit_consent`, nor `required_by_law`, nor a `special_condition`",
    help: "require `explicit_consent` (or `required_by_law`): on a rule with `when`, for a purpose's `uses` with its basis; or state the purpose's Art. 9(2) condition with `special_condition`",
    description:
      "Special categories of data may only be processed under one of the conditions of Art. 9(2); ordinary consent is not enough. An allow that needs " +
      "neither `explicit_consent` nor `required_by_law` is reported, unless it is for a purpose whose only basis is `vital_interests` " +
      "(Art. 9(2)(c); beside another basis, the other may be what the processing rests on), or for a purpose that states another condition " +
      "with `special_condition` (`health_care`, Art. 9(2)(h); `employment`, `legal_claims`, `public_interest`...), which covers the special categories it uses: their use, and their disclosure to processors, controllers, affiliates and authorities, never a sale nor a disclosure to advertisers or others.",
    example: "purpose wellness { basis consent uses health }",
    fix: "Make the purpose's basis `explicit_consent`, or add `when explicit_consent` to the rule.",
    law: "GDPR Art. 9(1)-(2)",
  },
  {
    code: "PC3007",
    name: "missing-retention",
    severity: "warning",
    message: "personal category {category} has no retention rule",
    help: "add a `retention` declaration whose `applies_to` covers it",
    description: "How long each piece of personal data is kept, or the criteria for it, must be stated.",
    example: "purpose support { basis contract uses contact.email }   // and no retention",
    fix: "Add a retention declaration.",
    law: "GDPR Art. 5(1)(e), Art. 13(2)(a); 11 CCR 7012(e)(6)",
  },
  {
    code: "PC3008",
    name: "retention-exceeds-maximum",
    severity: "error",
    message: "retention {retention} keeps data for {period}, longer than its own maximum of {max}",
    help: "shorten `period` to at most `max`, or raise `max`",
    description: "A retention period longer than the maximum it states contradicts itself.",
    example: "retention logs { applies_to usage.logs period 2 years max 1 year }",
    fix: "Shorten the period or raise the maximum.",
  },
  {
    code: "PC3009",
    name: "indefinite-retention",
    severity: "warning",
    message: "retention {retention} keeps personal data indefinitely",
    help: "state a period, or the criteria that end retention (`criteria while_needed`)",
    description: "Personal data may be kept no longer than necessary for its purpose.",
    example: "retention archive { applies_to contact period indefinite }",
    fix: "Give a period or criteria.",
    law: "GDPR Art. 5(1)(e)",
  },
  {
    code: "PC3010",
    name: "contradiction-equal",
    severity: "warning",
    message: "{allow} contradicts {deny}: same data, same recipients",
    help: "where both apply the deny overrides; remove one, or turn the allow into an `except` of the deny",
    description: "A positive and a negative statement about exactly the same data and recipients (PolicyLint's exact contradiction).",
    example: "allow share contact with partners\ndeny share contact with partners when minor",
    fix: "Keep one statement, or express the intended carve-out as an exception.",
  },
  {
    code: "PC3011",
    name: "contradiction-narrower",
    severity: "warning",
    message: "{allow} contradicts {deny}: the deny covers more {detail}, including all that the allow covers",
    help: "a reader of \"we do not ...\" will not expect the allow: if the deny is to give way to it, make it an `except allow ...` of the deny (it then allows, under its own conditions, where the deny would deny); otherwise narrow the allow or the deny",
    description: "The positive statement is about narrower data or recipients than the negative one (\"we share email with advertisers\" against \"we do not share personal information with advertisers\").",
    example: "deny share personal with advertisers when minor\nallow share contact.email with advertisers",
    fix: "Express the allow as an exception of the deny.",
  },
  {
    code: "PC3012",
    name: "contradiction-broader",
    severity: "warning",
    message: "{allow} contradicts {deny}: the allow covers broader {detail} than the deny takes back",
    help: "if the deny is meant as an exception of the allow, write it as `allow ... except deny ...`",
    description: "The positive statement is broader than the negative one: the deny silently narrows it (PolicyLint's narrowing definition).",
    example: "allow share personal with anyone\ndeny share contact.email with advertisers",
    fix: "Write the deny as an exception of the allow.",
  },
  {
    code: "PC3013",
    name: "contradiction-overlap",
    severity: "warning",
    message: "{allow} contradicts {deny}: they overlap on {detail}",
    help: "where they overlap ({example}) and both apply, the deny holds and the allow grants nothing; if the allow should hold there, write it in the deny as `except { allow ... }`, or narrow one of them",
    description: "A positive and a negative statement overlap without either containing the other.",
    example: "allow share contact, device with partners\ndeny share contact, location with partners",
    fix: "Split the statements, or add an exception.",
  },
  {
    code: "PC3014",
    name: "shadowed-rule",
    severity: "warning",
    message: "{rule} never takes effect: {reason}",
    description:
      "An allow that a deny always overrides changes no decision: the guards refuse everything it allows, so the published policy leaves it out " +
      "rather than state it next to the deny.",
    example: "deny share personal with anyone\nallow share contact with partners",
    fix: "Remove the rule, or make it an exception of the rule that shadows it.",
  },
  {
    code: "PC3015",
    name: "vacuous-exception",
    severity: "warning",
    message: "the exception covers everything its rule covers, so {rule} never takes effect",
    description: "An unconditional exception as broad as its rule leaves the rule nothing to decide.",
    example: "deny share contact with partners except allow",
    fix: "Narrow the exception, or drop the rule.",
  },
  {
    code: "PC3016",
    name: "duplicate-allow",
    severity: "warning",
    message: "{rule} allows nothing that {other} does not already allow",
    description: "A redundant allow hides the real scope of sharing from readers and reviewers.",
    example: "allow share contact with partners\nallow share contact.email with partners",
    fix: "Remove the redundant rule.",
  },
  {
    code: "PC3017",
    name: "marketing-purpose-targets-minors",
    severity: "warning",
    message: "audience {audience} receives no marketing, but marketing purpose {purpose} does not exclude it",
    help: "add `excludes {audienceId}` to the purpose",
    description: "The audience declaration and the purpose disagree; the compiler denies the marketing use for minors anyway, but the published purpose must say so.",
    example: 'audience minors { marketing no }\npurpose marketing.sms { basis consent  marketing yes  uses contact.phone  withdraw "Reply STOP." }',
    fix: "Exclude the audience in the purpose.",
    law: "GDPR Recital 38; COPPA",
  },
  {
    code: "PC3018",
    name: "ungated-tracker",
    severity: "warning",
    message: "tracker {tracker} serves {purpose}, which needs consent, but does not wait for consent or an opt-out",
    help: "set `gate consent` (or `gate opt_out` with `opt_out \"...\"`); without a `gate` the policy says nothing about it",
    description: "Cookies and similar technologies that are not strictly necessary need consent before they are set.",
    example: "tracker ads { type cookie purposes marketing.advertising gate none }",
    fix: "Gate the tracker on consent, or give its opt-out.",
    law: "ePrivacy Directive Art. 5(3); GDPR Art. 7",
  },
  {
    code: "PC3035",
    name: "tracker-gate-unenforced",
    severity: "warning",
    message: "tracker {tracker} has {gate}, but the guards cannot wait for it: {purposes} {ask} for no such choice",
    description:
      "A consent record holds the person's choices by purpose, and the guards decide by purpose: a tracker's `gate` is what the published policy promises, not something the guards can check. " +
      "A tracker that waits for consent (or an opt-out) must serve purposes that ask for it, or the document says \"we only use them with your consent\" while the guards let its data through without any.",
    example:
      'purpose analytics "Analytics" { basis legitimate_interests  interest "knowing our reach"  uses device }\ntracker stats "Statistics cookies" { type cookie  collects device  purposes analytics  gate consent }',
    fix: "Ask for consent on the tracker's purposes (`basis consent`, `consent opt_in`), or take the gate off.",
    law: "ePrivacy Directive Art. 5(3)",
  },
  {
    code: "PC3036",
    name: "exception-never-applies",
    severity: "warning",
    message: "{exception} never applies: it holds only where its rule does, and its condition {condition} contradicts the rule's",
    help: "an exception carves a part out of its rule's conditions; to decide outside them, write a rule of its own",
    description:
      "An exception applies where its rule's conditions hold and its own do too. One whose condition contradicts the rule's (`deny sell ... when in US-CA except allow when not in US-CA`) never applies: " +
      "what it was written to allow or deny outside the rule is decided by the other rules, or denied by default.",
    example: "recipient ads \"Ads\" { type advertiser }\ndeny sell contact to ads when in US-CA\n  except allow when not in US-CA, at_request",
    fix: "Make it a rule of its own, or drop the contradicting condition.",
  },
  {
    code: "PC3019",
    name: "assertion-violated",
    severity: "error",
    message: "assertion {assertion} does not hold: {request} is {outcome} {facts}",
    help: "the rules that allow it are listed below; change them or the assertion",
    description: "A declared invariant is checked over the whole decision table; a counterexample request shows where it fails.",
    example: "allow sell contact to partners\nassert never sell personal to anyone",
    fix: "Fix the rules that allow the counterexample, or correct the assertion.",
  },
  {
    code: "PC3020",
    name: "purpose-without-effect",
    severity: "warning",
    message: "purpose {purpose} has no legal basis, so nothing is allowed for it",
    help: "add `basis ...`; until then the decision table denies every request for this purpose (fail closed)",
    description: "Implicit allows come from a purpose's basis: without one the purpose grants nothing and the guards deny it.",
    example: "purpose analytics { uses usage }",
    fix: "State the purpose's legal basis.",
    law: "GDPR Art. 6(1), Art. 13(1)(c)",
  },
  {
    code: "PC3021",
    name: "consent-by-opt-out",
    severity: "warning",
    message: "purpose {purpose} rests on {basis} but only offers an opt-out: silence or inactivity is not consent",
    help: "ask first with `consent opt_in`, or state the basis the opt-out really rests on (for example `basis legitimate_interests` with `interest \"...\"`)",
    description: "Consent is a clear affirmative act given before the processing. A purpose that claims consent but processes until the person opts out publishes \"your consent\" next to \"unless you opt out\", and its guards allow without any consent record.",
    example: "purpose ads { basis consent  consent opt_out  uses usage }",
    fix: "Make the consent opt-in, or change the legal basis to the one the opt-out model relies on.",
    law: "GDPR Art. 4(11), Art. 7, Recital 32",
  },
  {
    code: "PC3037",
    name: "consent-not-asked",
    severity: "error",
    message: "purpose {purpose} rests on {basis} but asks for no consent (`consent notice`): the guards allow it for everyone, without any consent record",
    help: "ask for the consent the basis names with `consent opt_in` (or drop the `consent` line: a consent basis asks first by default), or state the basis the purpose really rests on",
    description:
      "`consent notice` says the purpose offers no choice, and the guards hold its `consent` for everyone. A purpose whose basis is consent (in any jurisdiction) but asks for none publishes \"your consent\" and tells people how to withdraw it, while its data is used for anyone who never gave it.",
    example: "purpose analytics { basis consent  consent notice  uses usage }",
    fix: "Ask first (`consent opt_in`), or change the legal basis.",
    law: "GDPR Art. 4(11), Art. 6(1)(a), Art. 7(1)",
  },
  {
    code: "PC3038",
    name: "tracker-discloses-denied-data",
    severity: "warning",
    message: "tracker {tracker} gives {categories} to {recipient}, but {why}: the published policy says both",
    help: "stop the tracker collecting that data (`collects`), or narrow the rule or the assertion to what really happens",
    description:
      "A tracker that a third party operates (`providers`) hands what it collects to that party, and the published policy lists it under the recipient (\"Through ...\"). " +
      "The guards never see that flow: it happens in the page or the app. When a deny that holds whatever the facts forbids sharing that data with that party for the tracker's purposes, " +
      "or an unconditional `assert never share` covers it, the policy promises what its own tracker breaks.",
    example:
      'recipient sdk "Analytics vendor" { type processor }\ncategory health "Health data" { class sensitive }\npurpose analytics { basis explicit_consent  uses health }\ntracker s "SDK" { type sdk  providers sdk  collects health  purposes analytics  gate consent }\ndeny share health with anyone',
    fix: "Take the data out of the tracker's `collects`, or state the sharing the tracker does.",
  },
  {
    code: "PC3039",
    name: "disclosure-by-another-action",
    severity: "warning",
    message: "{rule} allows to {action} data that {deny} never shares, such as {example}: {disclosure} discloses the data too",
    help: "deny the other actions as well (`deny sell ...`, `deny transfer ...`), or narrow the allow to what the deny leaves",
    description:
      "`share`, `sell` and `transfer` are separate actions to the decision table, and deny-overrides only settles rules of the same action. To a reader all three disclose the data: " +
      "a policy that publishes \"we never share your health data\" and allows selling or transferring it to someone makes a promise it breaks in the same text.",
    example: 'recipient ads "Ad network" { type advertiser }\ndeny share contact with anyone\nallow sell contact to ads when consent',
    fix: "Deny every action the promise means, or narrow the allow.",
  },
  {
    code: "PC3040",
    name: "explicit-consent-never-holds",
    severity: "warning",
    message: "{rule} tests {test}, but explicit consent cannot be given for {purposes}, so it never holds there: {outcome}",
    help: "explicit consent is recorded only for purposes that ask for consent, opt-in or with an explicit-consent basis: give the purpose `basis explicit_consent`, or limit the rule with `for`, or test another condition",
    description:
      "`explicit_consent` holds when the person's consent record grants the request's purpose with `explicit: true`, which a record may say only of an opt-in purpose or one with an explicit-consent basis. " +
      "For a purpose on a contract, a legal obligation, or an opt-out or notice mode, no record can carry it: `when explicit_consent` keeps the rule from ever applying there " +
      "(the guards never allow what it allows) while the published policy says \"with your explicit consent\", and `unless explicit_consent` always lets it apply.",
    example: 'purpose billing "Billing" { basis contract  uses contact.email }\nrecipient insurers "Insurers" { type partner }\nallow share contact.email with insurers for billing when explicit_consent',
    fix: "Ask for explicit consent on the purpose, or limit the rule to the purposes that can hold it.",
  },
  {
    code: "PC3041",
    name: "retention-overlap",
    severity: "warning",
    message: "{categories} {fall} under retention {retention} ({limit}) and {other} ({otherLimit}): data under two retention rules is kept until both have run out",
    help: "narrow the broader rule's `applies_to` to the data it means; where both are meant, for different purposes, give each rule its `purposes` (the data is still kept until the later one ends, which the table then explains)",
    description:
      "Every retention rule that covers a category applies to it: data kept for several purposes may stay as long as one of them needs it, and the guards' `isExpired` says so only when every rule has run out. " +
      "Two rules with different time limits for the same data and purposes therefore keep it until the later ends, and the shorter one, often written for part of the other's data (`0 hours` for live video under `20 years` for health data), never takes effect, while the published table lists both.",
    example: 'category health "Health data" { class personal }\ncategory health.video "Live video" { source automatic }\npurpose care { basis contract  uses health }\nretention records { applies_to health  period 20 years }\nretention video { applies_to health.video  period 0 hours }',
    fix: "Take the data out of the broader rule, or tell the rules apart by purpose.",
  },
  {
    code: "PC3042",
    name: "transfer-not-allowed",
    severity: "warning",
    message: "recipient {recipient} is said to transfer data to {places}, but no `transfer` of what it receives is allowed, such as {example}: `mayTransfer` denies the transfers the policy publishes",
    help: "allow `transfer` of the data it receives (for the purposes and under the conditions its `share` rules give), or drop `transfers` if the data stays where it is",
    description:
      "`share` and `transfer` are separate actions, and the guards answer `mayTransfer` from the `transfer` rules alone. A recipient whose `transfers` name countries (published with their safeguards) but which receives data by `share` rules only " +
      "gets a denial from every transfer check: a service that asks before sending data abroad cannot send what the policy says is sent.",
    example: 'category c "C" { class personal }\npurpose p "P" { basis contract  uses c }\nrecipient hosting "Hosting" { type processor  transfers "United States"  transfer_safeguards "SCCs" }\nallow share c with hosting for p',
    fix: "State the transfer with an `allow transfer` rule.",
  },
  {
    code: "PC3043",
    name: "duplicate-right-type",
    severity: "warning",
    message: "right {right} is of type {type}, as right {other} is: the document lists that right twice",
    help: "say both ways to exercise it in one declaration (`how`, `url`), and remove the other",
    description:
      "A right of a type (`access`, `erasure`, `know`...) is one right, however many ways there are to exercise it. Two declarations of one type list it twice in the published policy, each with its own instructions, and leave the reader to guess which to follow.",
    example: 'right access { type access  how "Email us." }\nright export { type access  how "Use the export page." }',
    fix: "Merge the two declarations.",
  },
  {
    code: "PC3044",
    name: "parent-purpose-uses",
    severity: "warning",
    message: "purpose {purpose} has sub-purposes ({children}), so its `uses` allows nothing: a request names a sub-purpose, and `uses` is not passed down",
    help: "move `uses` to the sub-purposes that need the data",
    description:
      "A request, and so a guard's question, names a leaf purpose: a purpose with sub-purposes is a heading for them. Its `basis` and consent are passed down, but its `uses` is not, since each sub-purpose says what it needs. " +
      "`uses` on such a purpose therefore allows nothing, while the published policy lists that data under it: the document and the guards disagree. " +
      "A purpose can gain sub-purposes without a line of its own: naming `services` brings in the standard library's `services.provide` and `services.support` under a `purpose services` that refines it.",
    example: 'purpose ops "Operations" { basis contract  uses contact.email }\npurpose ops.billing "Billing" { uses contact.name }',
    fix: "Write `uses contact.email` on `ops.billing` (and on each sub-purpose that needs it), and remove it from `ops`.",
    law: "GDPR Art. 5(1)(b), Art. 13(1)(c)",
  },
  {
    code: "PC3022",
    name: "vacuous-assertion",
    severity: "warning",
    message: "assertion {assertion} can never apply: {why}",
    help: "an assertion no request can meet proves nothing; drop the condition that contradicts the others",
    description:
      "An assertion is checked under the conditions it assumes. When they cannot all hold (a condition and its negation, or places no one can be in at once: " +
      "a person is in one place, and the EU lies in the EEA; explicit consent is consent too), no request meets them, so the assertion holds whatever the rules say.",
    example: "assert never sell personal to anyone when in EU, not in EEA",
    fix: "Remove the contradicting condition, or split the assertion in two.",
  },
  {
    code: "PC3023",
    name: "recipient-consent-missing",
    severity: "warning",
    message: "{rule} shares with {recipient} without its own consent (`needs_consent yes`): {request} is allowed {facts}",
    help: "add `recipient_consent` to the `when` of the rule that allows it, or write `needs_consent no` on the recipient",
    description:
      "A recipient that needs its own consent gets a place in the consent record, but only a rule's `when recipient_consent` makes the guards ask for it. " +
      "A rule that shares personal data with the recipient on the purpose's consent alone would let the guards share what the person never agreed to give that recipient. " +
      "Sharing the person asks for (`at_request`), sharing a law requires or permits, and sharing of anonymised or aggregated data are exempt.",
    example: 'recipient ad_network "Ad network" { needs_consent yes }\nallow share contact with ad_network for services when consent',
    fix: "Require the recipient's consent in the rule, or drop `needs_consent`.",
    law: "GDPR Art. 6(1)(a), Art. 7(2)",
  },
  {
    code: "PC3024",
    name: "purpose-consent-missing",
    severity: "warning",
    message: "{rule} passes data on for {purpose}, which rests on consent, without {needed}: {request} is allowed {facts}",
    help: "add `consent` (`explicit_consent` for a purpose on explicit consent) to the `when` of the rule that allows it",
    description:
      "A purpose whose bases are all consent (everywhere, or in a jurisdiction of its `basis { ... }` variants) is carried out only once the person has agreed there: its own collection and use wait for `consent`, and the published policy says so. " +
      "A rule that shares, sells or transfers personal data for that purpose without `when consent` (`when explicit_consent` for a purpose on explicit consent) lets the guards pass the data on before (or after) the person agrees. " +
      "What the person asks for (`at_request`), what a law requires or permits, and anonymised or aggregated data are exempt.",
    example: 'purpose news "Newsletter" { basis consent  uses contact.email  withdraw "Unsubscribe." }\nrecipient mailer "Mailing service"\nallow share contact.email with mailer for news',
    fix: "Require consent in the rule.",
    law: "GDPR Art. 6(1)(a)",
  },
  {
    code: "PC3025",
    name: "withdrawal-without-consent",
    severity: "warning",
    message: "purpose {purpose} says how to withdraw consent, but it does not rest on consent",
    help: "state the consent basis it rests on, or write how to object or stop as `opt_out \"...\"` with `consent opt_out`",
    description:
      "`withdraw` tells people how to take back a consent they gave (the document says \"To withdraw your consent: ...\"). " +
      "On a purpose whose bases include no consent, or that states no basis at all, nobody was asked, so the document would speak of a consent that was never given, and the guards never wait for it.",
    example: 'purpose promotions "Sweepstakes" { uses contact.email  withdraw "Tell us you no longer wish to take part." }',
    fix: "Give the purpose its consent basis, or turn `withdraw` into `opt_out` (with `consent opt_out`, so that the guards obey the objection, PC3031).",
    law: "GDPR Art. 7(3), Art. 13(1)(c)",
  },
  {
    code: "PC3026",
    name: "consent-widened",
    severity: "error",
    message: "the consent records of {path} cannot be accepted: this version allows {request}, which that version did not allow{more}",
    help: "remove it from `accepts_consent_from`, so that its records go stale and people are asked again; or keep this version from allowing it",
    description:
      "`accepts_consent_from` keeps the consent records of an earlier version valid: the generated guards and the consent schema accept its `consentHash`. " +
      "That is sound only if this version allows nothing under such a record that the earlier one did not, for every request, place, age and combination of consents the record can hold; " +
      "otherwise a person's old consent would be read as agreeing to something they were never asked. The compiler proves it over the decision tables of both versions and names the first request that breaks it. " +
      "A request this version allows whatever the consents (as it would under a stale record), or for a person with no record at all, is no widening; neither is a new purpose: a record of the earlier version has no entry for it, as if there were no record.",
    example:
      '// archive/v1.policy (the earlier version)\nallow share contact.email with partners for ads when consent\n\n// privacy.policy\npolicy shop "Shop" { accepts_consent_from "archive/v1.policy" }\nallow share contact.email, device with partners for ads when consent',
    fix: "Drop the version from `accepts_consent_from` (people are asked again), or narrow the change.",
    law: "GDPR Art. 6(1)(a), Art. 7(1)",
  },
  {
    code: "PC3027",
    name: "consent-asked-differently",
    severity: "error",
    message: "the consent records of {path} cannot be accepted: {difference}{more}",
    help: "a record of an earlier version means the same here only if each choice is asked the same way; remove it from `accepts_consent_from` so that people are asked again",
    description:
      "A consent record holds the person's choices by purpose, recipient and channel. Read by this version's guards, a choice of the earlier version must mean what it meant when it was made: " +
      "the same consent mode (opt-in, opt-out or notice), the same explicit consent, the same objections (the interest-based advertising opt-out, the channels), and a recipient covered by the same choices. " +
      "A choice the earlier version offered and this one does not would make its records malformed here. Any such difference is reported before the requests are compared (PC3026).",
    example:
      '// archive/v1.policy (the earlier version)\npurpose ads "Ads" { basis consent  consent opt_in  uses contact.email }\n\n// privacy.policy\npolicy shop "Shop" { accepts_consent_from "archive/v1.policy" }\npurpose ads "Ads" { basis legitimate_interests  consent opt_out  uses contact.email }',
    fix: "Ask the choice as the earlier version did, or drop the version from `accepts_consent_from`.",
  },
  {
    code: "PC3028",
    name: "purpose-uses-nothing",
    severity: "warning",
    message: "purpose {purpose} uses no data, and no rule or tracker names it: it allows nothing",
    help: "list the categories it needs in `uses`, or remove the purpose",
    description:
      "A purpose says what data is used for what. One with no `uses`, that no rule and no tracker names, is listed in the document with nothing under it, and the guards allow nothing for it: usually its `uses` was forgotten. " +
      "A rule names a purpose when its written `for` covers it; a rule without `for` or `for any` (`deny sell personal to anyone`), and the rules an audience makes, apply to every purpose and name none.",
    example: 'purpose newsletter "Newsletter" { basis consent  withdraw "unsubscribe link" }',
    fix: "Add `uses` with the categories the purpose needs, or remove it.",
    law: "GDPR Art. 5(1)(b), Art. 13(1)(c)",
  },
  {
    code: "PC3029",
    name: "retention-period-unanchored",
    severity: "warning",
    message: "retention {retention} has the criterion {criterion} and a time limit, but does not say what the time limit counts from",
    help: "add `from {from}` if the time counts from that event, or `from collection` if it counts from when the data was collected",
    description:
      "With `until_account_deletion` or `until_withdrawn` among the criteria, `period 30 days` can mean 30 days after collection or 30 days after the event, and the two differ by the life of the account. " +
      "The document cannot say which, and the guards' `isExpired` answers `false` (not known to be expired) for such a rule rather than guess. `from` says which: the document then reads \"30 days after you delete your account\", and `isExpired` counts from the event's time when the caller gives it.",
    example: "retention accounts { applies_to account  period 30 days  criteria until_account_deletion }",
    fix: "Add `from account_deletion` (or `from withdrawal`, `from last_activity`, `from contract_end`, `from collection`).",
    law: "GDPR Art. 13(2)(a)",
  },
  {
    code: "PC3030",
    name: "retention-from-without-period",
    severity: "warning",
    message: "retention {retention} counts its time from {from}, but has no period or maximum to count",
    help: "give a `period` or a `max`, or remove `from`",
    description: "`from` says what a retention's `period` and `max` count from. Without either, or with `period indefinite` and no `max`, it says nothing, and the document does not show it.",
    example: "retention accounts { applies_to account  criteria until_account_deletion  from account_deletion }",
    fix: "Add the period (`period 30 days`) or remove `from`.",
  },
  {
    code: "PC3031",
    name: "opt-out-not-recorded",
    severity: "warning",
    message: "purpose {purpose} says how to opt out, but asks no choice (`consent notice`): the guards never see the objection",
    help: "add `consent opt_out`, so that a record can hold the objection and the guards deny the purpose once it does",
    description:
      "`opt_out \"...\"` tells people how to object, and the document publishes it (\"To opt out: ...\"). " +
      "A purpose that asks no choice (`consent notice`, the default for bases other than consent) has no entry in the consent record, so an objection cannot be stored, " +
      "a record that holds one anyway is malformed (every request made with it is refused), and the guards allow the purpose whatever the person said. " +
      "With `consent opt_out` the record holds the objection and the purpose is allowed only until the person objects, whatever its basis.",
    example: 'purpose analytics "Product analytics" { basis legitimate_interests  interest "improving the app"  uses device  opt_out "Turn off analytics in Settings." }',
    fix: "Add `consent opt_out` to the purpose.",
    law: "GDPR Art. 21(1), Art. 13(2)(b)",
  },
  {
    code: "PC3032",
    name: "retention-says-nothing",
    severity: "warning",
    message: "retention {retention} says nothing about how long: it has no `period`, `max` or `criteria`",
    help: "give a `period` (`period 2 years`), or the `criteria` that decide it (`criteria while_needed`)",
    description:
      "A retention declaration covers its categories, so PC3007 no longer asks for one; without a period, a maximum or criteria it tells no one how long the data is kept, and the document says \"no fixed period\".",
    example: 'retention steps "Step counts" { applies_to usage }',
    fix: "State the period, or the criteria.",
    law: "GDPR Art. 13(2)(a)",
  },
  {
    code: "PC3033",
    name: "consent-without-consent-basis",
    severity: "warning",
    message: "purpose {purpose} waits for consent (`consent opt_in`), but rests on {bases}",
    help: "if it rests on consent, say so (`basis consent`); if not, ask no consent (`consent notice`) or let people object (`consent opt_out`)",
    description:
      "A purpose's basis is what the published policy tells people the processing rests on; its consent mode is what the guards wait for. " +
      "Opt-in consent under another basis makes the document say both (\"Legal basis: the performance of our contract with you. We only do this once you have given your consent.\"), which misstates the basis, and a consent asked for where it is not the basis cannot be freely withdrawn. " +
      "Often the mode is inherited: the standard taxonomy's marketing purposes ask for opt-in consent, and changing the basis alone keeps that.",
    example: 'purpose marketing.advertising "Ads" { basis contract  uses device }',
    fix: "Make the basis consent, or change the consent mode.",
    law: "GDPR Art. 6(1), Art. 13(1)(c)",
  },
  {
    code: "PC3034",
    name: "consent-condition-always-holds",
    severity: "warning",
    message: "{rule} tests {test}, but consent is not asked for {purposes} (`consent notice`), so it always holds there: {outcome}",
    description:
      "`consent` is the person's choice about the request's purpose. A purpose that offers none (`consent notice`, the mode of a contract, a legal obligation or legitimate interests) holds it for everyone, " +
      "so `when consent` lets a rule decide for that purpose without any consent, and `unless consent` keeps it from ever applying there; the published policy still says \"with your consent\". " +
      "A rule without `for` covers every purpose, those too.",
    example:
      'purpose safety "Safety" { basis legitimate_interests  interest "keeping riders safe"  uses location }\nrecipient insurers "Insurers" { type partner }\nallow share location with insurers for safety when consent',
    fix: "Ask for consent on the purpose (`basis consent`, `consent opt_in`), ask for consent to the recipient (`needs_consent yes`, `when recipient_consent`), or limit the rule with `for`.",
  },
];
