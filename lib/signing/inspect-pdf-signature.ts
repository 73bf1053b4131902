import "server-only";
import { verifyTimestampToken, type TimestampVerdict } from "@/lib/timestamp/verify-timestamp-token";
import { certificateIdentity } from "./certificate-identity";
import { DAMAGED, parseSignedData, verifySignedData, type ParsedSignedData } from "./pdf-signature-cms";
import {
  readSignatureByteRange,
  readSignatureContents,
  readSignatureDictionary,
  type ByteRange,
  type SignatureDictionaryEntries,
} from "./pdf-signature-location";

/** The two encodings our seals have used: PKCS#7 until PAdES, CAdES (PAdES baseline) since. */
const SUB_FILTERS = ["adbe.pkcs7.detached", "ETSI.CAdES.detached"];

export type PdfSignatureInspection =
  | { kind: "not-pdf"; reason: string }
  | { kind: "unsigned" }
  | {
      kind: "signed";
      /** The signed bytes are exactly what the signer signed. Says nothing about bytes outside them. */
      valid: boolean;
      /** The signature spans the whole file: nothing was added after signing. */
      coversWholeDocument: boolean;
      problem?: string;
      signerSubject: string;
      signerFingerprintSha256: string;
      /** adbe.pkcs7.detached or ETSI.CAdES.detached (PAdES), as the signature dictionary says. */
      subFilter?: string;
      /**
       * The time the signer claims: the signed signing-time attribute of a PKCS#7 signature, or
       * the signature dictionary's /M of a PAdES one (which has no signing-time by design).
       */
      signingTime?: Date;
      /**
       * The signature timestamp (PAdES B-T), checked over the signature value, when the signature
       * carries one. It sits outside the signed bytes: a damaged token leaves the seal valid.
       */
      timestamp?: TimestampVerdict;
    };

export type InspectionOptions = {
  /** Roots of the timestamp authorities to trust (TSA_TRUSTED_CERTS): sets timestamp.trusted. */
  trustedTimestampCertificates?: Buffer[];
};

/**
 * Checks the last (newest) signature of a PDF without trusting anything in the file: recomputes
 * the digest of the signed bytes and verifies the signer's signature over it. It does not decide
 * whether the signer is trusted; compare signerFingerprintSha256 with the certificates you know.
 * Never throws, whatever the bytes: it is fed uploads from anyone.
 */
export async function inspectPdfSignature(
  bytes: Uint8Array,
  options: InspectionOptions = {},
): Promise<PdfSignatureInspection> {
  if (!(bytes instanceof Uint8Array)) return { kind: "not-pdf", reason: "no file was given" };
  if (bytes.length === 0) return { kind: "not-pdf", reason: "the file is empty" };
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Readers accept up to 1 KB of junk before the header, so the check does too.
  if (pdf.subarray(0, 1024).indexOf("%PDF-") === -1)
    return { kind: "not-pdf", reason: "the file does not start like a PDF" };
  try {
    return await inspectLastSignature(pdf, options);
  } catch {
    return damaged(DAMAGED);
  }
}

async function inspectLastSignature(pdf: Buffer, options: InspectionOptions): Promise<PdfSignatureInspection> {
  // Each incremental update appends; the last /ByteRange belongs to the newest signature.
  const at = pdf.lastIndexOf("/ByteRange");
  if (at === -1) return { kind: "unsigned" };
  const range = readSignatureByteRange(pdf, at);
  if (!range) return damaged(`${DAMAGED}: its byte range cannot be read`);
  const truncated = range.end > pdf.length;
  const contents = readSignatureContents(pdf, at, range);
  if (!contents)
    return damaged(
      truncated ? "the file is incomplete: it ends before its signature does" : `${DAMAGED}: its value cannot be found`,
    );
  let parts: ParsedSignedData;
  try {
    parts = parseSignedData(contents.der);
  } catch {
    return damaged(`${DAMAGED}: its value is not a readable PKCS#7 signature`);
  }
  const dictionary = readSignatureDictionary(pdf, at);
  if (dictionary.subFilter && !SUB_FILTERS.includes(dictionary.subFilter))
    return {
      ...signer(parts, dictionary),
      valid: false,
      coversWholeDocument: false,
      problem: `the signature is of a kind this check does not read (${dictionary.subFilter})`,
    };
  const timestamp = parts.timestampToken
    ? await verifyTimestampToken(parts.timestampToken, parts.signatureValue, {
        trustedCertificates: options.trustedTimestampCertificates,
      })
    : undefined;
  const coversWholeDocument = range.offsets[0] === 0 && range.end === pdf.length && contents.fillsGap;
  if (truncated)
    return {
      ...signer(parts, dictionary),
      valid: false,
      coversWholeDocument: false,
      problem: "the file is incomplete: it ends before the signed part does",
      ...(timestamp ? { timestamp } : {}),
    };
  const verdict = await verifySignedData(parts, signedSlices(pdf, range));
  const problem = verdict.problem ?? (coversWholeDocument ? undefined : uncoveredProblem(pdf, range));
  return {
    ...signer(parts, dictionary, verdict.certificate),
    valid: !verdict.problem,
    coversWholeDocument,
    ...(problem ? { problem } : {}),
    ...(timestamp ? { timestamp } : {}),
  };
}

function signedSlices(pdf: Buffer, range: ByteRange): Buffer[] {
  const [a, b, c, d] = range.offsets;
  return [pdf.subarray(a, a + b), pdf.subarray(c, c + d)];
}

function signer(
  parts: ParsedSignedData,
  dictionary: SignatureDictionaryEntries,
  certificate = parts.signerCertificate,
) {
  const identity = identityOf(certificate);
  const signingTime = parts.signingTime ?? dictionary.claimedTime;
  return {
    kind: "signed" as const,
    signerSubject: identity?.subject ?? "",
    signerFingerprintSha256: identity?.fingerprintSha256 ?? "",
    ...(dictionary.subFilter ? { subFilter: dictionary.subFilter } : {}),
    ...(signingTime ? { signingTime } : {}),
  };
}

function identityOf(certificate: Buffer | undefined) {
  try {
    return certificate ? certificateIdentity(certificate) : undefined;
  } catch {
    return undefined;
  }
}

function uncoveredProblem(pdf: Buffer, range: ByteRange): string {
  return range.end < pdf.length
    ? "something was added to the file after it was signed"
    : "the signature leaves part of the file unsigned";
}

function damaged(problem: string): PdfSignatureInspection {
  return {
    kind: "signed",
    valid: false,
    coversWholeDocument: false,
    problem,
    signerSubject: "",
    signerFingerprintSha256: "",
  };
}
