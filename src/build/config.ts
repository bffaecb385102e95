/**
 * `policyc.config.json`: reading it, validating it against `schema/policyc-config.schema.json`
 * (ajv, draft 2020-12, strict) and against what exists (emitter names, diagnostic codes), and
 * turning every problem into a PC9002 diagnostic that names the JSON path and what is expected
 * there ("`$.rules.PC3002` must be one of ...").
 *
 * Pipeline position: the first step of `policyc build`; `build.ts` consumes the result.
 */
import { lineColumn } from "../diagnostics/source.js";
import { readTextFile } from "../util/read-text.js";
import { shownPath } from "../util/shown-path.js";
import { EMITTER_NAMES } from "../emit/names.js";
import { missingTemplatesFolder } from "../emit/document/packs.js";
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { CATALOGUE, CATALOGUE_BY_NAME, CONSENT_PROOF_CODES, stopsCompile } from "../diagnostics/catalogue.js";
import { createDiagnostic, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Profile, SeveritySetting } from "../program.js";
import { suggest } from "../util/suggest.js";
import compiledValidator from "./config-validator.compiled.js";
import { nodeFs } from "./fs.js";
import { readErrorReason } from "../util/read-error.js";
import { jsonParseError, jsonSpan, withoutBom } from "../util/json-error.js";
import { wholeFile, type Span } from "../syntax/ast.js";

export const CONFIG_FILE = "policyc.config.json";

/** The configuration as written in the file (after validation). */
export interface ConfigFile {
  readonly inputs: readonly string[];
  readonly outDir: string;
  readonly emitters?: readonly string[];
  readonly templates?: string;
  readonly languages?: readonly string[];
  readonly profiles?: readonly Profile[];
  readonly rules?: Readonly<Record<string, SeveritySetting>>;
  readonly withSources?: boolean;
}

/** A validated configuration and where it came from. */
export interface BuildConfig extends ConfigFile {
  /** Absolute path of the configuration file, or null for one given in memory. */
  readonly path: string | null;
  /** The folder relative paths of the configuration are resolved against. */
  readonly root: string;
  /** Settings the command line gave over the file's (`withOverrides`): the banner's command repeats them. */
  readonly fromCommandLine?: { readonly templates: boolean; readonly withSources: boolean };
}

/**
 * Settings given on the command line (`--templates DIR`, `--with-sources`), which take
 * precedence over the configuration file's: applied after every load, including each reload of
 * a watch. `templates` is absolute (resolved from the working directory).
 */
export interface ConfigOverrides {
  readonly templates?: string;
  readonly withSources?: boolean;
}

/** The project's templates folder, absolute; undefined when the configuration names none. */
export function templatesDirOf(config: BuildConfig): string | undefined {
  return config.templates !== undefined ? resolve(config.root, config.templates) : undefined;
}

export function withOverrides(config: BuildConfig, overrides: ConfigOverrides): BuildConfig {
  const templates = overrides.templates !== undefined && overrides.templates !== templatesDirOf(config);
  const withSources = overrides.withSources === true && config.withSources !== true;
  return {
    ...config,
    ...(overrides.templates !== undefined ? { templates: overrides.templates } : {}),
    ...(overrides.withSources ? { withSources: true } : {}),
    ...(templates || withSources ? { fromCommandLine: { templates, withSources } } : {}),
  };
}

/**
 * A configuration, or why it cannot be used; `sources` holds the file's text under the name its
 * diagnostics' spans use, so that every output format can show where in the file.
 */
export type ConfigResult = (
  | { readonly config: BuildConfig; readonly diagnostics: readonly Diagnostic[] }
  | { readonly config: undefined; readonly diagnostics: readonly Diagnostic[] }
) & { readonly sources?: ReadonlyMap<string, string> };

/**
 * The schema's validator, generated ahead of time by ajv (standalone code; the test that keeps
 * it in sync with the schema also holds it to ajv's own run-time compilation), so that reading a
 * configuration loads neither ajv nor a schema compiler.
 */
