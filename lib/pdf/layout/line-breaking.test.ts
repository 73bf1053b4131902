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

  // Chinese and Japanese typesetting (and UAX #14) never start a line with closing punctuation:
  // the character before it moves down with it instead.
  it("never starts a Chinese line with 。, 、 or ，, whatever the line width", () => {
    const paragraph =
      "作者同意将本文的出版权授予出版者。出版者可以复制、发行和展示本文，作者保留署名权。本协议自签署之日起生效，双方各执一份。";
    for (let width = 2; width <= 40; width++) {
      const broken = lines(paragraph, width);
      expect(broken.join("")).toBe(paragraph);
      for (const line of broken) expect(line).not.toMatch(/^[。、，]/u);
    }
  });

  it("carries the character before a 。 down with it rather than start a line with the 。", () => {
    expect(lines("一二三。四五六", 3)).toEqual(["一二", "三。四", "五六"]);
  });

  it("still cuts a URL or DOI wider than the line, so it never runs off the page", () => {
    const doi = "https://doi.org/10.48550/arXiv.2106.09685";
    const broken = lines(`see ${doi}`, 12);
    for (const line of broken) expect(line.length).toBeLessThanOrEqual(12);
    expect(broken.join("").replaceAll(" ", "")).toBe(`see${doi}`);
  });

  // A reader drops a hyphen that ends a line when text is copied: the name would change.
  it("keeps a hyphenated name or identifier whole on the next line rather than break at its hyphen", () => {
    expect(lines("by Łukasiewicz-Nguyễn", 19)).toEqual(["by", "Łukasiewicz-Nguyễn"]);
    expect(lines("id 3f2a-9b1c", 9)).toEqual(["id", "3f2a-9b1c"]);
  });
});
