import "server-only";
import { readNumberSetting } from "@/lib/config/read-number-setting";
import { AppError } from "@/lib/errors/app-error";
import { consumeRateLimit, type RateLimitRule } from "@/lib/rate-limit/consume-rate-limit";

/**
 * /verify is public and hashes and parses up to 10 MB per request, so each client address gets an
 * allowance (VERIFY_RATE_LIMIT checks per VERIFY_RATE_WINDOW_SECONDS; default 30 per 10 minutes),
 * counted in PostgreSQL so that every instance shares it. A person checking a few PDFs never meets it.
 */
export function verifyRule(): RateLimitRule {
  return {
    name: "verify:address",
    limit: readNumberSetting(process.env, "VERIFY_RATE_LIMIT", {
      fallback: 30,
      min: 1,
      max: 1_000_000,
      whole: true,
      unit: "checks per window",
    }),
    windowSeconds: readNumberSetting(process.env, "VERIFY_RATE_WINDOW_SECONDS", {
      fallback: 600,
      min: 1,
      max: 604_800,
      whole: true,
      unit: "seconds",
    }),
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
