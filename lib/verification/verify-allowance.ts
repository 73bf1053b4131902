import "server-only";
import { AppError } from "@/lib/errors/app-error";
import { consumeRateLimit, type RateLimitRule } from "@/lib/rate-limit/consume-rate-limit";

/**
 * /verify is public and hashes and parses up to 10 MB per request, so each client address gets an
 * allowance (VERIFY_RATE_LIMIT checks per VERIFY_RATE_WINDOW_SECONDS; default 30 per 10 minutes),
 * counted in PostgreSQL so that every instance shares it. A person checking a few PDFs never meets it.
 */
export function verifyRule(): RateLimitRule {
  const limit = Number(process.env.VERIFY_RATE_LIMIT ?? 30);
  const windowSeconds = Number(process.env.VERIFY_RATE_WINDOW_SECONDS ?? 600);
  return {
    name: "verify:address",
    limit: Number.isInteger(limit) && limit > 0 ? limit : 30,
    windowSeconds: Number.isInteger(windowSeconds) && windowSeconds > 0 ? windowSeconds : 600,
  };
}

/** Counts one check for the address; past the allowance, RATE_LIMITED says when to come back. */
export async function consumeVerifyAllowance(ip: string | null): Promise<void> {
  const rule = verifyRule();
  // Requests without a usable address share one allowance rather than escaping the limit.
  const verdict = await consumeRateLimit(rule, ip ?? "unknown");
  if (verdict.allowed) return;
  const { retryAfterSeconds } = verdict;
  const wait = retryAfterSeconds < 90 ? `${retryAfterSeconds} seconds` : `${Math.ceil(retryAfterSeconds / 60)} minutes`;
  throw new AppError("RATE_LIMITED", {
    retryAfterSeconds,
    userMessage:
      `Too many documents checked from your network: up to ${rule.limit} every ` +
      `${Math.round(rule.windowSeconds / 60)} minutes. Please try again in ${wait}.`,
  });
}
