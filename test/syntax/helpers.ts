/** Shared helpers of the syntax tests: fixture discovery and a stable, readable AST dump. */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LineMap } from "../../src/diagnostics/source.js";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "syntax");

export interface Fixture {
  /** File name without `.policy`. */
  readonly name: string;
  /** The path used in spans and diagnostics: relative to the repository, so baselines are portable. */
  readonly path: string;
  readonly text: string;
}

export function fixtures(kind: "valid" | "invalid"): Fixture[] {
  const dir = join(FIXTURES, kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".policy"))
    .sort()
    .map((f) => ({
      name: f.slice(0, -".policy".length),
      path: `test/fixtures/syntax/${kind}/${f}`,
      text: readFileSync(join(dir, f), "utf8"),
    }));
}

/**
 * The AST as indented JSON, with each span shown as `line:col-line:col` (end exclusive) and
 * without the file path, which is the same everywhere and only adds noise to the baseline.
 */
export function dumpAst(ast: unknown, text: string): string {
  const map = new LineMap(text);
  const pos = (offset: number): string => {
    const p = map.position(offset);
    return `${p.line}:${p.column}`;
  };
  return `${JSON.stringify(
    ast,
    (key, value: unknown) => {
      if (key === "path" && typeof value === "string" && value.endsWith(".policy") && value.startsWith("test/")) return undefined;
      if ((key === "span" || key === "pathSpan") && value && typeof value === "object") {
        const s = value as { start: number; end: number };
        return `${pos(s.start)}-${pos(s.end)}`;
      }
      if (key === "target" && typeof value === "number") return pos(value);
      return value;
    },
    2,
  )}\n`;
}
