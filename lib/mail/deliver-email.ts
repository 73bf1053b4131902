import "server-only";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import { mailFrom } from "@/lib/config/app-config";
import { mailTransport, throttledSend } from "./transport";

type SmtpError = Error & { responseCode?: number };

/** A mailbox the server refuses for good (5xx) will not accept a retry either. */
function isPermanent(error: SmtpError): boolean {
  return typeof error.responseCode === "number" && error.responseCode >= 500;
}

/**
 * Sends one outbox email. Throws on a temporary failure so the job queue retries it with backoff;
 * `isLastAttempt` marks the email failed instead. A sent email is never sent again.
 */
export async function deliverEmail(emailId: string, { isLastAttempt }: { isLastAttempt: boolean }) {
  const email = await db.emailMessage.findUnique({ where: { id: emailId } });
  if (!email || email.status !== "queued") return;
  const attachments = email.attachSignedPdf && email.agreementId ? await signedPdfAttachment(email.agreementId) : [];
  try {
    await throttledSend(() => mailTransport().sendMail({
      from: mailFrom(),
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      attachments,
    }));
  } catch (cause) {
    const error = cause as SmtpError;
    const failed = isLastAttempt || isPermanent(error);
    await db.$transaction(async (tx) => {
      await tx.emailMessage.update({
        where: { id: email.id },
        data: { attempts: { increment: 1 }, lastError: error.message.slice(0, 1000), status: failed ? "failed" : "queued" },
      });
      if (failed && email.agreementId) {
        await recordEvent(tx, {
          agreementId: email.agreementId,
          type: "email.failed",
          actor: "system",
          data: { emailId: email.id, kind: email.kind, to: email.to, reason: error.message.slice(0, 500) },
        });
      }
    });
    if (failed) return;
    throw error;
  }
  await db.$transaction(async (tx) => {
    await tx.emailMessage.update({
      where: { id: email.id },
      data: { attempts: { increment: 1 }, status: "sent", sentAt: new Date(), lastError: null },
    });
    if (email.agreementId) {
      await recordEvent(tx, {
        agreementId: email.agreementId,
        type: "email.sent",
        actor: "system",
        data: { emailId: email.id, kind: email.kind, to: email.to },
      });
    }
  });
}

async function signedPdfAttachment(agreementId: string) {
  const document = await db.signedDocument.findUnique({ where: { agreementId } });
  // The copy is queued by the seal itself, so the document exists unless the data was tampered with.
  if (!document) throw new Error(`Agreement ${agreementId} has no sealed PDF to attach.`);
  return [{ filename: `publication-agreement-${agreementId}.pdf`, content: Buffer.from(document.pdf), contentType: "application/pdf" }];
}
