import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import {
  EMBEDDED_OWNER_ROLE,
  EMBEDDED_APP_ROLE,
  startEmbeddedDatabase,
  withDatabase,
} from "../lib/db/embedded-database";
import { grantAppPrivileges } from "../lib/db/grant-app-privileges";
import { migrateJobQueue } from "../lib/queue/migrate-job-queue";
import { runPrismaMigrations } from "../scripts/start/run-prisma-migrations";
import { freePort } from "./free-port";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated template database, as the app's least-privilege role. */
    templateDatabaseUrl: string;
    /** The same database as the owner (runs migrations) and as the cluster's superuser. */
    templateOwnerUrl: string;
    templateSuperuserUrl: string;
    appDataDir: string;
  }
}

export const TEMPLATE_DATABASE = "imprimatur_template";

/**
 * One real PostgreSQL for the whole run, with a template database that has every migration
 * applied by the owner role and the app role's grants; each test file then gets its own copy of
 * it (test/setup-database.ts) and runs as the app role, as production does, so a missing grant
 * fails a test rather than a deployment.
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "imprimatur-test-"));
  // PostgreSQL runs as its own user, which must be able to reach its data directory.
  await chmod(dataDir, 0o755);
  const database = await startEmbeddedDatabase({ dataDir, port: await freePort() });
  const admin = new pg.Client({ connectionString: database.superuserUrl });
  await admin.connect();
  // A throwaway cluster: nothing in it must survive a crash of the machine, so it need not wait for
  // the disk at every commit (an fsync here costs ~6 ms, and the suite commits tens of thousands of
  // times). Commits stay synchronous: an asynchronous one leaves rows that VACUUM cannot yet mark
  // all-visible, and the query-plan tests (index-only scans) depend on it.
  for (const setting of ["fsync", "full_page_writes"]) {
    await admin.query(`ALTER SYSTEM SET ${setting} = off`);
  }
  await admin.query("SELECT pg_reload_conf()");
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE} OWNER ${EMBEDDED_OWNER_ROLE}`);
  await admin.end();
  const templateOwnerUrl = withDatabase(database.ownerUrl, TEMPLATE_DATABASE);
  await runPrismaMigrations(process.env, templateOwnerUrl);
  await migrateJobQueue(templateOwnerUrl);
  await grantAppPrivileges({ ownerUrl: templateOwnerUrl, appRole: EMBEDDED_APP_ROLE });
  project.provide("templateDatabaseUrl", withDatabase(database.appUrl, TEMPLATE_DATABASE));
  project.provide("templateOwnerUrl", templateOwnerUrl);
  project.provide("templateSuperuserUrl", withDatabase(database.superuserUrl, TEMPLATE_DATABASE));
  // The app's own files (the generated signing certificate) go here, never into the checkout.
  project.provide("appDataDir", path.join(dataDir, "app"));
  return async () => {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
