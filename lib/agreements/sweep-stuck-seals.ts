import "server-only";
import { db } from "@/lib/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue-job";

/**
 * Finds signed agreements whose seal should have finished long ago — their job is gone, or is
 * held by a worker that died mid-seal (the queue would only free it after hours) — and queues
 * the seal again. Sealing is idempotent, so a seal that was merely slow does no harm.
 */
export async function sweepStuckSeals({ stuckForSeconds = 120 }: { stuckForSeconds?: number } = {}): Promise<string[]> {
  const stuck = await db.$queryRaw<{ id: string }[]>`
    SELECT a.id FROM "Agreement" a
    LEFT JOIN "SignedDocument" d ON d."agreementId" = a.id
    LEFT JOIN graphile_worker.jobs j ON j.key = 'seal:' || a.id
    WHERE a.status = 'signed' AND a."sealStatus" = 'pending' AND d."agreementId" IS NULL
      AND a."signedAt" <= now() - make_interval(secs => ${stuckForSeconds})
      AND (j.id IS NULL OR j.locked_at <= now() - make_interval(secs => ${stuckForSeconds}))`;
  for (const { id } of stuck) await db.$transaction((tx) => enqueueJob(tx, "seal_agreement", { agreementId: id }, `seal:${id}`));
  return stuck.map(({ id }) => id);
}
