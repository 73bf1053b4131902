import "server-only";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { AppError } from "@/lib/errors/app-error";
import { appUrl } from "@/lib/config/app-config";
import { GENESIS_HASH } from "@/lib/audit/canonical-event";
import { eventLabel } from "@/lib/audit/event-labels";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { signedCopyEmail } from "@/lib/mail/templates/signed-copy-email";
import { agreementNotice } from "@/lib/notices/compose-notice";
import type { SealTimeSource } from "@/lib/pdf/signed-agreement-pdf-input";
import type { SealDocumentTask } from "./seal-document";
import { sealThreads } from "./seal-threads";
import { readSealSource } from "./read-seal-source";
import { storeSealedDocument } from "./store-sealed-document";
import { storedChoiceAnswers } from "./stored-choice-answers";
import { signingCertificateFromEnv } from "@/lib/signing/signing-certificate";
import { timestampAuthorityFromEnv } from "@/lib/timestamp/timestamp-authority-settings";

export type SealHooks = {
  /** Runs after the PDF is sealed and before it is stored: where a crash hurts most (tests use it). */
  beforeStore?: () => Promise<void>;
};

/**
 * Renders, digitally seals and stores the signed PDF once. Safe to call again and from several
 * places at once (the job queue, the sweeper, a download): whoever stores first wins and everyone
 * gets that document. With TSA_URL set the seal carries the authority's signature timestamp; while
 * the authority is unavailable this throws TIMESTAMP_UNAVAILABLE (the seal job then waits, see
 * record-seal-waiting.ts) until TSA_GRACE_MINUTES after the wait began, when it seals without one
 * and marks the document for a later timestamp.
 */
export async function sealAgreement(agreementId: string, hooks: SealHooks = {}) {
  const agreement = await readSealSource(agreementId);
  if (agreement?.sealed) {
    const existing = await db.signedDocument.findUnique({ where: { agreementId } });
    if (existing) return existing;
  }
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
  const authority = timestampAuthorityFromEnv();
  const { head } = agreement;
  const seal = async (sealTime: SealTimeSource) => {
    // Rendered and sealed on a sealing thread (seal-threads.ts): the CPU-heavy part, no database.
    const task: SealDocumentTask = {
      pdf: {
        agreementId: agreement.id,
        // What the author signed: with choices, the text holding the chosen clauses, and its hash.
        text: agreement.signedText ?? agreement.text,
        textSha256: agreement.signedTextSha256 ?? agreement.textSha256,
        ...(agreement.signedTextSha256 ? { issuedTextSha256: agreement.textSha256 } : {}),
        choiceAnswers: storedChoiceAnswers(agreement.choiceAnswers),
        publisherName: agreement.publisherName,
        proceedingsName: agreement.proceedings.name,
        articleTitle: agreement.articleTitle,
        correspondingAuthorName: agreement.correspondingAuthorName,
        correspondingAuthorEmail: agreement.correspondingAuthorEmail,
        authors: agreement.authors,
        signatureName,
        signedAt,
        signers: agreement.signers.map((signer) => ({
          name: signer.name,
          email: signer.email,
          typedName: signer.typedName ?? signer.name,
          signedAt: signer.signedAt ?? signedAt,
          ip: signer.ip,
        })),
        verifyUrl: `${appUrl()}/verify`,
        evidence: {
          invitedEmail: agreement.correspondingAuthorEmail,
          events: agreement.auditEvents.map(({ type, occurredAt, actor, ip, userAgent }) => ({
            type,
            label: eventLabel(type),
            occurredAt,
            actor,
            ip,
            userAgent,
          })),
          chainHead: head?.eventHash ?? GENESIS_HASH,
          sealedBy: certificate.subject,
          sealTime,
        },
      },
      details: {
        name: agreement.publisherName,
        reason: agreement.signers.length
          ? `Publication agreement signed by each of its ${agreement.signers.length} signing authors`
          : `Publication agreement signed by ${agreement.correspondingAuthorName} on behalf of all authors`,
        location: appUrl(),
        signingTime: new Date(),
      },
      ...(sealTime.kind === "timestamp_authority" ? { timestampAuthority: authority! } : {}),
    };
    return sealThreads().seal(task, certificate);
  };

  // An unavailable authority makes the seal wait (TIMESTAMP_UNAVAILABLE reaches the job, which
  // re-queues it), never silently go without; only past TSA_GRACE_MINUTES is it sealed B-B.
  let sealed: Awaited<ReturnType<typeof seal>>;
  let missing: { host: string; reason: string; waitedMinutes: number } | undefined;
  if (!authority) {
    sealed = await seal({ kind: "server_clock" });
  } else {
    const host = new URL(authority.url).host;
    try {
      sealed = await seal({ kind: "timestamp_authority", host });
    } catch (error) {
      const waitedMs = agreement.sealWaitingSince ? Date.now() - agreement.sealWaitingSince.getTime() : 0;
      const pastGrace = agreement.sealWaitingSince !== null && waitedMs >= authority.graceMs;
      if (!(error instanceof AppError && error.code === "TIMESTAMP_UNAVAILABLE") || !pastGrace) throw error;
      missing = { host, reason: error.userMessage, waitedMinutes: Math.round(waitedMs / 60_000) };
      sealed = await seal({ kind: "authority_unavailable", host });
    }
  }
  const { pdf, timestamp } = sealed;
  await hooks.beforeStore?.();
  const sha256 = sha256Hex(pdf);
  const sealedEvent = {
    agreementId,
    type: "agreement.sealed" as const,
    data: {
      sha256,
      sizeBytes: pdf.byteLength,
      certificate: certificate.fingerprintSha256,
      ...(timestamp
        ? { timestampAuthority: timestamp.authority, timestampAt: timestamp.time.toISOString() }
        : { timestampAuthority: null }),
    },
    context: SYSTEM_CONTEXT,
  };
  const withoutTimestamp = missing
    ? [
        {
          agreementId,
          type: "agreement.sealed_without_timestamp" as const,
          data: { authority: missing.host, reason: missing.reason, waitedMinutes: missing.waitedMinutes },
          context: SYSTEM_CONTEXT,
        },
      ]
    : [];
  try {
    // The head printed in this PDF becomes a signed checkpoint: the copy in the author's hands and
    // the log must keep agreeing on it. The email's event and the seal's take one turn at the audit
    // chain's lock, at the statement's commit.
    return await storeSealedDocument({
      agreementId,
      pdf,
      sha256,
      certificateSha256: certificate.fingerprintSha256,
      head,
      timestamp,
      timestampMissing: missing !== undefined,
      email: {
        agreementId,
        kind: "signed_copy",
        to: agreement.correspondingAuthorEmail,
        attachSignedPdf: true,
        ...signedCopyEmail({
          ...agreement,
          proceedingsName: agreement.proceedings.name,
          signedAt,
          notice: agreementNotice(agreement),
          // In the language the author signed in (the signing page's), else the emails' language.
          language: agreement.signedLanguage ?? agreement.language,
        }),
      },
      events: [sealedEvent, ...withoutTimestamp],
    });
  } catch (error) {
    const stored = await db.signedDocument.findUnique({ where: { agreementId } });
    if (stored) return stored;
    throw error;
  }
}
