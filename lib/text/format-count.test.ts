import { afterEach, describe, expect, it, vi } from "vitest";
import { placeholderValues } from "@/lib/agreements/agreement-template";
import { englishList } from "./english-list";
import { formatCount } from "./format-count";
import { singleLineText } from "./user-text";

afterEach(() => vi.restoreAllMocks());

describe("formatCount", () => {
  it("writes a count as English number formatting does", () => {
    const values = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 5000, 10_000, 99_999, 100_000, 1_234_567, 2 ** 53 - 1];
    for (const n of [...values, ...values.filter((v) => v > 0).map((v) => -v)])
      expect(formatCount(n)).toBe(n.toLocaleString("en"));
  });
});

describe("englishList", () => {
  it("joins names as English list formatting does", () => {
    const format = new Intl.ListFormat("en", { type: "conjunction" });
    for (const names of [[], ["Ada"], ["Ada", "Émilie"], ["Ada", "Émilie", "Sofia"], ["A", "B", "C", "D", "王小明"]])
      expect(englishList(names)).toBe(format.format(names));
  });
});

// ICU's locale data, once loaded, stays resident in the server for good (format-count.ts).
describe("the server's English messages and agreement text do without ICU", () => {
  it("a text field's length limit is written without Number#toLocaleString", () => {
    const toLocaleString = vi.spyOn(Number.prototype, "toLocaleString");
    const title = singleLineText("Article title", 5000);
    expect(title.safeParse("x".repeat(5001)).error?.issues[0].message).toBe(
      "Article title must be at most 5,000 characters.",
    );
    expect(toLocaleString).not.toHaveBeenCalled();
  });

  it("an agreement's authors are listed without Intl.ListFormat", () => {
    const ListFormat = vi.spyOn(Intl, "ListFormat");
    const values = placeholderValues({
      articleTitle: "On Memory",
      authors: ["Ada Lovelace", "Émilie du Châtelet", "Sofia Kovalevskaya"],
      correspondingAuthorName: "Ada Lovelace",
      publisher: "PMLR",
      proceedingsName: "PMLR 999",
      issuedAt: new Date(0),
    });
    expect(values.authors).toBe("Ada Lovelace, Émilie du Châtelet, and Sofia Kovalevskaya");
    expect(ListFormat).not.toHaveBeenCalled();
  });
});
