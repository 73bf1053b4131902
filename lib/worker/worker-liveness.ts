import "server-only";
import pg from "pg";

// graphile-worker records which worker pool holds a job (locked_by) but not whether that pool is
// still alive: a killed process's jobs stay locked for 4 hours. Each pool therefore holds a
// PostgreSQL advisory lock on its id through a connection of its own. PostgreSQL drops the lock
// the moment that connection dies with the process, so "locked by a pool nobody holds the lock
// of" means "locked by a dead worker", at once and on any number of machines.
const LOCK_CLASS = 720_514;
// A pool takes its lock a few milliseconds after it starts; a job younger than this is left alone.
const GRACE_SECONDS = 5;
const RECONNECT_MS = 1000;

export type WorkerLiveness = {
  /** Holds the lock for this pool id for as long as the process lives. */
  announce: (poolId: string) => void;
  /** Unlocks every job held by a pool that is no longer alive; returns those pools' ids. */
  releaseJobsOfDeadWorkers: () => Promise<string[]>;
  close: () => Promise<void>;
};

export async function holdWorkerLiveness(connectionString: string): Promise<WorkerLiveness> {
  const pools = new Set<string>();
  let client: pg.Client | undefined;
  let closed = false;

  const lock = (target: pg.Client, poolId: string) =>
    target.query("SELECT pg_advisory_lock($1, hashtext($2))", [LOCK_CLASS, poolId]);

  // A connection runs one query at a time. The pools announce themselves at the same moment, and
  // the look for dead workers comes every few seconds: each waits for the one before, rather than
  // being queued inside pg, which pg 8 warns about (a DeprecationWarning in the log) and pg 9 refuses.
  let previous: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const turn = previous.then(work, work);
    previous = turn.catch(() => undefined);
    return turn;
  };

  // After the database restarts every lock is gone: connect again and take them all again.
  async function connect(): Promise<void> {
    for (let attempt = 0; !closed; attempt++) {
      const next = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
      next.on("error", () => undefined);
      try {
        await next.connect();
        for (const poolId of pools) await lock(next, poolId);
        next.once("end", () => {
          if (client === next) client = undefined;
          if (!closed) void connect();
        });
        client = next;
        return;
      } catch (error) {
        // Said once, then every minute: the worker is waiting, not dead.
        if (attempt % 60 === 0)
          console.error(`[jobs] waiting for the database to hold this worker's lock: ${String(error)}`);
        await next.end().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS).unref());
      }
    }
  }
  await connect();

  return {
    announce(poolId) {
      pools.add(poolId);
      // Sent at once on the open connection: ahead of the pool's first fetch on a fresh one.
      const target = client;
      if (target) inTurn(() => lock(target, poolId)).catch(() => undefined);
    },
    releaseJobsOfDeadWorkers: () => inTurn(releaseJobsOfDeadWorkers),
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };

  async function releaseJobsOfDeadWorkers(): Promise<string[]> {
    if (!client) return [];
    const { rows } = await client.query<{ locked_by: string }>(
      `SELECT DISTINCT j.locked_by FROM graphile_worker.jobs j
       WHERE j.locked_by IS NOT NULL AND j.locked_at < now() - make_interval(secs => $2)
         AND NOT EXISTS (
           SELECT 1 FROM pg_locks l
           WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND l.classid = $1::int4::oid AND l.objid = hashtext(j.locked_by)::oid)`,
      [LOCK_CLASS, GRACE_SECONDS],
    );
    const dead = rows.map((row) => row.locked_by);
    if (dead.length > 0) await client.query("SELECT graphile_worker.force_unlock_workers($1::text[])", [dead]);
    return dead;
  }
}
