import "server-only";
import { SignPdf } from "@signpdf/signpdf";
import { PDFDocument } from "pdf-lib";
import { requestTimestamp, type TimestampToken } from "@/lib/timestamp/request-timestamp";
import type { TimestampAuthority } from "@/lib/timestamp/timestamp-authority-settings";
import { signerFor } from "./pdf-signature-signer";
import { addSignaturePlaceholder } from "./signature-placeholder";
import type { SigningCertificate } from "./signing-certificate";

export type SealDetails = { reason: string; location?: string; contactInfo?: string; name: string; signingTime: Date };

/**
 * Adds an invisible digital signature over the whole document, so any PDF reader (and
 * inspectPdfSignature) can tell whether a single byte changed since the publisher sealed it.
 * The document is rewritten, not incrementally updated: seal only PDFs that carry no signature.
 * The names and reason may be in any script and contain any character: they are written as
 * UTF-16 hex strings, so they can neither break nor extend the signature dictionary.
 */
export async function sealPdf(
  pdf: Uint8Array,
  certificate: SigningCertificate,
  details: SealDetails,
  { timestampAuthority }: { timestampAuthority?: TimestampAuthority } = {},
): Promise<{ pdf: Uint8Array; timestamp?: TimestampToken }> {
  const signer = signerFor(certificate);
  // updateMetadata: false keeps the renderer's producer and dates, so sealing adds only the seal.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  addSignaturePlaceholder(doc, {
    ...details,
    // Sized for this certificate rather than a generous constant, because the unused part is
    // stored as zeros in every sealed PDF.
    signatureHexDigits: 2 * signer.maxSignatureBytes,
  });
  // signpdf finds the placeholder by searching the bytes, so nothing may hide in object streams.
  const prepared = Buffer.from(await doc.save({ useObjectStreams: false }));
  const sealed = await new SignPdf().sign(prepared, signer, details.signingTime);
  // stand-in until the pades branch lands: that branch timestamps the CMS signature value and embeds
  // the token (PAdES B-T); here the sealed bytes are timestamped and the token is only returned.
  // Either way an unavailable authority throws TIMESTAMP_UNAVAILABLE and nothing is produced.
  const timestamp = timestampAuthority ? await requestTimestamp(timestampAuthority, sealed) : undefined;
  return { pdf: new Uint8Array(sealed.buffer, sealed.byteOffset, sealed.byteLength), timestamp };
}
