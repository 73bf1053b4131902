import { Logger, runMigrations } from "graphile-worker";

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
}
