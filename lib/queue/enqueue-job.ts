import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { JOBS_POOL_WAKE_CHANNEL, jobSpec, runsInJobsPool, type JobName, type JobPayloads } from "./jobs";

/**
 * Queues a graphile-worker job through the caller's transaction: if the transaction rolls back,
 * the job never existed; if it commits, the job will run. Its key makes re-queuing harmless.
 * `runAt` defers it (e.g. a seal waiting for its timestamp authority); queued from inside the
 * running job of the same key, it becomes that job's successor with a fresh count of attempts.
 */
export async function enqueueJob<Name extends JobName>(
  tx: Tx,
  name: Name,
  payload: JobPayloads[Name],
  { runAt }: { runAt?: Date } = {},
) {
  await tx.$executeRaw`SELECT ${addJobCall(name, payload, { runAt })}`;
}

/** enqueueJob's work as an SQL expression, for a caller that queues the job inside a statement of its own. */
export function addJobCall<Name extends JobName>(
  name: Name,
  payload: JobPayloads[Name],
  { runAt }: { runAt?: Date } = {},
): Prisma.Sql {
  const spec = jobSpec(name, payload);
  const addJob = Prisma.sql`graphile_worker.add_job(${spec.identifier}, ${JSON.stringify(spec.payload)}::json,
      job_key => ${spec.job_key}, max_attempts => ${spec.max_attempts},
      run_at => coalesce(${runAt?.toISOString() ?? null}::timestamptz, now()))`;
  if (!runsInJobsPool(name)) return addJob;
  // The job's row as add_job gives it, and the "jobs" pool's own wake-up with it (both functions
  // return one row, so both run).
  return Prisma.sql`(SELECT job FROM ${addJob} AS job, pg_notify(${JOBS_POOL_WAKE_CHANNEL}, '') AS woken)`;
}
