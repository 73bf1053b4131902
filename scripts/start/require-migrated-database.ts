import { readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/**
 * Refuses to start an instance on a database whose schema is behind this code. Instances never
 * migrate (the app's role may not run DDL, and N instances starting at once should not race to):
 * `npm run migrate` does, once per release.
 */
export async function requireMigratedDatabase(databaseUrl: string) {
  const expected = (await readdir(path.resolve("prisma/migrations"), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `cannot reach the database at DATABASE_URL (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  try {
    const applied = await client
      .query<{ name: string }>(
        `SELECT migration_name AS name FROM "_prisma_migrations"
          WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      )
      .then(
        ({ rows }) => new Set(rows.map((row) => row.name)),
        () => new Set<string>(),
      );
    const jobQueue = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'graphile_worker'`);
    const pending = expected.filter((name) => !applied.has(name));
    if (pending.length === 0 && jobQueue.rowCount === 1) return;
    const what = pending.length > 0 ? `${pending.length} migration(s) pending (${pending.join(", ")})` : "no job queue";
    throw new Error(
      `the database is not migrated for this version: ${what}. Run \`npm run migrate\` once, ` +
        "with MIGRATION_DATABASE_URL set to the schema owner's URL, then start the instances.",
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
