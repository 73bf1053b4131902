import { describe, expect, it } from "vitest";
import { isAppError, type AppError } from "@/lib/errors/app-error";
import { assertNotRateLimited, recordFailure } from "./failure-rate-limit";

async function refusalOf(key: string, now: Date): Promise<AppError | null> {
  return assertNotRateLimited(key, now).then(
    () => null,
    (error: unknown) => (isAppError(error, "RATE_LIMITED") ? error : Promise.reject(error)),
  );
}

describe("throttling clients that keep failing", () => {
  it("refuses a key after 20 failures in ten minutes, says when to come back, and forgives it later", async () => {
    const start = new Date("2026-11-30T10:00:00Z");
    for (let i = 0; i < 20; i++) {
      expect(await refusalOf("203.0.113.50", new Date(start.getTime() + i))).toBeNull();
      await recordFailure("203.0.113.50", new Date(start.getTime() + i));
    }
    const refused = await refusalOf("203.0.113.50", new Date("2026-11-30T10:01:00Z"));
    expect(refused?.status).toBe(429);
    // The 20 count in full until the window ends, then fade: 19 by a twentieth of the next window.
    expect(refused?.retryAfterSeconds).toBe(9 * 60 + 30);
    expect(refused?.userMessage).toBe("Too many failed attempts from your address. Please try again in 10 minutes.");
    expect(await refusalOf("203.0.113.51", new Date("2026-11-30T10:01:00Z"))).toBeNull();
    expect(await refusalOf("203.0.113.50", new Date("2026-11-30T10:10:00Z"))).not.toBeNull();
    expect(await refusalOf("203.0.113.50", new Date("2026-11-30T10:10:29Z"))).not.toBeNull();
    expect(await refusalOf("203.0.113.50", new Date("2026-11-30T10:10:30Z"))).toBeNull();
  });

  it("checking spends nothing: a client that never fails is never refused", async () => {
    const now = new Date("2026-11-30T12:00:00Z");
    for (let i = 0; i < 30; i++) expect(await refusalOf("203.0.113.60", now)).toBeNull();
  });
});
