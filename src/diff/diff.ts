/**
 * `policyc diff` without the command line: compile two versions of a policy and compare what
 * they mean (compare.ts). Problems in either version are returned as diagnostics, and then there
 * are no changes to report.
 */
import { dedupeDiagnostics, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { PolicyModel } from "../model/types.js";
import type { Span } from "../syntax/ast.js";
import { compile, type CompileOptions } from "../program.js";
import { highestClass, type Change, type ChangeClass } from "./changes.js";
import { diffModels, recordsStayCurrent, droppedAcceptances } from "./compare.js";
import { readVersion, type PolicyVersion } from "./source.js";

export interface VersionSummary {
  /** As given on the command line. */
  readonly spec: string;
  readonly title: string;
  readonly version: string | null;
  /** The `effective` date, as written (`2026-03-01`). */
  readonly effective: string | null;
  readonly hash: string;
  readonly consentHash: string;
}

export type DiffResult =
  | {
      readonly ok: true;
      readonly before: VersionSummary;
      readonly after: VersionSummary;
      /** Most serious first. */
      readonly changes: readonly Change[];
      /** The most serious class, or null when nothing changed. */
      readonly highest: ChangeClass | null;
      /**
       * Whether consent records given under the old version are current under the new one: the
       * same `consentHash`, or one the new version accepts (`accepts_consent_from`); else stale.
       */
      readonly consentRecords: "current" | "stale";
      /** Warnings of the two compilations (errors make the result not ok). */
      readonly diagnostics: readonly Diagnostic[];
      readonly sources: ReadonlyMap<string, string>;
    }
  | {
      readonly ok: false;
      readonly diagnostics: readonly Diagnostic[];
      readonly sources: ReadonlyMap<string, string>;
    };

export interface DiffOptions extends Pick<CompileOptions, "profiles" | "severities"> {
  /** The folder paths are relative to (default: the process's). */
  readonly cwd?: string;
}

function summary(spec: string, model: PolicyModel): VersionSummary {
  return { spec, title: model.header.title.text, version: model.header.version, effective: model.header.effective, hash: model.hash, consentHash: model.consentHash };
}

/** Compares two compiled versions. */
export function diffVersions(before: PolicyVersion, after: PolicyVersion, options: DiffOptions = {}): DiffResult {
  const cwd = options.cwd ?? process.cwd();
  const common = { cwd, ...(options.profiles ? { profiles: options.profiles } : {}), ...(options.severities ? { severities: options.severities } : {}) };
  const a = compile(before.path, { ...common, host: before.host, rootText: before.text });
  const b = compile(after.path, { ...common, host: after.host, rootText: after.text });
  // A file of a revision (`HEAD~1:x.policy`) is shown as `REV:name`, with its own text: an error
  // there is not at that line of the working file, unless the other version is the working file
  // with the same text (then its name is the truth). Two working files of one name and different
  // texts cannot be, but for the root given as text: the old one is `before:name`.
  const renamedA = new Map<string, string>();
  const renamedB = new Map<string, string>();
  const ours = (name: string) => !name.startsWith("std/");
  for (const [name, text] of a.sources) {
    if (!ours(name)) continue;
    const other = b.sources.get(name);
    if (before.rev !== undefined) {
      if (!(after.rev === undefined && other === text)) renamedA.set(name, `${before.rev}:${name}`);
    } else if (after.rev === undefined && other !== undefined && other !== text) renamedA.set(name, `before:${name}`);
  }
  for (const [name, text] of b.sources) {
    if (ours(name) && after.rev !== undefined && !(before.rev === undefined && a.sources.get(name) === text)) renamedB.set(name, `${after.rev}:${name}`);
  }
  const renaming = (renamed: ReadonlyMap<string, string>) => (span: Span | undefined): Span | undefined =>
    span && renamed.has(span.file) ? { ...span, file: renamed.get(span.file)! } : span;
  const relabel = (diagnostics: readonly Diagnostic[], renamed: ReadonlyMap<string, string>) => {
    if (renamed.size === 0) return diagnostics;
    const rename = renaming(renamed);
    return diagnostics.map((d) => ({ ...d, span: rename(d.span), related: d.related.map((r) => ({ ...r, span: rename(r.span)! })) }));
  };
  const sources = new Map([
    ...[...a.sources].map(([name, text]) => [renamedA.get(name) ?? name, text] as const),
    ...[...b.sources].map(([name, text]) => [renamedB.get(name) ?? name, text] as const),
  ]);
  // one revision given twice reports each finding once
  const diagnostics = sortDiagnostics(dedupeDiagnostics([...relabel(a.diagnostics, renamedA), ...relabel(b.diagnostics, renamedB)]));
  const ta = a.table();
  const tb = b.table();
  if (!a.model || !b.model || diagnostics.some((d) => d.severity === "error") || !ta || !tb) return { ok: false, diagnostics, sources };
  // the same meaning (the model's hash covers all a notice speaks of): nothing to compare cell by cell
  const changes = a.model.hash === b.model.hash ? [] : diffModels(a.model, b.model, { before: ta, after: tb });
  return {
    ok: true,
    before: summary(before.spec, a.model),
    after: summary(after.spec, b.model),
    changes,
    highest: highestClass(changes) ?? null,
    consentRecords: recordsStayCurrent(a.model, b.model) && droppedAcceptances(a.model, b.model).length === 0 ? "current" : "stale",
    diagnostics,
    sources,
  };
}

/** Reads (files or `REV:path`) and compares two versions; throws `VersionError` when one cannot be read. */
export function diffPolicies(before: string, after: string, options: DiffOptions = {}): DiffResult {
  const cwd = options.cwd ?? process.cwd();
  return diffVersions(readVersion(before, cwd), readVersion(after, cwd), options);
}
