import "server-only";
import { plainContext, type AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { appSecret } from "@/lib/config/app-config";
import { hmacSha256Hex } from "@/lib/crypto/hashing";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { consumeRateLimit, type RateLimitRule } from "@/lib/rate-limit/consume-rate-limit";
import type { SignInRequest } from "./sign-in-request-input";
import type { SendSignInLinkJob } from "./send-sign-in-link";

// Counted in PostgreSQL, so every instance shares them. Per address: a mailbox cannot be flooded
// with links. Per client: one client cannot walk a list of addresses.
export const SIGN_IN_PER_ADDRESS: RateLimitRule = { name: "sign-in:address", limit: 5, windowSeconds: 15 * 60 };
export const SIGN_IN_PER_CLIENT: RateLimitRule = { name: "sign-in:client", limit: 20, windowSeconds: 15 * 60 };

/**
 * The per-address throttle's bucket: a keyed hash, so the table is no list of addresses someone
 * tried, and a copy of it cannot be checked against a list of likely staff addresses either.
 */
export function addressThrottleKey(email: string): string {
  return hmacSha256Hex(appSecret(), `sign-in throttle ${email}`);
}

export type SignInRequestOutcome = { queued: true } | { queued: false; retryAfterSeconds: number };

/**
 * What a sign-in request does, for any address: count it against both throttles and, within
 * them, queue one background job. Whether the address is staff is not looked at here (the job
 * decides), so a known and an unknown address cost the request the same work and get the same answer.
 */
export async function requestSignInLink(
  context: AuditContext,
  { email, callbackUrl }: SignInRequest,
): Promise<SignInRequestOutcome> {
  const [perAddress, perClient] = await Promise.all([
    consumeRateLimit(SIGN_IN_PER_ADDRESS, addressThrottleKey(email)),
    consumeRateLimit(SIGN_IN_PER_CLIENT, context.ip ?? "unknown"),
  ]);
  if (!perAddress.allowed || !perClient.allowed) {
    const waits = [perAddress, perClient]
      .filter((verdict) => !verdict.allowed)
      .map((verdict) => verdict.retryAfterSeconds);
    return { queued: false, retryAfterSeconds: Math.max(...waits) };
  }
  const job: SendSignInLinkJob = { email, callbackUrl, context: plainContext(context) };
  await db.$transaction((tx) => enqueueJob(tx, "send_sign_in_link", job));
  return { queued: true };
}
