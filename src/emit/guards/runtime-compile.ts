/**
 * Compiles the fixed runtime of guards.ts (runtime.ts) to JavaScript and declarations with
 * TypeScript, and renders `runtime.compiled.ts`, the committed result. The emitter uses the
 * committed result, so building guards needs no TypeScript; the baselines test recompiles and
 * fails when the committed file is stale (`npm run baselines` rewrites it).
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type * as TS from "typescript";
import { PRELUDE_TS, RUNTIME_TS } from "./runtime.js";
import { lit } from "./text.js";

export interface CompiledPart {
  readonly ts: string;
  readonly js: string;
  readonly dts: string;
}

/** Identifies the runtime source a compiled copy was made from. */
export function runtimeSourceHash(): string {
  return "sha256:" + createHash("sha256").update(PRELUDE_TS).update("\0").update(RUNTIME_TS).digest("hex");
}

let typescript: typeof TS | undefined;
/** TypeScript, loaded on first use (it is large, and a development dependency). */
function ts(): typeof TS {
  return (typescript ??= createRequire(import.meta.url)("typescript") as typeof TS);
}

/** One fixed part of guards.ts compiled to JavaScript and declarations. */
export function compilePart(source: string): CompiledPart {
  const t = ts();
  const base = {
    target: t.ScriptTarget.ES2022,
    module: t.ModuleKind.ESNext,
    moduleDetection: t.ModuleDetectionKind.Force,
    removeComments: false,
    strict: true,
  };
  const js = t.transpileModule(source, { compilerOptions: base, fileName: "guards.ts", reportDiagnostics: true });
  const dts = t.transpileDeclaration(source, {
    compilerOptions: { ...base, declaration: true, isolatedDeclarations: true },
    fileName: "guards.ts",
    reportDiagnostics: true,
  });
  const problems = [...(js.diagnostics ?? []), ...(dts.diagnostics ?? [])];
  if (problems.length > 0) {
    const text = problems.map((d) => t.flattenDiagnosticMessageText(d.messageText, "\n")).join("\n");
    throw new Error(`internal: the guards runtime does not compile:\n${text}`);
  }
  // a part without imports or exports of values still ends in `export {};`: the file has its own
  const strip = (s: string) => s.replace(/\nexport \{\};\s*$/, "\n");
  return { ts: source, js: strip(js.outputText), dts: strip(dts.outputText) };
}

/** The text of runtime.compiled.ts. */
export function compiledRuntimeModule(): string {
  const prelude = compilePart(PRELUDE_TS);
  const runtime = compilePart(RUNTIME_TS);
  return `// Generated from runtime.ts by test/emit/guards/baselines.test.ts. Do not edit.
// Regenerate: npm run baselines
/** The fixed runtime of guards.ts, compiled by TypeScript ${ts().version}. */
export const RUNTIME_SOURCE_HASH = ${lit(runtimeSourceHash())};
export const PRELUDE_JS = ${lit(prelude.js)};
export const PRELUDE_DTS = ${lit(prelude.dts)};
export const RUNTIME_JS = ${lit(runtime.js)};
export const RUNTIME_DTS = ${lit(runtime.dts)};
`;
}
