import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { sqlAs } from "@/test/database-as";
import { roleOf, withDatabase } from "./embedded-database";
import { grantAppPrivileges } from "./grant-app-privileges";
import { migrateJobQueue } from "@/lib/queue/migrate-job-queue";
import { prepareDatabaseRoles } from "./prepare-database-roles";

/**
 * What PostgreSQL answers when `sql` runs as `connectionString` (the app's own DATABASE_URL
 * unless said otherwise). Every attempt is rolled back, so an attack that works on a weaker
 * setup leaves nothing behind for the next test.
 */
async function attempt(sql: string, connectionString = process.env.DATABASE_URL!): Promise<string> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(sql);
    return "allowed";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    await client.end();
  }
}

const AUDIT_TABLES = ["AuditEvent", "AuditCheckpoint", "SignedDocument", "TimestampedDocument"] as const;
const KEY = {
  AuditEvent: "id",
  AuditCheckpoint: "id",
  SignedDocument: "agreementId",
  TimestampedDocument: "id",
} as const;

describe("the app's database role (DATABASE_URL) against the evidence tables (audit log, checkpoints, sealed PDFs)", () => {
  it.each(AUDIT_TABLES)("cannot update, delete or truncate %s", async (table) => {
    await issueTestAgreement();
    expect(await attempt(`UPDATE "${table}" SET "${KEY[table]}" = "${KEY[table]}"`)).toMatch(
      /permission denied for table/,
    );
    expect(await attempt(`DELETE FROM "${table}"`)).toMatch(/permission denied for table/);
    expect(await attempt(`TRUNCATE "${table}"`)).toMatch(/permission denied for table/);
  });

  it("cannot swap or delete the stored seal that signs the evidence", async () => {
    expect(await attempt(`UPDATE "StoredSigningCertificate" SET "fingerprintSha256" = 'forged'`)).toMatch(
      /permission denied for table/,
    );
    expect(await attempt(`DELETE FROM "StoredSigningCertificate"`)).toMatch(/permission denied for table/);
    expect(await attempt(`TRUNCATE "StoredSigningCertificate"`)).toMatch(/permission denied for table/);
  });

  it.each(AUDIT_TABLES)("cannot switch off, drop or replace the append-only triggers of %s", async (table) => {
    expect(await attempt(`ALTER TABLE "${table}" DISABLE TRIGGER ALL`)).toMatch(/must be owner of table/);
    expect(await attempt(`ALTER TABLE "${table}" DISABLE TRIGGER USER`)).toMatch(/must be owner of table/);
    expect(await attempt(`DROP TRIGGER "${table}_append_only_rows" ON "${table}"`)).toMatch(
      /must be owner of (table|relation)/,
    );
    expect(
      await attempt(
        `CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
      ),
    ).toMatch(/must be owner of function|permission denied/);
    expect(await attempt(`ALTER TABLE "${table}" RENAME TO "${table}_old"`)).toMatch(/must be owner of table/);
    expect(await attempt(`DROP TABLE "${table}" CASCADE`)).toMatch(/must be owner of table/);
  });

  it("cannot skip triggers with session_replication_role, nor become the owner or a superuser", async () => {
    expect(await attempt(`SET session_replication_role = replica`)).toMatch(
      /permission denied to set parameter "session_replication_role"/,
    );
    const owner = roleOf(process.env.TEST_OWNER_DATABASE_URL ?? "postgresql://imprimatur_owner@x/x").name;
    expect(await attempt(`SET ROLE ${owner}`)).toMatch(/permission denied to set role/);
    expect(await attempt(`ALTER ROLE current_user SUPERUSER`)).toMatch(/permission denied to alter role/);
    expect(await attempt(`CREATE TABLE "Sneaky" (id int)`)).toMatch(/permission denied for schema public/);
  });

  it("still appends events, reads them, and queues jobs", async () => {
    const { agreement } = await issueTestAgreement();
    await db.$transaction((tx) =>
      recordEvent(tx, SYSTEM_CONTEXT, { agreementId: agreement.id, type: "pdf.downloaded" }),
    );
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id } })).toBeGreaterThanOrEqual(3);
    const jobs = await sqlAs(
      "owner",
      `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'deliver_email'`,
    );
    expect(jobs.rows[0].n).toBeGreaterThan(0);
  });
});

describe("the grant step after every migration", () => {
  it("covers a table a later migration adds, and keeps the audit tables append-only however often it runs", async () => {
    const appRole = roleOf(process.env.DATABASE_URL!).name;
    await sqlAs("owner", `CREATE TABLE "AddedLater" (id int)`);
    expect(await attempt(`INSERT INTO "AddedLater" VALUES (1)`)).toMatch(/permission denied for table/);
    await grantAppPrivileges({ ownerUrl: process.env.TEST_OWNER_DATABASE_URL!, appRole });
    await grantAppPrivileges({ ownerUrl: process.env.TEST_OWNER_DATABASE_URL!, appRole });
    expect(await attempt(`INSERT INTO "AddedLater" VALUES (1)`)).toBe("allowed");
    const privileges = await sqlAs<{ table: string; privilege: string; granted: boolean }>(
      "owner",
      `SELECT t AS table, p AS privilege, has_table_privilege($1, format('%I', t), p) AS granted
         FROM unnest(ARRAY['AuditEvent', 'AuditCheckpoint', 'SignedDocument']) t, unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES']) p`,
      [appRole],
    );
    expect(
      privileges.rows
        .filter((row) => row.granted)
        .map((row) => `${row.table} ${row.privilege}`)
        .sort(),
    ).toEqual([
      "AuditCheckpoint INSERT",
      "AuditCheckpoint SELECT",
      "AuditEvent INSERT",
      "AuditEvent SELECT",
      "SignedDocument INSERT",
      "SignedDocument SELECT",
    ]);
  });
});

describe("an upgrade from a database migrated the old way, as the superuser", () => {
  it("hands every object to the owner role, after which the app's role is refused as above", async () => {
    const name = `old_${Date.now().toString(36)}`;
    await sqlAs("admin", `CREATE DATABASE ${name}`);
    const superuserUrl = withDatabase(process.env.TEST_ADMIN_DATABASE_URL!, name);
    const ownerUrl = withDatabase(process.env.TEST_OWNER_DATABASE_URL!, name);
    const appUrl = withDatabase(process.env.DATABASE_URL!, name);
    // What older versions did: every migration, and the job queue's, as the bootstrap superuser.
    await promisify(execFile)(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: superuserUrl },
    });
    await migrateJobQueue(superuserUrl);
    await queryAs(
      superuserUrl,
      `INSERT INTO "AuditEvent" (type, actor, "prevHash", hash) VALUES ('agreement.issued', 'old', $1, $2)`,
      ["0".repeat(64), "1".repeat(64)],
    );

    await prepareDatabaseRoles({ superuserUrl, owner: roleOf(ownerUrl), app: roleOf(appUrl) });
    await grantAppPrivileges({ ownerUrl, appRole: roleOf(appUrl).name });

    const superuserOwned = await queryAs(
      superuserUrl,
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('public', 'graphile_worker') AND c.relkind IN ('r', 'S', 'v', 'm') AND pg_get_userbyid(c.relowner) <> $1
       UNION ALL
       SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'graphile_worker' AND pg_get_userbyid(p.proowner) <> $1`,
      [roleOf(ownerUrl).name],
    );
    expect(superuserOwned).toEqual([]);
    expect(await attempt(`ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`, appUrl)).toMatch(/must be owner of table/);
    expect(await attempt(`DELETE FROM "AuditEvent"`, appUrl)).toMatch(/permission denied for table/);
    expect(await queryAs(appUrl, `SELECT actor FROM "AuditEvent"`, [])).toEqual(["old"]);
    expect(await attempt(`SELECT graphile_worker.add_job('deliver_email', '{}'::json)`, appUrl)).toBe("allowed");
    // The owner can run the next migration: it owns what it must alter.
    expect(await attempt(`ALTER TABLE "AuditEvent" ADD COLUMN "later" TEXT`, ownerUrl)).toBe("allowed");
    await sqlAs("admin", `DROP DATABASE ${name} WITH (FORCE)`).catch(() => undefined);
  });
});

async function queryAs(connectionString: string, sql: string, values: unknown[]) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows.map((row) => Object.values(row)[0]);
  } finally {
    await client.end();
  }
}
