import "server-only";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";

export type RateLimitRule = {
  /** What is counted, e.g. "sign-in:address"; combined with the key so rules never share a bucket. */
  name: string;
  limit: number;
  windowSeconds: number;
};

export type RateLimitVerdict = { allowed: boolean; count: number; retryAfterSeconds: number };

/**
 * Counts one attempt against `rule` for `key` and says whether it is still within the allowance.
 * The counter lives in PostgreSQL (one upsert), so every instance shares it; plain pg rather than
 * Prisma because the front door (lib/http/edge) uses it too. Fixed windows: a burst at a window's edge may see up to
 * twice the limit, which is fine for throttles whose job is to make floods and guessing useless.
 */
export async function consumeRateLimit(rule: RateLimitRule, key: string, now = new Date()): Promise<RateLimitVerdict> {
  const window = rateLimitWindow(rule, now);
  const { rows } = await pgPool().query<{ count: number }>(
    preparedStatement(
      `INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES ($1, $2, 1)
     ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + 1
     RETURNING "count"`,
      [window.bucketKey(key), window.windowStart],
    ),
  );
  return window.verdictAfter(rows[0].count);
}

/**
 * The window of `rule` at `now`: a key's bucket in it, and the verdict once the bucket holds `count`
 * attempts. For callers that spend the allowance inside a statement of their own (the API's token
 * check counts the call in the same round trip), so that the window arithmetic stays here.
 */
export function rateLimitWindow(rule: RateLimitRule, now = new Date()) {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  return {
    bucketKey: (key: string) => `${rule.name}:${key}`,
    windowStart,
    verdictAfter: (count: number): RateLimitVerdict => ({ allowed: count <= rule.limit, count, retryAfterSeconds }),
  };
}

/** Forgets windows that ended more than a day ago; run from a periodic job. */
export async function pruneRateLimits(now = new Date()): Promise<number> {
  const { rowCount } = await pgPool().query(`DELETE FROM "RateLimitBucket" WHERE "windowStart" < $1`, [
    new Date(now.getTime() - 24 * 3600 * 1000),
  ]);
  return rowCount ?? 0;
}

/**
 * How `rule` stands for `key` without counting anything, for throttles that count only failures:
 * check before the attempt, then consumeRateLimit once it has failed. `allowed` says whether one
 * more attempt is still within the allowance.
 */
export async function checkRateLimit(rule: RateLimitRule, key: string, now = new Date()): Promise<RateLimitVerdict> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const { rows } = await pgPool().query<{ count: number }>(
    preparedStatement(`SELECT "count" FROM "RateLimitBucket" WHERE "key" = $1 AND "windowStart" = $2`, [
      `${rule.name}:${key}`,
      windowStart,
    ]),
  );
  const count = rows[0]?.count ?? 0;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  return { allowed: count < rule.limit, count, retryAfterSeconds };
}
