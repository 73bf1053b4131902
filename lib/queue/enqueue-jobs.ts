import "server-only";
import type { Tx } from "@/lib/db/client";
import { prismaRunner } from "@/lib/db/sql-runner";
import { JOBS_POOL_WAKE_CHANNEL, jobSpec, runsInJobsPool, type JobName, type JobPayloads } from "./jobs";

/**
 * Queues many jobs of one kind in one statement, through the caller's transaction, as
 * `enqueueJob` would queue each (add_job is add_jobs with one row): a volume's thousands of
 * invitations cost one round trip, not one each.
 */
export async function enqueueJobs<Name extends JobName>(tx: Tx, name: Name, payloads: JobPayloads[Name][]) {
  if (payloads.length === 0) return;
  await prismaRunner(tx)(addJobsFromJson(name, "$1", "true"), [jobSpecsJson(name, payloads)]);
}

/**
 * The SQL of a statement's CTE that queues, through add_jobs, the `name` jobs given as job_spec rows
 * in JSON in `parameter` (from jobSpecsJson) that `keep` (a condition on `spec`) keeps, counted as
 * `queued`: for a writer that queues its jobs inside a statement of its own. Jobs of the "jobs" pool
 * go with its own wake-up (JOBS_POOL_WAKE_CHANNEL), as enqueueJob's do.
 */
export function addJobsFromJson(name: JobName, parameter: string, keep: string): string {
  // Counted, not returned: add_jobs gives back every job's row, which nobody here reads.
  const added = `SELECT count(*)::integer AS queued FROM graphile_worker.add_jobs(ARRAY(
      SELECT spec FROM json_populate_recordset(null::graphile_worker.job_spec, ${parameter}::json) spec
      WHERE ${keep}))`;
  if (!runsInJobsPool(name)) return added;
  // The count and the wake-up: one row each, so both run.
  return `SELECT added.queued FROM (${added}) AS added, pg_notify('${JOBS_POOL_WAKE_CHANNEL}', '') AS woken`;
}

/** Jobs of one kind as add_jobs' job_spec rows in JSON, for a statement that queues them itself. */
export function jobSpecsJson<Name extends JobName>(name: Name, payloads: JobPayloads[Name][]): string {
  return JSON.stringify(payloads.map((payload) => jobSpec(name, payload)));
}
