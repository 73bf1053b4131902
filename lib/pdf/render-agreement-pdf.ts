import "server-only";
import { PDFDocument } from "pdf-lib";
import { agreementParagraphs } from "./agreement-paragraphs";
import { embedFaces } from "./embed-faces";
import { drawFooter, footerText } from "./page-footer";
import { flowParagraphs, type PageFrame } from "./page-flow";
import { facesOf, layParagraph, prepareParagraph } from "./paragraph-layout";
import { recordParagraphs, signatureParagraphs } from "./signature-paragraphs";
import type { SignedAgreementPdfInput } from "./signed-agreement-pdf-input";

export type { SignedAgreementPdfInput } from "./signed-agreement-pdf-input";

const A4: PageFrame = { size: [595.28, 841.89], margins: { top: 72, right: 72, bottom: 72, left: 72 } };

/**
 * The signed agreement as a PDF: the agreement text, the typed signature and the signing date, in
 * whatever scripts the names and titles use. The same input always gives the same bytes, so a
 * stored PDF can be checked by rendering it again.
 */
export async function renderAgreementPdf(input: SignedAgreementPdfInput): Promise<Uint8Array> {
  const paragraphs = [...agreementParagraphs(input), ...signatureParagraphs(input), ...recordParagraphs(input)].map(
    prepareParagraph,
  );
  const footerFaces = footerText(input.agreementId, input.textSha256, 0, 0).faces;

  const doc = await PDFDocument.create({ updateMetadata: false });
  setMetadata(doc, input);
  const book = await embedFaces(doc, [...paragraphs.flatMap(facesOf), ...footerFaces]);
  const contentWidth = A4.size[0] - A4.margins.left - A4.margins.right;
  const laid = paragraphs.map((paragraph) => layParagraph(paragraph, book, contentWidth));
  const pages = flowParagraphs(doc, book, laid, A4);
  pages.forEach((page, index) => {
    drawFooter(page, book, footerText(input.agreementId, input.textSha256, index + 1, pages.length), A4);
  });
  return doc.save();
}

function setMetadata(doc: PDFDocument, input: SignedAgreementPdfInput) {
  doc.setTitle(`Publication Agreement — ${input.articleTitle}`, { showInWindowTitleBar: true });
  doc.setAuthor(input.correspondingAuthorName);
  doc.setSubject(`Publication agreement for “${input.articleTitle}” in ${input.proceedingsName}`);
  doc.setProducer("Imprimatur");
  doc.setCreator("Imprimatur");
  doc.setLanguage("en");
  // Signing time rather than "now": re-rendering the same agreement must reproduce the same bytes.
  doc.setCreationDate(input.signedAt);
  doc.setModificationDate(input.signedAt);
}
