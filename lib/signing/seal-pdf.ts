import "server-only";
import { SignPdf } from "@signpdf/signpdf";
import { PDFDocument } from "pdf-lib";
import { CadesSigner, sealKeyFor } from "./pdf-signature-signer";
import { addSignaturePlaceholder } from "./signature-placeholder";
import type { SigningCertificate } from "./signing-certificate";

export type SealDetails = { reason: string; location?: string; contactInfo?: string; name: string; signingTime: Date };

export type SealedPdf = { pdf: Uint8Array };

/**
 * Adds an invisible PAdES baseline signature (ETSI.CAdES.detached) over the whole document, so
 * any PDF reader (and inspectPdfSignature) can tell whether a single byte changed since the
 * publisher sealed it. details.signingTime becomes the signature's /M, the time it claims.
 * The document is rewritten, not incrementally updated: seal only PDFs that carry no signature.
 * The names and reason may be in any script and contain any character: they are written as
 * UTF-16 hex strings, so they can neither break nor extend the signature dictionary.
 */
export async function sealPdf(
  pdf: Uint8Array,
  certificate: SigningCertificate,
  details: SealDetails,
): Promise<SealedPdf> {
  const key = sealKeyFor(certificate);
  // Sized exactly for this certificate rather than a generous constant, because the unused
  // part is stored as zeros in every sealed PDF.
  const signer = new CadesSigner(key, key.unstampedBytes);
  const sealed = await new SignPdf().sign(await prepare(pdf, details, key.unstampedBytes), signer);
  return { pdf: new Uint8Array(sealed.buffer, sealed.byteOffset, sealed.byteLength) };
}

async function prepare(pdf: Uint8Array, details: SealDetails, roomBytes: number): Promise<Buffer> {
  // updateMetadata: false keeps the renderer's producer and dates, so sealing adds only the seal.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  addSignaturePlaceholder(doc, { ...details, signatureHexDigits: 2 * roomBytes });
  // signpdf finds the placeholder by searching the bytes, so nothing may hide in object streams.
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
