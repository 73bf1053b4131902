import path from "node:path";
import pg from "pg";
import { embeddedDatabaseUrls, startEmbeddedDatabase, type EmbeddedDatabase } from "../embedded-database";

// No "server-only" here: `npm run backup` and `npm run restore` (plain tsx) use this.

export type DatabaseTarget = {
  /** The schema owner's URL: it reads everything for a backup and owns what a restore creates. */
  ownerUrl: string;
  /** The app's role, whose grants a restore restates. */
  appUrl: string;
  /** Where, in words, for the messages. */
  where: string;
  /** Stops the embedded database if this command had to start it. */
  close: () => Promise<void>;
};

async function reachable(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The database `npm start` would use: DATABASE_URL (with MIGRATION_DATABASE_URL as its owner when
 * set), or else the embedded one under DATA_DIR, used where a running `npm start` holds it or
 * started (and created, for a new DATA_DIR) for this command alone.
 */
export async function openDatabaseTarget(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseTarget> {
  if (env.DATABASE_URL) {
    const ownerUrl = env.MIGRATION_DATABASE_URL || env.DATABASE_URL;
    const host = new URL(ownerUrl);
    return {
      ownerUrl,
      appUrl: env.DATABASE_URL,
      where: `${host.pathname.slice(1)} on ${host.host}`,
      close: async () => undefined,
    };
  }
  const dataDir = path.resolve(env.DATA_DIR ?? "data");
  const port = Number(env.EMBEDDED_DB_PORT ?? 54329);
  const urls = await embeddedDatabaseUrls({ dataDir, port });
  let embedded: EmbeddedDatabase | undefined;
  if (!(await reachable(urls.ownerUrl))) embedded = await startEmbeddedDatabase({ dataDir, port });
  return {
    ownerUrl: urls.ownerUrl,
    appUrl: urls.appUrl,
    where: `the embedded database in ${path.join(dataDir, "postgres")}`,
    close: async () => {
      await embedded?.stop();
    },
  };
}
