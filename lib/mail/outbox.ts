import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { recordEvents, type ContextualAuditEvent } from "@/lib/audit/record-event";
import { escapeHtml } from "./templates/escape-html";
import { openSecretLink, sealSecretLink, SECRET_LINK } from "./secret-link";

export { SECRET_LINK } from "./secret-link";

export type OutgoingEmail = {
  agreementId?: string;
  kind:
    | "invitation"
    | "signed_copy"
    | "sign_in_link"
    | "reminder"
    | "staff_invitation"
    | "coauthor_notice"
    | "webhook_disabled";
  to: string;
  subject: string;
  text: string;
  html: string;
  attachSignedPdf?: boolean;
  /** Emails that must go at most once (a given reminder) carry a key; a second one fails the unique index. */
  dedupeKey?: string;
  /**
   * A link that is a credential (a signing link, a staff sign-in link). Render the template with
   * `SECRET_LINK` where the link goes and pass the real link here: the outbox then stores only the
   * placeholder and the link encrypted, the worker puts the link in at send time and erases it once
   * the email is sent or has finally failed. Putting the link itself into the text is refused.
   *
   *     queueEmail(tx, { kind: "sign_in_link", to, secretLink: url, ...signInEmail({ url: SECRET_LINK, host }) })
   */
  secretLink?: string;
};

/**
 * The outbox row for an email, for callers that insert many at once (CSV import); everyone else
 * calls queueEmail. `id` is part of what the encrypted link is bound to.
 */
export function outboxRow(email: OutgoingEmail, id: string = randomUUID()) {
  const { secretLink, ...content } = email;
  if (secretLink !== undefined) assertLinkKeptOut(content, secretLink);
  return {
    ...content,
    id,
    attachSignedPdf: email.attachSignedPdf ?? false,
    encryptedLink: secretLink === undefined ? null : sealSecretLink(secretLink, { emailId: id, to: email.to }),
  };
}

// A template that ignored the placeholder would either store the link in clear or send an email
// without it; both are bugs to catch when queueing, not discover in a backup or an inbox.
function assertLinkKeptOut(email: Pick<OutgoingEmail, "subject" | "text" | "html">, link: string) {
  if (!link) throw new Error("An email's secret link is empty.");
  if (!email.text.includes(SECRET_LINK))
    throw new Error(`An email with a secret link must show ${SECRET_LINK} where the link goes.`);
  const forms = [link, escapeHtml(link), encodeURIComponent(link)];
  if ([email.subject, email.text, email.html].some((part) => forms.some((form) => part.includes(form)))) {
    throw new Error(
      "The email's stored text would contain its secret link: render the template with SECRET_LINK and pass the link as secretLink.",
    );
  }
}

/**
 * Writes the email to the outbox in the caller's transaction; the worker delivers it later.
 * `recordedWith`: events the caller would record right after, appended with the email.queued event
 * in one batch, so the transaction takes its turn at the audit chain's lock once (from the lock
 * on, every other writer waits for this transaction's commit).
 */
export async function queueEmail(
  tx: Tx,
  email: OutgoingEmail,
  { recordedWith = [] }: { recordedWith?: ContextualAuditEvent[] } = {},
) {
  const message = await tx.emailMessage.create({ data: outboxRow(email) });
  await enqueueJob(tx, "deliver_email", { emailId: message.id });
  await recordEvents(tx, [...emailQueuedEvents(email, message.id), ...recordedWith]);
  return message;
}

/** The audit event of a queued email about an agreement (none for other emails). */
export function emailQueuedEvents(email: OutgoingEmail, emailId: string): ContextualAuditEvent[] {
  if (!email.agreementId) return [];
  return [
    {
      agreementId: email.agreementId,
      type: "email.queued",
      data: { emailId, kind: email.kind, to: email.to },
      context: SYSTEM_CONTEXT,
    },
  ];
}

type StoredEmail = { id: string; to: string; text: string; html: string; encryptedLink: string | null };

/**
 * The text and HTML as they go over SMTP: the stored body with its link decrypted and put in place
 * (HTML-escaped in the HTML part). Throws when the link cannot be decrypted (NEXTAUTH_SECRET changed
 * or the row was edited). An email whose link was already erased is not sent again anyway.
 */
export function emailForDelivery(email: StoredEmail): { text: string; html: string } {
  if (!email.encryptedLink) return { text: email.text, html: email.html };
  const link = openSecretLink(email.encryptedLink, { emailId: email.id, to: email.to });
  // A function, not a string: a "$&" in a link must not be read as a replacement pattern.
  return {
    text: email.text.replaceAll(SECRET_LINK, () => link),
    html: email.html.replaceAll(SECRET_LINK, () => escapeHtml(link)),
  };
}
