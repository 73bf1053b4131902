import "server-only";
import { EventEmitter } from "node:events";
import { Logger, run, type Runner, type TaskList, type WorkerEvents } from "graphile-worker";
import { JOBS_POOL_WAKE_CHANNEL, runsInJobsPool } from "@/lib/queue/jobs";
import { taskList, type scheduledTasks, type TaskName } from "./task-list";
import { readWorkerConcurrency } from "./read-worker-concurrency";
import { holdWorkerLiveness } from "./worker-liveness";

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
  forget_old_idempotency_keys: "23 * * * *",
  timestamp_sealed_documents: "41 3 * * *",
};
// One attempt: a scheduled run that fails is simply made again at its next time.
const crontab = Object.entries(SCHEDULE)
  .map(([task, when]) => `${when} ${task} ?max=1`)
  .join("\n");

// Every job queued anywhere wakes every pool (one "jobs:insert" notification, which does not say
// for which task), and each woken pool asks PostgreSQL for jobs at once. With a refetch delay
// (graphile-worker's own), a pool whose last fetch brought back no more than `threshold` jobs lets
// the next wake-ups wait ~0.5–1.5 × `durationMs`, then fetches whatever piled up meanwhile; a
// burst of notifications (a volume's thousands, one notification) ends the wait at once.
// - Emails: a stream of single invitations (an API client creating agreements one at a time) went
//   out one by one, each with its own job fetch, read, "sent" transaction and job completion on
//   the event loop that answers the requests. Waiting ~0.2 s, the emails of that moment share
//   them (lib/mail/deliver-email.ts batches what is in flight). An email waits up to 0.3 s longer
//   to go out.
// - Webhooks: a pool that found nothing (most wake-ups are for other tasks' jobs) skips the next
//   ones for ~25–75 ms; a signature's webhook is queued with its own wake-up and fetched at once
//   unless it lands in such a gap.
// Interleaved `--only=api,webhooks` runs, 3 each, on a slow spell of a 2-core machine: API create
// p50 10.7–11.4 ms against 13.3–14.5 with neither (11.0–12.9 with the emails' wait alone), p95
// 29–31 ms against 24–25; webhook latency median 71–74 ms against 63–72, p95 144–148 against 88–97.
// - Seals and the other jobs ("jobs" pool): after a fetch that found nothing, the pool does not
//   answer graphile-worker's wake-ups for ~0.5–1.5 s, but fetches at once when its own
//   notification comes (JOBS_POOL_WAKE_CHANNEL, sent with every job lib/queue queues for it): an
//   author waits for the sealed PDF, and nothing else. Before, each email queued also cost this pool a
//   fetch: an API client creating one agreement at a time made as many of those as creates (its
//   fetches over 300 creates: 370 before, 53 after). Interleaved --only=api runs from clean clones,
//   3 pairs: on a quiet machine p50 4.34–4.91 ms against 4.54–4.64 (no difference to see); with a
//   CPU hog taking 60 % of one core, p50 5.46–6.09 against 5.67–6.74 and p95 14.1–14.9 against
//   16.0–18.2. One signer's seal took as long (33.0–33.6 ms against 32.7–35.4). A job queued
//   without that notification (graphile-worker's own cron, the audit chain's checkpoint queued by
//   its trigger) waits until the pool's wait ends.
const EMAIL_REFETCH_DELAY = { durationMs: 200, threshold: 1 };
const WEBHOOK_REFETCH_DELAY = { durationMs: 50, threshold: 0 };
// graphile-worker ends a pool's wait early once the jobs its notifications announce reach a random
// share of maxAbortThreshold: with this, its own announcements (a job or a batch's count) never do,
// and the pool's own notification, which announces this many, always does.
const WAKE_AT_ONCE = 2 ** 31;
const JOBS_REFETCH_DELAY = { durationMs: 1000, threshold: 0, maxAbortThreshold: WAKE_AT_ONCE };

type Pool = {
  name: string;
  taskList: TaskList;
  concurrency: number;
  crontab?: string;
  refetchDelay?: { durationMs: number; threshold: number; maxAbortThreshold?: number };
  /** A notification channel of the pool's own, on which it fetches at once (JOBS_POOL_WAKE_CHANNEL). */
  wakeChannel?: string;
};

// How often each worker looks for jobs held by a dead worker (one short query).
const RELEASE_EVERY_MS = 10_000;
const RESTART_AFTER_MS = 2000;

export type WorkerOptions = {
  /** Tests replace a task (e.g. one that hangs mid-seal to be killed there); production uses all of taskList. */
  taskList?: TaskList;
  /** Tests watch a pool's queue through its events (e.g. count its fetches). */
  watchPool?: (name: string, events: WorkerEvents) => void;
};

/**
 * Every app instance runs a worker; PostgreSQL hands each job to exactly one of them. Jobs a
 * killed worker held are freed within seconds by whichever worker looks next (worker-liveness.ts),
 * starting with this one as it starts. Should the queue's runner ever stop with an error, it is
 * logged and started again: the worker never dies silently while the web server keeps serving.
 */
