import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Runner, WorkerEvents } from "graphile-worker";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { within } from "@/test/eventually";
import { startWorker } from "./start-worker";
import { taskList } from "./task-list";

// The email pool's refetch delay (start-worker.ts): invitations queued one after another, as an
// API client creating agreements one at a time queues them, are fetched and handled together
// rather than each on its own, and none waits long for it.

const SPACING_MS = 25;
const EMAILS = 10;

const run = randomUUID();
const started = new Map<string, number>();
const sealsStarted = new Map<string, number>();
let jobsPool: WorkerEvents | undefined;
let runner: Runner;

beforeAll(async () => {
  runner = await startWorker(process.env.DATABASE_URL!, {
    taskList: {
      ...taskList,
      deliver_email: async (payload) => {
        const { emailId } = payload as { emailId: string };
        // Jobs other test files left in the shared queue are not ours to count.
        if (emailId.startsWith(run)) started.set(emailId, performance.now());
      },
      seal_agreement: async (payload) => {
        const { agreementId } = payload as { agreementId: string };
        if (agreementId.startsWith(run)) sealsStarted.set(agreementId, performance.now());
      },
    },
    watchPool: (name, events) => {
      if (name === "jobs") jobsPool = events;
    },
  });
});
afterAll(() => runner.stop());

describe("the job worker's email pool", () => {
  it("handles emails queued a moment apart together, each within a second of being queued", async () => {
    const queued = new Map<string, number>();
    for (let i = 0; i < EMAILS; i++) {
      const emailId = `${run}-${i}`;
      await db.$transaction((tx) => enqueueJob(tx, "deliver_email", { emailId }));
      queued.set(emailId, performance.now());
      await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
    }
    await within(10, `all ${EMAILS} emails handled`, async () => started.size === EMAILS);

    // Handled together: started within a few milliseconds of one another, as one fetch's jobs are.
    // Each fetched on its own (every email as soon as it is queued), they start SPACING_MS apart.
    const starts = [...started.values()].sort((a, b) => a - b);
    const together = starts.filter((at, i) => i > 0 && at - starts[i - 1] < SPACING_MS / 3).length;
    expect(together).toBeGreaterThanOrEqual(EMAILS / 2);
    for (const [emailId, at] of queued) expect(started.get(emailId)! - at).toBeLessThan(1000);
  });
});

// The "jobs" pool (seals and the rarer jobs) and the same stream of emails: each email's
// notification used to make it fetch, for nothing. It now waits after an empty fetch, and a job of
// its own (queued with JOBS_POOL_WAKE_CHANNEL) ends the wait.
describe("the job worker's jobs pool", () => {
  it("does not fetch for every email queued, yet fetches a seal at once while it waits", async () => {
    let fetches = 0;
    const countFetch = () => (fetches += 1);
    jobsPool!.on("localQueue:getJobs:complete", countFetch);
    try {
      for (let i = 0; i < EMAILS; i++) {
        await db.$transaction((tx) => enqueueJob(tx, "deliver_email", { emailId: `${run}-jobs-${i}` }));
        await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
      }
      // On the old code it fetched once per email (10); now once, when its wait after an empty fetch ends.
      expect(fetches).toBeLessThanOrEqual(EMAILS / 4);
    } finally {
      jobsPool!.off("localQueue:getJobs:complete", countFetch);
    }

    expect(await sealWaitWhileThePoolWaits("seal")).toBeLessThan(WOKEN_WITHIN_MS);
  });

  it("listens for its own wake-up again once its listening connection is cut", async () => {
    let listening = 0;
    const countListen = () => (listening += 1);
    jobsPool!.on("pool:listen:success", countListen);
    try {
      const admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = current_database() AND query LIKE 'LISTEN "jobs:insert"%'`,
        );
        expect(rowCount).toBeGreaterThanOrEqual(1);
      } finally {
        await admin.end();
      }
      await within(10, "the jobs pool listening again", async () => listening > 0);
    } finally {
      jobsPool!.off("pool:listen:success", countListen);
    }
    expect(await sealWaitWhileThePoolWaits("seal-after-reconnect")).toBeLessThan(WOKEN_WITHIN_MS);
  });
});

// Unwoken, the seal waits out the rest of a wait of at least 500 ms; woken, it starts within a fetch
// (tens of ms, more on a loaded machine).
const WOKEN_WITHIN_MS = 400;

/**
 * How long (ms) a seal queued just as the jobs pool starts a wait (0.5–1.5 s, after a fetch that an
 * email's wake-up caused and that found nothing) waited to start: its own wake-up must end the wait.
 */
async function sealWaitWhileThePoolWaits(name: string): Promise<number> {
  const waiting = new Promise<void>((resolve) => jobsPool!.once("localQueue:refetchDelay:start", () => resolve()));
  await db.$transaction((tx) => enqueueJob(tx, "deliver_email", { emailId: `${run}-before-${name}` }));
  await waiting;
  const agreementId = `${run}-${name}`;
  const queuedAt = performance.now();
  await db.$transaction((tx) => enqueueJob(tx, "seal_agreement", { agreementId }));
  await within(5, `the seal ${name} started`, async () => sealsStarted.has(agreementId));
  return sealsStarted.get(agreementId)! - queuedAt;
}
