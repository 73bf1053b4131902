import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { within } from "@/test/eventually";
import { holdWorkerLiveness } from "./worker-liveness";

const warnings: string[] = [];
const noteWarning = (warning: Error) => warnings.push(warning.message);
beforeEach(() => {
  warnings.length = 0;
  process.on("warning", noteWarning);
});
afterEach(() => void process.off("warning", noteWarning));

/** How many of these pools' liveness locks are held (the lock class of worker-liveness.ts). */
async function locksHeld(poolIds: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ held: number }>(
      `SELECT count(*)::int AS held FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = 720514::oid
         AND objid = ANY(SELECT hashtext(id)::oid FROM unnest($1::text[]) id)`,
      [poolIds],
    );
    return rows[0].held;
  } finally {
    await client.end();
  }
}

describe("the worker's liveness connection", () => {
  it("takes the locks of pools announced at once, and its look for dead workers, one query at a time", async () => {
    const poolIds = [1, 2, 3].map(() => `pool-${randomUUID()}`);
    const liveness = await holdWorkerLiveness(process.env.DATABASE_URL!);
    try {
      // As startWorker does: three pools start together, and the first look comes meanwhile.
      for (const poolId of poolIds) liveness.announce(poolId);
      await liveness.releaseJobsOfDeadWorkers();
      await within(5, "the three pools' locks held", async () => (await locksHeld(poolIds)) === 3);
      // Queued inside pg instead, they worked, with a DeprecationWarning that pg 9 turns into a refusal.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((message) => message.includes("already executing a query"))).toEqual([]);
    } finally {
      await liveness.close();
    }
  });
});
