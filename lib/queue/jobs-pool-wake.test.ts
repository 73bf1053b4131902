import pg from "pg";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { enqueueJob, addJobCall } from "./enqueue-job";
import { enqueueJobs } from "./enqueue-jobs";
import { JOBS_POOL_WAKE_CHANNEL } from "./jobs";

// A job for the "jobs" pool is queued with that pool's own wake-up (lib/worker/start-worker.ts
// fetches at once on it, and ignores graphile-worker's wake-ups while it waits after an empty
// fetch); an email or a webhook delivery is not. The wake-up is a notification: it goes out at the
// commit that queues the job, and never for a job rolled back.

let listener: pg.Client;
const heard: string[] = [];

beforeAll(async () => {
  listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await listener.connect();
  listener.on("notification", (message) => heard.push(message.channel));
  await listener.query(`LISTEN "${JOBS_POOL_WAKE_CHANNEL}"`);
});
afterAll(() => listener.end());

/** How many wake-ups of the jobs pool arrive while `queue` runs and within a moment after. */
async function wakeUpsDuring(queue: () => Promise<unknown>): Promise<number> {
  // A round trip on the listening connection: whatever was sent before has been read by then.
  await listener.query("SELECT 1");
  heard.length = 0;
  await queue();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await listener.query("SELECT 1");
  return heard.length;
}

describe("queuing a job wakes the jobs pool when the job is its own", () => {
  it("a seal, queued alone, in a statement of the caller's own, or rolled back", async () => {
    expect(
      await wakeUpsDuring(() =>
        db.$transaction((tx) => enqueueJob(tx, "seal_agreement", { agreementId: `wake-${randomUUID()}` })),
      ),
    ).toBe(1);

    const inStatement = addJobCall("seal_agreement", { agreementId: `wake-${randomUUID()}` });
    expect(await wakeUpsDuring(() => db.$executeRaw`SELECT ${inStatement} IS NULL AS queued`)).toBe(1);

    const rolledBack = db.$transaction(async (tx) => {
      await enqueueJob(tx, "seal_agreement", { agreementId: `wake-${randomUUID()}` });
      throw new Error("rolled back");
    });
    expect(await wakeUpsDuring(() => rolledBack.catch(() => undefined))).toBe(0);
  });

  it("a batch of the jobs pool's jobs wakes it once; emails and webhook deliveries do not", async () => {
    const due = [1, 2, 3].map((n) => ({ agreementId: `wake-${randomUUID()}`, reason: "staff", newestVersion: n }));
    expect(await wakeUpsDuring(() => db.$transaction((tx) => enqueueJobs(tx, "timestamp_document", due)))).toBe(1);

    expect(
      await wakeUpsDuring(() =>
        db.$transaction(async (tx) => {
          await enqueueJob(tx, "deliver_email", { emailId: `wake-${randomUUID()}` });
          await enqueueJobs(tx, "deliver_email", [{ emailId: `wake-${randomUUID()}` }]);
          await enqueueJob(tx, "deliver_webhook", { deliveryId: `wake-${randomUUID()}` });
        }),
      ),
    ).toBe(0);
    const queued = await db.$queryRaw<{ count: bigint }[]>(
      Prisma.sql`SELECT count(*) FROM graphile_worker.jobs WHERE key LIKE 'email:wake-%' OR key LIKE 'webhook:wake-%'`,
    );
    expect(Number(queued[0].count)).toBe(3);
  });
});
