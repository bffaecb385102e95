/**
 * Helpers for the guards emitter tests: compiling policies (the xiaomi example, random and
 * hostile ones held in memory), writing the emitted files to a scratch folder inside the
 * repository (so that generated TypeScript resolves vitest and fast-check) and importing them.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type * as TS from "typescript";
import { afterAll } from "vitest";
import { compile } from "../../../src/program.js";
import type { PolicyModel } from "../../../src/model/types.js";
import type { EmittedFile } from "../../../src/emit/types.js";
import { consentFiles, guardsFiles } from "../../../src/emit/guards/index.js";
import { buildDecisionTable, type DecisionTable } from "../../../src/semantics/table.js";
import { defaultBanner } from "../../../src/build/build.js";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = join(HERE, "..", "..", "..");
/** The banner `policyc build` writes, so the xiaomi baselines are the files in generated/xiaomi/. */
export const BANNER = defaultBanner("examples/xiaomi.policy");

export interface Compiled {
  readonly model: PolicyModel;
  readonly table: DecisionTable;
}

let xiaomi: Compiled | undefined;
/** The xiaomi example, compiled once per test file. */
export function compileXiaomi(): Compiled {
  if (!xiaomi) {
    const r = compile("examples/xiaomi.policy", { cwd: REPO });
    if (!r.model) throw new Error("xiaomi.policy does not compile: " + r.diagnostics.map((d) => d.message).join("; "));
    xiaomi = { model: r.model, table: r.table() ?? buildDecisionTable(r.model) };
  }
  return xiaomi;
}

/** Compiles a self-contained policy text (no imports); throws on errors that stop the model. */
export function compilePolicyText(text: string, file = "random.policy"): Compiled {
  const r = compile(`/virtual-guards/${file}`, {
    cwd: "/virtual-guards",
    rootText: text,
    host: { readFile: () => undefined },
  });
  const errors = r.diagnostics.filter((d) => d.severity === "error" && /^PC[12]/.test(d.code));
  if (!r.model || errors.length > 0) {
    throw new Error(`policy does not compile:\n${errors.map((d) => `${d.code} ${d.message}`).join("\n")}\n${text}`);
  }
  return { model: r.model, table: buildDecisionTable(r.model) };
}

/** Every emitted file of both emitters. */
export function emitAll(c: Compiled, banner: readonly string[] = BANNER): EmittedFile[] {
  return [...consentFiles(c.model, banner), ...guardsFiles(c.model, banner, c.table)];
}

const scratches: string[] = [];
afterAll(() => {
  for (const dir of scratches.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A scratch folder under test/emit/guards/.tmp (inside the repository, so that generated code resolves its packages), removed after the test file. */
export function scratch(name: string): string {
  const dir = join(HERE, ".tmp", `${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir, { recursive: true });
  scratches.push(dir);
  return dir;
}

/**
 * Writes files into `dir`. `invariants.test.ts` is renamed `invariants.generated.ts` so that no
 * test runner collects it on its own; the tests import it instead.
 */
export function writeFiles(dir: string, files: readonly EmittedFile[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const path = f.path === "invariants.test.ts" ? "invariants.generated.ts" : f.path;
    writeFileSync(join(dir, path), f.content);
  }
}

export function file(files: readonly EmittedFile[], path: string): string {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no emitted file ${path}`);
  return f.content;
}

/** The generated guards module's exports the tests use, typed loosely (ids are plain strings). */
export interface GuardsModule {
  readonly POLICY_ID: string;
  readonly CONSENT_HASH: string;
  readonly CATEGORIES: readonly string[];
  readonly PURPOSES: readonly string[];
  readonly RECIPIENTS: readonly string[];
  readonly ATOMS: readonly string[];
  readonly CATEGORY_LABELS: Readonly<Record<string, string>>;
  readonly PURPOSE_LABELS: Readonly<Record<string, string>>;
  readonly RECIPIENT_LABELS: Readonly<Record<string, string>>;
  readonly POLICY_TITLE: string;
  readonly DEFAULT_DENY: GuardDecision;
  readonly REFUSALS: Readonly<Record<string, GuardDecision>>;
  decide(action: unknown, category: unknown, purpose: unknown, recipient: unknown, ctx: unknown): GuardDecision;
  decideFacts(action: unknown, category: unknown, purpose: unknown, recipient: unknown, facts: readonly string[]): GuardDecision;
  mayCollect(category: unknown, purpose: unknown, ctx: unknown): GuardDecision;
  mayUse(category: unknown, purpose: unknown, ctx: unknown): GuardDecision;
  mayProcess(category: unknown, purpose: unknown, ctx: unknown): GuardDecision;
  mayShare(category: unknown, recipient: unknown, purpose: unknown, ctx: unknown): GuardDecision;
  maySell(category: unknown, recipient: unknown, purpose: unknown, ctx: unknown): GuardDecision;
  mayTransfer(category: unknown, recipient: unknown, purpose: unknown, ctx: unknown): GuardDecision;
  canShare(category: unknown, recipient: unknown, purpose: unknown, ctx: unknown): boolean;
  canUse(category: unknown, purpose: unknown, ctx: unknown): boolean;
  prepareContext(ctx: unknown): object;
  factsOf(purpose: unknown, recipient: unknown, ctx: unknown): string[] | null;
  isConsentRecord(x: unknown): boolean;
  consentRecordStatus(x: unknown): string;
  isCategory(x: unknown): boolean;
  isPurpose(x: unknown): boolean;
  isRecipient(x: unknown): boolean;
  isAction(x: unknown): boolean;
  retentionOf(category: unknown): { limitDays: number | null; from: string | null; rules: readonly { id: string; criteria: readonly string[]; from: string | null; limitDays: number | null }[] } | null;
  isExpired(category: unknown, collectedAt: unknown, now?: unknown): boolean;
}

export interface GuardDecision {
  readonly allowed: boolean;
  readonly reason: string;
  readonly rule: string | null;
  readonly ruleId: string | null;
}

/** Imports a module by absolute path (vitest transforms TypeScript; `.js` is loaded as is). */
export async function importFile<T>(path: string): Promise<T> {
  return (await import(/* @vite-ignore */ path)) as T;
}

const ts = createRequire(import.meta.url)("typescript") as typeof TS;

/**
 * tsc --strict --noEmit over `files`, through the compiler API, with the strictest options a
 * user's project may set: `file(line): message` for each problem.
 */
export function typeCheck(files: readonly string[]): string[] {
  const options: TS.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noImplicitOverride: true,
    noFallthroughCasesInSwitch: true,
    verbatimModuleSyntax: true,
    skipLibCheck: true,
    types: [],
  };
  const program = ts.createProgram([...files], options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1})` : "";
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}
