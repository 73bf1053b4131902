import "server-only";
import { db } from "@/lib/db/client";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import type { AppError } from "@/lib/errors/app-error";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { timestampAuthorityFromEnv } from "@/lib/timestamp/timestamp-authority-settings";

/** The first retry after the authority fails; each later wait is as long as the wait so far. */
const FIRST_RETRY_MS = 5_000;
/** However long the authority has been gone, it is asked again at least this often. */
const MAX_RETRY_MS = 5 * 60_000;

/** When a seal that has waited `waitedMs` asks the authority again: the wait doubles, up to a cap. */
export function nextTimestampRetryDelayMs(waitedMs: number): number {
  return Math.min(MAX_RETRY_MS, Math.max(FIRST_RETRY_MS, waitedMs));
}

/**
 * A seal found the timestamp authority unavailable (TIMESTAMP_UNAVAILABLE): the agreement shows
 * "waiting for the timestamp authority" with the reason, the wait's start is kept from the first
 * time (so TSA_GRACE_MINUTES counts from there, and the audit log gets one event, not one per
 * retry), and the seal job is queued again to run later — a fresh job, so waiting never uses up
 * the attempts that would turn it into "seal failed". State, event and job commit together.
 */
export async function recordSealWaiting(agreementId: string, error: AppError, now = new Date()) {
  const authority = timestampAuthorityFromEnv();
  await db.$transaction(async (tx) => {
    // Locked so that a seal storing its document at this moment is either seen or waits for us.
    const [row] = await tx.$queryRaw<{ sealStatus: string | null; sealWaitingSince: Date | null }[]>`
      SELECT "sealStatus"::text AS "sealStatus", "sealWaitingSince" FROM "Agreement"
      WHERE id = ${agreementId} FOR UPDATE`;
    if (!row || (row.sealStatus !== "pending" && row.sealStatus !== "waiting_for_timestamp")) return;
    if (await tx.signedDocument.findUnique({ where: { agreementId }, select: { agreementId: true } })) return;

    const since = row.sealWaitingSince ?? now;
    await tx.agreement.update({
      where: { id: agreementId },
      data: { sealStatus: "waiting_for_timestamp", sealError: error.userMessage, sealWaitingSince: since },
    });
    if (!row.sealWaitingSince) {
      const host = authority ? new URL(authority.url).host : null;
      await recordEvent(tx, SYSTEM_CONTEXT, {
        agreementId,
        type: "agreement.seal_waiting_for_timestamp",
        data: { authority: host, reason: error.userMessage },
      });
    }
    // The last try comes when the grace ends, so the seal without a timestamp is not late either.
    const graceEnds = since.getTime() + (authority?.graceMs ?? 0);
    const runAt = Math.min(now.getTime() + nextTimestampRetryDelayMs(now.getTime() - since.getTime()), graceEnds);
    await enqueueJob(tx, "seal_agreement", { agreementId }, { runAt: new Date(Math.max(runAt, now.getTime())) });
  });
}
