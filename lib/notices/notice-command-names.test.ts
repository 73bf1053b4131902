import { describe, expect, it } from "vitest";
import { commandLetters, noticeCommandNames } from "./notice-command-names";

describe("LaTeX command names for paper ids", () => {
  it("keeps letters, spells digits, drops accents and every other character", () => {
    expect(commandLetters("zhang21b")).toBe("zhangTwoOneb");
    expect(commandLetters("ICML-2026/417")).toBe("ICMLTwoZeroTwoSixFourOneSeven");
    expect(commandLetters("Café_9 #{x}\\")).toBe("CafeNinex");
    expect(commandLetters("論文")).toBe("");
  });

  it("gives ids that map to the same letters distinct names, none taking another id's plain name", () => {
    const names = noticeCommandNames(["a1", "a-1", "a_1", "a1Alt", "論文", "논문", "x"]);
    expect(Object.fromEntries(names)).toEqual({
      "a-1": "imprimaturNoticeaOne",
      a1: "imprimaturNoticeaOneAltB",
      a1Alt: "imprimaturNoticeaOneAlt",
      a_1: "imprimaturNoticeaOneAltC",
      x: "imprimaturNoticex",
      論文: "imprimaturNotice",
      논문: "imprimaturNoticeAlt",
    });
    for (const name of names.values()) expect(name).toMatch(/^[A-Za-z]+$/);
    expect(new Set(names.values()).size).toBe(names.size);
  });
});
