import { Logger, runOnce, type TaskList } from "graphile-worker";
import pg from "pg";

const quiet = new Logger(() => (level, message) => {
  if (level === "error") console.error(`[jobs] ${message}`);
});

/**
 * Works off every job of these tasks that is due, as the app's worker would, and returns only once
 * each has finished. graphile-worker's runOnce can resolve while the last job it took is still
 * being completed (its row still locked), so a test that counts jobs right after would race it.
 */
export async function runQueuedJobs(taskList: TaskList, connectionString = process.env.DATABASE_URL!) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  // Jobs a (killed) worker already holds stay locked whatever we do: wait only for ours.
  const lockedJobs = async () =>
    (
      await client.query<{ id: string }>(
        "SELECT id::text AS id FROM graphile_worker.jobs WHERE locked_at IS NOT NULL AND task_identifier = ANY($1)",
        [Object.keys(taskList)],
      )
    ).rows.map((row) => row.id);
  try {
    const heldBefore = new Set(await lockedJobs());
    await runOnce({ connectionString, logger: quiet, taskList });
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await lockedJobs()).every((id) => heldBefore.has(id))) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("Jobs were still running 5 s after the queue was worked off.");
  } finally {
    await client.end();
  }
}
