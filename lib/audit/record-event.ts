import "server-only";
import type { Tx } from "@/lib/db/client";
import { chainHash, type AuditEventContent } from "./canonical-event";
import { chainHead } from "./chain-head";

export type AuditEventType =
  | "agreement.issued"
  | "email.queued"
  | "email.sent"
  | "email.failed"
  | "agreement.viewed"
  | "agreement.signed"
  | "agreement.declined"
  | "agreement.sealed"
  | "agreement.seal_failed"
  | "agreement.seal_retried"
  | "pdf.downloaded"
  | "staff.signed_in";

export type AuditEventInput = {
  agreementId?: string | null;
  type: AuditEventType;
  actor: string;
  ip?: string | null;
  userAgent?: string | null;
  data?: Record<string, unknown>;
};

// Any single key works: it only has to be the same for every writer of the chain.
const AUDIT_CHAIN_LOCK = 7_310_001;

/**
 * Appends an event to the hash chain inside the caller's transaction, so the event exists exactly
 * when the change it records does. Writers take a transaction-scoped lock so that two of them
 * never link to the same predecessor.
 */
export async function recordEvent(tx: Tx, input: AuditEventInput) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const prevHash = await chainHead(tx);
  const content: AuditEventContent = {
    agreementId: input.agreementId ?? null,
    type: input.type,
    actor: input.actor,
    // Millisecond precision: what PostgreSQL's timestamp(3) keeps, so the hash can be recomputed.
    occurredAt: new Date(Date.now()),
    ip: input.ip ?? null,
    userAgent: input.userAgent ?? null,
    data: input.data ?? {},
  };
  return tx.auditEvent.create({
    data: { ...content, data: content.data as object, prevHash, hash: chainHash(prevHash, content) },
  });
}
