import { PDFDict, PDFHexString, PDFName, PDFString, type PDFDocument } from "pdf-lib";

// The one door through which strings enter a PDF object. pdf-lib's PDFString.of writes its
// argument byte for byte: "(", ")" and "\" are not escaped, so a name can close the string and
// add keys of its own, and every UTF-16 unit is cut to one byte, so "王倩" ends in a stray ")".
// Everything written here is either UTF-16BE hex (any text) or a checked ASCII constant; a test
// (pdf-text.test.ts) refuses any other PDFString or PDFHexString in lib/.

/** Any text (names, titles, reasons) as a UTF-16BE hex string with a byte-order mark. */
export function pdfText(text: string): PDFHexString {
  return PDFHexString.fromText(text);
}

/** A date in the PDF format (D:YYYYMMDDHHmmSSZ): digits, letters and quotes only. */
export function pdfDate(date: Date): PDFString {
  return PDFString.fromDate(date);
}

const PLAIN_ASCII = /^[A-Za-z0-9 .,_:;+\-]*$/;

/**
 * A fixed identifier the PDF format spells out (a font's CIDSystemInfo "Adobe", a language tag):
 * written as a literal string because some readers compare it byte for byte. Refuses anything
 * that would need escaping, so it can never carry user text.
 */
/**
 * Reads a PDF date (D:YYYYMMDDHHmmSS…) as it appears in a file: the literal string's content, or a
 * hex string's digits. undefined when it is not a date.
 */
export function readPdfDate(value: { literal: string } | { hex: string }): Date | undefined {
  try {
    const date = ("literal" in value ? PDFString.of(value.literal) : PDFHexString.of(value.hex)).decodeDate();
    return Number.isNaN(date.getTime()) ? undefined : date;
  } catch {
    return undefined;
  }
}

export function pdfAsciiString(value: string): PDFString {
  if (!PLAIN_ASCII.test(value))
    throw new Error(`pdfAsciiString takes plain ASCII constants only, not ${JSON.stringify(value)}.`);
  return PDFString.of(value);
}

/**
 * The signature's /Contents before signing: hex digits the signer overwrites in place, so their
 * count fixes the room for the signature (two digits per byte).
 */
export function pdfSignatureRoom(hexDigits: number): PDFHexString {
  return PDFHexString.of("0".repeat(hexDigits));
}

export type DocumentInfo = {
  title: string;
  author: string;
  subject: string;
  creator: string;
  producer: string;
  /** BCP 47 tag for the document's main language, e.g. "en". */
  language: string;
  createdAt: Date;
  modifiedAt: Date;
};

/** Writes the document information dictionary (what readers show as the document's properties). */
export function setDocumentInfo(doc: PDFDocument, info: DocumentInfo) {
  const existing = doc.context.lookup(doc.context.trailerInfo.Info);
  const dict = existing instanceof PDFDict ? existing : doc.context.obj({});
  if (!(existing instanceof PDFDict)) doc.context.trailerInfo.Info = doc.context.register(dict);
  dict.set(PDFName.of("Title"), pdfText(info.title));
  dict.set(PDFName.of("Author"), pdfText(info.author));
  dict.set(PDFName.of("Subject"), pdfText(info.subject));
  dict.set(PDFName.of("Producer"), pdfText(info.producer));
  dict.set(PDFName.of("Creator"), pdfText(info.creator));
  dict.set(PDFName.of("CreationDate"), pdfDate(info.createdAt));
  dict.set(PDFName.of("ModDate"), pdfDate(info.modifiedAt));
  doc.catalog.set(PDFName.of("Lang"), pdfAsciiString(info.language));
  // Readers show the title rather than the file name in their window's title bar.
  doc.catalog.getOrCreateViewerPreferences().setDisplayDocTitle(true);
}
