/**
 * An escaped bidi control in policy text (`\u{202E}`; raw ones are PC1027) reorders at most the
 * text it is in: the model closes what the text opens, so the outputs around it are unaffected.
 */
import { describe, expect, it } from "vitest";
import { closeBidi } from "../../src/util/bidi.js";
import { formatText } from "../../src/format/format.js";
import { EMITTERS } from "../../src/emit/registry.js";
import { compileText, HEADER } from "../helpers.js";

describe("bidi controls in policy text", () => {
  it("closes every embedding, override and isolate a text leaves open, innermost first", () => {
    expect(closeBidi("plain")).toBe("plain");
    expect(closeBidi("a\u202Eb")).toBe("a\u202Eb\u202C");
    expect(closeBidi("a\u202Eb\u202Cc")).toBe("a\u202Eb\u202Cc"); // closed already
    expect(closeBidi("\u2067x\u202By")).toBe("\u2067x\u202By\u202C\u2069");
    expect(closeBidi("\u2067x\u202By\u2069z")).toBe("\u2067x\u202By\u2069z"); // the isolate's end closes both
    expect(closeBidi("\u202Cstray\u2069")).toBe("\u202Cstray\u2069");
  });

  it("an escaped override in a label stays inside the label in the model and in the published text", () => {
    const text = HEADER + 'category c "Email\\u{202E}" { class personal }\npurpose p "P" { basis contract  uses c }\n';
    const r = compileText(text);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.model!.categories.find((c) => c.id === "c")!.label.text).toBe("Email\u202E\u202C");
    const doc = EMITTERS.find((e) => e.name === "document")!.emit(r.model!, { banner: [], languages: ["en"] });
    for (const f of doc.files) {
      // every override is closed before the text that follows it
      for (const m of f.content.matchAll(/\u202E/g)) expect(f.content.charAt(m.index + 1), f.path).toBe("\u202C");
    }
  });

  it("fmt keeps the escape as written", () => {
    const r = formatText('category c "E\\u{202E}x" { class personal }\n');
    expect(r.ok && r.text).toBe('category c "E\\u{202E}x" { class personal }\n');
  });
});
