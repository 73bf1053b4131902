import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { agreementBlockPlainText, parseAgreementBlocks, type AgreementBlock } from "./agreement-blocks";

const templates = path.join(__dirname, "templates");
const template = readFileSync(path.join(templates, "pmlr-publication-agreement.template.txt"), "utf8");
const reference = readFileSync(path.join(templates, "pmlr-publication-agreement.reference.txt"), "utf8");

function fill(values: { articleTitle: string; correspondingAuthor: string; publisher: string }): string {
  return template
    .replaceAll("{{articleTitle}}", values.articleTitle)
    .replaceAll("{{correspondingAuthor}}", values.correspondingAuthor)
    .replaceAll("{{publisher}}", values.publisher);
}

function clauses(blocks: AgreementBlock[]) {
  return blocks.filter((block) => block.kind === "clause");
}

function expectNoWordLost(input: string, blocks: AgreementBlock[]) {
  const joined = blocks.map(agreementBlockPlainText).join("\n");
  for (const word of input.split(/\s+/).filter(Boolean)) expect(joined).toContain(word);
}

const pmlr = fill({
  articleTitle: "Differentiable Dynamic Quantization",
  correspondingAuthor: "Zhang Haoyang",
  publisher: "PMLR",
});

describe("parseAgreementBlocks", () => {
  it("reads the PMLR template as title, paragraphs, clauses 1–7, a footnote and the affirmation", () => {
    const blocks = parseAgreementBlocks(pmlr);
    expect(blocks[0]).toEqual({ kind: "title", text: "Publication Agreement" });
    expect(clauses(blocks).map((clause) => clause.number)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(blocks.filter((block) => block.kind === "footnote")).toEqual([
      expect.objectContaining({
        marker: "¹",
        text: expect.stringMatching(/^The language of this publication agreement/),
      }),
    ]);
    expect(blocks.at(-1)).toEqual({
      kind: "affirmation",
      text: "I HAVE READ AND AGREE FULLY WITH THE TERMS OF THIS AGREEMENT.",
    });
    expect(blocks).toContainEqual({ kind: "paragraph", text: "Differentiable Dynamic Quantization." });
    expect(blocks).toContainEqual({ kind: "paragraph", text: "Zhang Haoyang." });
  });

  it("gives clause 6 its three warranties as subclauses despite their uneven indentation", () => {
    const six = clauses(parseAgreementBlocks(pmlr)).find((clause) => clause.number === "6");
    expect(six?.text).toBe("You further warrant that:");
    expect(six?.subclauses.map((sub) => sub.number)).toEqual(["1", "2", "3"]);
    expect(six?.subclauses[1].text).toMatch(/^You are the sole author\(s\)/);
    const others = clauses(parseAgreementBlocks(pmlr)).filter((clause) => clause.number !== "6");
    expect(others.every((clause) => clause.subclauses.length === 0)).toBe(true);
  });

  it("reads the reference agreement the same way as the filled-in template", () => {
    const blocks = parseAgreementBlocks(reference);
    expect(clauses(blocks).map((clause) => clause.number)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(clauses(blocks)[5].subclauses).toHaveLength(3);
    // The reference's "*Zhang Zhongang*" is the original's italic signature: the markup reads it as emphasis.
    expect(blocks).toContainEqual(
      expect.objectContaining({
        text: "- Signed: Zhang Zhongang",
        spans: expect.arrayContaining([{ text: "Zhang Zhongang", style: "italic" }]),
      }),
    );
    expectNoWordLost(reference.replaceAll("*", ""), blocks);
  });

  it("keeps the real clause numbering when the article title or author name looks like a clause", () => {
    const text = fill({
      articleTitle: "1. Introduction to 2. Things",
      correspondingAuthor: "2. Bob",
      publisher: "PMLR",
    });
    const blocks = parseAgreementBlocks(text);
    expect(clauses(blocks).map((clause) => clause.number)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(blocks).toContainEqual({ kind: "paragraph", text: "1. Introduction to 2. Things." });
    expect(blocks).toContainEqual({ kind: "paragraph", text: "2. Bob." });
    expectNoWordLost(text, blocks);
  });

  it("keeps typed HTML, scripts and shouting as ordinary paragraph text", () => {
    const text = fill({
      articleTitle: "<script>alert(1)</script>",
      correspondingAuthor: "ZOË ŁUKASIEWICZ-NGUYỄN",
      publisher: "Ａ社",
    });
    const blocks = parseAgreementBlocks(text);
    expect(blocks).toContainEqual({ kind: "paragraph", text: "<script>alert(1)</script>." });
    expect(blocks).toContainEqual({ kind: "paragraph", text: "ZOË ŁUKASIEWICZ-NGUYỄN." });
    expectNoWordLost(text, blocks);
  });

  it.each([
    ["empty text", ""],
    ["only blank lines", "\n \n\t\n"],
    ["a lone number", "1."],
    ["numbers out of order", "Title\n3. c\n1. a\n1. again:\n1. sub\n9. far\n2. b"],
    ["markers and capitals only", "¹\n¹ ²\nI HAVE READ\nNOTHING ELSE HERE AT ALL"],
    ["mixed scripts and controls", "张浩洋\u0000\n1. محمد عبد الله\r\n 2. דוד כהן 🙂\n\u202eevil"],
  ])("parses %s without throwing or losing words", (_name, text) => {
    const blocks = parseAgreementBlocks(text);
    expectNoWordLost(text, blocks);
  });
});