const validate = compiledValidator as unknown as ValidateFunction;

/** The keys of a JSON pointer (`/rules/a~1b` -> `rules`, `a/b`). */
function pointerKeys(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((raw) => raw.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** `/rules/PC3002` as `$.rules.PC3002`, `/inputs/0` as `$.inputs[0]`. */
export function jsonPath(pointer: string): string {
  if (pointer === "") return "$";
  return (
    "$" +
    pointerKeys(pointer)
      .map((key) => (/^\d+$/.test(key) ? `[${key}]` : /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`))
      .join("")
  );
}

/** A JSON value as a message names it: `the string "x"`, `the number 3`, `a list`. */
export function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return `the string ${JSON.stringify(value)}`;
    case "number":
      return `the number ${value}`;
    case "boolean":
      return `\`${value}\``;
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

const EXPECTED_TYPE: Readonly<Record<string, string>> = {
  array: "a list",
  object: "an object",
  string: "a string",
  boolean: "`true` or `false`",
  number: "a number",
};

const KNOWN_PROPERTIES = ["$schema", "inputs", "outDir", "emitters", "templates", "languages", "profiles", "rules", "withSources"];

/** One message per ajv error, in the house style: the JSON path in backticks, then what is wrong. */
function describe(error: ErrorObject, data: unknown): string {
  const path = jsonPath(error.instancePath);
  const value = pointerKeys(error.instancePath).reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), data);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `\`${path}\` is missing \`${String(p["missingProperty"])}\`${
        p["missingProperty"] === "inputs" ? ' (a list of .policy files or patterns, e.g. ["policies/*.policy"])' : p["missingProperty"] === "outDir" ? ' (the folder to write to, e.g. "generated")' : ""
      }`;
    case "additionalProperties": {
      const name = String(p["additionalProperty"]);
      const close = path === "$" ? suggest(name, KNOWN_PROPERTIES) : undefined;
      return `\`${path}\` has an unknown property \`${name}\`${close ? `: did you mean \`${close}\`?` : path === "$" ? ` (the properties are ${KNOWN_PROPERTIES.slice(1).map((k) => `\`${k}\``).join(", ")})` : ""}`;
    }
    case "type": {
      const expected = String(p["type"]);
      return `\`${path}\` must be ${EXPECTED_TYPE[expected] ?? expected}, found ${typeOf(value)}${
        expected === "array" && typeof value === "string" ? `: write [${JSON.stringify(value)}]` : ""
      }`;
    }
    case "enum": {
      const allowed = (p["allowedValues"] as unknown[]).map((v) => JSON.stringify(v));
      const close = typeof value === "string" ? suggest(value, (p["allowedValues"] as unknown[]).map(String)) : undefined;
      return `\`${path}\` must be one of ${allowed.join(", ")}, found ${typeOf(value)}${close ? `: did you mean "${close}"?` : ""}`;
    }
    case "minItems":
      return `\`${path}\` must not be empty`;
    case "minLength":
      return `\`${path}\` must not be an empty string`;
    case "uniqueItems":
      return `\`${path}\` lists the same value twice (items ${String(p["j"])} and ${String(p["i"])})`;
    case "pattern":
      return path.startsWith("$.languages")
        ? `\`${path}\` must be a language tag such as "en" or "pt-BR", found ${typeOf(value)}`
        : String(p["pattern"]).includes("\\u0000")
          ? `\`${path}\` is a path and cannot hold a NUL character (\\u0000)`
          : `\`${path}\` must match ${String(p["pattern"])}, found ${typeOf(value)}`;
    case "propertyNames":
      return `\`${path}\` has a key that is neither a diagnostic code (PC3002) nor a name (unused-category): ${JSON.stringify(p["propertyName"])}`;
    default:
      return `\`${path}\` ${error.message ?? "is invalid"}`;
  }
}

/** Where in the configuration a problem is: a JSON path, at the key itself (`key`) or at its value. */
interface ConfigPlace {
  readonly path: readonly string[];
  readonly key?: boolean;
}

