import "server-only";
import { Logger, run, type Runner } from "graphile-worker";
import { taskList, type scheduledTasks, type TaskName } from "./task-list";

// Job failures are retried and surface on the records staff see; the queue's own chatter
// (every job started and finished) would drown the server log.
const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`[jobs] ${message}`);
});

// Every minute, and so soon after a restart, seals left behind by a crashed worker resume.
// Reminders and expiry every 15 minutes: both are idempotent, so overlapping runs are harmless.
// The audit checkpoint task looks every minute whether AUDIT_CHECKPOINT_MINUTES have passed.
const SCHEDULE: Record<keyof typeof scheduledTasks, string> & Partial<Record<TaskName, string>> = {
  sweep_stuck_seals: "* * * * *",
  checkpoint_audit_chain: "* * * * *",
  send_due_reminders: "*/15 * * * *",
  expire_overdue_agreements: "*/15 * * * *",
  prune_rate_limits: "17 * * * *",
};
// One attempt: a scheduled run that fails is simply made again at its next time.
const crontab = Object.entries(SCHEDULE)
  .map(([task, when]) => `${when} ${task} ?max=1`)
  .join("\n");

/** Every app instance runs a worker; PostgreSQL hands each job to exactly one of them. */
export async function startWorker(connectionString: string): Promise<Runner> {
  return run({
    connectionString,
    concurrency: Number(process.env.WORKER_CONCURRENCY ?? 10),
    // A volume queues thousands of emails at once: fetch and complete jobs in batches rather than
    // one round trip each. Safe here because every task is idempotent (a re-run after a crash
    // finds its email sent or its PDF stored and does nothing).
    preset: { worker: { localQueue: { size: 16 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    pollInterval: 1000,
    noHandleSignals: false,
    logger: quietLogger,
    taskList,
    crontab,
  });
}
