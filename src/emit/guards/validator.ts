/**
 * The consent schema compiled with ajv: once for the reference mapping (facts.ts) and the tests,
 * and once as standalone ES module code (`consent-validator.js`) that runs without ajv.
 *
 * Both use `ownProperties: true`: JSON Schema speaks of the instance's own members, and without
 * it ajv reads inherited ones (`constructor`, `toString`) as if the record had them.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import { Memo, registerProcessCache } from "../../util/memo.js";
import { stripAnnotations, type Json } from "./schema.js";
import { bannerComment } from "./text.js";

const standaloneCode = standaloneModule.default;

function newAjv(source: boolean): Ajv2020 {
  return new Ajv2020({
    strict: true,
    ownProperties: true,
    allErrors: false,
    // The standalone code is made for a schema policyc itself wrote. Checking it against the
    // JSON Schema meta-schema first would have ajv compile the meta-schema: half the time of
    // making the validator (about 45 ms of a one-off build). The tests check the examples'
    // schemas against the meta-schema, and `compileConsentSchema` (the API's and the tests'
    // validator, which keeps the check) those of random policies.
    ...(source ? { code: { source: true, esm: true, lines: true }, validateSchema: false } : {}),
  });
}

/** Compiles a consent schema (given as its JSON text, so `properties` members stay own members). */
export function compileConsentSchema(schemaText: string): ValidateFunction {
  return newAjv(false).compile(JSON.parse(schemaText) as object);
}

/**
 * Generated validators by the schema they validate (its JSON, annotations stripped; the schema is
 * plain JSON data, and no member is `__proto__`: plan.ts UNUSABLE_KEYS). Compiling with ajv is the
 * slow part of the consent emitter, and a rebuild after an edit almost always has the same schema.
 */
const standaloneCache = new Memo(16);
registerProcessCache("consent-validators", standaloneCache);

function standaloneCodeFor(schema: Json): string {
  return standaloneCache.get(JSON.stringify(schema), () => {
    const ajv = newAjv(true);
    const code = standaloneCode(ajv, ajv.compile(schema as object));
    if (/\brequire\s*\(/.test(code) || /\bfrom\s*["']ajv/.test(code) || /\bimport\s*\(/.test(code)) {
      throw new Error("internal: the standalone consent validator still needs ajv at runtime");
    }
    return code;
  });
}

/**
 * Standalone validator source. Annotations are dropped first: validation does not need them and
 * the code then carries no free text from the policy. Throws (a compiler bug, not a user error)
 * if ajv still produced a `require(` or an ajv import.
 */
export function standaloneValidator(schema: Json, banner: readonly string[]): string {
  const code = standaloneCodeFor(stripAnnotations(schema));
  // ajv's generated code is not written for type checking: a project with `checkJs` on gets its
  // types from consent-validator.d.ts, not dozens of errors from this file
  const exported = /^export const validate = (\w+);\s*export default \1;\s*$/m;
  const match = exported.exec(code);
  if (!match) throw new Error("internal: ajv's standalone code no longer exports `validate` as policyc expects");
  const body = code.replace(/^"use strict";\s*/, "").replace(exported, "");
  return `${bannerComment(banner)}// @ts-nocheck\n// Validates a consent record against consent.schema.json; needs no packages.\n${body}\n${safeExport(match[1]!)}`;
}

/**
 * The exported \`validate\`: ajv's function, except that a record that throws while it is read (a
 * getter that throws, a Proxy) is not a valid record, said in \`errors\`, instead of an exception
 * in the caller's request handler.
 */
function safeExport(inner: string): string {
  return `/** ${inner} with a record that throws while read (a throwing getter, a Proxy) answered as not valid. */
function validate(data) {
  try {
    const valid = ${inner}(data);
    validate.errors = ${inner}.errors;
    return valid;
  } catch {
    validate.errors = [{ instancePath: "", schemaPath: "#", keyword: "readable", params: {}, message: "must be data that can be read: reading it threw" }];
    return false;
  }
}
validate.errors = null;
export { validate };
export default validate;
`;
}

/** `consent-validator.d.ts`: the validator's type, with the record type it narrows to. */
export function standaloneDeclarations(recordTypes: string, banner: readonly string[]): string {
  return `${bannerComment(banner)}${recordTypes}
/** One problem ajv found (the first one: the validator stops there). */
export interface ConsentValidationError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

/** True when \`data\` is a well-formed consent record for this policy; see \`errors\` otherwise. */
export interface ConsentValidator {
  (data: unknown): data is ConsentRecord;
  errors: ConsentValidationError[] | null;
}

export declare const validate: ConsentValidator;
export default validate;
`;
}
