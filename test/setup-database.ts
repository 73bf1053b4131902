import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";

// Each test file works in its own database, copied from the migrated template, so files can run
// in parallel and a test may break things (drop a function, stop SMTP) without touching others.
const templateUrl = inject("templateDatabaseUrl");
const name = `test_${randomBytes(6).toString("hex")}`;
const admin = new pg.Client({ connectionString: templateUrl.replace(/\/[^/]+$/, "/postgres") });
await admin.connect();
await admin.query(`CREATE DATABASE ${name} TEMPLATE ${new URL(templateUrl).pathname.slice(1)}`);
await admin.end();
process.env.DATABASE_URL = templateUrl.replace(/\/[^/]+$/, `/${name}`);
process.env.APP_URL = "http://imprimatur.test:3000";
process.env.DATA_DIR = inject("appDataDir");
// Encrypts the links waiting in the outbox (lib/mail/secret-link.ts), as `npm start` provides one.
process.env.NEXTAUTH_SECRET ??= "test-nextauth-secret";

afterAll(async () => {
  const holder = globalThis as unknown as { imprimaturDb?: { $disconnect: () => Promise<void> } };
  await holder.imprimaturDb?.$disconnect();
});
