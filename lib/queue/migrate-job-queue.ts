import { Logger, runMigrations } from "graphile-worker";
import pg from "pg";

// No "server-only" here: the start script (plain tsx, no react-server condition) calls this.

const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`[jobs] ${message}`);
});

/**
 * Creates or updates the job queue's schema (graphile_worker, beside Prisma's tables). DDL, so
 * it runs as the owner with the other migrations; the app's worker then finds nothing to migrate.
 */
export async function migrateJobQueue(ownerUrl: string) {
  await runMigrations({ connectionString: ownerUrl, logger: quietLogger });
  await planAddJobsOnce(ownerUrl);
}

const ADD_JOBS = "graphile_worker.add_jobs(graphile_worker.job_spec[], boolean)";

/**
 * graphile-worker's add_jobs, which every queued job goes through (an API create queues its email
 * inside its one statement), planned its statements afresh on every call: each takes the specs array
 * as a parameter, and a plan made for the array it is given (one row) is estimated cheaper than the
 * generic one (ten), so PostgreSQL never settled on the generic plan. The call took 5.1 ms of a
 * create on a busy machine, its statements 0.35 ms of that (auto_explain); with generic plans, 1.2 ms.
 * A generic plan suits its statements at any batch size: each joins the specs to a unique index.
 * Set here, after graphile-worker's own migrations, on every run: a release of graphile-worker that
 * replaces the function drops the setting, and this sets it again.
 */
async function planAddJobsOnce(ownerUrl: string) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    // Only when missing: an instance started with the app role's URL (not the function's owner)
    // finds it set by the owner's migration and must not try, as it would fail.
    const { rows } = await client.query<{ set: boolean }>(
      `SELECT coalesce('plan_cache_mode=force_generic_plan' = ANY(proconfig), false) AS set FROM pg_proc WHERE oid = '${ADD_JOBS}'::regprocedure`,
    );
    if (rows[0]?.set) return;
    await client.query(`ALTER FUNCTION ${ADD_JOBS} SET plan_cache_mode = force_generic_plan`);
  } finally {
    await client.end();
  }
}
