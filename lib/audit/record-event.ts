import "server-only";
import type { Tx } from "@/lib/db/client";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import type { AuditContext } from "./audit-context";
import { chainHash, GENESIS_HASH, type AuditEventContent } from "./canonical-event";
import { checkpointEveryEvents } from "./checkpoint-settings";

export type AuditEventType =
  | "agreement.issued"
  | "email.queued"
  | "email.sent"
  | "email.failed"
  | "agreement.viewed"
  | "agreement.signed"
  | "signer.signed"
  | "agreement.declined"
  | "agreement.sealed"
  | "agreement.seal_failed"
  | "agreement.seal_retried"
  | "document.timestamped"
  | "agreement.seal_waiting_for_timestamp"
  | "agreement.sealed_without_timestamp"
  | "pdf.downloaded"
  | "agreement.invitation_resent"
  | "agreement.email_changed"
  | "agreement.voided"
  | "agreement.reissued"
  | "agreement.reminded"
  | "agreement.expired"
  | "agreement.published"
  | "link.revoked"
  | "proceedings.created"
  | "proceedings.updated"
  | "proceedings.deleted"
  | "template.saved"
  | "templates.imported"
  | "import.previewed"
  | "import.issued"
  | "bundle.downloaded"
  | "export.downloaded"
  | "evidence.downloaded"
  | "staff.signed_in"
  | "staff.invited"
  | "staff.role_changed"
  | "staff.removed"
  | "staff.refused"
  | "api_token.created"
  | "api_token.revoked"
  | "api.read";

/** What happened. Who did it, and from where, comes only from the AuditContext it is recorded with. */
export type AuditEventInput = {
  agreementId?: string | null;
  type: AuditEventType;
  data?: Record<string, unknown>;
};

/** One event of a batch, with the context of whoever caused it. */
export type ContextualAuditEvent = AuditEventInput & { context: AuditContext };

/**
 * Appends events to the hash chain inside the caller's transaction, so an event exists exactly
 * when the change it records does. Writers take a transaction-scoped lock so that two of them
 * never link to the same predecessor; a batch takes it once.
 */
export async function recordEvents(tx: Tx, inputs: ContextualAuditEvent[]) {
  if (inputs.length === 0) return;
  // The lock and the head in one round trip (prisma/migrations/…_audit_chain_lock_head): from the
  // moment the lock is granted, every other writer waits for this transaction to commit.
  const [{ head }] = await tx.$queryRaw<{ head: string | null }[]>`SELECT audit_chain_lock_head() AS head`;
  let prevHash = head ?? GENESIS_HASH;
  // Millisecond precision: what PostgreSQL's timestamp(3) keeps, so the hash can be recomputed.
  const occurredAt = new Date(Date.now());
  const rows = inputs.map((input) => {
    const content: AuditEventContent = {
      agreementId: input.agreementId ?? null,
      type: input.type,
      actor: input.context.actor,
      occurredAt,
      ip: input.context.ip ?? null,
      userAgent: input.context.userAgent ?? null,
      data: input.data ?? {},
    };
    const hash = chainHash(prevHash, content);
    const row = { ...content, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // Inserted in order, so ids follow the chain. The rows go as one JSON parameter rather than
  // through createManyAndReturn: a volume's batch of a thousand events otherwise spent more time in
  // Prisma's query compiler than in PostgreSQL, all of it holding the chain's lock.
  const inserted = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "AuditEvent" ("agreementId", type, actor, "occurredAt", ip, "userAgent", data, "prevHash", hash)
    SELECT "agreementId", type, actor, "occurredAt", ip, "userAgent", data, "prevHash", hash
    FROM json_populate_recordset(null::"AuditEvent", ${JSON.stringify(rows)}::json) WITH ORDINALITY
    ORDER BY ordinality
    RETURNING id`;
  const ids = inserted.map((row) => BigInt(row.id));
  // Ids advance at least one per event, so a checkpoint whenever they pass a multiple of N comes
  // at least every N events; the task itself decides whether one is due (checkpoint-audit-chain.ts).
  const every = BigInt(checkpointEveryEvents());
  const [first, last] = [ids.reduce((a, b) => (a < b ? a : b)), ids.reduce((a, b) => (a > b ? a : b))];
  if ((first - 1n) / every !== last / every) await enqueueJob(tx, "checkpoint_audit_chain", {});
}

export async function recordEvent(tx: Tx, context: AuditContext, input: AuditEventInput) {
  await recordEvents(tx, [{ ...input, context }]);
}
