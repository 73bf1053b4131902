import "server-only";
import { AppError } from "@/lib/errors/app-error";
import { checkRateLimit, consumeRateLimit, type RateLimitRule } from "@/lib/rate-limit/consume-rate-limit";

// A client that keeps failing (presenting unknown signing links, knocking on staff pages while
// signed out) is probing; after a few failures it is slowed down. Only failures count, so a client
// using valid links never spends its allowance. Kept in PostgreSQL: every instance sees one count.
const FAILURES: RateLimitRule = { name: "failures", limit: 20, windowSeconds: 10 * 60 };

/** Refuses (RATE_LIMITED, with Retry-After) a key that failed too often in this window. Counts nothing. */
export async function assertNotRateLimited(key: string, now = new Date()): Promise<void> {
  const verdict = await checkRateLimit(FAILURES, key, now);
  if (verdict.allowed) return;
  const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
  const wait = `${minutes} minute${minutes === 1 ? "" : "s"}`;
  throw new AppError("RATE_LIMITED", {
    userMessage: `Too many failed attempts from your address. Please try again in ${wait}.`,
    retryAfterSeconds: verdict.retryAfterSeconds,
  });
}

/** Counts one failure against the key. */
export async function recordFailure(key: string, now = new Date()): Promise<void> {
  await consumeRateLimit(FAILURES, key, now);
}
