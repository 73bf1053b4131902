import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors/app-error";
import { assertNotRateLimited, recordFailure } from "./failure-rate-limit";

describe("throttling clients that probe signing links", () => {
  it("refuses an address after 20 unknown links in ten minutes, and forgives it later", () => {
    const start = 1_000_000;
    for (let i = 0; i < 20; i++) {
      assertNotRateLimited("203.0.113.50", start + i);
      recordFailure("203.0.113.50", start + i);
    }
    let refused: unknown;
    try {
      assertNotRateLimited("203.0.113.50", start + 100);
    } catch (error) {
      refused = error;
    }
    expect(isAppError(refused, "RATE_LIMITED")).toBe(true);
    expect(() => assertNotRateLimited("203.0.113.51", start + 100)).not.toThrow();
    expect(() => assertNotRateLimited("203.0.113.50", start + 11 * 60 * 1000)).not.toThrow();
  });
});
