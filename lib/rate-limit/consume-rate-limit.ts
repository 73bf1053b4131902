import "server-only";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";

export type RateLimitRule = {
  /** What is counted, e.g. "sign-in:address"; combined with the key so rules never share a bucket. */
  name: string;
  limit: number;
  windowSeconds: number;
};

/**
 * `count`: the attempts the rule sees now (the sliding estimate, see rateLimitWindow).
 * `retryAfterSeconds`: refused, how long until one more attempt is within the allowance; allowed,
 * how long until the current window ends.
 */
export type RateLimitVerdict = { allowed: boolean; count: number; retryAfterSeconds: number };

/**
 * Counts one attempt against `rule` for `key` and says whether it is still within the allowance.
 * The counter lives in PostgreSQL (one statement: the upsert of this window's bucket and the read
 * of the last one's), so every instance shares it; plain pg rather than Prisma because the front
 * door (lib/http/edge) uses it too. Refused attempts count as well: a client that keeps trying
 * past the limit keeps itself refused.
 */
export async function consumeRateLimit(rule: RateLimitRule, key: string, now = new Date()): Promise<RateLimitVerdict> {
  const window = rateLimitWindow(rule, now);
  const { rows } = await pgPool().query<{ count: number; previous: number | null }>(
    preparedStatement(
      `WITH spent AS (
         INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES ($1, $2, 1)
         ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + 1
         RETURNING "count")
       SELECT (SELECT "count" FROM spent) AS "count",
         (SELECT "count" FROM "RateLimitBucket" WHERE "key" = $1 AND "windowStart" = $3) AS "previous"`,
      [window.bucketKey(key), window.windowStart, window.previousWindowStart],
    ),
  );
  return window.verdictAfter(rows[0].count, rows[0].previous ?? 0);
}

/**
 * The window of `rule` at `now`: a key's bucket in it and in the window before, and the verdict
 * once those hold `current` and `previous` attempts (attempts counted, this one included). For
 * callers that spend the allowance inside a statement of their own (the API's token check counts
 * the call in the same round trip), so that the arithmetic stays here.
 *
 * A sliding window, estimated from two fixed ones as the large rate limiters do (Cloudflare's
 * "sliding window counter"): the attempts of the current window plus those of the previous one
 * weighted by how much of it the last `windowSeconds` still cover. Fixed windows alone let twice
 * the limit through around a window's edge (the limit just before it, the limit again just after),
 * and a client that failed 20 times across the edge started afresh. The weighted count is rounded
 * up, so a burst straddling the edge counts in full.
 */
export function rateLimitWindow(rule: RateLimitRule, now = new Date()) {
  const windowMs = rule.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const elapsedMs = now.getTime() - start;
  const estimate = (current: number, previous: number) =>
    current + Math.ceil((previous * (windowMs - elapsedMs)) / windowMs);
  return {
    bucketKey: (key: string) => `${rule.name}:${key}`,
    windowStart: new Date(start),
    previousWindowStart: new Date(start - windowMs),
    /** After spending: allowed while the attempts, this one included, are within the limit. */
    verdictAfter: (current: number, previous: number): RateLimitVerdict =>
      verdict(estimate(current, previous) <= rule.limit, current, previous),
    /** Before an attempt, spending nothing: allowed while one more is within the limit. */
    verdictBefore: (current: number, previous: number): RateLimitVerdict =>
      verdict(estimate(current, previous) < rule.limit, current, previous),
  };

  function verdict(allowed: boolean, current: number, previous: number): RateLimitVerdict {
    const untilEnd = windowMs - elapsedMs;
    const waitMs = allowed ? untilEnd : msUntilRoomForOne(current, previous);
    return { allowed, count: estimate(current, previous), retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  // How long until current + ⌈previous × the share of it still covered⌉ ≤ limit − 1, i.e. until one
  // more attempt is allowed: within this window while the previous one's weight fades, or in the
  // next, where this window's attempts are the fading ones.
  function msUntilRoomForOne(current: number, previous: number): number {
    const room = rule.limit - 1 - current;
    if (room >= 0) return previous === 0 ? 0 : Math.max(0, (1 - room / previous) * windowMs - elapsedMs);
    return windowMs - elapsedMs + (1 - (rule.limit - 1) / current) * windowMs;
  }
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
  const window = rateLimitWindow(rule, now);
  const { rows } = await pgPool().query<{ current: number; previous: number }>(
    preparedStatement(
      `SELECT COALESCE(max("count") FILTER (WHERE "windowStart" = $2), 0) AS "current",
         COALESCE(max("count") FILTER (WHERE "windowStart" = $3), 0) AS "previous"
       FROM "RateLimitBucket" WHERE "key" = $1 AND "windowStart" IN ($2, $3)`,
      [window.bucketKey(key), window.windowStart, window.previousWindowStart],
    ),
  );
  return window.verdictBefore(rows[0].current, rows[0].previous);
}
