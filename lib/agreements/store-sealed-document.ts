import "server-only";
import type { ChainPosition } from "@/lib/audit/chain-head";
import { checkpointRow } from "@/lib/audit/record-checkpoint";
import { auditStageCall, type ContextualAuditEvent } from "@/lib/audit/record-event";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";
import { Prisma, type SignedDocument } from "@/lib/db/generated/client";
import { emailQueuedEvents, outboxRow, type OutgoingEmail } from "@/lib/mail/outbox";
import { addJobCall } from "@/lib/queue/enqueue-job";

export type SealedDocumentToStore = {
  agreementId: string;
  pdf: Uint8Array;
  sha256: string;
  certificateSha256: string;
  /** The chain's head printed in the PDF: stored with it and made a signed checkpoint. */
  head: ChainPosition | null;
  timestamp?: { time: Date; authority: string };
  timestampMissing: boolean;
  /** The author's signed copy, queued with the document. */
  email: OutgoingEmail;
  /** Recorded after the email's "email.queued" event, in the same batch. */
  events: ContextualAuditEvent[];
};

/**
 * Stores a sealed PDF with everything that goes with it — the agreement marked sealed, the
 * checkpoint of the head it prints, the signed copy in the outbox with its delivery job, and the
 * events — as one statement committed on its own, where Prisma's transaction took eight round trips
 * (BEGIN, six statements, COMMIT), each compiled on the server's thread. A second seal of the same
 * agreement fails on SignedDocument's key and writes nothing, as the transaction did. The audit
 * chain's commit trigger runs at the statement's end, as at a transaction's COMMIT.
 */
export async function storeSealedDocument(document: SealedDocumentToStore): Promise<SignedDocument> {
  const { agreementId, pdf, head, timestamp } = document;
  const checkpoint = head && (await checkpointRow({ head, reason: "seal", agreementId }));
  const email = outboxRow(document.email);
  const events = [...emailQueuedEvents(document.email, email.id), ...document.events];
  const utc = (date: Date | undefined) => Prisma.sql`${date?.toISOString() ?? null}::timestamptz AT TIME ZONE 'UTC'`;
  // Each write reads the one before it: nothing follows a SignedDocument insert that failed.
  const statement = Prisma.sql`
    WITH document AS (
      INSERT INTO "SignedDocument" ("agreementId", pdf, sha256, "sizeBytes", "certificateSha256", "chainHeadEventId",
        "chainHeadHash", "timestampAt", "timestampAuthority", "timestampMissing")
      VALUES (${agreementId}, ${Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength)}, ${document.sha256},
        ${pdf.byteLength}::integer, ${document.certificateSha256}, ${head?.eventId.toString() ?? null}::bigint,
        ${head?.eventHash ?? null}, ${utc(timestamp?.time)}, ${timestamp?.authority ?? null},
        ${document.timestampMissing}::boolean)
      RETURNING "sealedAt" AT TIME ZONE 'UTC' AS "sealedAt"),
    agreement AS (
      UPDATE "Agreement" SET "sealStatus" = 'sealed', "sealError" = NULL, "sealWaitingSince" = NULL,
        "updatedAt" = ${utc(new Date())}
      WHERE id = ${agreementId} AND EXISTS (SELECT FROM document)
      RETURNING id),
    checkpoint AS (
      INSERT INTO "AuditCheckpoint" ("eventId", "eventHash", "eventCount", reason, "agreementId", "createdAt",
        "certificateFingerprint", "certificatePem", signature)
      SELECT "eventId", "eventHash", "eventCount", reason, "agreementId", "createdAt", "certificateFingerprint",
        "certificatePem", signature
      FROM json_populate_record(null::"AuditCheckpoint", ${checkpoint && JSON.stringify(checkpoint, bigintAsText)}::json)
      WHERE EXISTS (SELECT FROM agreement) AND ${checkpoint !== null}::boolean),
    email AS (
      INSERT INTO "EmailMessage" (id, "agreementId", kind, "to", subject, text, html, "encryptedLink", "attachSignedPdf")
      SELECT id, "agreementId", kind, "to", subject, text, html, "encryptedLink", "attachSignedPdf"
      FROM json_populate_record(null::"EmailMessage", ${JSON.stringify(email)}::json)
      WHERE EXISTS (SELECT FROM agreement)),
    queued AS (SELECT ${addJobCall("deliver_email", { emailId: email.id })} FROM agreement),
    staged AS (SELECT ${auditStageCall(events)} FROM agreement)
    SELECT document."sealedAt" FROM document, queued, staged`;
  const { rows } = await pgPool().query<{ sealedAt: Date }>(preparedStatement(statement.text, statement.values));
  if (rows.length === 0) throw new Error(`Agreement ${agreementId} vanished while it was sealed.`);
  return {
    agreementId,
    pdf: Buffer.from(pdf),
    sha256: document.sha256,
    sizeBytes: pdf.byteLength,
    sealedAt: rows[0].sealedAt,
    certificateSha256: document.certificateSha256,
    chainHeadEventId: head?.eventId ?? null,
    chainHeadHash: head?.eventHash ?? null,
    timestampAt: timestamp?.time ?? null,
    timestampAuthority: timestamp?.authority ?? null,
    timestampMissing: document.timestampMissing,
  } satisfies SignedDocument;
}

const bigintAsText = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);
