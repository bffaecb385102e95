/**
 * Every node has a span inside its file, and the span of every child lies inside the span of its
 * parent: the invariant that lets later phases point at any part of a declaration.
 */
import { describe, expect, it } from "vitest";
import type { Span } from "../../src/syntax/ast.js";
import { parseSource } from "../../src/syntax/parse.js";
import { fixtures } from "./helpers.js";

interface Violation {
  readonly path: string;
  readonly problem: string;
}

function isNode(value: unknown): value is { kind: string; span: Span } {
  return typeof value === "object" && value !== null && "kind" in value && "span" in value;
}

/** Walks any AST generically: every object with a `kind` and a `span` is a node. */
function checkSpans(node: unknown, file: string, length: number): Violation[] {
  const violations: Violation[] = [];
  const visit = (value: unknown, parent: Span | undefined, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, parent, `${path}[${i}]`));
      return;
    }
    if (typeof value !== "object" || value === null) return;
    let here = parent;
    if (isNode(value)) {
      const s = value.span;
      if (s.file !== file) violations.push({ path, problem: `file ${s.file}` });
      if (!(0 <= s.start && s.start <= s.end && s.end <= length)) {
        violations.push({ path, problem: `span ${s.start}..${s.end} outside 0..${length}` });
      }
      if (parent && !(parent.start <= s.start && s.end <= parent.end)) {
        violations.push({ path, problem: `span ${s.start}..${s.end} outside parent ${parent.start}..${parent.end}` });
      }
      here = s;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key !== "span" && key !== "pathSpan") visit(child, here, `${path}.${key}`);
    }
  };
  visit(node, undefined, "file");
  return violations;
}

describe("spans", () => {
  for (const fixture of [...fixtures("valid"), ...fixtures("invalid")]) {
    it(`${fixture.name}: child spans lie within their parents`, () => {
      const { file } = parseSource(fixture.path, fixture.text);
      expect(checkSpans(file, fixture.path, fixture.text.length)).toEqual([]);
    });
  }

  it("puts imports' path spans inside the import", () => {
    const { file } = parseSource("x.policy", 'import "std/taxonomy"');
    const imp = file.imports[0];
    expect(imp?.pathSpan).toEqual({ file: "x.policy", start: 7, end: 21 });
    expect(imp?.span).toEqual({ file: "x.policy", start: 0, end: 21 });
  });
});
