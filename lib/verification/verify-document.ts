import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { inspectPdfSignature, type PdfSignatureInspection } from "@/lib/signing/inspect-pdf-signature";
import { signingCertificateFromEnv } from "@/lib/signing/signing-certificate";
import { timestampCheckSettings } from "@/lib/timestamp/timestamp-authority-settings";
import { checkDocumentTimestamps, findTimestampedVersion, type DocumentTimestampCheck } from "./document-timestamps";

export { MAX_VERIFY_BYTES } from "./verify-limits";

/**
 * The seal's timestamp as /verify shows it: who vouches for the time, the time (ISO, UTC), and
 * whether the token holds. null when the seal has none: its time is then the server's own clock.
 */
export type TimestampReport = { authority: string | null; time: string | null; valid: boolean; problem?: string };

export type DocumentVerdict = (
  | {
      verdict: "genuine";
      sha256: string;
      timestamp: TimestampReport | null;
      record: {
        agreementId: string;
        articleTitle: string;
        proceedingsName: string;
        signer: string;
        signatureName: string;
        signedAt: string;
        sealedAt: string;
      };
    }
  | { verdict: "altered"; sha256: string; reason: string; timestamp: TimestampReport | null }
  | { verdict: "unknown"; sha256: string; reason: string; timestamp: TimestampReport | null }
  | { verdict: "not-pdf"; reason: string }
) & {
  /** Document timestamps (PAdES B-LTA) found in the file, oldest first, each checked over its bytes. */
  documentTimestamps?: DocumentTimestampCheck[];
};

// Our PDFs name Imprimatur as producer, which pdf-lib writes as UTF-16 hex near the start.
const PRODUCER_MARKS = ["Imprimatur", Buffer.from("\uFEFFImprimatur", "utf16le").swap16().toString("hex")];

function looksLikeImprimaturPdf(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString("latin1");
  return PRODUCER_MARKS.some((mark) => text.includes(mark) || text.includes(mark.toUpperCase()));
}

/** The lookup behind "did this installation ever seal with that certificate?", one index probe. */
export const sealedWithCertificateSql = (fingerprintSha256: string) =>
  Prisma.sql`SELECT 1 AS found FROM "SignedDocument" WHERE "certificateSha256" = ${fingerprintSha256} LIMIT 1`;

/** Today's certificate, or one recorded on an earlier seal (before the certificate was replaced). */
async function sealedByThisInstallation(fingerprintSha256: string): Promise<boolean> {
  if ((await signingCertificateFromEnv()).fingerprintSha256 === fingerprintSha256) return true;
  return (await db.$queryRaw<{ found: number }[]>(sealedWithCertificateSql(fingerprintSha256))).length > 0;
}

/**
 * Tells whether an uploaded PDF is a sealed Imprimatur record exactly as stored. The bytes are
 * only hashed and inspected, never kept.
 */
export async function verifyDocument(bytes: Uint8Array): Promise<DocumentVerdict> {
  const verdict = await verifySealedDocument(bytes);
  if (verdict.verdict === "not-pdf") return verdict;
  const documentTimestamps = await checkDocumentTimestamps(bytes);
  return documentTimestamps.length > 0 ? { ...verdict, documentTimestamps } : verdict;
}

async function verifySealedDocument(bytes: Uint8Array): Promise<DocumentVerdict> {
  const sha256 = sha256Hex(bytes);
  const sealedRecord = await db.signedDocument.findUnique({
    where: { sha256 },
    select: { sealedAt: true, agreement: { include: { proceedings: true } } },
  });
  // A version with document timestamps added: its sealed PDF is its prefix, and the seal is checked there.
  const timestamped = sealedRecord ? null : await findTimestampedVersion(sha256);
  const sealedPrefix = timestamped && bytes.subarray(0, timestamped.sealed.sizeBytes);
  const stored =
    timestamped && sealedPrefix && sha256Hex(sealedPrefix) === timestamped.sealed.sha256
      ? { sealedAt: timestamped.sealed.sealedAt, agreement: timestamped.agreement }
      : sealedRecord;
  const inspection = await inspectPdfSignature(stored && sealedPrefix ? sealedPrefix : bytes, {
    trustedTimestampCertificates: timestampCheckSettings().trustedCertificates,
  });
  if (inspection.kind === "not-pdf") return { verdict: "not-pdf", reason: "This file is not a PDF document." };
  const timestamp = timestampReport(inspection);
  if (stored && inspection.kind === "signed" && inspection.valid && inspection.coversWholeDocument) {
    const { agreement } = stored;
    return {
      verdict: "genuine",
      sha256,
      timestamp,
      record: {
        agreementId: agreement.id,
        articleTitle: agreement.articleTitle,
        proceedingsName: agreement.proceedings.name,
        signer: agreement.correspondingAuthorName,
        signatureName: agreement.signatureName ?? "",
        signedAt: agreement.signedAt?.toISOString() ?? "",
        sealedAt: stored.sealedAt.toISOString(),
      },
    };
  }
  const sealedByUs =
    inspection.kind === "signed" && (await sealedByThisInstallation(inspection.signerFingerprintSha256));
  if (sealedByUs && (!inspection.valid || !inspection.coversWholeDocument)) {
    return {
      verdict: "altered",
      sha256,
      timestamp,
      reason: inspection.valid
        ? "Content was added to the document after it was sealed."
        : (inspection.problem ?? "The document was changed after it was sealed."),
    };
  }
  if (sealedByUs)
    return {
      verdict: "unknown",
      sha256,
      timestamp,
      // The token lies outside the sealed bytes: changing it leaves the seal valid but the file not ours.
      reason:
        timestamp && !timestamp.valid
          ? "The document carries a valid seal of this publisher, but its timestamp does not hold, and it matches no record kept here."
          : "The document carries a valid seal of this publisher, but matches no record kept here.",
    };
  if (looksLikeImprimaturPdf(bytes)) {
    return {
      verdict: "altered",
      sha256,
      timestamp,
      reason:
        "The document looks like an Imprimatur record, but its seal is missing or not ours and it matches no stored record: it was changed or re-saved by another program.",
    };
  }
  return {
    verdict: "unknown",
    sha256,
    timestamp,
    reason: "This PDF was not issued by this Imprimatur installation.",
  };
}

function timestampReport(inspection: PdfSignatureInspection): TimestampReport | null {
  if (inspection.kind !== "signed" || !inspection.timestamp) return null;
  const { valid, problem, authority, time, trusted } = inspection.timestamp;
  const report = { authority: authority ?? null, time: time?.toISOString() ?? null };
  if (!valid) return { ...report, valid: false, problem: problem ?? "the timestamp does not hold" };
  // Any authority can make a token that verifies; with TSA_TRUSTED_CERTS set, only those count.
  if (trusted === false)
    return { ...report, valid: false, problem: "it was issued by an authority this publisher does not trust" };
  return { ...report, valid: true };
}
