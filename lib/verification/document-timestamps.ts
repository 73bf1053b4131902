import "server-only";
import { db } from "@/lib/db/client";
import { readSignatureByteRange, readSignatureContents } from "@/lib/signing/pdf-signature-location";
import { timestampCheckSettings } from "@/lib/timestamp/timestamp-authority-settings";
import { verifyTimestampToken } from "@/lib/timestamp/verify-timestamp-token";

/** One document timestamp (/DocTimeStamp, ETSI.RFC3161) found in an uploaded PDF, checked. */
export type DocumentTimestampCheck = {
  /** The authority's signature holds and the token is for exactly the bytes its byte range covers. */
  valid: boolean;
  problem?: string;
  time?: string;
  authority?: string;
  /** Only with TSA_TRUSTED_CERTS: whether the authority chains to a root trusted here. */
  trusted?: boolean;
  /** It covers the file to its end: nothing was appended after it. */
  coversWholeDocument: boolean;
};

const DOC_TIMESTAMP = /\/Type\s*\/DocTimeStamp\b/;
const RFC3161 = /\/SubFilter\s*\/ETSI\.RFC3161\b/;

/**
 * Every document timestamp in `pdf`, oldest first, each checked against the bytes it covers
 * (verifyTimestampToken hashes them with the token's own digest). Never throws: an unreadable
 * timestamp is reported as not valid.
 */
export async function checkDocumentTimestamps(bytes: Uint8Array): Promise<DocumentTimestampCheck[]> {
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trustedCertificates = trustedRoots();
  const checks: DocumentTimestampCheck[] = [];
  for (let at = pdf.indexOf("/ByteRange"); at !== -1; at = pdf.indexOf("/ByteRange", at + 1)) {
    if (!isDocumentTimestamp(pdf, at)) continue;
    const range = readSignatureByteRange(pdf, at);
    const contents = range && range.end <= pdf.length ? readSignatureContents(pdf, at, range) : undefined;
    if (!range || !contents) {
      checks.push({ valid: false, problem: "the document timestamp is damaged", coversWholeDocument: false });
      continue;
    }
    const [a, b, c, d] = range.offsets;
    const verdict = await verifyTimestampToken(contents.der, [pdf.subarray(a, a + b), pdf.subarray(c, c + d)], {
      trustedCertificates,
    });
    checks.push({
      valid: verdict.valid && contents.fillsGap,
      ...(verdict.problem ? { problem: verdict.problem } : {}),
      ...(verdict.time ? { time: verdict.time.toISOString() } : {}),
      ...(verdict.authority ? { authority: verdict.authority } : {}),
      ...(verdict.trusted !== undefined ? { trusted: verdict.trusted } : {}),
      coversWholeDocument: a === 0 && range.end === pdf.length && contents.fillsGap,
    });
  }
  return checks;
}

/** The object holding the byte range at `at` names itself a document timestamp. */
function isDocumentTimestamp(pdf: Buffer, at: number): boolean {
  const start = pdf.lastIndexOf(" obj", at);
  const end = pdf.indexOf("endobj", at);
  if (start === -1 || end === -1) return false;
  // Without the (long) /Contents hex string: only the keys matter.
  const text = pdf
    .subarray(start, end)
    .toString("latin1")
    .replace(/<[0-9A-Fa-f\s]{64,}>/g, "<>");
  return DOC_TIMESTAMP.test(text) && RFC3161.test(text);
}

function trustedRoots(): Buffer[] {
  try {
    return timestampCheckSettings().trustedCertificates;
  } catch {
    return [];
  }
}

/**
 * A stored document-timestamped version with this SHA-256: the agreement it belongs to and the
 * sealed PDF it extends (whose bytes are its prefix).
 */
export async function findTimestampedVersion(sha256: string) {
  const version = await db.timestampedDocument.findUnique({
    where: { sha256 },
    select: {
      version: true,
      agreement: {
        include: { proceedings: true, signedDocument: { select: { sealedAt: true, sizeBytes: true, sha256: true } } },
      },
    },
  });
  const sealed = version?.agreement.signedDocument;
  if (!version || !sealed) return null;
  return { version: version.version, sealed, agreement: version.agreement };
}
