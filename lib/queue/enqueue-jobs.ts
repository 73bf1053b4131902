import "server-only";
import type { Tx } from "@/lib/db/client";
import { jobSpec, type JobName, type JobPayloads } from "./jobs";

/**
 * Queues many jobs of one kind in one statement, through the caller's transaction, as
 * `enqueueJob` would queue each (add_job is add_jobs with one row): a volume's thousands of
 * invitations cost one round trip, not one each.
 */
export async function enqueueJobs<Name extends JobName>(tx: Tx, name: Name, payloads: JobPayloads[Name][]) {
  if (payloads.length === 0) return;
  const specs = payloads.map((payload) => jobSpec(name, payload));
  await tx.$executeRaw`
    SELECT graphile_worker.add_jobs(ARRAY(
      SELECT json_populate_recordset(null::graphile_worker.job_spec, ${JSON.stringify(specs)}::json)))`;
}
