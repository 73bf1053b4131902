import "server-only";
import pg from "pg";

const holder = globalThis as unknown as { imprimaturPgPool?: pg.Pool };

/**
 * A small plain pg pool for proxy.ts: the proxy is bundled apart from the app, and a second
 * Prisma client there would cost the server tens of megabytes for one lookup.
 */
export function pgPool(): pg.Pool {
  holder.imprimaturPgPool ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
  return holder.imprimaturPgPool;
}
