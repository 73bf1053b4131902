import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, describe, expect, it, vi } from "vitest";
import { parseAgreementBlocks } from "@/lib/agreements/agreement-blocks";
import { renderAgreementPdf, type SignedAgreementPdfInput } from "./render-agreement-pdf";

const template = readFileSync(
  path.join(__dirname, "../agreements/templates/pmlr-publication-agreement.template.txt"),
  "utf8",
);
const scratch = mkdtempSync(path.join(tmpdir(), "imprimatur-pdf-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function agreement(overrides: Partial<SignedAgreementPdfInput> = {}): SignedAgreementPdfInput {
  const base: SignedAgreementPdfInput = {
    agreementId: "agr_01HZX3K9",
    text: "",
    textSha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    publisherName: "PMLR",
    proceedingsName: "Proceedings of Machine Learning Research, Volume 139",
    articleTitle: "Differentiable Dynamic Quantization with Mixed Precision and Adaptive Resolution",
    correspondingAuthorName: "Zoë Łukasiewicz-Nguyễn",
    correspondingAuthorEmail: "zoe@example.org",
    authors: ["Zoë Łukasiewicz-Nguyễn", "Jane Smith"],
    signatureName: "Zoë Łukasiewicz-Nguyễn",
    signedAt: new Date("2024-05-01T14:03:27Z"),
    ...overrides,
  };
  const text = template
    .replaceAll("{{articleTitle}}", base.articleTitle)
    .replaceAll("{{correspondingAuthor}}", base.correspondingAuthorName)
    .replaceAll("{{publisher}}", base.publisherName);
  return { ...base, text: overrides.text ?? text };
}

const multiScript = agreement({
  articleTitle: "Αλέξανδρος Дмитрий 山田太郎 ひらがな カタカナ 김민준 محمد عبد الله דוד כהן 🙂",
  correspondingAuthorName: "张浩洋",
  authors: ["张浩洋", "Αλέξανδρος Παπαδόπουλος", "Дмитрий Иванов", "山田太郎", "김민준", "محمد عبد الله", "דוד כהן"],
  signatureName: "张浩洋",
});

async function writePdf(input: SignedAgreementPdfInput, name: string) {
  const bytes = await renderAgreementPdf(input);
  const file = path.join(scratch, `${name}.pdf`);
  writeFileSync(file, bytes);
  return { bytes, file };
}

const run = (command: string, ...args: string[]) => execFileSync(command, args, { encoding: "utf8" });
const textOf = (file: string) => run("pdftotext", file, "-");
const squashed = (text: string) => text.replace(/\s+/g, "");

describe("renderAgreementPdf", () => {
  it("prints the typed signature, the signing date, the article title and every clause of a Latin agreement", async () => {
    const input = agreement();
    const text = squashed(textOf((await writePdf(input, "latin")).file));
    for (const expected of [input.signatureName, "2024-05-0114:03UTC", input.articleTitle, "page1of2", "page2of2"]) {
      expect(text).toContain(squashed(expected));
    }
    for (const block of parseAgreementBlocks(input.text)) {
      if (block.kind === "clause") {
        expect(text).toContain(squashed(block.text));
        for (const sub of block.subclauses) expect(text).toContain(squashed(sub.text));
      }
    }
    expect(text).toContain(squashed("I HAVE READ AND AGREE FULLY WITH THE TERMS OF THIS AGREEMENT."));
  });

  it("keeps Greek, Cyrillic, Chinese, Japanese, Korean, Arabic and Hebrew names as real, extractable text", async () => {
    const text = squashed(textOf((await writePdf(multiScript, "multi-script")).file));
    for (const name of ["张浩洋", "Αλέξανδρος Παπαδόπουλος", "Дмитрий Иванов", "山田太郎", "ひらがな", "カタカナ", "김민준", "דוד כהן", "محمد"]) {
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

  it("renders the same input to byte-identical PDFs, whatever the process rendered before", async () => {
    const freshRenderer = async () => {
      vi.resetModules();
      return (await import("./render-agreement-pdf")).renderAgreementPdf;
    };
    const input = agreement({ correspondingAuthorName: "张-浩洋", signatureName: "张-浩洋" });
    const first = await (await freshRenderer())(input);
    const afterOtherWork = await freshRenderer();
    // The Chinese face draws "-" and the non-breaking hyphen with one glyph; fontkit remembers the
    // character it first met that glyph through, which must not leak into later documents.
    await afterOtherWork(agreement({ correspondingAuthorName: "张\u2011浩洋", signatureName: "张\u2011浩洋" }));
    const second = await afterOtherWork(input);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(await afterOtherWork(input)).equals(Buffer.from(first))).toBe(true);
  });

  it("records title, author, producer and the signing time as the PDF's metadata", async () => {
    const doc = await PDFDocument.load(await renderAgreementPdf(agreement()), { updateMetadata: false });
    expect(doc.getTitle()).toBe("Publication Agreement — Differentiable Dynamic Quantization with Mixed Precision and Adaptive Resolution");
    expect(doc.getAuthor()).toBe("Zoë Łukasiewicz-Nguyễn");
    expect([doc.getProducer(), doc.getCreator()]).toEqual(["Imprimatur", "Imprimatur"]);
    expect(doc.getCreationDate()).toEqual(new Date("2024-05-01T14:03:27Z"));
    expect(doc.getModificationDate()).toEqual(new Date("2024-05-01T14:03:27Z"));
  });

  it("wraps very long titles and unbroken words onto further pages without drawing outside them", async () => {
    const longTitle = `${"Quantization ".repeat(400)}${"x".repeat(600)} ${"张浩洋山田".repeat(300)}`;
    const { file } = await writePdf(agreement({ articleTitle: longTitle, signatureName: "y".repeat(300) }), "long");
    const boxes = [...run("pdftotext", "-bbox", file, "-").matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/g)];
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
