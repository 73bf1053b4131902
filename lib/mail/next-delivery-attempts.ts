import "server-only";
import { db } from "@/lib/db/client";
import { jobKeyFor } from "@/lib/queue/jobs";

/**
 * When the queue will next try to send each of these emails: its delivery job's run_at, which
 * graphile-worker pushes back exponentially after every failed try. Emails with no waiting job
 * (sent, finally failed) are absent.
 */
export async function nextDeliveryAttempts(emailIds: string[]): Promise<Map<string, Date>> {
  if (emailIds.length === 0) return new Map();
  const byKey = new Map(emailIds.map((emailId) => [jobKeyFor("deliver_email", { emailId }), emailId]));
  const jobs = await db.$queryRaw<{ key: string; run_at: Date }[]>`
    SELECT key, run_at FROM graphile_worker.jobs WHERE key = ANY(${[...byKey.keys()]})`;
  return new Map(jobs.map((job) => [byKey.get(job.key)!, job.run_at]));
}
