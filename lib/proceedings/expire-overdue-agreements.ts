import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { recordEvents } from "@/lib/audit/record-event";

// Agreements expired per transaction: a handful of statements each, and 5,000 audit events fit
// one INSERT (9 columns × 5,000 < PostgreSQL's 65,535 parameters).
const BATCH = 5_000;

/**
 * Marks agreements open for signing as expired once none of their links can be used any more
 * (each has expired or been revoked). Staff can then reissue them. Set-based: a few statements
 * per batch of agreements, not a transaction each. Safe to run often and on several instances at
 * once: each agreement expires, and is recorded as expired, exactly once.
 */
export async function expireOverdueAgreements(now = new Date()): Promise<{ expired: number }> {
  let expired = 0;
  // The cursor moves past every agreement a batch took, so a run ends however the rows it
  // skipped (held by another run) or left open (a new link came) turn out.
  for (let after = ""; ;) {
    const batch = await db.$transaction((tx) => expireBatch(tx, now, after), { timeout: 120_000, maxWait: 30_000 });
    expired += batch.expired;
    if (batch.last === null) return { expired };
    after = batch.last;
  }
}

type Expired = { id: string; lastLinkExpiresAt: Date | null; links: number };

async function expireBatch(tx: Tx, now: Date, after: string): Promise<{ last: string | null; expired: number }> {
  const at = now.toISOString();
  // Times are compared in UTC, as Prisma stores them. SKIP LOCKED: a second run (another worker)
  // takes the next agreements instead of waiting for these, and a reminder or a resent invitation
  // holding an agreement's row keeps it out of this batch.
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT a.id FROM "Agreement" a
    WHERE a.id > ${after} AND a.status IN ('sent', 'viewed')
      AND NOT EXISTS (
        SELECT 1 FROM "SigningLink" l
        WHERE l."agreementId" = a.id AND l."revokedAt" IS NULL
          AND l."expiresAt" > (${at}::timestamptz AT TIME ZONE 'UTC'))
    ORDER BY a.id
    LIMIT ${BATCH}
    FOR NO KEY UPDATE OF a SKIP LOCKED`;
  if (locked.length === 0) return { last: null, expired: 0 };
  // A second statement, so a fresh snapshot taken while the rows are ours: whatever committed
  // between the first statement's snapshot and the lock (a signature, a link from a reminder)
  // is seen here, and such an agreement stays as it is.
  const expired = await tx.$queryRaw<Expired[]>`
    WITH expired AS (
      UPDATE "Agreement" a SET status = 'expired', "updatedAt" = (now() AT TIME ZONE 'UTC')
      WHERE a.id = ANY(${locked.map((row) => row.id)}::text[]) AND a.status IN ('sent', 'viewed')
        AND NOT EXISTS (
          SELECT 1 FROM "SigningLink" l
          WHERE l."agreementId" = a.id AND l."revokedAt" IS NULL
            AND l."expiresAt" > (${at}::timestamptz AT TIME ZONE 'UTC'))
      RETURNING a.id)
    SELECT e.id, max(l."expiresAt") AS "lastLinkExpiresAt", count(l.id)::int AS links
    FROM expired e LEFT JOIN "SigningLink" l ON l."agreementId" = e.id
    GROUP BY e.id ORDER BY e.id`;
  // One event per agreement, the same as when each expired in a transaction of its own; one call
  // appends them all to the chain under one lock.
  await recordEvents(
    tx,
    expired.map(({ id, lastLinkExpiresAt, links }) => ({
      context: SYSTEM_CONTEXT,
      agreementId: id,
      type: "agreement.expired" as const,
      data: { lastLinkExpiresAt: lastLinkExpiresAt?.toISOString() ?? null, links },
    })),
  );
  return { last: locked[locked.length - 1].id, expired: expired.length };
}