/** Problems found in the configuration's data, each with its place when it has one. */
const places = new WeakMap<Diagnostic, ConfigPlace>();

function invalid(detail: string, at?: ConfigPlace): Diagnostic {
  const d = createDiagnostic("PC9002", { detail }, undefined);
  if (at) places.set(d, at);
  return d;
}

/** Where an ajv error points: the unknown or misnamed key itself, else the value at its path. */
function placeOf(error: ErrorObject): ConfigPlace {
  const path = pointerKeys(error.instancePath);
  const p = error.params as Record<string, unknown>;
  if (error.keyword === "additionalProperties") return { path: [...path, String(p["additionalProperty"])], key: true };
  if (error.keyword === "propertyNames" && typeof p["propertyName"] === "string") return { path: [...path, p["propertyName"]], key: true };
  return { path };
}

/** The span of a place in the configuration's text, or undefined when it is not found. */
function spanOf(text: string, file: string, at: ConfigPlace): Span | undefined {
  const span = jsonSpan(text, at.path, at.key);
  return span ? { file, ...span } : undefined;
}

/**
 * Checks a parsed configuration: the schema, then names the schema cannot know (emitters,
 * diagnostic codes). `emitterNames` default to `EMITTER_NAMES`, so that `check` and `fmt`, which
 * load no emitter, refuse the configurations `build` refuses.
 */
export function validateConfig(data: unknown, emitterNames: readonly string[] = EMITTER_NAMES): { config?: ConfigFile; diagnostics: Diagnostic[] } {
  if (!validate(data)) {
    // `propertyNames` failures also raise a generic error at the object itself: keep the specific one.
    // A value outside an `enum` is also of the wrong type when the enum says `type`: the enum's
    // message (the allowed values and what was found) says both.
    const enums = new Set((validate.errors ?? []).filter((e) => e.keyword === "enum").map((e) => e.instancePath));
    // A key that fails `propertyNames` also fails its pattern, reported at the object as if the
    // object failed it ("`$.rules` must match ..., found an object"): the `propertyNames` error,
    // which names the key, says it.
    const errors = (validate.errors ?? []).filter(
      (e) =>
        !(e.keyword === "propertyNames" && e.params && !("propertyName" in e.params)) &&
        !(e.keyword === "type" && enums.has(e.instancePath)) &&
        !(e.propertyName !== undefined && e.keyword !== "propertyNames"),
    );
    const seen = new Set<string>();
    const diagnostics: Diagnostic[] = [];
    for (const e of errors) {
      const message = describe(e, data);
      if (seen.has(message)) continue;
      seen.add(message);
      diagnostics.push(invalid(message, placeOf(e)));
    }
    return { diagnostics };
  }
  const config = data as ConfigFile;
  const diagnostics: Diagnostic[] = [];
  (config.emitters ?? []).forEach((name, i) => {
    if (emitterNames.includes(name)) return;
    const close = suggest(name, emitterNames);
    diagnostics.push(
      invalid(`\`$.emitters[${i}]\` is not an emitter: ${JSON.stringify(name)}${close ? `; did you mean "${close}"?` : ""} (the emitters are ${emitterNames.map((n) => `"${n}"`).join(", ")})`, {
        path: ["emitters", String(i)],
      }),
    );
  });
  const ruleKeyOf = new Map<string, string>(); // code -> the first key that set it
  for (const key of Object.keys(config.rules ?? {})) {
    const info = CATALOGUE.get(key) ?? CATALOGUE_BY_NAME.get(key);
    if (info) {
      // `PC3002` and `unused-category` are one diagnostic: two settings for it, one silently winning, is a mistake
      const first = ruleKeyOf.get(info.code);
      if (first !== undefined) diagnostics.push(invalid(`\`${jsonPath(`/rules/${key}`)}\` and \`${jsonPath(`/rules/${first}`)}\` both set ${info.code} (${info.name}): keep one`, { path: ["rules", key], key: true }));
      else ruleKeyOf.set(info.code, key);
      // Syntax and name errors stop the compile: a setting that claims to change them would be ignored.
      const value = config.rules?.[key];
      if (stopsCompile(info.code) && value !== "error") {
        diagnostics.push(invalid(`\`${jsonPath(`/rules/${key}`)}\` cannot change ${info.code} (${info.name}): syntax and name errors are always errors`, { path: ["rules", key] }));
      } else if (info.code.startsWith("PC9") && value !== "error") {
        diagnostics.push(invalid(`\`${jsonPath(`/rules/${key}`)}\` cannot change ${info.code} (${info.name}): the tool's own findings (a file it cannot read, a stale output) always stop the command`, { path: ["rules", key] }));
      } else if (CONSENT_PROOF_CODES.has(info.code) && value !== "error") {
        diagnostics.push(invalid(`\`${jsonPath(`/rules/${key}`)}\` cannot change ${info.code} (${info.name}): the guards accept an earlier version's consent records only when the proof holds`, { path: ["rules", key] }));
      }
      continue;
    }
    // only what a configuration can set: not a syntax or name error, nor the consent proof
    const settable = [...CATALOGUE.values()].filter((c) => !stopsCompile(c.code) && !CONSENT_PROOF_CODES.has(c.code) && !c.code.startsWith("PC9"));
    const close = suggest(key, /^PC\d/.test(key) ? settable.map((c) => c.code) : settable.map((c) => c.name));
    diagnostics.push(invalid(`\`${jsonPath(`/rules/${key}`)}\` names no diagnostic${close ? `: did you mean "${close}"?` : ""}`, { path: ["rules", key], key: true }));
  }
  return diagnostics.length > 0 ? { diagnostics } : { config, diagnostics };
}

