/** "Did you mean": typos by edit distance and swapped letters, and a name's words reordered or cut short. */
import { describe, expect, it } from "vitest";
import { editDistance, suggest } from "../../src/util/suggest.js";

const BASES = ["consent", "explicit_consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"];
const FROM = ["collection", "account_deletion", "withdrawal", "last_activity", "contract_end"];

describe("suggest", () => {
  it("finds a typo and two swapped letters", () => {
    expect(suggest("contrat", BASES)).toBe("contract");
    expect(suggest("usse", ["uses", "basis"])).toBe("uses");
  });

  it("finds a name's words in another order, and one word of a longer name, when only one fits", () => {
    expect(suggest("consent_explicit", BASES)).toBe("explicit_consent");
    expect(suggest("interests_legitimate", BASES)).toBe("legitimate_interests");
    expect(suggest("deletion", FROM)).toBe("account_deletion");
    expect(suggest("activity", FROM)).toBe("last_activity");
    // `interests` is a word of two bases: no guess
    expect(suggest("interests", BASES)).toBeUndefined();
    // nor for a word that is no part of any
    expect(suggest("forever", FROM)).toBeUndefined();
  });
});

describe("editDistance with a limit", () => {
  it("gives the distance within the limit, and limit + 1 beyond it", () => {
    expect(editDistance("kitten", "sitting", 3)).toBe(3);
    expect(editDistance("kitten", "sitting", 2)).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("abc", "abcdefgh", 3)).toBe(4);
    expect(editDistance("a".repeat(500), "b".repeat(500), 3)).toBe(4);
    expect(editDistance("a".repeat(500), "b".repeat(500))).toBe(500);
    expect(suggest("b".repeat(300), ["a".repeat(300), "b".repeat(299) + "c"])).toBe("b".repeat(299) + "c");
  });
});
