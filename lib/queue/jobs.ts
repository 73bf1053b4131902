import { randomUUID } from "node:crypto";

/**
 * Every job the app's code queues: its name, what it carries, how often it is tried and the key
 * that makes queuing it again harmless. Callers name a job and hand over its payload; the rest
 * comes from here, so the single and the batch path queue identical rows. The worker's crontab
 * starts a few more jobs of its own (lib/worker/start-worker.ts); no code queues those.
 */
/**
 * Who queued the job, as plain JSON: an AuditContext written by plainContext and read back, checked,
 * by contextFromPayload (lib/audit/audit-context.ts). Typed loosely here because the queue sits below
 * the domains and because what comes back from the queue's table is whatever was stored there.
 */
type JobContext = Readonly<Record<string, string | null>>;

export type JobPayloads = {
  deliver_email: { emailId: string };
  seal_agreement: { agreementId: string };
  issue_import: { importId: string; context: JobContext };
  send_sign_in_link: { email: string; callbackUrl: string; context: JobContext };
  checkpoint_audit_chain: Record<string, never>;
  timestamp_document: { agreementId: string; reason: string; newestVersion: number };
  deliver_webhook: { deliveryId: string };
};

export type JobName = keyof JobPayloads;

type JobDefinition<Name extends JobName> = {
  maxAttempts: number;
  /** Queuing a job whose key is waiting replaces it rather than adding a second one. */
  key: (payload: JobPayloads[Name]) => string;
};

// graphile-worker backs off exponentially (about exp(attempt) seconds): 12 attempts span ~1 day.
// A seal that fails five times (over about a minute and a half) needs a person: staff then see
// "seal failed" with the reason and a retry button.
const JOBS: { [Name in JobName]: JobDefinition<Name> } = {
  deliver_email: { maxAttempts: 12, key: ({ emailId }) => `email:${emailId}` },
  seal_agreement: { maxAttempts: 5, key: ({ agreementId }) => `seal:${agreementId}` },
  issue_import: { maxAttempts: 5, key: ({ importId }) => `import:${importId}` },
  // A fresh key per request: two requests are two jobs, and the second link voids the first.
  send_sign_in_link: { maxAttempts: 5, key: () => `sign-in:${randomUUID()}` },
  // One waiting checkpoint at a time, however many events asked for it.
  checkpoint_audit_chain: { maxAttempts: 3, key: () => "checkpoint_audit_chain" },
  // Once: an authority that is down leaves the document as it was until the next daily run.
  timestamp_document: { maxAttempts: 1, key: ({ agreementId }) => `timestamp:${agreementId}` },
  // A failed delivery is not a failed job: the task logs the attempt and queues its successor on
  // the webhook schedule (lib/webhooks/webhook-retry-schedule.ts). The attempts here cover a
  // worker that dies mid-delivery.
  deliver_webhook: { maxAttempts: 3, key: ({ deliveryId }) => `webhook:${deliveryId}` },
};

// The tasks with a worker pool of their own (lib/worker/start-worker.ts): the app's busiest jobs,
// one per email and per webhook delivery. Every other task, seals first, runs in the "jobs" pool.
const OWN_POOL_TASKS: ReadonlySet<string> = new Set<JobName>(["deliver_email", "deliver_webhook"]);

/** Whether a task runs in the "jobs" pool (seals, imports, sign-in links, checkpoints, timestamps). */
export function runsInJobsPool(name: string): boolean {
  return !OWN_POOL_TASKS.has(name);
}

/**
 * The notification that a job for the "jobs" pool was queued, sent with the job (delivered at
 * commit): graphile-worker's own, "jobs:insert", does not say for which task, and the "jobs" pool
 * ignores it while it waits after a fetch that found nothing (lib/worker/start-worker.ts), so that
 * every email queued does not cost it a fetch.
 */
export const JOBS_POOL_WAKE_CHANNEL = "imprimatur:jobs";

/** The key a job with this payload is queued under (e.g. to find a seal's job in the queue). */
export function jobKeyFor<Name extends JobName>(name: Name, payload: JobPayloads[Name]): string {
  return JOBS[name].key(payload);
}

/** One row of graphile-worker's job_spec, as add_job and add_jobs take it. */
export function jobSpec<Name extends JobName>(name: Name, payload: JobPayloads[Name]) {
  return { identifier: name, payload, job_key: jobKeyFor(name, payload), max_attempts: JOBS[name].maxAttempts };
}
