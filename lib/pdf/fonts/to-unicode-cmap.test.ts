import { describe, expect, it } from "vitest";
import { hex4, toUnicodeCmap } from "./to-unicode-cmap";

describe("glyph codes and UTF-16 units in hex", () => {
  it("are four upper-case digits, for every 16-bit value", () => {
    expect([0, 0x1f, 0xab, 0x100, 0x4e2d, 0xd83d, 0xffff].map(hex4)).toEqual([
      "0000",
      "001F",
      "00AB",
      "0100",
      "4E2D",
      "D83D",
      "FFFF",
    ]);
    for (let value = 0; value <= 0xffff; value += 13)
      expect(hex4(value)).toBe(value.toString(16).toUpperCase().padStart(4, "0"));
  });

  it("map each code to its characters, a character beyond the BMP as its surrogate pair", () => {
    const cmap = toUnicodeCmap(
      new Map([
        [3, "中"],
        [1, "fi"],
        [2, "🙂"],
      ]),
    );
    expect(cmap).toContain("3 beginbfchar\n<0001> <00660069>\n<0002> <D83DDE42>\n<0003> <4E2D>\nendbfchar");
  });
});
