import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { roleOf } from "../../lib/db/embedded-database";
import { grantAppPrivileges } from "../../lib/db/grant-app-privileges";
import { migrateJobQueue } from "../../lib/queue/migrate-job-queue";

/** Applies prisma/migrations with the Prisma CLI (the wasm engine configured in prisma.config.ts). */
export async function runPrismaMigrations(env: NodeJS.ProcessEnv, databaseUrl = env.DATABASE_URL) {
  try {
    await promisify(execFile)(
      process.execPath,
      [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"],
      { env: { ...env, DATABASE_URL: databaseUrl } },
    );
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`database migrations failed:\n${stdout}${stderr}`.trim());
  }
}

/**
 * Every migration (Prisma's and the job queue's) as the owner, `MIGRATION_DATABASE_URL`; then
 * the grants that let `DATABASE_URL`, the app's role, read and write data but only append to the
 * audit tables. Without MIGRATION_DATABASE_URL one role does both, and says so.
 */
export async function migrateDatabase(env: NodeJS.ProcessEnv) {
  const appUrl = env.DATABASE_URL;
  if (!appUrl) throw new Error("DATABASE_URL is not set.");
  const ownerUrl = env.MIGRATION_DATABASE_URL || appUrl;
  await runPrismaMigrations(env, ownerUrl);
  await migrateJobQueue(ownerUrl);
  await grantAppPrivileges({ ownerUrl, appRole: roleOf(appUrl).name });
  const warning = await ownerRightsWarning(appUrl);
  if (warning) console.warn(`\nWARNING: ${warning}\n`);
}

/** Why the app's role could rewrite the audit log, or null when it cannot. */
export async function ownerRightsWarning(appUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ superuser: boolean; owner: boolean }>(
      `SELECT r.rolsuper AS superuser, pg_has_role(current_user, c.relowner, 'USAGE') AS owner
         FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = 'public."AuditEvent"'::regclass`,
    );
    const [{ superuser, owner }] = rows;
    if (!superuser && !owner) return null;
    return `the app connects as ${roleOf(appUrl).name}, ${superuser ? "a superuser" : "the owner of the tables"}: it could switch off the audit log's append-only triggers and rewrite it. Set MIGRATION_DATABASE_URL to the owner role and DATABASE_URL to a least-privilege role (README: "Database roles and the audit chain").`;
  } finally {
    await client.end();
  }
}
