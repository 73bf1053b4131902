import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

// No "server-only" here: `npm run backup` and `npm run restore` (plain tsx) use this.

export type PostgresClient = { pgDump: string; pgRestore: string; version: string; major: number };

/** Where scripts/install-postgresql-client.sh puts Debian 13's PostgreSQL 17 client by default. */
export function defaultClientDir(): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(cache, "imprimatur", "postgresql-client-17", "bin");
}

async function clientIn(dir: string | null): Promise<PostgresClient | string> {
  const pgDump = dir ? path.join(dir, "pg_dump") : "pg_dump";
  const pgRestore = dir ? path.join(dir, "pg_restore") : "pg_restore";
  if (dir && !(existsSync(pgDump) && existsSync(pgRestore))) return `${dir} holds no pg_dump and pg_restore`;
  try {
    const { stdout } = await promisify(execFile)(pgDump, ["--version"]);
    const restore = await promisify(execFile)(pgRestore, ["--version"]);
    const major = Number(/\(PostgreSQL\) (\d+)/.exec(stdout)?.[1]);
    if (!major || !restore.stdout.includes(`(PostgreSQL) ${major}.`))
      return `${pgDump} and ${pgRestore} are not one PostgreSQL version`;
    return { pgDump, pgRestore, version: stdout.trim(), major };
  } catch {
    return dir ? `${pgDump} does not run` : "no pg_dump on PATH";
  }
}

/**
 * A pg_dump and pg_restore that can work with a server of this major version: pg_dump refuses a
 * server newer than itself, and pg_restore cannot read archives from a newer pg_dump. Looks in
 * POSTGRES_CLIENT_DIR when set (and only there), else in the directory the install script fills,
 * else on PATH.
 */
export async function findPostgresClient(serverMajor: number): Promise<PostgresClient> {
  const configured = process.env.POSTGRES_CLIENT_DIR;
  const places = configured ? [configured] : [defaultClientDir(), null];
  const refusals: string[] = [];
  for (const place of places) {
    const client = await clientIn(place);
    if (typeof client === "string") refusals.push(client);
    else if (client.major < serverMajor)
      refusals.push(`${client.pgDump} is PostgreSQL ${client.major}, older than the server`);
    else return client;
  }
  throw new Error(
    `No PostgreSQL client for a version ${serverMajor} server (${refusals.join("; ")}). Install one with ` +
      "`bash scripts/install-postgresql-client.sh` (Debian 13's pg_dump 17, unpacked into your cache directory), " +
      `or install postgresql-client-${serverMajor} or newer and set POSTGRES_CLIENT_DIR to its bin directory.`,
  );
}

/** A connection URL without its password, and the password, so it never shows in a process list. */
export function splitPassword(connectionUrl: string): { url: string; env: Record<string, string> } {
  const parsed = new URL(connectionUrl);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { url: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}