/** How deep a configuration's arrays and objects may nest (it needs three levels). */
const MAX_CONFIG_DEPTH = 32;

const tooDeep = (shownAs: string): string => `${shownAs} nests arrays or objects more than ${MAX_CONFIG_DEPTH} levels deep: a configuration has a few levels (see the schema)`;

/** How deep arrays and objects nest in a JSON value, without recursion. */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (d + 1 > max) max = d + 1;
    if (max > MAX_CONFIG_DEPTH) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** Parses configuration text; `path` is shown in messages. */
export function parseConfig(text: string, path: string, emitterNames?: readonly string[], shownAs: string = path): ConfigResult {
  const sources = new Map([[shownAs, text]]);
  let data: unknown;
  try {
    // a byte order mark (Notepad writes one) is no part of the JSON
    data = JSON.parse(withoutBom(text).json);
  } catch (error) {
    if (error instanceof RangeError) {
      // nested so deep that the parser's stack ran out
      return { config: undefined, diagnostics: [createDiagnostic("PC9002", { detail: tooDeep(shownAs) }, wholeFile(shownAs))], sources };
    }
    // the span says where, as an editor does
    const { message: what, offset } = jsonParseError(error, text);
    const span = offset !== undefined ? { file: shownAs, start: offset, end: Math.min(text.length, offset + 1) } : wholeFile(shownAs);
    return { config: undefined, diagnostics: [createDiagnostic("PC9002", { detail: `${shownAs} is not valid JSON: ${what}` }, span)], sources };
  }
  // what JSON.parse lets pass: bytes that were not UTF-8 (a folder named `o\uFFFD`), and a key
  // given twice, of which it keeps the last without a word (a merge that kept both sides)
  const bad = text.indexOf("\uFFFD");
  if (bad >= 0) {
    const detail = `${shownAs} has bytes here that are not valid UTF-8 (read as U+FFFD): save it as UTF-8`;
    return { config: undefined, diagnostics: [createDiagnostic("PC9002", { detail }, { file: shownAs, start: bad, end: bad + 1 })], sources };
  }
  // a configuration is a few levels deep; thousands of nested brackets would exhaust the stack of
  // the checks below
  if (depthOf(data) > MAX_CONFIG_DEPTH) return { config: undefined, diagnostics: [createDiagnostic("PC9002", { detail: tooDeep(shownAs) }, wholeFile(shownAs))], sources };
  const twice = duplicateKey(text);
  if (twice) {
    const { line } = lineColumn(text, twice.first);
    const detail = `${shownAs} sets \`${twice.key}\` twice in one object (first at line ${line}), and JSON keeps only the last: delete one`;
    return { config: undefined, diagnostics: [createDiagnostic("PC9002", { detail }, { file: shownAs, start: twice.at, end: twice.end })], sources };
  }
  const checked = validateConfig(data, emitterNames);
  // each problem at its place in the file, or the file as a whole
  const diagnostics = checked.diagnostics.map((d) => {
    const at = places.get(d);
    const span = (at && spanOf(text, shownAs, at)) ?? wholeFile(shownAs);
    return { ...d, span };
  });
  const sorted = sortDiagnostics(diagnostics);
  if (!checked.config) return { config: undefined, diagnostics: sorted, sources };
  const abs = resolve(path);
  return { config: { ...checked.config, path: abs, root: dirname(abs) }, diagnostics: sorted, sources };
}

