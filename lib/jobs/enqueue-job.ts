import "server-only";
import type { Tx } from "@/lib/db/client";

export type JobName = "deliver_email" | "seal_agreement" | "sweep_stuck_seals" | "issue_import" | "send_due_reminders" | "expire_overdue_agreements" | "send_sign_in_link" | "checkpoint_audit_chain" | "prune_rate_limits";

/**
 * Queues a graphile-worker job through the caller's transaction: if the transaction rolls back,
 * the job never existed; if it commits, the job will run. A job key makes re-queuing harmless.
 */
export async function enqueueJob(tx: Tx, name: JobName, payload: Record<string, unknown>, jobKey: string) {
  await tx.$executeRaw`SELECT graphile_worker.add_job(${name}, ${JSON.stringify(payload)}::json, job_key => ${jobKey}, max_attempts => ${MAX_ATTEMPTS[name]})`;
}

// graphile-worker backs off exponentially (about exp(attempt) seconds): 12 attempts span ~1 day.
// A seal that fails five times (over about a minute and a half) needs a person: staff then see
// "seal failed" with the reason and a retry button.
export const MAX_ATTEMPTS: Record<JobName, number> = { deliver_email: 12, seal_agreement: 5, sweep_stuck_seals: 1, issue_import: 5, send_due_reminders: 1, expire_overdue_agreements: 1, send_sign_in_link: 5, checkpoint_audit_chain: 3, prune_rate_limits: 1 };
