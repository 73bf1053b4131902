import { describe, expect, it } from "vitest";
import { breakIntoLines } from "./line-breaking";

// One point per UTF-16 unit keeps the expected breaks easy to read.
const lines = (text: string, width: number) =>
  breakIntoLines(text, width, (start, end) => end - start).map((line) => text.slice(line.start, line.end));

describe("breakIntoLines", () => {
  it("fills each line with as many whole words as fit and drops the spaces at the break", () => {
    expect(lines("the quick brown fox jumps", 10)).toEqual(["the quick", "brown fox", "jumps"]);
  });

  it("breaks Chinese and Japanese between characters, since they are written without spaces", () => {
    expect(lines("张浩洋山田太郎", 3)).toEqual(["张浩洋", "山田太", "郎"]);
  });

  it("cuts a word wider than the line instead of letting it run off the page", () => {
    expect(lines("a bbbbbbbbbbbb c", 5)).toEqual(["a", "bbbbb", "bbbbb", "bb c"]);
  });

  it("gives empty text one empty line, so an empty field still takes its place", () => {
    expect(breakIntoLines("", 10, () => 0)).toEqual([{ start: 0, end: 0, width: 0 }]);
  });
});
