import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { roleOf, withDatabase } from "@/lib/db/embedded-database";
import { sqlAs } from "@/test/database-as";

const MIGRATIONS = path.resolve(import.meta.dirname, "../prisma/migrations");
const REMOVE_DRAFT = "20261130210000_remove_draft_status";
const migrationsBefore = readdirSync(MIGRATIONS)
  .filter((name) => /^\d{14}_/.test(name) && name < REMOVE_DRAFT)
  .sort();
const sqlOf = (name: string) => readFileSync(path.join(MIGRATIONS, name, "migration.sql"), "utf8");

const opened: pg.Client[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => client.end()));
});

/** A new database, as its owner, with every migration before the draft removal applied as `migrate deploy` would. */
async function databaseBeforeRemoval(): Promise<pg.Client> {
  const ownerUrl = process.env.TEST_OWNER_DATABASE_URL!;
  const name = `drafts_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  await sqlAs("admin", `CREATE DATABASE ${name} OWNER ${roleOf(ownerUrl).name}`);
  const client = new pg.Client({ connectionString: withDatabase(ownerUrl, name) });
  await client.connect();
  opened.push(client);
  // Prisma runs each migration file as one script (lib/db/cli-migration-adapter.ts does the same).
  for (const migration of migrationsBefore) await client.query(sqlOf(migration));
  await client.query(`INSERT INTO "TemplateVersion" (id, key, version, body, sha256) VALUES ('t1', 'k', 1, 'b', 's')`);
  await client.query(`INSERT INTO "Proceedings" (id, name) VALUES ('v1', 'Volume')`);
  return client;
}

async function insertAgreement(client: pg.Client, id: string, status: string) {
  await client.query(
    `INSERT INTO "Agreement" (id, status, "proceedingsId", "templateVersionId", "articleTitle",
       "correspondingAuthorName", "correspondingAuthorEmail", authors, "publisherName", text, "textSha256", "updatedAt")
     VALUES ($1, $2, 'v1', 't1', 'Title', 'Ada Lovelace', 'a@example.org',
       ARRAY['Ada Lovelace'], 'PMLR', 'text', 'hash', now())`,
    [id, status],
  );
}

async function enumValues(client: pg.Client) {
  const { rows } = await client.query(`SELECT unnest(enum_range(NULL::"AgreementStatus"))::text AS value`);
  return rows.map((row) => row.value);
}

describe("removing the never-written draft status", () => {
  it("keeps every agreement and its status on a database with data, and drops only draft", async () => {
    const client = await databaseBeforeRemoval();
    const statuses = ["sent", "viewed", "signed", "declined", "voided", "expired"];
    for (const status of statuses) await insertAgreement(client, `a-${status}`, status);
    await client.query(sqlOf(REMOVE_DRAFT));
    expect(await enumValues(client)).toEqual(statuses);
    const kept = (await client.query(`SELECT id, status::text FROM "Agreement" a ORDER BY a.status`)).rows;
    expect(kept).toEqual(statuses.map((status) => ({ id: `a-${status}`, status })));
    // The column's default and the name-mismatch trigger watching it survive the type change.
    await client.query(`INSERT INTO "Agreement" (id, "proceedingsId", "templateVersionId", "articleTitle",
       "correspondingAuthorName", "correspondingAuthorEmail", authors, "publisherName", text, "textSha256", "updatedAt")
       VALUES ('a-default', 'v1', 't1', 'T', 'Ada Lovelace', 'a@example.org', ARRAY['A'], 'P', 't', 'h', now())`);
    await client.query(`UPDATE "Agreement" SET status = 'signed', "signatureName" = 'Someone Else' WHERE id = $1`, [
      "a-default",
    ]);
    const { rows } = await client.query(`SELECT status::text, "nameMismatch" FROM "Agreement" WHERE id = 'a-default'`);
    expect(rows).toEqual([{ status: "signed", nameMismatch: true }]);
  });

  it("refuses a database that holds a draft agreement, naming it, and leaves it as it was", async () => {
    const client = await databaseBeforeRemoval();
    await insertAgreement(client, "a-draft", "draft");
    await expect(client.query(sqlOf(REMOVE_DRAFT))).rejects.toThrow(/1 agreement.*draft.*a-draft/);
    expect(await enumValues(client)).toContain("draft");
    expect((await client.query(`SELECT status::text FROM "Agreement"`)).rows).toEqual([{ status: "draft" }]);
  });

  it("no agreement can be put into the draft status", async () => {
    const attempt = sqlAs("owner", `UPDATE "Agreement" SET status = 'draft' WHERE false`);
    await expect(attempt).rejects.toThrow(/invalid input value for enum "AgreementStatus": "draft"/);
  });
});
