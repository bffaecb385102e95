/**
 * `--format sarif`: SARIF 2.1.0 (OASIS), the format code-scanning services read. One run; the
 * tool's rules are the whole diagnostics catalogue (so `ruleIndex` is stable across runs), each
 * with its description, fix and a `helpUri` into the diagnostics reference; results carry the
 * rule, level, message and the span as a region (1-based lines and columns, UTF-16 code units,
 * end column exclusive, as SARIF counts them); one without a span (about the project) is placed
 * in the configuration file, without a region, since code scanning refuses a result without a
 * location.
 *
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html. The test suite
 * validates this output against the official JSON schema (test/fixtures/sarif-schema-2.1.0.json).
 */
import { shownPath } from "../../util/shown-path.js";
import { isAbsolute, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Span } from "../../syntax/ast.js";
import { STDLIB_DIR } from "../../semantics/loader.js";
import { ALL_CODES, type CodeInfo } from "../catalogue.js";
import type { Diagnostic, Severity } from "../diagnostic.js";
import { Positions, terminalSafeJson } from "./json.js";

export interface SarifOptions {
  /** The directory artifact URIs are relative to (`%SRCROOT%`). */
  readonly cwd: string;
  readonly toolVersion: string;
  /** The diagnostics reference (`docs/diagnostics.md`) as an absolute URI; anchors are appended. */
  readonly docsUri: string;
  /**
   * The file a diagnostic about the project as a whole is placed in (a language without a
   * wording pack, an input that matches no file): \`policyc.config.json\` unless given. Code
   * scanning (GitHub's upload) rejects a whole report when one result has no location.
   */
  readonly projectFile?: string;
}

/** The GitHub-style anchor of a code's heading in docs/diagnostics.md (`### PC1001 \`name\` (error)`). */
export function docsAnchor(info: CodeInfo): string {
  return slug(`${info.code} \`${info.name}\` (${info.severity})`);
}

/** GitHub's heading slug: lowercase, punctuation other than `-` and `_` dropped, spaces to `-`. */
export function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

const LEVEL: Readonly<Record<Severity, "error" | "warning" | "note">> = { error: "error", warning: "warning", info: "note" };

/** A file's URI relative to `cwd`; the standard library's display name `std/x` maps to the shipped file. */
function artifactUri(file: string, cwd: string): string {
  const path = file.startsWith("std/") ? `${STDLIB_DIR}${sep}${file.slice(4)}` : file;
  if (!isAbsolute(path)) return encodePath(path);
  const rel = shownPath(path, cwd);
  return isAbsolute(rel) ? pathToFileURL(path).href : encodePath(rel);
}

/** An absolute `file:` URI stands alone; a relative one is relative to %SRCROOT% (the working directory). */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const uri = artifactUri(file, cwd);
  return uri.startsWith("file:") ? { uri } : { uri, uriBaseId: "%SRCROOT%" };
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

export function toSarif(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, options: SarifOptions): object {
  const positions = new Positions(sources);
  const ruleIndex = new Map(ALL_CODES.map((c, i) => [c.code, i]));

  const location = (span: Span) => {
    const { start, end } = positions.range(span);
    const region =
      start && end
        ? {
            startLine: start.line,
            startColumn: start.column,
            endLine: end.line,
            endColumn: end.column,
            charOffset: start.offset,
            charLength: end.offset - start.offset,
          }
        : undefined;
    return {
      physicalLocation: {
        artifactLocation: artifactLocation(span.file, options.cwd),
        ...(region ? { region } : {}),
      },
    };
  };

  const rules = ALL_CODES.map((c) => ({
    id: c.code,
    name: c.name,
    shortDescription: { text: c.message.replace(/\{(\w+)\}/g, "…") },
    fullDescription: { text: c.description },
    help: {
      text: `${c.description}\n\nHow to fix: ${c.fix}`,
      markdown: `${c.description}\n\nExample:\n\n\`\`\`policy\n${c.example}\n\`\`\`\n\nHow to fix: ${c.fix}${c.law ? `\n\nLaw: ${c.law}` : ""}`,
    },
    helpUri: `${options.docsUri}#${docsAnchor(c)}`,
    defaultConfiguration: { level: LEVEL[c.severity] },
    properties: { tags: [c.code.slice(0, 3) + "xxx"] },
  }));

  const results = diagnostics.map((d) => {
    const index = ruleIndex.get(d.code);
    return {
      ruleId: d.code,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: LEVEL[d.severity],
      message: { text: d.help ? `${d.message}\nhelp: ${d.help}` : d.message },
      locations: [d.span ? location(d.span) : { physicalLocation: { artifactLocation: artifactLocation(options.projectFile ?? "policyc.config.json", options.cwd) } }],
      ...(d.related.length > 0
        ? { relatedLocations: d.related.map((r, i) => ({ id: i, message: { text: r.message }, ...location(r.span) })) }
        : {}),
    };
  });

  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "policyc",
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: options.docsUri,
            rules,
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(options.cwd).href.replace(/\/?$/, "/") } },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

export function formatSarif(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, options: SarifOptions): string {
  return terminalSafeJson(toSarif(diagnostics, sources, options));
}
