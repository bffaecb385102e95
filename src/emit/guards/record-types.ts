/**
 * The TypeScript types of a consent record, shared by `guards.ts` and `consent-validator.d.ts`
 * so that both describe exactly what consent.schema.json accepts.
 */
import { COLLECTION_METHODS, type ConsentPlan } from "./plan.js";
import { jsdoc, lit, union } from "./text.js";

/** An object type of `members`, or one that admits no member at all when there are none. */
const block = (members: string, indent: string) => (members === "" ? "Readonly<Record<string, never>>" : `{\n${members}${indent}}`);

/** The TypeScript declarations of `ConsentRecord` and its parts for this policy. */
export function recordTypes(plan: ConsentPlan): string {
  const member = (key: string, type: string, doc: readonly (string | null)[], indent: string) =>
    `${jsdoc(doc, indent)}${indent}readonly ${lit(key)}?: ${type} | undefined;\n`;
  const purposes = plan.choices
    .map((c) =>
      member(c.id, c.explicit ? "ExplicitConsentChoice" : "ConsentChoice", [c.label.text, `Consent mode: ${c.mode}.`], "    "),
    )
    .join("");
  const recipients = plan.recipientChoices.map((r) => member(r.id, "ConsentChoice", [r.label.text], "    ")).join("");
  const channels = plan.channels.map((c) => member(c.name, "OptOut", [`Marketing by ${c.name}.`], "      ")).join("");
  const iba = plan.iba
    ? `    /** Objection to interest-based advertising (marketing based on profiling). */\n    readonly interestBasedAdvertising?: OptOut | undefined;\n`
    : "";
  return `/** An RFC 3339 date-time with upper-case \`T\` and \`Z\`, on a day that exists, e.g. \`2024-05-01T12:00:00Z\`. */
export type Timestamp = string;

/** How a choice was collected. */
export type CollectionMethod = ${union(COLLECTION_METHODS)};

/** A grant or withdrawal (for opt-out purposes, \`withdrawn\` records the objection). */
export interface ConsentChoice {
  readonly status: "granted" | "withdrawn";
  /** When the person made this choice. */
  readonly at: Timestamp;
  readonly method: CollectionMethod;
}

/** A choice that can also record that consent was given expressly. */
export interface ExplicitConsentChoice extends ConsentChoice {
  /** Only an explicit grant makes \`explicit_consent\` hold. */
  readonly explicit?: boolean | undefined;
}

export interface OptOut {
  readonly optedOut: boolean;
  readonly at: Timestamp;
  readonly method: CollectionMethod;
}

/**
 * One person's choices under this policy; its JSON Schema is \`consent.schema.json\`. An optional
 * member may be \`undefined\` (absent, for the schema and the guards alike).
 */
export interface ConsentRecord {
  readonly policy: ${lit(plan.policyId)};
  /** The policy's version when the record last changed (informative). */
  readonly policyVersion?: string | undefined;
  /** The policy's consentHash the choices were made under; another one makes the record stale. */
  readonly consentHash: string;
  /** The person's id in the controller's systems (1 to 256 characters, no control characters). */
  readonly subject: string;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
  /** Choices per purpose. No entry: opt-in purposes are not granted, opt-out purposes are. */
  readonly purposes?: ${block(purposes, "  ")} | undefined;
  /** Consent to sharing with recipients that need their own. */
  readonly recipients?: ${block(recipients, "  ")} | undefined;
  readonly optOuts?: {
    /** Marketing channels; opting out of every channel of a purpose objects to that purpose. */
    readonly channels?: ${block(channels, "    ")} | undefined;
${iba}  } | undefined;
}
`;
}
