import "server-only";
import { db } from "@/lib/db/client";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";
import type { EmailMessage } from "@/lib/db/generated/client";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { auditStageCall, recordEvent } from "@/lib/audit/record-event";
import { Prisma } from "@/lib/db/generated/client";
import { mailFrom } from "@/lib/config/app-config";
import { emailForDelivery } from "./outbox";
import { groupCommit } from "./group-commit";
import { mailTransport, throttledSend } from "./transport";
import { withTightHeap } from "@/lib/memory/tight-heap";

type SmtpError = Error & { responseCode?: number };

/** A mailbox the server refuses for good (5xx) will not accept a retry either. */
function isPermanent(error: SmtpError): boolean {
  return typeof error.responseCode === "number" && error.responseCode >= 500;
}

// Deliveries in flight in this process at once from which on a backlog (a volume's invitations)
// is being sent: its deliveries hold the heap tight (lib/memory/tight-heap). A few emails at a
// time (sign-in links, signed copies) leave V8's default alone.
const BACKLOG_IN_FLIGHT = 20;
let inFlight = 0;

/**
 * Sends one outbox email. Throws on a temporary failure so the job queue retries it with backoff;
 * `isLastAttempt` marks the email failed instead. A sent email is never sent again. Its encrypted
 * link is erased as soon as it is sent or has finally failed: nothing stays behind to be stolen.
 */
export async function deliverEmail(emailId: string, options: { isLastAttempt: boolean }) {
  inFlight++;
  try {
    return inFlight >= BACKLOG_IN_FLIGHT
      ? await withTightHeap(() => deliverOneEmail(emailId, options))
      : await deliverOneEmail(emailId, options);
  } finally {
    inFlight--;
  }
}

async function deliverOneEmail(emailId: string, { isLastAttempt }: { isLastAttempt: boolean }) {
  const email = await loadEmail(emailId);
  if (!email || email.status !== "queued") return;
  let content: { text: string; html: string };
  try {
    content = emailForDelivery(email);
  } catch {
    // Retrying cannot help: the key changed (NEXTAUTH_SECRET rotated) or the row was edited.
    return markFailed(
      email,
      "The link in this email could not be decrypted (NEXTAUTH_SECRET changed, or the stored email was altered): a new link must be sent.",
      { countAttempt: false },
    );
  }
  const attachments = email.attachSignedPdf && email.agreementId ? await signedPdfAttachment(email.agreementId) : [];
  try {
    await throttledSend(() =>
      mailTransport().sendMail({
        from: mailFrom(),
        to: email.to,
        subject: email.subject,
        text: content.text,
        html: content.html,
        attachments,
      }),
    );
  } catch (cause) {
    const error = cause as SmtpError;
    if (isLastAttempt || isPermanent(error)) return markFailed(email, error.message, { countAttempt: true });
    await db.emailMessage.update({
      where: { id: email.id },
      data: { attempts: { increment: 1 }, lastError: error.message.slice(0, 1000) },
    });
    throw error;
  }
  await markSent(email);
}

type SentEmail = { id: string; agreementId: string | null; kind: string; to: string };

// A volume sends thousands of emails at once. Each is still its own job, sent over SMTP on its
// own, but the reads before and the records after are shared by the emails of the same moment:
// one query loads every email the workers are starting, one transaction (one turn at the audit
// chain's lock) records every email just sent. Nothing waits for a timer: a batch is what piled
// up during the previous round trip.
// Raw SQL: Prisma's query compiler costs several times the database's own work for these
// statements, and they run once per email batch at thousands of emails a minute.
const loadEmails = groupCommit(
  async (ids: string[]) => {
    const { rows } = await pgPool().query<EmailMessage>(`SELECT * FROM "EmailMessage" WHERE id = ANY($1::text[])`, [
      ids,
    ]);
    const found = new Map(rows.map((email) => [email.id, email]));
    return ids.map((id) => found.get(id) ?? null);
  },
  { maxBatch: 100 },
);
const loadEmail = (id: string) => loadEmails(id);

const recordSentEmails = groupCommit(
  async (emails: SentEmail[]) => {
    await recordSent(emails);
    return emails.map(() => undefined);
  },
  { maxBatch: 100 },
);

/**
 * The email went out: mark it sent (its link erased) and record it, with the others sent at the
 * same moment. Should that shared transaction fail, this email is recorded alone, so that one
 * email's trouble (or a batch too slow for its transaction) never makes the others be sent again.
 */
async function markSent(email: SentEmail) {
  try {
    await recordSentEmails(email);
  } catch {
    await recordSent([email]);
  }
}

/**
 * One statement, committed on its own: the emails marked sent (their links erased) and their
 * `email.sent` events staged for the audit chain (appended at that commit, as in a transaction).
 * Through Prisma it was four round trips (BEGIN, UPDATE, stage, COMMIT), each through its query
 * compiler, on the event loop that also answers requests: every email delivered while an API client
 * created agreements one after another slowed the next create.
 */
async function recordSent(emails: SentEmail[]) {
  const events = emails
    .filter((email) => email.agreementId)
    .map((email) => ({
      context: SYSTEM_CONTEXT,
      agreementId: email.agreementId,
      type: "email.sent" as const,
      data: { emailId: email.id, kind: email.kind, to: email.to },
    }));
  const staged = events.length > 0 ? Prisma.sql`SELECT ${auditStageCall(events)}` : Prisma.sql`SELECT`;
  const statement = Prisma.sql`
    WITH sent AS (
      UPDATE "EmailMessage"
      SET attempts = attempts + 1, status = 'sent', "sentAt" = (now() AT TIME ZONE 'UTC'), "lastError" = NULL,
        "encryptedLink" = NULL
      WHERE id = ANY(${emails.map((email) => email.id)}::text[])
      RETURNING 1),
    staged AS (${staged})
    SELECT (SELECT count(*) FROM sent) AS sent, (SELECT count(*) FROM staged) AS staged`;
  await pgPool().query(preparedStatement(statement.text, statement.values));
}

async function markFailed(
  email: { id: string; agreementId: string | null; kind: string; to: string },
  reason: string,
  { countAttempt }: { countAttempt: boolean },
) {
  await db.$transaction(async (tx) => {
    await tx.emailMessage.update({
      where: { id: email.id },
      data: {
        attempts: countAttempt ? { increment: 1 } : undefined,
        lastError: reason.slice(0, 1000),
        status: "failed",
        encryptedLink: null,
      },
    });
    if (email.agreementId) {
      await recordEvent(tx, SYSTEM_CONTEXT, {
        agreementId: email.agreementId,
        type: "email.failed",
        data: { emailId: email.id, kind: email.kind, to: email.to, reason: reason.slice(0, 500) },
      });
    }
  });
}

async function signedPdfAttachment(agreementId: string) {
  // Plain pg: it reads bytea into a Buffer, where Prisma's adapter makes an array of numbers first.
  const { rows } = await pgPool().query<{ pdf: Buffer }>(`SELECT pdf FROM "SignedDocument" WHERE "agreementId" = $1`, [
    agreementId,
  ]);
  const document = rows[0];
  // The copy is queued by the seal itself, so the document exists unless the data was tampered with.
  if (!document) throw new Error(`Agreement ${agreementId} has no sealed PDF to attach.`);
  return [
    {
      filename: `publication-agreement-${agreementId}.pdf`,
      content: document.pdf,
      contentType: "application/pdf",
    },
  ];
}
