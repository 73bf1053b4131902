import "server-only";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { SignPdf } from "@signpdf/signpdf";
import { SUBFILTER_ADOBE_PKCS7_DETACHED } from "@signpdf/utils";
import { PDFDocument } from "pdf-lib";
import { signerFor } from "./pdf-signature-signer";
import type { SigningCertificate } from "./signing-certificate";

export type SealDetails = { reason: string; location?: string; contactInfo?: string; name: string; signingTime: Date };

/**
 * Adds an invisible digital signature over the whole document, so any PDF reader (and
 * inspectPdfSignature) can tell whether a single byte changed since the publisher sealed it.
 * The document is rewritten, not incrementally updated: seal only PDFs that carry no signature.
 */
export async function sealPdf(pdf: Uint8Array, certificate: SigningCertificate, details: SealDetails): Promise<Uint8Array> {
  const signer = signerFor(certificate);
  // updateMetadata: false keeps the renderer's producer and dates, so sealing adds only the seal.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: details.reason,
    name: details.name,
    location: details.location ?? "",
    contactInfo: details.contactInfo ?? "",
    signingTime: details.signingTime,
    subFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
    // Hex digits, two per signature byte: sized for this certificate rather than a generous
    // constant, because the unused part is stored as zeros in every sealed PDF.
    signatureLength: 2 * signer.maxSignatureBytes,
  });
  // signpdf finds the placeholder by searching the bytes, so nothing may hide in object streams.
  const prepared = Buffer.from(await doc.save({ useObjectStreams: false }));
  const sealed = await new SignPdf().sign(prepared, signer, details.signingTime);
  return new Uint8Array(sealed.buffer, sealed.byteOffset, sealed.byteLength);
}
