import "server-only";
import { db } from "@/lib/db/client";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { jobKeyFor } from "@/lib/queue/jobs";

/**
 * Finds signed agreements whose seal should have finished long ago — their job is gone, or is
 * held by a worker that died mid-seal (the queue would only free it after hours) — and queues
 * the seal again. Sealing is idempotent, so a seal that was merely slow does no harm. A seal waiting
 * for the timestamp authority has its job queued for later: that job counts as alive, so the sweep
 * leaves the wait's back-off alone and only steps in if the job itself was lost.
 */
export async function sweepStuckSeals({ stuckForSeconds = 120 }: { stuckForSeconds?: number } = {}): Promise<string[]> {
  const unsealed = await db.$queryRaw<{ id: string }[]>`
    SELECT a.id FROM "Agreement" a
    LEFT JOIN "SignedDocument" d ON d."agreementId" = a.id
    WHERE a.status = 'signed' AND a."sealStatus" IN ('pending', 'waiting_for_timestamp') AND d."agreementId" IS NULL
      AND a."signedAt" <= now() - make_interval(secs => ${stuckForSeconds})`;
  if (unsealed.length === 0) return [];
  const keys = unsealed.map(({ id }) => jobKeyFor("seal_agreement", { agreementId: id }));
  // A seal job waiting for its turn (or its run-at) or held by a worker that is still alive needs no
  // help; one that used up its attempts without the agreement showing "failed" (the database was
  // away when the last one ended) will never run again and does.
  const alive = await db.$queryRaw<{ key: string }[]>`
    SELECT key FROM graphile_worker.jobs
    WHERE key = ANY(${keys}) AND attempts < max_attempts
      AND (locked_at IS NULL OR locked_at > now() - make_interval(secs => ${stuckForSeconds}))`;
  const aliveKeys = new Set(alive.map(({ key }) => key));
  const stuck = unsealed.filter((_, i) => !aliveKeys.has(keys[i]));
  for (const { id } of stuck) await db.$transaction((tx) => enqueueJob(tx, "seal_agreement", { agreementId: id }));
  return stuck.map(({ id }) => id);
}
