import "server-only";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/audit/record-event";
import { queueEmail } from "@/lib/mail/outbox";
import { signedCopyEmail } from "@/lib/mail/templates/signed-copy-email";
import { renderAgreementPdf } from "@/lib/pdf/render-agreement-pdf";

/**
 * Renders and stores the signed PDF once. Safe to call again and from several places at once
 * (the job queue, a download): whoever stores first wins and everyone gets that document.
 */
export async function sealAgreement(agreementId: string) {
  const existing = await db.signedDocument.findUnique({ where: { agreementId } });
  if (existing) return existing;
  const agreement = await db.agreement.findUnique({ where: { id: agreementId }, include: { proceedings: true } });
  if (!agreement) throw new AppError("NOT_FOUND", `No agreement ${agreementId}.`);
  if (agreement.status !== "signed" || !agreement.signedAt || !agreement.signatureName) {
    throw new AppError("NOT_SIGNABLE", `Agreement ${agreementId} is ${agreement.status}, not signed.`);
  }
  const pdf = await renderAgreementPdf({
    agreementId: agreement.id,
    text: agreement.text,
    textSha256: agreement.textSha256,
    publisherName: agreement.publisherName,
    proceedingsName: agreement.proceedings.name,
    articleTitle: agreement.articleTitle,
    correspondingAuthorName: agreement.correspondingAuthorName,
    correspondingAuthorEmail: agreement.correspondingAuthorEmail,
    authors: agreement.authors,
    signatureName: agreement.signatureName,
    signedAt: agreement.signedAt,
  });
  const sha256 = sha256Hex(pdf);
  try {
    return await db.$transaction(async (tx) => {
      const document = await tx.signedDocument.create({ data: { agreementId, pdf: Buffer.from(pdf), sha256, sizeBytes: pdf.byteLength } });
      await recordEvent(tx, { agreementId, type: "agreement.sealed", actor: "system", data: { sha256, sizeBytes: pdf.byteLength } });
      await queueEmail(tx, {
        agreementId,
        kind: "signed_copy",
        to: agreement.correspondingAuthorEmail,
        attachSignedPdf: true,
        ...signedCopyEmail({ ...agreement, proceedingsName: agreement.proceedings.name, signedAt: agreement.signedAt! }),
      });
      return document;
    });
  } catch (error) {
    const stored = await db.signedDocument.findUnique({ where: { agreementId } });
    if (stored) return stored;
    throw error;
  }
}
