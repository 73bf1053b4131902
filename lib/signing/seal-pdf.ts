import "server-only";
import { SignPdf } from "@signpdf/signpdf";
import { PDFDocument } from "pdf-lib";
import { AppError } from "@/lib/errors/app-error";
import { requestTimestamp, type TimestampToken } from "@/lib/timestamp/request-timestamp";
import type { TimestampAuthority } from "@/lib/timestamp/timestamp-authority-settings";
import { CadesSigner, type SealKey, sealKeyFor, SignatureTooLarge } from "./pdf-signature-signer";
import { addSignaturePlaceholder } from "./signature-placeholder";
import type { SigningCertificate } from "./signing-certificate";
import { MAX_TIMESTAMP_BYTES, recordTimestampSize, roomAfterTooLarge, timestampRoomBytes } from "./timestamp-room";

export type SealDetails = { reason: string; location?: string; contactInfo?: string; name: string; signingTime: Date };

export type SealOptions = {
  /** When given, the seal carries this authority's timestamp (PAdES B-T) or is not made at all. */
  timestampAuthority?: TimestampAuthority | null;
};

export type SealedPdf = { pdf: Uint8Array; timestamp?: TimestampToken };

/**
 * What is sealed: a saved PDF, or a function that builds the document afresh (each call a new,
 * unsaved document, never sealed before), which spares parsing bytes just saved. It is called
 * again only when a timestamp outgrew its room and the document is prepared once more.
 */
export type SealSource = Uint8Array | { build: () => Promise<PDFDocument> };

// A token larger than the authority's last one is met by preparing the document again with room
// for it: each try costs a signature and a timestamp, so a few are plenty.
const ATTEMPTS = 3;

/**
 * Adds an invisible PAdES baseline signature (ETSI.CAdES.detached) over the whole document, so
 * any PDF reader (and inspectPdfSignature) can tell whether a single byte changed since the
 * publisher sealed it. details.signingTime becomes the signature's /M, the time it claims; with a
 * timestamp authority, the authority's token over the signature says when it existed (B-T).
 * When the authority fails this throws its TIMESTAMP_UNAVAILABLE AppError and makes nothing: a
 * seal that was meant to carry a timestamp never silently goes without one.
 * The document is rewritten, not incrementally updated: seal only PDFs that carry no signature.
 * The names and reason may be in any script and contain any character: they are written as
 * UTF-16 hex strings, so they can neither break nor extend the signature dictionary.
 */
export async function sealPdf(
  pdf: SealSource,
  certificate: SigningCertificate,
  details: SealDetails,
  options: SealOptions = {},
): Promise<SealedPdf> {
  const key = sealKeyFor(certificate);
  const authority = options.timestampAuthority ?? undefined;
  // Without a timestamp the size is exact; the unused part of any room is stored as zeros in
  // every sealed PDF, so it is never a generous constant.
  let roomBytes = key.unstampedBytes + (authority ? timestampRoomBytes(authority) : 0);
  for (let attempt = 1; ; attempt++) {
    try {
      return await sealWithin(pdf, key, details, roomBytes, authority);
    } catch (error) {
      if (!(error instanceof SignatureTooLarge) || attempt === ATTEMPTS) throw error;
      roomBytes = roomAfterTooLarge(error.bytes);
    }
  }
}

async function sealWithin(
  pdf: SealSource,
  key: SealKey,
  details: SealDetails,
  roomBytes: number,
  authority: TimestampAuthority | undefined,
): Promise<SealedPdf> {
  let timestamp: TimestampToken | undefined;
  const stamp = authority
    ? async (signatureValue: Buffer) => {
        timestamp = await requestTimestamp(authority, signatureValue);
        if (timestamp.der.length > MAX_TIMESTAMP_BYTES)
          throw new AppError("TIMESTAMP_UNAVAILABLE", {
            userMessage: `The timestamp authority sent a token of ${timestamp.der.length} bytes, too large to embed.`,
          });
        recordTimestampSize(authority, timestamp.der.length);
        return timestamp.der;
      }
    : undefined;
  const signer = new CadesSigner(key, roomBytes, stamp);
  const sealed = await new SignPdf().sign(await prepare(pdf, details, roomBytes), signer);
  return {
    pdf: new Uint8Array(sealed.buffer, sealed.byteOffset, sealed.byteLength),
    ...(timestamp ? { timestamp } : {}),
  };
}

async function prepare(pdf: SealSource, details: SealDetails, roomBytes: number): Promise<Buffer> {
  // updateMetadata: false keeps the renderer's producer and dates, so sealing adds only the seal.
  const doc = pdf instanceof Uint8Array ? await PDFDocument.load(pdf, { updateMetadata: false }) : await pdf.build();
  addSignaturePlaceholder(doc, { ...details, signatureHexDigits: 2 * roomBytes });
  // signpdf finds the placeholder by searching the bytes, so nothing may hide in object streams.
  // A document of a few dozen objects is written without yielding to the event loop between them.
  return Buffer.from(await doc.save({ useObjectStreams: false, objectsPerTick: Infinity }));
}
