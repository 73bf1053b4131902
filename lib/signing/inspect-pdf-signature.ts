import "server-only";
import { createHash, verify, X509Certificate } from "node:crypto";
import { certificateIdentity } from "./certificate-identity";
import { parseSignedData, type SignedDataParts } from "./pdf-signature-cms";
import { readSignatureContents, readSignatureByteRange, type ByteRange } from "./pdf-signature-location";

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
      signingTime?: Date;
    };

const HASHES: Record<string, string> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
  "2.16.840.1.101.3.4.2.4": "sha224",
};
const RSASSA_PSS = "1.2.840.113549.1.1.10";

const CHANGED = "the document was changed after it was signed";
const DAMAGED = "the signature is damaged";

/**
 * Checks the last (newest) signature of a PDF without trusting anything in the file: recomputes
 * the digest of the signed bytes and verifies the signer's signature over it. It does not decide
 * whether the signer is trusted; compare signerFingerprintSha256 with the certificates you know.
 * Never throws, whatever the bytes: it is fed uploads from anyone.
 */
export function inspectPdfSignature(bytes: Uint8Array): PdfSignatureInspection {
  if (!(bytes instanceof Uint8Array)) return { kind: "not-pdf", reason: "no file was given" };
  if (bytes.length === 0) return { kind: "not-pdf", reason: "the file is empty" };
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Readers accept up to 1 KB of junk before the header, so the check does too.
  if (pdf.subarray(0, 1024).indexOf("%PDF-") === -1) return { kind: "not-pdf", reason: "the file does not start like a PDF" };
  try {
    return inspectLastSignature(pdf);
  } catch {
    return damaged(DAMAGED);
  }
}

function inspectLastSignature(pdf: Buffer): PdfSignatureInspection {
  // Each incremental update appends; the last /ByteRange belongs to the newest signature.
  const at = pdf.lastIndexOf("/ByteRange");
  if (at === -1) return { kind: "unsigned" };
  const range = readSignatureByteRange(pdf, at);
  if (!range) return damaged(`${DAMAGED}: its byte range cannot be read`);
  const truncated = range.end > pdf.length;
  const contents = readSignatureContents(pdf, at, range);
  if (!contents) return damaged(truncated ? "the file is incomplete: it ends before its signature does" : `${DAMAGED}: its value cannot be found`);
  let parts: SignedDataParts;
  try {
    parts = parseSignedData(contents.der);
  } catch {
    return damaged(`${DAMAGED}: its value is not a readable PKCS#7 signature`);
  }
  const coversWholeDocument = range.offsets[0] === 0 && range.end === pdf.length && contents.fillsGap;
  if (truncated) return { ...signer(parts), valid: false, coversWholeDocument: false, problem: "the file is incomplete: it ends before the signed part does" };
  const verdict = check(parts, signedSlices(pdf, range));
  const problem = verdict.problem ?? (coversWholeDocument ? undefined : uncoveredProblem(pdf, range));
  return { ...signer(parts, verdict.certificate), valid: !verdict.problem, coversWholeDocument, ...(problem ? { problem } : {}) };
}

function check(parts: SignedDataParts, signed: Buffer[]): { problem?: string; certificate?: Buffer } {
  const hash = HASHES[parts.digestAlgorithmOid];
  if (!hash) return { problem: `the signature uses a digest this check does not support (${parts.digestAlgorithmOid})` };
  if (parts.signatureAlgorithmOid === RSASSA_PSS) return { problem: "the signature uses RSA-PSS, which this check does not support" };
  const digest = signed.reduce((md, slice) => md.update(slice), createHash(hash)).digest();
  if (parts.signedAttributesDer && !parts.messageDigest) return { problem: `${DAMAGED}: it does not say what digest it signed` };
  if (parts.messageDigest && !parts.messageDigest.equals(digest)) return { problem: CHANGED };
  const signedData = parts.signedAttributesDer ?? Buffer.concat(signed);
  const candidates = signerCandidates(parts);
  if (candidates.length === 0) return { problem: `${DAMAGED}: the signer's certificate is missing` };
  const certificate = candidates.find((der) => verifies(hash, signedData, der, parts.signature));
  if (certificate) return { certificate };
  return { problem: parts.messageDigest ? `${DAMAGED}: it does not match the signer's certificate` : CHANGED, certificate: candidates[0] };
}

/** The certificates named as the signer; all of them when none is (a key-identifier signer). */
function signerCandidates(parts: SignedDataParts): Buffer[] {
  const named = parts.certificates.filter((der) => serialOf(der) === parts.signerSerialHex);
  return named.length > 0 ? named : parts.certificates;
}

function verifies(hash: string, data: Buffer, certificate: Buffer, signature: Buffer): boolean {
  try {
    return verify(hash, data, new X509Certificate(certificate).publicKey, signature);
  } catch {
    return false;
  }
}

function serialOf(certificate: Buffer): string {
  try {
    return new X509Certificate(certificate).serialNumber.toLowerCase().replace(/^0+/, "");
  } catch {
    return "";
  }
}

function signedSlices(pdf: Buffer, range: ByteRange): Buffer[] {
  const [a, b, c, d] = range.offsets;
  return [pdf.subarray(a, a + b), pdf.subarray(c, c + d)];
}

function signer(parts: SignedDataParts, certificate = signerCandidates(parts)[0]) {
  const identity = identityOf(certificate);
  return {
    kind: "signed" as const,
    signerSubject: identity?.subject ?? "",
    signerFingerprintSha256: identity?.fingerprintSha256 ?? "",
    ...(parts.signingTime ? { signingTime: parts.signingTime } : {}),
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
  return range.end < pdf.length ? "something was added to the file after it was signed" : "the signature leaves part of the file unsigned";
}

function damaged(problem: string): PdfSignatureInspection {
  return { kind: "signed", valid: false, coversWholeDocument: false, problem, signerSubject: "", signerFingerprintSha256: "" };
}
