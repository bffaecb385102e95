/**
 * The diff for people (Markdown fit for a "what changed in our privacy policy" notice: grouped
 * by what the reader must do, each change one sentence, its id in an HTML comment for reviewers)
 * and for programs (JSON, versioned).
 */
import { CHANGE_CLASSES, type Change, type ChangeClass } from "./changes.js";
import { md } from "./compare-text.js";
import type { DiffResult } from "./diff.js";
import { terminalSafeJson } from "../diagnostics/formats/json.js";
import { escapeControls } from "../diagnostics/render.js";

const HEADINGS: Readonly<Record<ChangeClass, { title: string; intro: string }>> = {
  reconsent: {
    title: "Changes that need your consent",
    intro: "These changes go beyond what you agreed to. We will ask for your consent before they apply to you.",
  },
  notice: {
    title: "Changes to how we handle your personal data",
    intro: "",
  },
  editorial: {
    title: "Editorial changes",
    intro: "These change the wording only, not what we do with your data.",
  },
};

type OkDiff = Extract<DiffResult, { ok: true }>;

/**
 * A file name or revision as inline code that stays one: on one line (a name with a line break
 * would start a heading or a bullet of its own), control characters escaped, fenced by more
 * backticks than it holds in a row.
 */
function codeSpan(text: string): string {
  const t = escapeControls(text.replace(/[\r\n]+/g, " "));
  const longest = Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = t.startsWith("`") || t.endsWith("`") ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

export function renderMarkdown(result: OkDiff): string {
  const { before, after, changes } = result;
  const out: string[] = [`# What changed in ${md(after.title)}`, ""];
  const version = (v: OkDiff["before"]) => `${codeSpan(v.spec)}${v.version ? ` (version ${md(v.version)})` : ""}`;
  out.push(`Comparing ${version(before)} with ${version(after)}.`, "");
  if (changes.length === 0) {
    out.push(before.hash === after.hash ? "The two versions mean exactly the same: nothing changed." : "Nothing that this notice covers changed.", "");
    return out.join("\n");
  }
  for (const cls of CHANGE_CLASSES) {
    const group = changes.filter((c) => c.class === cls);
    if (group.length === 0) continue;
    out.push(`## ${HEADINGS[cls].title}`, "");
    if (HEADINGS[cls].intro) out.push(HEADINGS[cls].intro, "");
    for (const c of group) out.push(`- ${c.summary} <!-- ${c.id} -->`);
    out.push("");
  }
  return out.join("\n");
}

export interface JsonDiff {
  readonly version: 1;
  readonly before: OkDiff["before"];
  readonly after: OkDiff["after"];
  readonly highest: ChangeClass | null;
  readonly consentRecords: "current" | "stale";
  readonly summary: Readonly<Record<ChangeClass, number>>;
  readonly changes: readonly Change[];
}

export function toJsonDiff(result: OkDiff): JsonDiff {
  const summary = { reconsent: 0, notice: 0, editorial: 0 };
  for (const c of result.changes) summary[c.class]++;
  return { version: 1, before: result.before, after: result.after, highest: result.highest, consentRecords: result.consentRecords, summary, changes: result.changes };
}

export function renderJson(result: OkDiff): string {
  return terminalSafeJson(toJsonDiff(result));
}
