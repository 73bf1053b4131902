import "server-only";
import type { Tx } from "@/lib/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { recordEvent } from "@/lib/audit/record-event";

export type OutgoingEmail = {
  agreementId?: string;
  kind: "invitation" | "signed_copy" | "sign_in_link" | "reminder" | "staff_invitation";
  to: string;
  subject: string;
  text: string;
  html: string;
  attachSignedPdf?: boolean;
  /** Emails that must go at most once (a given reminder) carry a key; a second one fails the unique index. */
  dedupeKey?: string;
};

/** Writes the email to the outbox in the caller's transaction; the worker delivers it later. */
export async function queueEmail(tx: Tx, email: OutgoingEmail) {
  const message = await tx.emailMessage.create({ data: { ...email, attachSignedPdf: email.attachSignedPdf ?? false } });
  await enqueueJob(tx, "deliver_email", { emailId: message.id }, `email:${message.id}`);
  if (email.agreementId) {
    await recordEvent(tx, {
      agreementId: email.agreementId,
      type: "email.queued",
      actor: "system",
      data: { emailId: message.id, kind: email.kind, to: email.to },
    });
  }
  return message;
}
