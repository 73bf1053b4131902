import "server-only";
import pg from "pg";

const holder = globalThis as unknown as { imprimaturPgPool?: pg.Pool };

/**
 * A small plain pg pool for the hot paths that are one short statement — the proxy's link lookup
 * (bundled apart from the app, where a second Prisma client would cost tens of megabytes), the
 * signing page, the shared throttles, the email outbox's batched read — where Prisma's query
 * compiler would cost more than the query.
 */
export function pgPool(): pg.Pool {
  if (!holder.imprimaturPgPool) {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
    // An idle connection the database drops (a restart, a failover) is reported here; unheard, the
    // event would end the whole process. The pool discards that connection and opens a new one.
    pool.on("error", (error) => console.warn(`[db] an idle connection was closed: ${error.message}`));
    holder.imprimaturPgPool = pool;
  }
  return holder.imprimaturPgPool;
}
