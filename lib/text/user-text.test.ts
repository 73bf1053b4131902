import { describe, expect, it } from "vitest";
import { cleanUserText, MAY_BE_REFUSED, multiLineText, refusedCharacterIn, singleLineText } from "./user-text";

const name = (raw: string) => cleanUserText(raw, { label: "Name" });
const reason = (raw: string) => cleanUserText(raw, { label: "Reason", multiline: true });

describe("text typed by a person", () => {
  it("is stored in NFC, so the same name is the same string however it was typed", () => {
    expect(name("Jose\u0301 Mun\u0303oz")).toEqual({ ok: true, value: "Jos\u00E9 Mu\u00F1oz" });
    expect(name("e\u0301")).toEqual(name("\u00E9"));
  });

  it("loses surrounding white space and runs of spaces, but nothing visible", () => {
    expect(name("  \n Ada\u00A0\u00A0 Lovelace \t")).toEqual({ ok: true, value: "Ada Lovelace" });
    expect(name("张\u3000浩洋")).toEqual({ ok: true, value: "张 浩洋" });
  });

  it.each([
    [
      "a right-to-left override",
      "Eve\u202Egnp.exe",
      "Name contains an invisible text-direction character (U+202E), which can make it display differently from what is stored; remove it.",
    ],
    [
      "a left-to-right isolate",
      "Eve \u2066Bob\u2069",
      "Name contains an invisible text-direction character (U+2066), which can make it display differently from what is stored; remove it.",
    ],
    [
      "a right-to-left mark",
      "Eve\u200F",
      "Name contains an invisible text-direction character (U+200F), which can make it display differently from what is stored; remove it.",
    ],
    [
      "an Arabic letter mark",
      "Eve\u061C",
      "Name contains an invisible text-direction character (U+061C), which can make it display differently from what is stored; remove it.",
    ],
    ["a zero-width space", "Ada\u200BLovelace", "Name contains an invisible zero-width character (U+200B); remove it."],
    ["a word joiner", "Ada\u2060Lovelace", "Name contains an invisible zero-width character (U+2060); remove it."],
    ["a byte-order mark", "\uFEFFAda", "Name contains an invisible zero-width character (U+FEFF); remove it."],
    [
      "a zero-width joiner between Latin letters",
      "Al\u200Dice",
      "Name contains an invisible zero-width character (U+200D); remove it.",
    ],
    [
      "a zero-width non-joiner at the end of a word",
      "می\u200C",
      "Name contains an invisible zero-width character (U+200C); remove it.",
    ],
    ["a soft hyphen", "Ada\u00ADLovelace", "Name contains an invisible formatting character (U+00AD); remove it."],
    ["a Hangul filler", "\u3164", "Name contains an invisible formatting character (U+3164); remove it."],
    ["a lone tag character", "Ada\u{E0041}", "Name contains an invisible formatting character (U+E0041); remove it."],
    ["a C0 control", "Ada\u0007", "Name contains a control character (U+0007); remove it."],
    ["a C1 control", "ada\u009B@example.org", "Name contains a control character (U+009B); remove it."],
    ["DEL", "Ada\u007F", "Name contains a control character (U+007F); remove it."],
    ["a line break", "PMLR\n8. New clause", "Name must be on one line: remove the line break."],
    ["a carriage return", "PMLR\r8. New clause", "Name must be on one line: remove the line break."],
    ["a Unicode line separator", "PMLR\u20288. New clause", "Name must be on one line: remove the line break."],
    ["a next-line control", "PMLR\u00858. New clause", "Name must be on one line: remove the line break."],
    ["a tab", "Ada\tLovelace", "Name must be on one line: replace the tab with a space."],
    ["a broken surrogate", "Ada\uD800", "Name contains a broken character; type it again."],
    [
      "a variation selector after a Latin letter",
      "Ada\uFE0F",
      "Name contains an invisible formatting character (U+FE0F); remove it.",
    ],
    [
      "a combining grapheme joiner",
      "Ada\u034F",
      "Name contains an invisible formatting character (U+034F); remove it.",
    ],
    ["an invisible times", "a\u2062b", "Name contains an invisible formatting character (U+2062); remove it."],
    [
      "a Mongolian vowel separator outside Mongolian",
      "Ada\u180EBob",
      "Name contains an invisible zero-width character (U+180E); remove it.",
    ],
    [
      "a code point that is not a character",
      "Ada\uFFFF",
      "Name contains an invisible formatting character (U+FFFF); remove it.",
    ],
    [
      "a braille blank, which draws as nothing",
      "Ada\u2800Lovelace",
      "Name contains a character that displays as blank (U+2800); remove it.",
    ],
    [
      "twenty accents stacked on one letter",
      `Z${"\u0301\u0336".repeat(10)}algo`,
      "Name stacks more than 8 accents or marks on one letter; remove the extra ones.",
    ],
  ])("is refused when a single-line field holds %s", (_what, raw, message) => {
    expect(name(raw)).toEqual({ ok: false, message });
  });

  it.each([
    ["Persian with a zero-width non-joiner", "می\u200Cخواهم"],
    ["Devanagari with a zero-width joiner after a virama", "क्\u200Dष"],
    ["Malayalam with a zero-width non-joiner", "ന്\u200Cമ"],
    ["an emoji sequence joined by ZWJ", "Ada 👩\u200D💻"],
    ["an emoji sequence with a skin tone", "👩🏽\u200D🔬"],
    ["a rainbow flag", "🏳\uFE0F\u200D🌈"],
    ["Scotland's flag", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"],
    ["Japanese with an ideographic variation selector", "葛\u{E0100}飾"],
    ["a keycap emoji", "Room 1\uFE0F\u20E3"],
    ["a symbol in emoji presentation", "Ada ☎\uFE0F"],
    ["Mongolian with its vowel separator", "ᠬᠠᠳ\u180Eᠠ"],
    ["Vietnamese with two marks on one letter", "Nguyễn Thị Ngọc"],
    ["a Tibetan stacked syllable", "བསྒྲུབས"],
  ])("keeps %s", (_what, raw) => {
    expect(name(raw)).toEqual({ ok: true, value: raw });
  });

  it("refuses double braces in a one-line value, which would read as a template's placeholder or question", () => {
    // A title "{{choice:licence}}" on a template line of its own would become the author's question.
    for (const raw of ["{{choice:licence}}", "Learning {{article_title}}", "A }} B"])
      expect(name(raw)).toEqual({
        ok: false,
        message: "Name contains “{{” or “}}”, which mark placeholders in agreement templates; use single braces.",
      });
    expect(name("{BERT}: Pre-training of {Deep} Transformers")).toMatchObject({ ok: true });
    expect(reason("See {{x}} in the template.")).toMatchObject({ ok: true });
  });

  it("lets multi-line fields keep their lines, with CR LF, CR and U+2029 as plain line breaks", () => {
    expect(reason(" Too busy.\r\nSorry.\rReally\u2029sorry. ")).toEqual({
      ok: true,
      value: "Too busy.\nSorry.\nReally\nsorry.",
    });
    expect(reason("Columns\tthen")).toEqual({ ok: true, value: "Columns then" });
    expect(reason("Fine\n\u202Eenif")).toEqual({
      ok: false,
      message:
        "Reason contains an invisible text-direction character (U+202E), which can make it display differently from what is stored; remove it.",
    });
    expect(reason("Fi\u000Bne")).toEqual({
      ok: false,
      message: "Reason contains a control character (U+000B); remove it.",
    });
  });
});

describe("the zod schemas for forms", () => {
  it("report the refusal as the field's message and give the cleaned value otherwise", () => {
    const title = singleLineText("Article title", 10, { required: "Article title is required." });
    expect(title.safeParse("a\u202Eb").error?.issues.map((issue) => issue.message)).toEqual([
      "Article title contains an invisible text-direction character (U+202E), which can make it display differently from what is stored; remove it.",
    ]);
    expect(title.safeParse(" ").error?.issues[0].message).toBe("Article title is required.");
    expect(title.safeParse("x".repeat(11)).error?.issues[0].message).toBe(
      "Article title must be at most 10 characters.",
    );
    expect(title.parse("Cafe\u0301")).toBe("Café");
    expect(singleLineText("Publisher", 10).parse("  ")).toBe("");
    expect(multiLineText("Reason", 100).parse("a\r\nb")).toBe("a\nb");
  });
});

describe("the shortcut for text with nothing to refuse", () => {
  it("lets no character the walk would refuse skip the walk", () => {
    const skipped: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCodePoint(code);
      // Alone in a one-line field is where the walk is strictest: neighbours only ever make a
      // character allowed (a joiner between letters), and a multi-line field allows line breaks.
      if (!MAY_BE_REFUSED.test(character) && refusedCharacterIn(character, "Title", false)) skipped.push(character);
    }
    expect(skipped).toEqual([]);
  });

  it("still refuses what it must in text that takes the shortcut's other path", () => {
    expect(cleanUserText("Zhang\u200BHaoyang", { label: "Name" })).toMatchObject({ ok: false });
    expect(cleanUserText("Line one\u2028Line two", { label: "Title" })).toMatchObject({ ok: false });
    expect(cleanUserText("Zhang Haoyang", { label: "Name" })).toEqual({ ok: true, value: "Zhang Haoyang" });
  });
});
