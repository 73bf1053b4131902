import "server-only";
import { db } from "@/lib/db/client";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { OPEN_FOR_SIGNING } from "@/lib/agreements/agreement-states";

const BATCH = 500;

/**
 * Marks agreements open for signing as expired once none of their links can be used any more
 * (each has expired or been revoked). Staff can then reissue them. Safe to run often and on several
 * instances at once: each agreement expires, and is recorded as expired, exactly once.
 */
export async function expireOverdueAgreements(now = new Date()): Promise<{ expired: number }> {
  let expired = 0;
  for (let cursor = ""; ;) {
    const batch = await db.agreement.findMany({
      where: {
        id: { gt: cursor },
        status: { in: OPEN_FOR_SIGNING },
        signingLinks: { none: { revokedAt: null, expiresAt: { gt: now } } },
      },
      select: { id: true },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    for (const { id } of batch) if (await expireOne(id, now)) expired++;
    if (batch.length < BATCH) return { expired };
    cursor = batch[batch.length - 1].id;
  }
}

async function expireOne(agreementId: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // One statement that re-checks everything: a run that loses the race waits for the winner's row
    // lock, re-reads the row, finds it expired and changes nothing; a link created meanwhile (an
    // invitation sent again) keeps the agreement open. Times are compared in UTC, as Prisma stores them.
    const changed = await tx.$executeRaw`
      UPDATE "Agreement" a SET status = 'expired', "updatedAt" = (now() AT TIME ZONE 'UTC')
      WHERE a.id = ${agreementId} AND a.status IN ('sent', 'viewed')
        AND NOT EXISTS (
          SELECT 1 FROM "SigningLink" l
          WHERE l."agreementId" = a.id AND l."revokedAt" IS NULL
            AND l."expiresAt" > (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC'))`;
    if (changed === 0) return false;
    const links = await tx.signingLink.aggregate({ where: { agreementId }, _max: { expiresAt: true }, _count: true });
    await recordEvent(tx, SYSTEM_CONTEXT, {
      agreementId,
      type: "agreement.expired",
      data: { lastLinkExpiresAt: links._max.expiresAt?.toISOString() ?? null, links: links._count },
    });
    return true;
  });
}
