import { describe, expect, it } from "vitest";
import { faceText, MISSING_GLYPH } from "./text-runs";

const faced = (text: string) => faceText([{ text, style: "regular" }]);

describe("faceText", () => {
  it("draws Latin, Greek and Cyrillic with Noto Sans and falls back per character for other scripts", () => {
    const { text, faces } = faced("Zoë Αλέξ Дми 张 김 ひ د ד");
    const faceOf = (char: string) => faces[text.indexOf(char)];
    expect(["Z", "ë", "Α", "Д"].map(faceOf)).toEqual([
      "latin-regular",
      "latin-regular",
      "latin-regular",
      "latin-regular",
    ]);
    // Kana in the text puts the Japanese face first, but it lacks the simplified 张.
    expect(faceOf("张")).toBe("sc-regular");
    expect(faceOf("김")).toBe("kr-regular");
    expect(faceOf("د")).toBe("arabic-regular");
    expect(faceOf("ד")).toBe("hebrew-regular");
  });

  it("prefers the Japanese face for kanji when the text has kana, and the Chinese face otherwise", () => {
    expect(faced("山田 ひ").faces[0]).toBe("jp-regular");
    expect(faced("山田").faces[0]).toBe("sc-regular");
  });

  it("keeps spaces and punctuation inside an Arabic phrase in the Arabic face, so it shapes as one run", () => {
    expect(new Set(faced("محمد عبد الله").faces)).toEqual(new Set(["arabic-regular"]));
  });

  it("replaces characters no font has with one placeholder and drops control characters", () => {
    expect(faced("Bob\u0007\u202e 👍🏽👍 x\u0000").text).toBe(`Bob ${MISSING_GLYPH} x`);
  });
});
