import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { describeServer } from "./backup-database";
import { findPostgresClient, splitPassword } from "./postgres-client";

// No "server-only" here: `npm run restore` (plain tsx) calls this.

/** What makes a database not empty: its first few tables, views, sequences or schemas of its own. */
async function contentsOf(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
       UNION ALL
       SELECT format('schema %I', n.nspname) FROM pg_namespace n
        WHERE n.nspname NOT IN ('public', 'pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
       LIMIT 3`,
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

/**
 * Restores a backup made by backupDatabase into an empty database, as the role that will own the
 * schema (objects become its own; roles are not in a backup). All in one transaction: a restore
 * that fails part-way leaves the database empty. Grants and the job queue's row-level policy for
 * the app's role are not restored: whoever restores restates them (the restore script does, as
 * every `npm start` does), for whatever the app's role is called on this server.
 */
export async function restoreDatabase(options: { databaseUrl: string; file: string }) {
  if (!existsSync(options.file)) throw new Error(`There is no backup file ${options.file}.`);
  const server = await describeServer(options.databaseUrl);
  const found = await contentsOf(options.databaseUrl);
  if (found.length > 0)
    throw new Error(
      `The database ${server.database} is not empty (it has ${found.join(", ")}): a backup is restored only into ` +
        "an empty database, so nothing in it is overwritten or mixed. Create a new database (or use a new DATA_DIR) " +
        "and restore into that. Nothing was changed.",
    );
  const client = await findPostgresClient(server.major);
  const { url, env } = splitPassword(options.databaseUrl);
  const run = promisify(execFile);
  const listing = await run(client.pgRestore, ["--list", options.file], { maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stderr?: string }) => {
      throw new Error(
        `${options.file} is not a backup pg_restore can read (${error.stderr?.trim() ?? String(error)}). Nothing was changed.`,
      );
    },
  );
  const work = await mkdtemp(path.join(os.tmpdir(), "imprimatur-restore-"));
  try {
    // Policies name the app's role of the server the backup came from; grantAppPrivileges makes them anew.
    const list = path.join(work, "restore.list");
    await writeFile(
      list,
      listing.stdout
        .split("\n")
        .filter((line) => !/^\d+; \d+ \d+ POLICY /.test(line))
        .join("\n"),
    );
    await run(
      client.pgRestore,
      [
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        `--use-list=${list}`,
        `--dbname=${url}`,
        options.file,
      ],
      { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `pg_restore stopped, and its transaction was rolled back: nothing was changed (${stderr || (error as Error).message}).`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { database: server.database, serverVersion: server.version, client: client.version };
}
