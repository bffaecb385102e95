/**
 * The consent record's JSON Schema (draft 2020-12), built from the guard plan.
 *
 * A record names the policy and the `consentHash` it was given under, the person, when it was
 * created and last changed, and the person's choices: one entry per purpose that rests on
 * consent or can be objected to, one per recipient that needs its own consent, and the opt-outs
 * (marketing channels, interest-based advertising). Every object is closed
 * (`additionalProperties: false`) so that a misspelt key is an error rather than a silent
 * "no choice". Patterns stand in for `format` and `maxLength`, whose ajv implementations need
 * runtime helpers that a standalone validator could not carry.
 */
import type { LText } from "../../model/types.js";
import {
  COLLECTION_METHODS,
  HASH_PATTERN,
  SUBJECT_PATTERN,
  TIMESTAMP_PATTERN,
  VERSION_PATTERN,
  type ConsentPlan,
} from "./plan.js";

type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

const text = (t: LText | null): string | null => (t ? t.text : null);

function describe(...parts: (string | null)[]): string {
  return parts.filter((p): p is string => p !== null && p !== "").join(" ");
}

const MODE_TEXT = {
  opt_in: "Opt-in: nothing is done on this basis until the person grants it; `withdrawn` records a withdrawal.",
  opt_out: "Opt-out: consent is assumed until the person objects; `withdrawn` records the objection.",
  notice: "Notice only: the entry records an explicit choice the person made anyway.",
} as const;

