import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { roleOf, withDatabase } from "@/lib/db/embedded-database";

const run = promisify(execFile);
const prisma = (args: string[], databaseUrl: string) =>
  run(process.execPath, ["node_modules/prisma/build/index.js", ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });

/** A new empty database owned by the owner role, and its URL as that role: migrations run as it. */
async function emptyDatabase(): Promise<string> {
  const ownerUrl = process.env.TEST_OWNER_DATABASE_URL!;
  const name = `empty_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: withDatabase(process.env.TEST_ADMIN_DATABASE_URL!, "postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} OWNER ${admin.escapeIdentifier(roleOf(ownerUrl).name)}`);
  await admin.end();
  return withDatabase(ownerUrl, name);
}

const asSuperuser = (url: string) => withDatabase(process.env.TEST_ADMIN_DATABASE_URL!, new URL(url).pathname.slice(1));

async function exitCode(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

// Each test runs the Prisma CLI (its wasm schema engine) several times: a few seconds on a quiet
// machine, but ten times that on a loaded or slower one, beyond Vitest's 30 s default.
const PRISMA_CLI_TIMEOUT_MS = 180_000;

describe("database migrations", { timeout: PRISMA_CLI_TIMEOUT_MS }, () => {
  it("apply in order to an empty database and leave no drift from the schema", async () => {
    const url = await emptyDatabase();
    const deploy = await prisma(["migrate", "deploy"], url);
    expect(deploy.stdout).toContain("successfully applied");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = await client.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    await client.end();
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        "Agreement",
        "AuditEvent",
        "AuditCheckpoint",
        "EmailMessage",
        "SignedDocument",
        "SigningLink",
        "_prisma_migrations",
      ]),
    );

    const diff = [
      "migrate",
      "diff",
      "--from-migrations",
      "prisma/migrations",
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--exit-code",
    ];
    // The diff replays the migrations in a shadow database it creates: the superuser's work.
    expect(await exitCode(prisma(diff, asSuperuser(url)))).toBe(0);
  });

  it("the drift check does notice a schema change that has no migration", async () => {
    const url = await emptyDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), "drift-"));
    const changed = (await readFile("prisma/schema.prisma", "utf8")).replace(
      "model Proceedings {",
      "model Proceedings {\n  addedWithoutMigration String?",
    );
    await writeFile(path.join(dir, "schema.prisma"), changed);
    const diff = [
      "migrate",
      "diff",
      "--from-migrations",
      "prisma/migrations",
      "--to-schema-datamodel",
      path.join(dir, "schema.prisma"),
      "--exit-code",
    ];
    expect(await exitCode(prisma(diff, asSuperuser(url)))).toBe(2);
  });
});
