import "server-only";
import type { Tx } from "@/lib/db/client";
import type { SqlRunner } from "@/lib/db/sql-runner";
import { Prisma } from "@/lib/db/generated/client";
import { jobSpec } from "@/lib/queue/jobs";
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
  | "webhook.endpoint_registered"
  | "webhook.endpoint_enabled"
  | "webhook.endpoint_disabled"
  | "webhook.secret_rotated"
  | "webhook.endpoint_deleted"
  | "webhook.delivery_resent"
  | "api_token.created"
  | "api_token.revoked"
  | "api.read"
  | "api.refused";

/** What happened. Who did it, and from where, comes only from the AuditContext it is recorded with. */
export type AuditEventInput = {
  agreementId?: string | null;
  type: AuditEventType;
  data?: Record<string, unknown>;
};

/** One event of a batch, with the context of whoever caused it. */
export type ContextualAuditEvent = AuditEventInput & { context: AuditContext };

/**
 * Appends events to the hash chain with the caller's transaction, so an event exists exactly when
 * the change it records does. They join the chain as the transaction commits, under a lock taken
 * at that moment, so two writers never link to the same predecessor; a batch takes it once. Until
 * then the transaction itself does not see them in "AuditEvent".
 */
export async function recordEvents(tx: Tx, inputs: ContextualAuditEvent[]) {
  if (inputs.length === 0) return;
  await tx.$executeRaw`SELECT ${auditStageCall(inputs)}`;
}

/** recordEvents through any SqlRunner (a plain pg transaction's, for a volume's import). */
export async function recordEventsWith(sql: SqlRunner, inputs: ContextualAuditEvent[]) {
  if (inputs.length === 0) return;
  await sql(`SELECT audit_stage($1::json, $2::integer, $3::json) IS NULL AS staged`, auditStageValues(inputs));
}

/**
 * recordEvents' work as an SQL expression, for a caller that stages its events inside a statement
 * of its own (issuing an agreement writes everything in one round trip). It must run in the
 * transaction that makes the change the events record.
 */
export function auditStageCall(inputs: ContextualAuditEvent[]): Prisma.Sql {
  const [events, checkpointEvery, checkpointJob] = auditStageValues(inputs);
  return Prisma.sql`audit_stage(${events}::json, ${checkpointEvery}::integer, ${checkpointJob}::json)`;
}

/**
 * audit_stage's three parameters for a batch (the events, the checkpoint interval, the checkpoint
 * job), for a statement that stages them beside writes of its own (lib/proceedings/issue-rows.ts).
 */
export function auditStageValues(inputs: ContextualAuditEvent[]): [string, number, string] {
  // Staged here, with no lock; linked into the chain when the caller's transaction commits, by
  // PostgreSQL alone (prisma/migrations/…_audit_stage_batches, one staged row per call): it takes
  // the chain's lock at COMMIT, dates and hashes the events and appends them, and the commit
  // releases the lock. No writer ever waits
  // for another's Node process. Everything that goes into the hash but the link and the date is
  // prepared here. The rows go as one JSON parameter: a volume's batch of a thousand events
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
  // The chain's ids are known only at COMMIT: a checkpoint job (checkpoint-audit-chain.ts) is
  // queued there whenever they pass a multiple of N, so one comes at least every N events.
  return [JSON.stringify(rows), checkpointEveryEvents(), JSON.stringify(jobSpec("checkpoint_audit_chain", {}))];
}

export async function recordEvent(tx: Tx, context: AuditContext, input: AuditEventInput) {
  await recordEvents(tx, [{ ...input, context }]);
}
