import pg from "pg";

// What this process knows about its database: whether it is away, and the one loop that watches
// for its return. On globalThis because the front door (scripts/web-server.ts, bundled apart) and
// the app's server code (describeError) are separate copies of this module in one process.
type Outage = { down: boolean; watching: Promise<void> | undefined };
const holder = globalThis as unknown as { imprimaturDatabaseOutage?: Outage };
const outage = (): Outage => (holder.imprimaturDatabaseOutage ??= { down: false, watching: undefined });

const PROBE_EVERY_MS = 500;

/** Whether the last look found the database unreachable (and it has not answered since). */
export function isDatabaseDown(): boolean {
  return outage().down;
}

/**
 * Something failed for want of a database: look whether it answers, and if not, mark it down and
 * keep looking every half second until it does. Every later caller shares the one loop.
 */
export function noteDatabaseUnavailable(): Promise<void> {
  const state = outage();
  state.watching ??= watchUntilBack(state).finally(() => {
    state.watching = undefined;
  });
  return state.watching;
}

/** Probes once now; true when the database answered. A failed probe starts the watch. */
export async function databaseAnswers(): Promise<boolean> {
  if (await probe()) return true;
  outage().down = true;
  void noteDatabaseUnavailable();
  return false;
}

async function watchUntilBack(state: Outage) {
  while (!(await probe())) {
    state.down = true;
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS).unref());
  }
  state.down = false;
}

async function probe(): Promise<boolean> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) return false;
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
