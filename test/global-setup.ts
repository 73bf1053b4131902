import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { runMigrations } from "graphile-worker";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../lib/db/embedded-database";
import { freePort } from "./free-port";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
    appDataDir: string;
  }
}

export const TEMPLATE_DATABASE = "imprimatur_template";

/**
 * One real PostgreSQL for the whole run, with a template database that has every migration
 * applied; each test file then gets its own copy of it (test/setup-database.ts).
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "imprimatur-test-"));
  // PostgreSQL runs as its own user, which must be able to reach its data directory.
  await chmod(dataDir, 0o755);
  const database = await startEmbeddedDatabase({ dataDir, port: await freePort() });
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templateUrl = database.url.replace(/\/[^/]+$/, `/${TEMPLATE_DATABASE}`);
  await promisify(execFile)(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: templateUrl } });
  await runMigrations({ connectionString: templateUrl });
  project.provide("templateDatabaseUrl", templateUrl);
  // The app's own files (the generated signing certificate) go here, never into the checkout.
  project.provide("appDataDir", path.join(dataDir, "app"));
  return async () => {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
