import { rmSync } from "node:fs";
import { PDFDocument } from "pdf-lib";
import { afterAll, describe, expect, it, vi } from "vitest";
import { renderAgreementPdf, type SignedAgreementPdfInput } from "./render-agreement-pdf";
import { agreement, multiScript, pdfScratch, run, squashed, textOf } from "@/test/render-fixtures";

const scratch = pdfScratch();
afterAll(() => rmSync(scratch.dir, { recursive: true, force: true }));

async function writePdf(input: SignedAgreementPdfInput, name: string) {
  const bytes = await renderAgreementPdf(input);
  return { bytes, file: scratch.write(bytes, name) };
}

describe("renderAgreementPdf", () => {
  it("prints the typed signature, the signing date, the article title and every clause of a Latin agreement", async () => {
    const input = agreement();
    const text = squashed(textOf((await writePdf(input, "latin")).file));
    for (const expected of [input.signatureName, "2024-05-0114:03UTC", input.articleTitle, "page1of3", "page2of3"]) {
      expect(text).toContain(squashed(expected));
    }
    for (const block of input.blocks) {
      if (block.kind === "clause") {
        expect(text).toContain(squashed(block.text));
        for (const sub of block.subclauses) expect(text).toContain(squashed(sub.text));
      }
    }
    expect(text).toContain(squashed("I HAVE READ AND AGREE FULLY WITH THE TERMS OF THIS AGREEMENT."));
  });

  it("keeps Greek, Cyrillic, Chinese, Japanese, Korean, Arabic and Hebrew names as real, extractable text", async () => {
    const text = squashed(textOf((await writePdf(multiScript, "multi-script")).file));
    for (const name of [
      "张浩洋",
      "Αλέξανδρος Παπαδόπουλος",
      "Дмитрий Иванов",
      "山田太郎",
      "ひらがな",
      "カタカナ",
      "김민준",
      "דוד כהן",
      "محمد",
    ]) {
      expect(text).toContain(squashed(name));
    }
    expect(text).toContain("2024-05-0114:03UTC");
  });

  it("prints HTML typed into a name or title literally", async () => {
    const html = "<script>alert(1)</script>";
    const { file } = await writePdf(agreement({ articleTitle: html, signatureName: `Bob ${html}` }), "html");
    expect(squashed(textOf(file))).toContain(squashed(`Bob ${html}`));
  });

  it("shows a placeholder for emoji and drops control characters instead of failing", async () => {
    const { file } = await writePdf(agreement({ signatureName: "Bob\u0007 \u202eSmith 👍🏽" }), "emoji");
    expect(squashed(textOf(file))).toContain("BobSmith\uFFFD");
  });

  it("produces PDFs that qpdf finds clean, with every font embedded as a subset", async () => {
    for (const input of [agreement(), multiScript]) {
      const { file } = await writePdf(input, "check");
      expect(run("qpdf", "--check", file)).toContain("No syntax or stream encoding errors");
      const fonts = run("pdffonts", file).trim().split("\n").slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+\S+.*\byes\s+yes\s+yes\b/);
    }
  });

  it("stays well under 100 KB even with seven scripts on the page", async () => {
    expect((await renderAgreementPdf(agreement())).length).toBeLessThan(40_000);
    expect((await renderAgreementPdf(multiScript)).length).toBeLessThan(100_000);
  });

  // The Chinese face draws "-" and the non-breaking hyphen with one glyph, and fontkit's glyph
  // objects remember the character they were first reached through. Fonts are parsed once per
  // process, so whatever one document drew must not leak into the next one's text mapping.
  const hyphenated = agreement({ correspondingAuthorName: "张-浩洋", signatureName: "张-浩洋", authors: ["张-浩洋"] });
  const otherHyphen = agreement({
    correspondingAuthorName: "张\u2011浩洋",
    signatureName: "张\u2011浩洋",
    authors: ["张\u2011浩洋"],
  });

  it("renders the same input to byte-identical PDFs, whatever the process rendered before", async () => {
    const freshRenderer = async () => {
      vi.resetModules();
      return (await import("./render-agreement-pdf")).renderAgreementPdf;
    };
    const first = await (await freshRenderer())(hyphenated);
    const afterOtherWork = await freshRenderer();
    await afterOtherWork(otherHyphen);
    await afterOtherWork(multiScript);
    const second = await afterOtherWork(hyphenated);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(await afterOtherWork(hyphenated)).equals(Buffer.from(first))).toBe(true);
  });

  it("maps each glyph to the character this document drew, with fonts cached across documents", async () => {
    const { file } = await writePdf(otherHyphen, "other-hyphen");
    expect(textOf(file)).toContain("张\u2011浩洋");
    expect(textOf((await writePdf(hyphenated, "hyphen")).file)).toContain("张-浩洋");
    expect(textOf((await writePdf(otherHyphen, "other-hyphen-again")).file)).toContain("张\u2011浩洋");
  });

  it("renders documents started together exactly as it renders them one at a time", async () => {
    const alone: Uint8Array[] = [];
    for (const input of [hyphenated, otherHyphen, multiScript]) alone.push(await renderAgreementPdf(input));
    const together = await Promise.all(
      [otherHyphen, hyphenated, multiScript, hyphenated].map((input) => renderAgreementPdf(input)),
    );
    expect(Buffer.from(together[1]).equals(Buffer.from(alone[0]))).toBe(true);
    expect(Buffer.from(together[3]).equals(Buffer.from(alone[0]))).toBe(true);
    expect(Buffer.from(together[0]).equals(Buffer.from(alone[1]))).toBe(true);
    expect(Buffer.from(together[2]).equals(Buffer.from(alone[2]))).toBe(true);
  });

  it("records title, author, producer and the signing time as the PDF's metadata", async () => {
    const doc = await PDFDocument.load(await renderAgreementPdf(agreement()), { updateMetadata: false });
    expect(doc.getTitle()).toBe(
      "Publication Agreement — Differentiable Dynamic Quantization with Mixed Precision and Adaptive Resolution",
    );
    expect(doc.getAuthor()).toBe("Zoë Łukasiewicz-Nguyễn");
    expect([doc.getProducer(), doc.getCreator()]).toEqual(["Imprimatur", "Imprimatur"]);
    expect(doc.getCreationDate()).toEqual(new Date("2024-05-01T14:03:27Z"));
    expect(doc.getModificationDate()).toEqual(new Date("2024-05-01T14:03:27Z"));
  });

  it.each([
    "王倩",
    "دار النشر العربية",
    "Εκδόσεις Παπαδόπουλος",
    "Smith (Ed.) \\ Jones) (",
    "Eve) /M (D:19990101000000Z) /Name (Acme",
  ])("keeps the title, author and subject intact in the metadata when names read %s", async (name) => {
    const { bytes, file } = await writePdf(
      agreement({ articleTitle: name, correspondingAuthorName: name, proceedingsName: name }),
      "metadata",
    );
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getTitle()).toBe(`Publication Agreement — ${name}`);
    expect(doc.getAuthor()).toBe(name);
    expect(doc.getSubject()).toBe(`Publication agreement for “${name}” in ${name}`);
    expect(run("qpdf", "--check", file)).toContain("No syntax or stream encoding errors");
    expect(run("pdfinfo", file)).toContain(`Author:          ${name}`);
  });

  it("wraps very long titles and unbroken words onto further pages without drawing outside them", async () => {
    const longTitle = `${"Quantization ".repeat(400)}${"x".repeat(600)} ${"张浩洋山田".repeat(300)}`;
    const { file } = await writePdf(agreement({ articleTitle: longTitle, signatureName: "y".repeat(300) }), "long");
    const boxes = [
      ...run("pdftotext", "-bbox", file, "-").matchAll(
        /xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/g,
      ),
    ];
    const pages = [...run("pdfinfo", file).matchAll(/^Pages:\s+(\d+)/gm)][0][1];
    expect(Number(pages)).toBeGreaterThan(3);
    expect(boxes.length).toBeGreaterThan(1000);
    // Every word stays inside the text column and clear of the paper's edges (footer included).
    for (const [, xMin, yMin, xMax, yMax] of boxes) {
      expect(Number(xMin)).toBeGreaterThanOrEqual(72);
      expect(Number(xMax)).toBeLessThanOrEqual(595.28 - 72);
      expect(Number(yMin)).toBeGreaterThanOrEqual(24);
      expect(Number(yMax)).toBeLessThanOrEqual(841.89 - 24);
    }
  });
});
