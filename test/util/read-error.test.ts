/** Why a file could not be read or written, in words, as every command says it. */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readErrorReason, writeErrorReason } from "../../src/util/read-error.js";

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
};

describe("readErrorReason and writeErrorReason", () => {
  const dir = mkdtempSync(join(tmpdir(), "policyc-read-error-"));
  writeFileSync(join(dir, "file.policy"), "");
  symlinkSync("loop.policy", join(dir, "loop.policy"));

  it("words a link loop, a path through a file and a name too long, not an errno code", () => {
    expect(readErrorReason(thrown(() => readFileSync(join(dir, "loop.policy"))))).toBe("too many symbolic links (a link that leads back to itself?)");
    expect(readErrorReason(thrown(() => readFileSync(join(dir, "file.policy", "x.policy"))))).toBe("a part of the path is a file, not a folder");
    expect(readErrorReason(thrown(() => readFileSync(join(dir, `${"a".repeat(300)}.policy`))))).toBe("the name is too long");
  });

  it("names the folder a temporary file of policyc's was to be made in, not that file, and no path where the message names it", () => {
    const error = thrown(() => mkdirSync(join(dir, "file.policy", ".policyc-tmp-generated-new-1-x")));
    expect(writeErrorReason(error)).toBe("a part of the path is a file, not a folder");
    expect(writeErrorReason(error, (p) => p.replace(dir, "<dir>"))).toBe("a part of the path is a file, not a folder (in `<dir>/file.policy`)");
    // a file inside a temporary folder of policyc's: the folder it was made in, too
    const inside = thrown(() => mkdirSync(join(dir, "file.policy", ".policyc-tmp-generated-new-1-x", "xiaomi")));
    expect(writeErrorReason(inside, (p) => p.replace(dir, "<dir>"))).toBe("a part of the path is a file, not a folder (in `<dir>/file.policy`)");
    const other = thrown(() => mkdirSync(join(dir, "file.policy")));
    expect(writeErrorReason(other, (p) => p.replace(dir, "<dir>"))).toBe("something of that name already exists (`<dir>/file.policy`)");
    // an error that is not a system call's keeps its own message
    expect(writeErrorReason(new Error("the disk said no"))).toBe("the disk said no");
  });
});
