import "server-only";
import { isAppError } from "@/lib/errors/app-error";
import { assertNotRateLimited, recordFailure } from "@/lib/http/failure-rate-limit";

/** Runs an operation on a signing link, counting unknown links against the requester's IP. */
export async function guardedLinkLookup<T>(ip: string | null, operation: () => Promise<T>): Promise<T> {
  assertNotRateLimited(ip);
  try {
    return await operation();
  } catch (error) {
    if (isAppError(error, "LINK_UNKNOWN")) recordFailure(ip);
    throw error;
  }
}
