import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { agreementParagraphs } from "@/lib/pdf/agreement-paragraphs";
import type { SignedAgreementPdfInput } from "@/lib/pdf/signed-agreement-pdf-input";
import { parseAgreementBlocks } from "./agreement-blocks";
import { agreementHtml } from "./agreement-html";
import { defaultTemplate, placeholderValues, renderAgreementText } from "./agreement-template";

// What the signing page and the PDF made of PMLR's agreement before the markup existed, recorded
// with the code of commit 166b49c for titles and names full of the markup's characters.
type Recorded = {
  values: { articleTitle: string; correspondingAuthor: string; publisher: string };
  text: string;
  html: string;
  specs: unknown;
};
const recorded = JSON.parse(readFileSync("test/fixtures/pmlr-rendered-before-markup.json", "utf8")) as Recorded[];

const pdfSpecs = (text: string, values: Recorded["values"]) =>
  JSON.parse(
    JSON.stringify(
      agreementParagraphs({
        blocks: parseAgreementBlocks(text),
        articleTitle: values.articleTitle,
        correspondingAuthorName: values.correspondingAuthor,
      } as unknown as SignedAgreementPdfInput),
    ),
  ) as unknown;

describe("the agreement markup", () => {
  it.each(recorded.map((entry) => [entry.values.articleTitle, entry] as const))(
    "renders PMLR's agreement for “%s” exactly as before, on the signing page and in the PDF",
    (_title, entry) => {
      const { values } = entry;
      const paper = { articleTitle: values.articleTitle, correspondingAuthorName: values.correspondingAuthor };
      const text = renderAgreementText(
        defaultTemplate().body,
        placeholderValues({
          ...paper,
          authors: [paper.correspondingAuthorName],
          publisher: values.publisher,
          proceedingsName: "P",
          issuedAt: new Date(),
        }),
      );
      expect(text).toBe(entry.text);
      const blocks = parseAgreementBlocks(entry.text);
      expect(agreementHtml(blocks, [values.articleTitle, values.correspondingAuthor])).toBe(entry.html);
      expect(pdfSpecs(entry.text, values)).toEqual(entry.specs);
    },
  );

  it("reads a first line “# ” as the title and “## ” lines as headings that keep the clause numbering", () => {
    const blocks = parseAgreementBlocks("# Rights Form\n\n## Grant\n\n1. One.\n\n## Warranties\n\n2. Two.");
    expect(blocks).toEqual([
      { kind: "title", text: "Rights Form" },
      { kind: "heading", text: "Grant" },
      { kind: "clause", number: "1", text: "One.", subclauses: [] },
      { kind: "heading", text: "Warranties" },
      { kind: "clause", number: "2", text: "Two.", subclauses: [] },
    ]);
    expect(agreementHtml(blocks)).toBe(
      '<h2>Rights Form</h2><h3>Grant</h3><ol start="1"><li value="1">One.</li></ol>' +
        '<h3>Warranties</h3><ol start="2"><li value="2">Two.</li></ol>',
    );
  });

  it("sets *italic* and **bold** in paragraphs, clauses and sub-clauses, on the page and in the PDF", () => {
    const text = "Title\n\nThis is **binding** on *you*.\n\n1. You warrant that:\n1. it is *original*.";
    const blocks = parseAgreementBlocks(text);
    expect(blocks[1]).toEqual({
      kind: "paragraph",
      text: "This is binding on you.",
      spans: [
        { text: "This is ", style: "regular" },
        { text: "binding", style: "bold" },
        { text: " on ", style: "regular" },
        { text: "you", style: "italic" },
        { text: ".", style: "regular" },
      ],
    });
    expect(agreementHtml(blocks)).toContain("<p>This is <strong>binding</strong> on <em>you</em>.</p>");
    expect(agreementHtml(blocks)).toContain('<li value="1">it is <em>original</em>.</li>');
    const specs = agreementParagraphs({ blocks, articleTitle: "-", correspondingAuthorName: "-" } as never);
    expect(specs.map((spec) => spec.spans)).toContainEqual([
      { text: "it is ", style: "regular" },
      { text: "original", style: "italic" },
      { text: ".", style: "regular" },
    ]);
  });

  it("escapes emphasised text like any other", () => {
    const blocks = parseAgreementBlocks("Title\n\nA *<script>* tag.");
    expect(agreementHtml(blocks)).toBe("<h2>Title</h2><p>A <em>&lt;script&gt;</em> tag.</p>");
  });
});
