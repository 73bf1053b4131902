import { describe, expect, it } from "vitest";
import { checkRateLimit, consumeRateLimit, pruneRateLimits } from "./consume-rate-limit";

const rule = { name: "test", limit: 3, windowSeconds: 60 };

describe("consumeRateLimit", () => {
  it("allows up to the limit in a window, then refuses with the time left", async () => {
    const now = new Date("2026-11-30T10:00:10Z");
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await consumeRateLimit(rule, "client-a", now));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
    expect(verdicts[3].retryAfterSeconds).toBe(50);
    expect((await consumeRateLimit(rule, "client-b", now)).allowed).toBe(true);
  });

  it("counts concurrent attempts exactly once each", async () => {
    const now = new Date("2026-11-30T11:00:00Z");
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => consumeRateLimit(rule, "burst", now)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(3);
    expect(verdicts.map((v) => v.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("starts again in the next window and prunes old windows", async () => {
    const first = new Date("2026-11-28T09:00:00Z");
    for (let i = 0; i < 4; i++) await consumeRateLimit(rule, "later", first);
    expect((await consumeRateLimit(rule, "later", new Date(first.getTime() + 60_000))).allowed).toBe(true);
    expect(await pruneRateLimits(new Date("2026-11-30T12:00:00Z"))).toBeGreaterThanOrEqual(2);
  });

  it("checks without counting: a check never spends the allowance, and refuses once the limit is spent", async () => {
    const now = new Date("2026-11-30T13:00:20Z");
    for (let i = 0; i < 5; i++) {
      expect(await checkRateLimit(rule, "checked", now)).toEqual({ allowed: true, count: 0, retryAfterSeconds: 40 });
    }
    for (let i = 0; i < 3; i++) await consumeRateLimit(rule, "checked", now);
    expect(await checkRateLimit(rule, "checked", now)).toEqual({ allowed: false, count: 3, retryAfterSeconds: 40 });
    expect((await checkRateLimit(rule, "checked", new Date("2026-11-30T13:01:00Z"))).allowed).toBe(true);
  });
});
