/**
 * `policyc fmt`: golden outputs, and the properties of a formatter that people can trust:
 * formatting twice changes nothing, and the formatted file means the same (equal model hash,
 * equal syntax tree, every comment kept). Checked on the examples, on the examples with random
 * whitespace and comments inserted between their tokens, and on generated policies.
 */
import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { formatText, modelHash, verifyFormatting } from "../../src/format/format.js";
import { quote, tripleLines } from "../../src/format/printer.js";
import { lex } from "../../src/syntax/lexer.js";
import { parseSource } from "../../src/syntax/parse.js";
import { policyTextArb } from "../semantics/arbitrary-policy.js";
import { FIXTURES, policyc, project, ROOT } from "./helpers.js";

const EXAMPLES = ["examples/taskflow.policy", "examples/pixelquest.policy", "examples/xiaomi.policy", "stdlib/taxonomy.policy"];

function read(path: string): string {
  return readFileSync(join(ROOT, path), "utf8");
}

/** Formats and checks every property; returns the formatted text. */
function checkFormat(text: string, path: string): string {
  const first = formatText(text, { path, cwd: ROOT });
  if (!first.ok) throw new Error(`${path}: ${first.reason}: ${first.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  const second = formatText(first.text, { path, cwd: ROOT });
  expect(second.ok && second.text).toBe(first.text);
  expect(modelHash(first.text, { path, cwd: ROOT })).toBe(modelHash(text, { path, cwd: ROOT }));
  expect(parseSource(path, first.text).file.comments.map((c) => c.text.trimEnd())).toEqual(parseSource(path, text).file.comments.map((c) => c.text.trimEnd()));
  for (const line of first.text.split("\n")) expect(line).toBe(line.trimEnd());
  return first.text;
}

describe("golden outputs", () => {
  const dir = join(FIXTURES, "fmt");
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".policy") && !f.endsWith(".formatted.policy"))) {
    it(name, async () => {
      const path = `test/fixtures/fmt/${name}`;
      const formatted = checkFormat(read(path), path);
      await expect(formatted).toMatchFileSnapshot(`../fixtures/fmt/${name.replace(/\.policy$/, ".formatted.policy")}`);
    });
  }
});

describe("properties on the examples", () => {
  for (const path of [...EXAMPLES, ...readdirSync(join(FIXTURES, "syntax", "valid")).filter((f) => f.endsWith(".policy")).map((f) => `test/fixtures/syntax/valid/${f}`)]) {
    it(`${path}: idempotent, same meaning, comments kept`, () => {
      checkFormat(read(path), path);
    });
  }
});

/** Whitespace and comments that may stand between any two tokens. */
const trivia = fc.oneof(
  fc.constantFrom(" ", "  ", "\t", "\n", "\n\n", "\n    ", " \n  "),
  fc.nat({ max: 99 }).map((n) => ` // note ${n}\n`),
  fc.nat({ max: 99 }).map((n) => `/* note ${n} */`),
  fc.nat({ max: 99 }).map((n) => `\n/* a block\n   note ${n} */\n`),
);

/** `text` with trivia inserted before some of its tokens. */
function sprinkle(text: string, inserts: readonly { at: number; what: string }[]): string {
  const starts = lex("x.policy", text).tokens.map((t) => t.startOffset);
  if (starts.length === 0) return text;
  const at = new Map<number, string>();
  for (const { at: i, what } of inserts) {
    const offset = starts[i % starts.length]!;
    at.set(offset, (at.get(offset) ?? "") + what);
  }
  let out = "";
  let last = 0;
  for (const offset of [...at.keys()].sort((a, b) => a - b)) {
    out += text.slice(last, offset) + at.get(offset)!;
    last = offset;
  }
  return out + text.slice(last);
}

const insertsArb = fc.array(fc.record({ at: fc.nat(), what: trivia }), { minLength: 1, maxLength: 12 });

/** Any input that parses must format, verified, idempotently. */
function property(text: string, path: string): void {
  if (parseSource(path, text).diagnostics.some((d) => d.severity === "error")) return; // not a valid input
  checkFormat(text, path);
}

describe("properties on mutated and generated inputs", () => {
  for (const [path, runs] of [
    ["examples/taskflow.policy", 25],
    ["examples/pixelquest.policy", 25],
    ["examples/xiaomi.policy", 8],
    ["test/fixtures/fmt/layout.policy", 25],
  ] as const) {
    it(`${path} with whitespace and comments inserted between tokens`, () => {
      const text = read(path);
      fc.assert(
        fc.property(insertsArb, (inserts) => property(sprinkle(text, inserts), path)),
        { numRuns: runs },
      );
    });
  }

  it("random policies, with whitespace and comments inserted", () => {
    fc.assert(
      fc.property(policyTextArb, insertsArb, (text, inserts) => property(sprinkle(text, inserts), "generated.policy")),
      { numRuns: 40 },
    );
  });

  it("keeps U+FFFD escaped: raw, it reads as a byte that is not UTF-8 (PC1028)", () => {
    // found by the property below: fmt refused a valid file, its own output being PC1028
    const text = 'section s "a\\u{FFFD}b" {\n  prose """\n    one\\u{FFFD}\n    two\n  """\n}\n';
    const result = formatText(text);
    expect(result.ok).toBe(true);
    expect(result.ok && result.text).toContain('"a\\u{FFFD}b"');
    expect(quote("\uFFFD")).toBe('"\\u{FFFD}"');
    expect(tripleLines("one\uFFFD\ntwo", "    ")).toBeUndefined();
  });

  it("string literals read back as the same value", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (value) => {
        const text = `section s ${quote(value)}\n`;
        const parsed = parseSource("s.policy", text);
        expect(parsed.diagnostics).toEqual([]);
        expect((parsed.file.decls[0] as { label?: { value: string } }).label?.value).toBe(value);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { minLength: 2, maxLength: 4 }), (lines) => {
        const value = lines.join("\n");
        const block = tripleLines(value, "    ");
        if (!block) return;
        const text = `section s "S" {\n  prose """\n${block.join("\n")}\n  """\n}\n`;
        const parsed = parseSource("s.policy", text);
        expect((parsed.file.decls[0] as { prose?: { value: string } }).prose?.value).toBe(value);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the safety check before writing", () => {
  const path = "test/fixtures/fmt/comments.policy";
  const original = read(path);

  it("accepts the formatter's own output", () => {
    const result = formatText(original, { path, cwd: ROOT });
    expect(result.ok && verifyFormatting(original, result.text, { path, cwd: ROOT })).toBeUndefined();
  });

  it("refuses an output that loses a comment, changes a value or does not parse", () => {
    const options = { path, cwd: ROOT };
    expect(verifyFormatting(original, original.replace("// a comment at the end of the file\n", ""), options)).toMatch(/^its comments/);
    expect(verifyFormatting(original, original.replace('"Fax"', '"Fax!"'), options)).toBe("its syntax tree");
    expect(verifyFormatting(original, original.replace("policy shop", "policy"), options)).toMatch(/^its syntax \(the output does not parse/);
  });
});

describe("policyc fmt", () => {
  const messy = "category   a \"A\"  {class personal}\n";
  const clean = 'category a "A" { class personal }\n';

  it("prints the formatted text without flags", async () => {
    const dir = project({ "a.policy": messy });
    expect(await policyc(["fmt", "a.policy"], { cwd: dir })).toEqual({ code: 0, stdout: clean, stderr: "" });
    expect(readFileSync(join(dir, "a.policy"), "utf8")).toBe(messy);
  });

  it("--check names unformatted files, writes nothing, exits 1; 0 when formatted", async () => {
    const dir = project({ "a.policy": messy, "b.policy": clean });
    const r = await policyc(["fmt", "--check", "a.policy", "b.policy"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error PC9008: `a.policy` is not formatted");
    expect(r.stdout).not.toContain("b.policy");
    expect(readFileSync(join(dir, "a.policy"), "utf8")).toBe(messy);
    expect((await policyc(["fmt", "--check", "b.policy"], { cwd: dir })).code).toBe(0);
  });

  it("--write rewrites only the files that change", async () => {
    const dir = project({ "a.policy": messy, "b.policy": clean });
    const r = await policyc(["fmt", "--write", "a.policy", "b.policy"], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "formatted a.policy\n" });
    expect(readFileSync(join(dir, "a.policy"), "utf8")).toBe(clean);
  });

  it("--write rewrites the file a link names, keeping the link and the file's permissions", async () => {
    const dir = project({ "real/a.policy": messy, "m.policy": messy });
    symlinkSync(join("real", "a.policy"), join(dir, "link.policy"));
    chmodSync(join(dir, "m.policy"), 0o640);
    const r = await policyc(["fmt", "--write", "link.policy", "m.policy"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, "link.policy")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real", "a.policy"), "utf8")).toBe(clean);
    expect(statSync(join(dir, "m.policy")).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(dir, "m.policy"), "utf8")).toBe(clean);
    expect(readdirSync(dir).filter((f) => f.startsWith(".policyc-tmp"))).toEqual([]);
    // a read-only file is left as it is, whoever runs the formatter
    writeFileSync(join(dir, "ro.policy"), messy);
    chmodSync(join(dir, "ro.policy"), 0o444);
    const ro = await policyc(["fmt", "--write", "ro.policy"], { cwd: dir });
    expect(ro.code).toBe(2);
    expect(ro.stderr).toContain("policyc: cannot write `ro.policy`: it is read-only (no write permission): make it writable to format it in place");
    expect(readFileSync(join(dir, "ro.policy"), "utf8")).toBe(messy);
  });

  it("--check over the configuration's inputs fails when one matches no file (a typo is no green gate)", async () => {
    const dir = project({ "a.policy": clean, "policyc.config.json": JSON.stringify({ inputs: ["a.policy", "privcy.policy"], outDir: "gen" }) });
    const r = await policyc(["fmt", "--check"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("error PC9004: the input `privcy.policy` matches no file");
  });

  it("exits 1 on syntax errors, 2 on an unreadable file or misuse", async () => {
    const dir = project({ "bad.policy": "category {\n" });
    const bad = await policyc(["fmt", "--write", "bad.policy"], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("error PC1");
    expect(readFileSync(join(dir, "bad.policy"), "utf8")).toBe("category {\n");
    expect((await policyc(["fmt", "missing.policy"], { cwd: dir })).code).toBe(2);
    expect((await policyc(["fmt", "--check", "--write", "bad.policy"], { cwd: dir })).code).toBe(2);
  });

  it("refuses a configuration named with -c that cannot be read, as check does, even beside files", async () => {
    const dir = project({ "a.policy": messy });
    const r = await policyc(["fmt", "-c", "nope.json", "a.policy"], { cwd: dir });
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toContain("error PC9001: cannot read `nope.json`: no such file");
    expect((await policyc(["check", "-c", "nope.json", "a.policy"], { cwd: dir })).code).toBe(2);
  });

  it("formats the files it can read beside one it cannot (PC9001, exit 2), as check checks them", async () => {
    const dir = project({ "a.policy": messy });
    const check = await policyc(["fmt", "--check", "missing.policy", "a.policy"], { cwd: dir });
    expect(check.code).toBe(2);
    expect(check.stdout).toContain("missing.policy - error PC9001: cannot read `missing.policy`: no such file");
    // the file a gate should fail on is named, with its file, and counted
    expect(check.stdout).toContain("a.policy - error PC9008: `a.policy` is not formatted");
    expect(check.stdout).toContain("found 2 errors in 2 files");
    const write = await policyc(["fmt", "--write", "missing.policy", "a.policy"], { cwd: dir });
    expect(write.code).toBe(2);
    expect(readFileSync(join(dir, "a.policy"), "utf8")).toBe(clean);
  });

  it("never rewrites a file that is not UTF-8: one PC1028 where it goes wrong, the bytes untouched", async () => {
    const dir = project();
    const latin1 = Buffer.from('category   caf "Caf\xe9 \xe8"  {class personal}\n', "latin1");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(messy, "utf16le")]);
    writeFileSync(join(dir, "latin1.policy"), latin1);
    writeFileSync(join(dir, "utf16.policy"), utf16);
    const r = await policyc(["fmt", "--write", "latin1.policy", "utf16.policy"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("latin1.policy:1:20 - error PC1028: the file is not UTF-8 text: bytes here are not valid UTF-8 (read as U+FFFD), and in 1 more place");
    expect(r.stdout).toContain("utf16.policy:1:4 - error PC1028: the file is not UTF-8 text: it contains NUL characters");
    expect(r.stdout.match(/error PC/g)).toHaveLength(2); // one each, not one per character
    expect(readFileSync(join(dir, "latin1.policy"))).toEqual(latin1);
    expect(readFileSync(join(dir, "utf16.policy"))).toEqual(utf16);
  });

  it("formats the inputs of policyc.config.json when no file is named", async () => {
    const dir = project({ "policyc.config.json": JSON.stringify({ inputs: ["*.policy"], outDir: "out" }), "a.policy": messy });
    expect((await policyc(["fmt", "--check"], { cwd: dir })).code).toBe(1);
  });

  it("takes the same inputs as policyc build: a wildcard's .policy files only", async () => {
    const formatted = formatText(messy);
    if (!formatted.ok) throw new Error("the messy policy does not format");
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["policies/*"], outDir: "out" }),
      "policies/a.policy": formatted.text,
      "policies/notes.txt": "not a policy {",
    });
    const r = await policyc(["fmt", "--check"], { cwd: dir });
    expect(r.stderr).not.toContain("notes.txt");
    expect(r.code).toBe(0);
  });

  it("refuses to write, and exits 2, when its output would change the policy", async () => {
    const printer = await import("../../src/format/printer.js");
    const spy = vi.spyOn(printer, "printSourceFile").mockImplementation(() => 'category a "B" { class personal }\n');
    try {
      const dir = project({ "a.policy": messy });
      const r = await policyc(["fmt", "--write", "a.policy"], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toContain("error PC9009: formatting `a.policy` would change its syntax tree, so nothing was written");
      expect(readFileSync(join(dir, "a.policy"), "utf8")).toBe(messy);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("suppressions keep their statement", () => {
  const header = 'policy s "S" { controller "C" { email "a@b.example" } jurisdictions EU }\n';

  it("a suppression inside an import applies to nothing and says so, where fmt puts it too", () => {
    const text = `import // policyc-ignore PC4002: no DPO\n"std/taxonomy"\n${header}`;
    const parsed = parseSource("s.policy", text);
    expect(parsed.file.suppressions).toEqual([]);
    expect(parsed.diagnostics.find((d) => d.code === "PC1024")?.help).toContain("inside an `import` applies to nothing");
    // printed at the end of the import's line, it is still the import's: nothing moves onto the policy
    const r = formatText(text, { path: "s.policy", cwd: ROOT });
    expect(r.ok && r.text.split("\n")[0]).toBe('import "std/taxonomy" // policyc-ignore PC4002: no DPO');
    expect(r.ok && parseSource("s.policy", r.text).file.suppressions).toEqual([]);
  });

  it("a suppression written inside a declaration, or at the end of its last line, is that declaration's, before and after fmt", () => {
    const text = `${header}category c "Label" @de // policyc-ignore PC3002: kept on purpose\n"Etikett"\n\ncategory d "D" { class personal }\n`;
    const parsed = parseSource("s.policy", text);
    const c = parsed.file.decls.find((d) => d.kind === "Category")!.span.start;
    expect(parsed.file.suppressions.map((s) => s.target)).toEqual([c]);
    const r = formatText(text, { path: "s.policy", cwd: ROOT });
    expect(r.ok && r.text).toContain('category c "Label" @de "Etikett" // policyc-ignore PC3002: kept on purpose\n');
    const again = parseSource("s.policy", r.ok ? r.text : "");
    expect(again.file.suppressions.map((s) => s.target)).toEqual([again.file.decls.find((d) => d.kind === "Category")!.span.start]);
  });

  it("a suppression before the imports applies to the first declaration after them", () => {
    const parsed = parseSource("s.policy", `// policyc-ignore PC4002: no DPO yet\nimport "std/taxonomy"\n${header}`);
    expect(parsed.file.suppressions.map((s) => [s.code, s.target])).toEqual([["PC4002", parsed.file.decls[0]!.span.start]]);
  });
});
