import "server-only";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { AppError } from "@/lib/errors/app-error";
import { appUrl } from "@/lib/config/app-config";
import { GENESIS_HASH } from "@/lib/audit/canonical-event";
import { chainPosition } from "@/lib/audit/chain-head";
import { eventLabel } from "@/lib/audit/event-labels";
import { recordCheckpoint } from "@/lib/audit/record-checkpoint";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { queueEmail } from "@/lib/mail/outbox";
import { signedCopyEmail } from "@/lib/mail/templates/signed-copy-email";
import { renderAgreementPdf } from "@/lib/pdf/render-agreement-pdf";
import { parseAgreementBlocks } from "./agreement-blocks";
import { sealPdf } from "@/lib/signing/seal-pdf";
import { signingCertificateFromEnv } from "@/lib/signing/signing-certificate";

export type SealHooks = {
  /** Runs after the PDF is sealed and before it is stored: where a crash hurts most (tests use it). */
  beforeStore?: () => Promise<void>;
};

/**
 * Renders, digitally seals and stores the signed PDF once. Safe to call again and from several
 * places at once (the job queue, the sweeper, a download): whoever stores first wins and everyone
 * gets that document.
 */
export async function sealAgreement(agreementId: string, hooks: SealHooks = {}) {
  const existing = await db.signedDocument.findUnique({ where: { agreementId } });
  if (existing) return existing;
  const agreement = await db.agreement.findUnique({
    where: { id: agreementId },
    include: { proceedings: true, auditEvents: { orderBy: { id: "asc" } } },
  });
  if (!agreement) throw new AppError("NOT_FOUND", { userMessage: `No agreement ${agreementId}.` });
  const { signedAt, signatureName } = agreement;
  if (agreement.status !== "signed") {
    throw new AppError("NOT_SIGNED", { userMessage: `Agreement ${agreementId} is ${agreement.status}, not signed.` });
  }
  if (!signedAt || !signatureName) {
    const userMessage = `Agreement ${agreementId} has no recorded signature or signing time.`;
    throw new AppError("NOT_SIGNED", { userMessage });
  }

  const certificate = await signingCertificateFromEnv();
  const head = await chainPosition(db);
  const rendered = await renderAgreementPdf({
    agreementId: agreement.id,
    blocks: parseAgreementBlocks(agreement.text),
    textSha256: agreement.textSha256,
    publisherName: agreement.publisherName,
    proceedingsName: agreement.proceedings.name,
    articleTitle: agreement.articleTitle,
    correspondingAuthorName: agreement.correspondingAuthorName,
    correspondingAuthorEmail: agreement.correspondingAuthorEmail,
    authors: agreement.authors,
    signatureName,
    signedAt,
    verifyUrl: `${appUrl()}/verify`,
    evidence: {
      invitedEmail: agreement.correspondingAuthorEmail,
      events: agreement.auditEvents.map((event) => ({ ...event, label: eventLabel(event.type) })),
      chainHead: head?.eventHash ?? GENESIS_HASH,
      sealedBy: certificate.subject,
    },
  });
  const { pdf } = await sealPdf(rendered, certificate, {
    name: agreement.publisherName,
    reason: `Publication agreement signed by ${agreement.correspondingAuthorName} on behalf of all authors`,
    location: appUrl(),
    signingTime: new Date(),
  });
  await hooks.beforeStore?.();
  const sha256 = sha256Hex(pdf);
  try {
    return await db.$transaction(async (tx) => {
      const document = await tx.signedDocument.create({
        data: {
          agreementId,
          pdf: Buffer.from(pdf),
          sha256,
          sizeBytes: pdf.byteLength,
          certificateSha256: certificate.fingerprintSha256,
          chainHeadEventId: head?.eventId,
          chainHeadHash: head?.eventHash,
        },
      });
      await tx.agreement.update({ where: { id: agreementId }, data: { sealStatus: "sealed", sealError: null } });
      // The head printed in this PDF becomes a signed checkpoint: the copy in the author's hands
      // and the log must keep agreeing on it.
      if (head) await recordCheckpoint(tx, { head, reason: "seal", agreementId });
      await queueEmail(tx, {
        agreementId,
        kind: "signed_copy",
        to: agreement.correspondingAuthorEmail,
        attachSignedPdf: true,
        ...signedCopyEmail({ ...agreement, proceedingsName: agreement.proceedings.name, signedAt }),
      });
      // Last: from here every other writer of the audit chain waits for this commit.
      await recordEvent(tx, SYSTEM_CONTEXT, {
        agreementId,
        type: "agreement.sealed",
        data: { sha256, sizeBytes: pdf.byteLength, certificate: certificate.fingerprintSha256 },
      });
      return document;
    });
  } catch (error) {
    const stored = await db.signedDocument.findUnique({ where: { agreementId } });
    if (stored) return stored;
    throw error;
  }
}
