import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { promisify } from "node:util";
import pg from "pg";
import { findPostgresClient, splitPassword } from "./postgres-client";

// No "server-only" here: `npm run backup` (plain tsx) calls this.

export type BackupSummary = { file: string; bytes: number; serverVersion: string; client: string };

/** The server's major version and the figures a summary names, read before the dump. */
export async function describeServer(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string; num: string; database: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num,
              current_database() AS database`,
    );
    return { version: rows[0].version, major: Math.floor(Number(rows[0].num) / 10_000), database: rows[0].database };
  } finally {
    await client.end();
  }
}

/**
 * Writes a pg_dump custom-format archive of the whole database: schema, data, the job queue, the
 * audit chain and its checkpoints, the sealed PDFs. pg_dump reads everything in one snapshot, so
 * the backup is consistent while the app keeps running. Written beside the target and renamed
 * into place when complete: a failed backup leaves no file that looks like one.
 */
export async function backupDatabase(options: { databaseUrl: string; file: string }): Promise<BackupSummary> {
  if (existsSync(options.file)) throw new Error(`${options.file} already exists: choose a new file for the backup.`);
  const server = await describeServer(options.databaseUrl);
  const client = await findPostgresClient(server.major);
  const { url, env } = splitPassword(options.databaseUrl);
  const partial = `${options.file}.partial`;
  try {
    await promisify(execFile)(
      client.pgDump,
      ["--format=custom", "--no-password", `--file=${partial}`, `--dbname=${url}`],
      { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
    );
    await rename(partial, options.file);
  } catch (error) {
    await rm(partial, { force: true });
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`pg_dump could not back up ${server.database}: ${stderr || (error as Error).message}`);
  }
  return {
    file: options.file,
    bytes: (await stat(options.file)).size,
    serverVersion: server.version,
    client: client.version,
  };
}
