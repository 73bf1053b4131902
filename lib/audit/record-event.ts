import "server-only";
import type { Tx } from "@/lib/db/client";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import type { AuditContext } from "./audit-context";
import { canonicalEventAround } from "./canonical-event";
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
  | "staff.refused";

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
  // Everything but the chain's link is prepared here, before the lock: audit_append
  // (prisma/migrations/…_audit_append) takes the lock, reads the head, dates and hashes the events
  // and inserts them in one statement, so no writer waits on another's Node process between the
  // lock and the insert. Nothing else should follow in the caller's transaction: the lock is held
  // until it commits. The rows go as one JSON parameter: a volume's batch of a thousand events
  // otherwise spent more time in Prisma's query compiler than in PostgreSQL.
  const rows = inputs.map((input) => {
    const content = {
      agreementId: input.agreementId ?? null,
      type: input.type,
      actor: input.context.actor,
      ip: input.context.ip ?? null,
      userAgent: input.context.userAgent ?? null,
      data: input.data ?? {},
    };
    const [before, after] = canonicalEventAround(content);
    return { ...content, before, after };
  });
  const inserted = await tx.$queryRaw<{ id: bigint }[]>`SELECT audit_append(${JSON.stringify(rows)}::json) AS id`;
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
