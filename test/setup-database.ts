import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { EMBEDDED_OWNER_ROLE, withDatabase } from "@/lib/db/embedded-database";

// Each test file works in its own database, copied from the migrated template, so files can run
// in parallel and a test may break things (drop a function, stop SMTP) without touching others.
// The copy keeps the template's owners and grants: the app role (DATABASE_URL) may only append to
// the audit tables. A test that plays an attacker with more rights uses TEST_ADMIN_DATABASE_URL
// (the cluster's superuser) or TEST_OWNER_DATABASE_URL (the schema's owner).
const templateSuperuserUrl = inject("templateSuperuserUrl");
const name = `test_${randomBytes(6).toString("hex")}`;
const admin = new pg.Client({ connectionString: withDatabase(templateSuperuserUrl, "postgres") });
await admin.connect();
await admin.query(
  `CREATE DATABASE ${name} TEMPLATE ${new URL(templateSuperuserUrl).pathname.slice(1)} OWNER ${EMBEDDED_OWNER_ROLE}`,
);
await admin.end();
process.env.DATABASE_URL = withDatabase(inject("templateDatabaseUrl"), name);
process.env.TEST_OWNER_DATABASE_URL = withDatabase(inject("templateOwnerUrl"), name);
process.env.TEST_ADMIN_DATABASE_URL = withDatabase(templateSuperuserUrl, name);
process.env.APP_URL = "http://imprimatur.test:3000";
process.env.DATA_DIR = inject("appDataDir");
// Encrypts the links waiting in the outbox (lib/mail/secret-link.ts), as `npm start` provides one.
process.env.NEXTAUTH_SECRET ??= "test-nextauth-secret";

afterAll(async () => {
  const holder = globalThis as unknown as { imprimaturDb?: { $disconnect: () => Promise<void> } };
  await holder.imprimaturDb?.$disconnect();
});
