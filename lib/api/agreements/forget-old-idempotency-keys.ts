import "server-only";
import { pgPool } from "@/lib/db/pg-pool";
import { IDEMPOTENCY_KEY_DAYS } from "./agreement-schemas";

/** Forgets the keys (and the answers stored with them) older than IDEMPOTENCY_KEY_DAYS; run hourly. */
export async function forgetOldIdempotencyKeys(now = new Date()): Promise<number> {
  const { rowCount } = await pgPool().query(`DELETE FROM "ApiIdempotencyKey" WHERE "createdAt" < $1`, [
    new Date(now.getTime() - IDEMPOTENCY_KEY_DAYS * 86_400_000),
  ]);
  return rowCount ?? 0;
}