/** Reads and validates the configuration file at `path` (absolute, or relative to `cwd`). */
export function loadConfig(path: string, cwd: string, emitterNames?: readonly string[]): ConfigResult {
  const abs = resolve(cwd, path);
  let text: string;
  try {
    text = readTextFile(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = readErrorReason(error);
    const hint = code === "ENOENT" && path === CONFIG_FILE ? " (run `policyc init` to create one, or pass --config)" : "";
    return { config: undefined, diagnostics: [createDiagnostic("PC9001", { path: `\`${path}\`: ${reason}${hint}` }, wholeFile(path))] };
  }
  return parseConfig(text, abs, emitterNames, shownPath(abs, cwd));
}


/**
 * The configuration's problems that stop a build before it compiles anything: input patterns
 * that matched no file (`unmatched`, from `inputFiles`) and a templates folder that is not there.
 * `policyc check` reports them the same way.
 */
export function configProblems(config: BuildConfig, cwd: string, unmatched: readonly string[]): Diagnostic[] {
  const problems = unmatched.map((pattern) => {
    // a folder is no input: the files in it are (as `check` says of a folder on its command line)
    const folder = !/[*?[{]/.test(pattern) && nodeFs.isDirectory(resolve(config.root, pattern));
    const help = folder ? { help: `\`${pattern}\` is a folder: name the files in it, \`${pattern.replace(/[\\/]+$/, "")}/*.policy\`` } : {};
    return createDiagnostic("PC9004", { pattern: `\`${pattern}\``, root: shownPath(config.root, cwd) }, undefined, help);
  });
  const templatesDir = templatesDirOf(config);
  const missing = templatesDir === undefined ? undefined : missingTemplatesFolder(templatesDir, cwd);
  if (missing) problems.push(missing);
  return problems;
}

/**
 * The first key that an object of \`json\` (valid JSON) gives twice: its text, where it is given
 * the second time (offsets of the quoted key) and the first.
 */
export function duplicateKey(json: string): { key: string; at: number; end: number; first: number } | undefined {
  // per open object its keys (with where each was first given); null for an array
  const stack: (Map<string, number> | null)[] = [];
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === "{") stack.push(new Map());
    else if (c === "[") stack.push(null);
    else if (c === "}" || c === "]") stack.pop();
    else if (c === '"') {
      const start = i;
      for (i++; i < json.length && json[i] !== '"'; i++) if (json[i] === "\\") i++;
      const end = i + 1;
      let j = end;
      while (j < json.length && /\s/.test(json[j]!)) j++;
      const keys = stack[stack.length - 1];
      if (json[j] !== ":" || !keys) continue;
      const key = JSON.parse(json.slice(start, end)) as string;
      const first = keys.get(key);
      if (first !== undefined) return { key, at: start, end, first };
      keys.set(key, start);
    }
  }
  return undefined;
}
