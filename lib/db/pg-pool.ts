import "server-only";
import { createHash } from "node:crypto";
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
    // Four: a volume's import holds two (a chunk writing while the one before commits) and reads
    // its next rows on a third, which leaves one for the signing page and the outbox meanwhile.
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
    // An idle connection the database drops (a restart, a failover) is reported here; unheard, the
    // event would end the whole process. The pool discards that connection and opens a new one.
    pool.on("error", (error) => console.warn(`[db] an idle connection was closed: ${error.message}`));
    holder.imprimaturPgPool = pool;
  }
  return holder.imprimaturPgPool;
}

const PREPARED_TEXTS_KEPT = 100;
const preparedNames = new Map<string, string>();
let warnedOfTooManyTexts = false;

/**
 * A hot statement that each connection prepares once (parse, analysis and, after a few runs, the
 * plan) and then runs by name, as a QueryConfig for pgPool().query. Unnamed, PostgreSQL parses and
 * plans the statement on every call: for the API token check's statement that was ~0.5 ms of the
 * database's CPU per call against ~0.1 ms for running it.
 * Only for statements whose text is fixed, every value a parameter: each connection keeps every
 * distinct text for its life, so past PREPARED_TEXTS_KEPT texts (a text built with its values, a
 * bug) statements run unnamed again. Never with `SELECT *` of a table: a column added while the
 * server runs (a rolling deploy) would make PostgreSQL refuse the prepared statement ("cached plan
 * must not change result type"). Behind PgBouncer in transaction mode this needs its
 * max_prepared_statements (1.21+), as any client's prepared statements do.
 */
export function preparedStatement(text: string, values: unknown[]): pg.QueryConfig {
  let name = preparedNames.get(text);
  if (!name && preparedNames.size < PREPARED_TEXTS_KEPT) {
    name = `imprimatur_${createHash("sha256").update(text).digest("base64url").slice(0, 24)}`;
    preparedNames.set(text, name);
  } else if (!name && !warnedOfTooManyTexts) {
    warnedOfTooManyTexts = true;
    console.warn(
      `[db] more than ${PREPARED_TEXTS_KEPT} distinct statements were prepared: one is built with its values in its text; the rest run unprepared.`,
    );
  }
  return name ? { name, text, values } : { text, values };
}
