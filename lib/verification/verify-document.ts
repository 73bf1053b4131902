import "server-only";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { inspectPdfSignature } from "@/lib/pdf/inspect-pdf-signature";
import { signingCertificateFromEnv } from "@/lib/pdf/signing-certificate";

export const MAX_VERIFY_BYTES = 10 * 1024 * 1024;

export type DocumentVerdict =
  | { verdict: "genuine"; sha256: string; record: { agreementId: string; articleTitle: string; proceedingsName: string; signer: string; signatureName: string; signedAt: string; sealedAt: string } }
  | { verdict: "altered"; sha256: string; reason: string }
  | { verdict: "unknown"; sha256: string; reason: string }
  | { verdict: "not-pdf"; reason: string };

// Our PDFs name Imprimatur as producer, which pdf-lib writes as UTF-16 hex near the start.
const PRODUCER_MARKS = ["Imprimatur", Buffer.from("\uFEFFImprimatur", "utf16le").swap16().toString("hex")];

function looksLikeImprimaturPdf(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString("latin1");
  return PRODUCER_MARKS.some((mark) => text.includes(mark) || text.includes(mark.toUpperCase()));
}

/** Certificates this installation has sealed with: today's, and any recorded on earlier seals. */
async function ourCertificates(): Promise<Set<string>> {
  const current = await signingCertificateFromEnv();
  const recorded = await db.$queryRaw<{ fingerprint: string }[]>`
    SELECT DISTINCT data->>'certificate' AS fingerprint FROM "AuditEvent" WHERE type = 'agreement.sealed' AND data ? 'certificate'`;
  return new Set([current.fingerprintSha256, ...recorded.map((row) => row.fingerprint)]);
}

/**
 * Tells whether an uploaded PDF is a sealed Imprimatur record exactly as stored. The bytes are
 * only hashed and inspected, never kept.
 */
export async function verifyDocument(bytes: Uint8Array): Promise<DocumentVerdict> {
  const inspection = inspectPdfSignature(bytes);
  if (inspection.kind === "not-pdf") return { verdict: "not-pdf", reason: "This file is not a PDF document." };
  const sha256 = sha256Hex(bytes);
  const stored = await db.signedDocument.findUnique({ where: { sha256 }, select: { sealedAt: true, agreement: { include: { proceedings: true } } } });
  if (stored && inspection.kind === "signed" && inspection.valid && inspection.coversWholeDocument) {
    const { agreement } = stored;
    return {
      verdict: "genuine",
      sha256,
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
  const sealedByUs = inspection.kind === "signed" && (await ourCertificates()).has(inspection.signerFingerprintSha256);
  if (sealedByUs && (!inspection.valid || !inspection.coversWholeDocument)) {
    return { verdict: "altered", sha256, reason: inspection.valid ? "Content was added to the document after it was sealed." : (inspection.problem ?? "The document was changed after it was sealed.") };
  }
  if (sealedByUs) return { verdict: "unknown", sha256, reason: "The document carries a valid seal of this publisher, but matches no record kept here." };
  if (looksLikeImprimaturPdf(bytes)) {
    return { verdict: "altered", sha256, reason: "The document looks like an Imprimatur record, but its seal is missing or not ours and it matches no stored record: it was changed or re-saved by another program." };
  }
  return { verdict: "unknown", sha256, reason: "This PDF was not issued by this Imprimatur installation." };
}
