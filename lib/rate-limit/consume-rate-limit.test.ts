import { describe, expect, it } from "vitest";
import { checkRateLimit, consumeRateLimit, pruneRateLimits } from "./consume-rate-limit";

const rule = { name: "test", limit: 3, windowSeconds: 60 };

describe("consumeRateLimit", () => {
  it("allows up to the limit in a window, then refuses with the time left", async () => {
    const now = new Date("2026-11-30T10:00:10Z");
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await consumeRateLimit(rule, "client-a", now));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
    // Four in this window: the next is allowed once they weigh two, halfway through the next one.
    expect(verdicts[3].retryAfterSeconds).toBe(50 + 30);
    expect((await consumeRateLimit(rule, "client-b", now)).allowed).toBe(true);
  });

  it("counts concurrent attempts exactly once each", async () => {
    const now = new Date("2026-11-30T11:00:00Z");
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => consumeRateLimit(rule, "burst", now)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(3);
    expect(verdicts.map((v) => v.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("does not start afresh at a window's edge: a burst across it counts in full", async () => {
    const edge = new Date("2026-11-28T09:00:00Z").getTime();
    expect((await consumeRateLimit(rule, "edge", new Date(edge - 400))).allowed).toBe(true);
    expect((await consumeRateLimit(rule, "edge", new Date(edge - 200))).allowed).toBe(true);
    expect((await consumeRateLimit(rule, "edge", new Date(edge + 200))).allowed).toBe(true);
    const fourth = await consumeRateLimit(rule, "edge", new Date(edge + 400));
    expect(fourth).toMatchObject({ allowed: false, count: 4 });
    expect((await checkRateLimit(rule, "edge", new Date(edge + 500))).allowed).toBe(false);
  });

  it("lets the last window's attempts fade as the window slides past them", async () => {
    const first = new Date("2026-11-28T10:00:00Z").getTime();
    for (let i = 0; i < 4; i++) await consumeRateLimit(rule, "fading", new Date(first));
    // A minute on, all four are still within the last minute; 30 s later they weigh two.
    expect(await checkRateLimit(rule, "fading", new Date(first + 60_000))).toMatchObject({ allowed: false, count: 4 });
    expect(await checkRateLimit(rule, "fading", new Date(first + 89_000))).toMatchObject({ allowed: false, count: 3 });
    expect(await checkRateLimit(rule, "fading", new Date(first + 90_000))).toMatchObject({ allowed: true, count: 2 });
    expect((await consumeRateLimit(rule, "fading", new Date(first + 90_000))).allowed).toBe(true);
    expect((await consumeRateLimit(rule, "fading", new Date(first + 90_000))).allowed).toBe(false);
  });

  it("says in Retry-After the first second at which one more attempt is allowed", async () => {
    const start = new Date("2026-11-29T10:00:00Z").getTime();
    // Attempts at uneven times over three windows; after each, the wait it announces is checked.
    const offsets = [5_000, 6_000, 7_000, 8_000, 58_000, 61_000, 62_500, 70_000, 95_000, 121_000, 122_000, 123_000];
    for (const offset of offsets) {
      const verdict = await consumeRateLimit(rule, "announced", new Date(start + offset));
      if (verdict.allowed) continue;
      const at = (seconds: number) => new Date(start + offset + seconds * 1000);
      expect((await checkRateLimit(rule, "announced", at(verdict.retryAfterSeconds))).allowed).toBe(true);
      expect((await checkRateLimit(rule, "announced", at(verdict.retryAfterSeconds - 1))).allowed).toBe(false);
    }
  });

  it("prunes windows that ended over a day ago", async () => {
    await consumeRateLimit(rule, "old", new Date("2026-11-28T09:00:00Z"));
    await consumeRateLimit(rule, "old", new Date("2026-11-28T09:01:00Z"));
    expect(await pruneRateLimits(new Date("2026-11-30T12:00:00Z"))).toBeGreaterThanOrEqual(2);
  });

  it("checks without counting: a check never spends the allowance, and refuses once the limit is spent", async () => {
    const now = new Date("2026-11-30T13:00:20Z");
    for (let i = 0; i < 5; i++) {
      expect(await checkRateLimit(rule, "checked", now)).toEqual({ allowed: true, count: 0, retryAfterSeconds: 40 });
    }
    for (let i = 0; i < 3; i++) await consumeRateLimit(rule, "checked", now);
    // Three in this window: room for one more once they weigh two, a third of the way into the next.
    expect(await checkRateLimit(rule, "checked", now)).toEqual({ allowed: false, count: 3, retryAfterSeconds: 60 });
    expect((await checkRateLimit(rule, "checked", new Date("2026-11-30T13:01:19Z"))).allowed).toBe(false);
    expect((await checkRateLimit(rule, "checked", new Date("2026-11-30T13:01:20Z"))).allowed).toBe(true);
  });
});