/** The consent record schema as a JSON value. `banner` lines become its `$comment`. */
export function consentSchema(plan: ConsentPlan, banner: readonly string[]): Json {
  const purposes: Record<string, Json> = {};
  for (const c of plan.choices) {
    purposes[c.id] = {
      $ref: c.explicit ? "#/$defs/explicitChoice" : "#/$defs/choice",
      title: c.label.text,
      description: describe(MODE_TEXT[c.mode], c.withdraw ? `Withdraw: ${text(c.withdraw)}` : null, c.optOut ? `Opt out: ${text(c.optOut)}` : null),
    };
  }
  const recipients: Record<string, Json> = {};
  for (const r of plan.recipientChoices) {
    recipients[r.id] = {
      $ref: "#/$defs/choice",
      title: r.label.text,
      description: `Sharing with this recipient needs the person's own consent; a grant covers: ${r.leaves.join(", ")}.`,
    };
  }
  const channels: Record<string, Json> = {};
  for (const ch of plan.channels) {
    channels[ch.name] = {
      $ref: "#/$defs/optOut",
      title: `Marketing by ${ch.name}`,
      description: `Opting out of every channel of a purpose objects to it. Purposes using this channel: ${ch.purposes
        .map((p) => plan.labels.purposes.get(p)?.text ?? p)
        .join("; ")}.`,
    };
  }
  const optOuts: Record<string, Json> = {
    channels: {
      type: "object",
      title: "Marketing channels",
      additionalProperties: false,
      properties: channels,
    },
  };
  if (plan.iba) {
    optOuts["interestBasedAdvertising"] = {
      $ref: "#/$defs/optOut",
      title: "Interest-based advertising",
      description: `An objection to marketing based on profiling: ${plan.iba
        .map((p) => plan.labels.purposes.get(p)?.text ?? p)
        .join("; ")}.`,
    };
  }
  const timestamp = { $ref: "#/$defs/timestamp" };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `https://policyc.dev/consent/${plan.policyId}.schema.json`,
    ...(banner.length > 0 ? { $comment: banner.join(" ") } : {}),
    title: `Consent record: ${plan.model.header.title.text}`,
    description:
      "The choices one person made under this policy. A record given under another consentHash is stale: the generated guards deny every request made with it that a consent could change, until the person is asked again." +
      (plan.accepted.length > 0 ? " Records of the earlier versions this one accepts (accepts_consent_from) are current too, and hold only the choices those versions offered." : ""),
    type: "object",
    additionalProperties: false,
    required: ["policy", "consentHash", "subject", "createdAt", "updatedAt"],
    ...(plan.accepted.length > 0
      ? {
          allOf: plan.accepted.map((a) => ({
            $comment: `A record of ${a.path} holds only the choices it offered.`,
            if: { required: ["consentHash"], properties: { consentHash: { const: a.consentHash } } },
            then: {
              properties: {
                purposes: onlyKeys(plan.choices.filter((_, i) => !a.unofferedChoices.includes(i)).map((c) => c.id)),
                recipients: onlyKeys(plan.recipientChoices.filter((_, i) => !a.unofferedRecipients.includes(i)).map((r) => r.id)),
              },
            },
          })),
        }
      : {}),
    properties: {
      policy: { type: "string", const: plan.policyId, description: "The policy's id." },
      policyVersion: {
        type: "string",
        pattern: VERSION_PATTERN,
        description: "The policy's version when the record was last changed (informative).",
      },
      consentHash: {
        type: "string",
        pattern: HASH_PATTERN,
        description:
          `The policy's consentHash the choices were made under; the current one is ${plan.consentHash}` +
          (plan.accepted.length > 0 ? `, and records of ${plan.accepted.map((a) => a.consentHash).join(", ")} (earlier versions) are current too.` : "."),
      },
      subject: { type: "string", pattern: SUBJECT_PATTERN, description: "The person's id in the controller's systems." },
      createdAt: { ...timestamp, description: "When the record was created." },
      updatedAt: { ...timestamp, description: "When any choice last changed." },
      purposes: {
        type: "object",
        title: "Purposes",
        description: "One entry per purpose the person can grant, withdraw or object to. No entry: opt-in purposes are not granted, opt-out purposes are.",
        additionalProperties: false,
        properties: purposes,
      },
      recipients: {
        type: "object",
        title: "Recipients",
        description: "One entry per recipient that needs the person's own consent before data is shared with it.",
        additionalProperties: false,
        properties: recipients,
      },
      optOuts: {
        type: "object",
        title: "Opt-outs",
        additionalProperties: false,
        properties: optOuts,
      },
    },
    $defs: {
      timestamp: { type: "string", pattern: TIMESTAMP_PATTERN, description: "RFC 3339 date-time on a day that exists, e.g. 2024-05-01T12:00:00Z." },
      method: { type: "string", enum: [...COLLECTION_METHODS], description: "How the choice was collected." },
      choice: {
        type: "object",
        additionalProperties: false,
        required: ["status", "at", "method"],
        properties: {
          status: { type: "string", enum: ["granted", "withdrawn"] },
          at: { ...timestamp, description: "When the person made this choice." },
          method: { $ref: "#/$defs/method" },
        },
      },
      explicitChoice: {
        type: "object",
        additionalProperties: false,
        required: ["status", "at", "method"],
        properties: {
          status: { type: "string", enum: ["granted", "withdrawn"] },
          at: { ...timestamp, description: "When the person made this choice." },
          method: { $ref: "#/$defs/method" },
          explicit: {
            type: "boolean",
            description: "The grant was an express statement (GDPR Art. 9(2)(a), 49(1)(a)); only then does `explicit_consent` hold.",
          },
        },
      },
      optOut: {
        type: "object",
        additionalProperties: false,
        required: ["optedOut", "at", "method"],
        properties: {
          optedOut: { type: "boolean" },
          at: { ...timestamp, description: "When the person made this choice." },
          method: { $ref: "#/$defs/method" },
        },
      },
    },
  };
}

/** An object with no keys but `keys` (none at all when it is empty: JSON Schema has no empty `enum`). */
function onlyKeys(keys: readonly string[]): Json {
  return keys.length === 0 ? { type: "object", maxProperties: 0 } : { type: "object", propertyNames: { enum: [...keys] } };
}

const ANNOTATIONS = new Set(["title", "description", "$comment"]);

/** The schema without annotations: what the standalone validator is generated from. */
export function stripAnnotations(value: Json, underProperties = false): Json {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => stripAnnotations(v));
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value as Record<string, Json>)) {
    // member names under `properties` are record keys, never annotations
    if (!underProperties && ANNOTATIONS.has(k)) continue;
    out[k] = stripAnnotations(v, !underProperties && (k === "properties" || k === "$defs"));
  }
  return out;
}

export type { Json };
