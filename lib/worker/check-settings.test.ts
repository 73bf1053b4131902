import { afterEach, describe, expect, it, vi } from "vitest";
import { checkSettings } from "./check-settings";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("checkSettings at an instance's start", () => {
  it("passes the defaults and settings that are what they must be", () => {
    vi.stubEnv("SMTP_MAX_PER_SECOND", "0.5");
    vi.stubEnv("STAFF_SESSION_MAX_HOURS", "8");
    vi.stubEnv("SIGNING_LINK_DAYS", "60");
    expect(() => checkSettings()).not.toThrow();
  });

  // Each was read only when first used, with a silent default or none: "thirty" checks at /verify
  // meant 30, "0" API calls a minute meant 1,200, "2h" of a session meant 12 hours, "two" emails a
  // second meant no limit.
  it("names every setting that is not what it must be, each with what it must be and what it was", () => {
    vi.stubEnv("VERIFY_RATE_LIMIT", "thirty");
    vi.stubEnv("API_RATE_LIMIT_PER_MINUTE", "0");
    vi.stubEnv("STAFF_SESSION_MAX_HOURS", "2h");
    vi.stubEnv("SMTP_MAX_PER_SECOND", "two");
    vi.stubEnv("EMAIL_CONCURRENCY", "sixty");
    vi.stubEnv("SIGNING_LINK_DAYS", "400");
    let message = "";
    try {
      checkSettings();
    } catch (error) {
      message = (error as Error).message;
    }
    for (const part of [
      'EMAIL_CONCURRENCY must be a whole number from 1 to 1,000 (emails at once); got "sixty".',
      'SMTP_MAX_PER_SECOND must be a number from 0 to 100,000 (emails per second across all workers; 0: no limit); got "two".',
      'SIGNING_LINK_DAYS must be a whole number from 1 to 365 (days); got "400".',
      'STAFF_SESSION_MAX_HOURS must be a number from 0.1 to 720 (hours); got "2h".',
      'VERIFY_RATE_LIMIT must be a whole number from 1 to 1,000,000 (checks per window); got "thirty".',
      'API_RATE_LIMIT_PER_MINUTE must be a whole number from 1 to 1,000,000 (calls per token per minute); got "0".',
    ])
      expect(message).toContain(part);
    expect(message).toMatch(/Fix these settings and start again\.$/);
  });
});
