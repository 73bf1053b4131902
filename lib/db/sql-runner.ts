import "server-only";
import type pg from "pg";
import type { Tx } from "./client";
import { pgPool, preparedStatement } from "./pg-pool";

/**
 * Runs one statement (fixed text, every value a parameter) and gives its rows. Batched writers
 * (lib/proceedings/issue-rows.ts) take one, so the same statements run inside a Prisma
 * transaction (an API batch, beside Prisma's own writes) or on a plain pg connection (a volume's
 * import, chunk after chunk), where Prisma's query compiler would copy each chunk's megabyte of
 * JSON parameters several times on its way to the database.
 */
export type SqlRunner = <Row = Record<string, unknown>>(text: string, values: unknown[]) => Promise<Row[]>;

/**
 * A Prisma transaction as a SqlRunner. "Unsafe" is Prisma's name for a text it did not build: the
 * texts here are the writers' constant statements, and every value travels as a bound parameter.
 */
export function prismaRunner(tx: Tx): SqlRunner {
  return <Row>(text: string, values: unknown[]) => tx.$queryRawUnsafe<Row[]>(text, ...values);
}

/** A plain pg connection as a SqlRunner; each text is prepared once per connection and then run by name. */
export function pgRunner(client: pg.ClientBase): SqlRunner {
  return async <Row>(text: string, values: unknown[]) =>
    (await client.query(preparedStatement(text, values))).rows as Row[];
}

/**
 * Runs `work` in one transaction on a connection of the shared pg pool: all of it is committed, or
 * none of it. A connection whose ROLLBACK failed (the database went away) is discarded, not reused.
 */
export async function inPoolTransaction<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T> {
  const client = await pgPool().connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(pgRunner(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}