export async function startWorker(connectionString: string, options: WorkerOptions = {}): Promise<Runner> {
  // Before anything is held: a count that is not one stops the start, naming it.
  const concurrency = readWorkerConcurrency();
  const liveness = await holdWorkerLiveness(connectionString);
  const releaseDeadWorkersJobs = () =>
    liveness.releaseJobsOfDeadWorkers().then(
      (dead) => {
        if (dead.length > 0)
          console.warn(`[jobs] released the jobs of ${dead.length} dead worker(s): ${dead.join(", ")}`);
      },
      (error: unknown) => console.error(`[jobs] could not look for dead workers: ${String(error)}`),
    );
  await releaseDeadWorkersJobs();
  setInterval(releaseDeadWorkersJobs, RELEASE_EVERY_MS).unref();

  // A runner that stops because the process is being stopped is not restarted.
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => (stopping = true));

  const tasks = options.taskList ?? taskList;
  const { deliver_email: deliverEmail, deliver_webhook: deliverWebhook } = tasks;
  const otherTasks = Object.fromEntries(Object.entries(tasks).filter(([name]) => runsInJobsPool(name)));
  // Emails wait on the SMTP server and the database, not on this process's CPU, and those waits
  // are shared (lib/mail/deliver-email.ts batches the reads and records of the emails in flight):
  // they get a pool of their own, so a volume's invitations can be many at once without letting
  // as many seals (CPU and memory) run at once.
  const pools: Pool[] = [
    {
      name: "jobs",
      taskList: otherTasks,
      concurrency: concurrency.jobs,
      crontab,
      refetchDelay: JOBS_REFETCH_DELAY,
      wakeChannel: JOBS_POOL_WAKE_CHANNEL,
    },
    ...(deliverEmail
      ? [
          {
            name: "emails",
            taskList: { deliver_email: deliverEmail },
            concurrency: concurrency.emails,
            refetchDelay: EMAIL_REFETCH_DELAY,
          },
        ]
      : []),
    // Webhooks wait on receivers outside (up to 10 s each): in a pool of their own, thousands of
    // them after an import, or a receiver that is down, never hold up seals and imports, and a
    // signature's webhook goes out at once rather than behind its seal.
    ...(deliverWebhook
      ? [
          {
            name: "webhooks",
            taskList: { deliver_webhook: deliverWebhook },
            concurrency: concurrency.webhooks,
            refetchDelay: WEBHOOK_REFETCH_DELAY,
          },
        ]
      : []),
  ];

  const start = async (pool: Pool): Promise<Runner> => {
    const events: WorkerEvents = new EventEmitter();
    events.on("pool:create", ({ workerPool }) => liveness.announce(workerPool.id));
    if (pool.wakeChannel) listenForWakeUps(events, pool.wakeChannel);
    options.watchPool?.(pool.name, events);
    const runner = await run({
      connectionString,
      concurrency: pool.concurrency,
      // Connections open only when used; with jobs fetched and completed in batches few ever are.
      maxPoolSize: Math.max(10, pool.concurrency),
      // A volume queues thousands of emails at once: fetch and complete jobs in batches rather than
      // one round trip each. Safe here because every task is idempotent (a re-run after a crash
      // finds its email sent or its PDF stored and does nothing).
      preset: {
        worker: {
          localQueue: { size: Math.max(16, pool.concurrency), refetchDelay: pool.refetchDelay },
          completeJobBatchDelay: 0,
          failJobBatchDelay: 0,
        },
      },
      pollInterval: 1000,
      noHandleSignals: false,
      logger: quietLogger,
      taskList: pool.taskList,
      crontab: pool.crontab,
      events,
    });
    runner.promise.catch((error: unknown) => {
      if (stopping) return;
      console.error(`[jobs] the ${pool.name} worker stopped (${String(error)}); starting it again`);
      setTimeout(() => void startUntilRunning(pool), RESTART_AFTER_MS);
    });
    return runner;
  };
  const startUntilRunning = async (pool: Pool): Promise<void> => {
    try {
      await start(pool);
    } catch (error) {
      console.error(`[jobs] the ${pool.name} worker could not start (${String(error)}); trying again`);
      setTimeout(() => void startUntilRunning(pool), RESTART_AFTER_MS);
    }
  };
  const runners = await Promise.all(pools.map(start));
  return allRunners(runners);
}

/**
 * The pool's own channel, listened to on graphile-worker's listening connection (so it reconnects
 * with it): a notification there ends the pool's wait after an empty fetch and fetches at once.
 */
function listenForWakeUps(events: WorkerEvents, channel: string) {
  const quoted = `"${channel.replaceAll('"', '""')}"`;
  events.on("pool:listen:success", ({ client }) => {
    client.query(`LISTEN ${quoted}`).catch((error: unknown) => {
      console.error(`[jobs] could not listen for ${channel} (${String(error)}); its jobs wait up to 1.5 s`);
    });
  });
  events.on("pool:listen:notification", ({ workerPool, message }) => {
    if (message.channel === channel) workerPool.nudge(WAKE_AT_ONCE);
  });
  // The connection goes back to graphile-worker's pool: it must not keep listening there.
  events.on("pool:listen:release", ({ client }) => {
    client.query(`UNLISTEN ${quoted}`).catch(() => undefined);
  });
}

/** The runners as one: stopping it stops all, and its promise settles when all have stopped. */
function allRunners([first, ...others]: Runner[]): Runner {
  if (others.length === 0) return first;
  const all = [first, ...others];
  return {
    ...first,
    stop: async (reason) => void (await Promise.all(all.map((runner) => runner.stop(reason)))),
    kill: async (reason) => void (await Promise.all(all.map((runner) => runner.kill(reason)))),
    promise: Promise.all(all.map((runner) => runner.promise)).then(() => undefined),
  };
}
