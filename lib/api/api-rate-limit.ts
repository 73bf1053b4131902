import "server-only";
import { readNumberSetting } from "@/lib/config/read-number-setting";
import { AppError } from "@/lib/errors/app-error";
import type { RateLimitRule, RateLimitVerdict } from "@/lib/rate-limit/consume-rate-limit";

const DEFAULT_PER_MINUTE = 1200;

/** Calls per token per minute (API_RATE_LIMIT_PER_MINUTE, default 1200); read per call so tests can lower it. */
export function apiRateLimitRule(): RateLimitRule {
  const limit = readNumberSetting(process.env, "API_RATE_LIMIT_PER_MINUTE", {
    fallback: DEFAULT_PER_MINUTE,
    min: 1,
    max: 1_000_000,
    whole: true,
    unit: "calls per token per minute",
  });
  return { name: "api-calls", limit, windowSeconds: 60 };
}

/**
 * What a call's count against the token's allowance means for the answer (the call is counted in
 * PostgreSQL, shared by every instance, by authenticateApiToken's statement): the RateLimit headers
 * every answer carries (the IETF draft's RateLimit-Limit/-Remaining/-Reset) and, past the limit,
 * the refusal to answer with: RATE_LIMITED (429) with Retry-After.
 */
export function apiAllowance(
  rule: RateLimitRule,
  verdict: RateLimitVerdict,
): { headers: Record<string, string>; refusal: AppError | null } {
  const headers = {
    "RateLimit-Limit": String(rule.limit),
    "RateLimit-Remaining": String(Math.max(0, rule.limit - verdict.count)),
    "RateLimit-Reset": String(verdict.retryAfterSeconds),
  };
  if (verdict.allowed) return { headers, refusal: null };
  const refusal = new AppError("RATE_LIMITED", {
    userMessage: `This API token made more than ${rule.limit} calls in the last minute. Try again in ${verdict.retryAfterSeconds} s.`,
    retryAfterSeconds: verdict.retryAfterSeconds,
  });
  return { headers, refusal };
}
