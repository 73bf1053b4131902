import { PDFArray, PDFDict, PDFInvalidObject, PDFName, PDFNumber, type PDFDocument } from "pdf-lib";
import {
  ANNOTATION_FLAGS,
  DEFAULT_BYTE_RANGE_PLACEHOLDER,
  SIG_FLAGS,
  SUBFILTER_ETSI_CADES_DETACHED,
} from "@signpdf/utils";
import { pdfDate, pdfSignatureRoom, pdfText } from "@/lib/pdf/pdf-text";

export type SignatureFields = {
  /** Who signs: the publisher's name, in any script. */
  name: string;
  reason: string;
  location?: string;
  contactInfo?: string;
  signingTime: Date;
  /** Hex digits reserved for the signature: two per byte the signer may produce. */
  signatureHexDigits: number;
};

/**
 * Adds an empty signature field (signature dictionary, invisible widget, AcroForm entry) for
 * @signpdf/signpdf to fill. Written here rather than by @signpdf/placeholder-pdf-lib, which puts
 * the names in with PDFString.of: unescaped, one byte per UTF-16 unit, so a publisher's name
 * could break the dictionary or add keys to it. Every text value goes through pdfText.
 */
export function addSignaturePlaceholder(doc: PDFDocument, fields: SignatureFields) {
  const { context } = doc;
  const page = doc.getPages()[0];
  if (!page) throw new Error("A PDF without pages cannot be sealed.");

  // signpdf finds "/ByteRange [0 /****…" by searching the bytes and then the first "/Contents "
  // after it: the ByteRange must come first, and the placeholder must appear nowhere else.
  const byteRange = context.obj([
    0,
    PDFName.of(DEFAULT_BYTE_RANGE_PLACEHOLDER),
    PDFName.of(DEFAULT_BYTE_RANGE_PLACEHOLDER),
    PDFName.of(DEFAULT_BYTE_RANGE_PLACEHOLDER),
  ]);
  const signature = context.obj({
    Type: "Sig",
    Filter: "Adobe.PPKLite",
    SubFilter: SUBFILTER_ETSI_CADES_DETACHED,
    ByteRange: byteRange,
    Contents: pdfSignatureRoom(fields.signatureHexDigits),
    Reason: pdfText(fields.reason),
    M: pdfDate(fields.signingTime),
    Name: pdfText(fields.name),
    ...(fields.location ? { Location: pdfText(fields.location) } : {}),
    ...(fields.contactInfo ? { ContactInfo: pdfText(fields.contactInfo) } : {}),
    Prop_Build: { Filter: { Name: "Adobe.PPKLite" } },
  });
  // Serialised once, as is, so pdf-lib can never move it into a compressed object stream where
  // signpdf would not find the placeholder.
  const bytes = new Uint8Array(signature.sizeInBytes());
  signature.copyBytesInto(bytes, 0);
  const signatureRef = context.register(PDFInvalidObject.of(bytes));

  const widgetRect = [0, 0, 0, 0];
  // An appearance stream, even an empty one, is required for PDF/A; Resources avoids an Acrobat bug.
  const appearance = context.register(context.formXObject([], { BBox: widgetRect, Resources: {} }));
  const widget = context.register(
    context.obj({
      Type: "Annot",
      Subtype: "Widget",
      FT: "Sig",
      Rect: widgetRect,
      V: signatureRef,
      T: pdfText("Signature1"),
      F: ANNOTATION_FLAGS.PRINT,
      P: page.ref,
      AP: { N: appearance },
    }),
  );

  const annotations = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray) ?? context.obj([]);
  annotations.push(widget);
  page.node.set(PDFName.of("Annots"), annotations);

  let acroForm = doc.catalog.lookupMaybe(PDFName.of("AcroForm"), PDFDict);
  if (!acroForm) {
    acroForm = context.obj({ Fields: [] });
    doc.catalog.set(PDFName.of("AcroForm"), context.register(acroForm));
  }
  const existingFlags = acroForm.lookupMaybe(PDFName.of("SigFlags"), PDFNumber)?.asNumber() ?? 0;
  acroForm.set(
    PDFName.of("SigFlags"),
    PDFNumber.of(existingFlags | SIG_FLAGS.SIGNATURES_EXIST | SIG_FLAGS.APPEND_ONLY),
  );
  const formFields = acroForm.lookupMaybe(PDFName.of("Fields"), PDFArray) ?? context.obj([]);
  formFields.push(widget);
  acroForm.set(PDFName.of("Fields"), formFields);
}
