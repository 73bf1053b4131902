import "server-only";
import { PDFDocument } from "pdf-lib";
import { agreementParagraphs } from "./agreement-paragraphs";
import { completionCertificate } from "./completion-certificate";
import { createFontBook } from "@/lib/pdf/fonts/font-book";
import { drawFooter, footerText } from "@/lib/pdf/layout/page-footer";
import { setDocumentInfo } from "./pdf-text";
import { flowItems, layItems, type PageFrame } from "@/lib/pdf/layout/page-flow";
import { recordParagraphs, signatureParagraphs } from "./signature-paragraphs";
import type { SignedAgreementPdfInput } from "./signed-agreement-pdf-input";

export type { AgreementTextBlock, EvidenceEvent, SignedAgreementPdfInput } from "./signed-agreement-pdf-input";

const A4: PageFrame = { size: [595.28, 841.89], margins: { top: 72, right: 72, bottom: 72, left: 72 } };

/**
 * The signed agreement as a PDF: the agreement text, the typed signature and the signing date, in
 * whatever scripts the names and titles use, followed by a certificate of completion with the
 * audit evidence. The same input always gives the same bytes, whatever the process rendered
 * before, so a stored PDF can be checked by rendering it again.
 */
export async function renderAgreementPdf(input: SignedAgreementPdfInput): Promise<Uint8Array> {
  const doc = await renderAgreementDocument(input);
  // Plain objects rather than compressed object streams: pdf-lib compresses those in JavaScript,
  // which cost more than the rest of saving, and sealing rewrites the file without them anyway.
  // No yielding to the event loop between objects either: the document is small.
  return doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
}

/**
 * The same document before it is saved: sealing adds its signature field to it and saves it once,
 * rather than parsing the saved bytes again (the same bytes either way).
 */
export async function renderAgreementDocument(input: SignedAgreementPdfInput): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  setMetadata(doc, input);
  const book = createFontBook(doc);
  const contentWidth = A4.size[0] - A4.margins.left - A4.margins.right;
  const specs = [
    ...agreementParagraphs(input),
    ...signatureParagraphs(input),
    ...recordParagraphs(input),
    ...completionCertificate(input, contentWidth),
  ];
  const pages = flowItems(doc, book, layItems(specs, book, contentWidth), A4);
  pages.forEach((page, index) => {
    drawFooter(page, book, footerText(input.agreementId, input.textSha256, index + 1, pages.length), A4);
  });
  book.embedAll();
  for (const page of pages) page.finish();
  return doc;
}

function setMetadata(doc: PDFDocument, input: SignedAgreementPdfInput) {
  setDocumentInfo(doc, {
    title: `Publication Agreement — ${input.articleTitle}`,
    author: input.correspondingAuthorName,
    subject: `Publication agreement for “${input.articleTitle}” in ${input.proceedingsName}`,
    producer: "Imprimatur",
    creator: "Imprimatur",
    language: "en",
    // Signing time rather than "now": re-rendering the same agreement must reproduce the same bytes.
    createdAt: input.signedAt,
    modifiedAt: input.signedAt,
  });
}
