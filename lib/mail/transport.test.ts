import { afterEach, describe, expect, it } from "vitest";
import { reservePacingSlot } from "@/lib/rate-limit/reserve-pacing-slot";
import { throttledSend } from "./transport";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  delete process.env.SMTP_MAX_PER_SECOND;
});

describe("throttledSend", () => {
  it("lets at most SMTP_MAX_PER_SECOND sends start in any second, across a second's edge too", async () => {
    process.env.SMTP_MAX_PER_SECOND = "2";
    // Start in the middle of a second: one counter per clock second let two sends through now and
    // two more at the next second's start, four within half a second, which the relay refuses.
    await pause(1500 - (Date.now() % 1000));
    const started: number[] = [];
    await Promise.all(Array.from({ length: 7 }, () => throttledSend(async () => started.push(performance.now()))));
    started.sort((a, b) => a - b);
    // Turns are 500 ms apart, so no second holds a fourth send, even with a timer woken late (up
    // to 160 ms seen with the machine busy), which narrows the gap after it. The old counter, one
    // per clock second, started four within 530–650 ms.
    const spans = started.slice(3).map((at, i) => Math.round(at - started[i]));
    for (const span of spans) expect(span, JSON.stringify(spans)).toBeGreaterThanOrEqual(1000);
    expect(started.at(-1)! - started[0]).toBeLessThan(3000 + 500);
  });

  it("sends at once without SMTP_MAX_PER_SECOND, and paces rates under one a second", async () => {
    const started: number[] = [];
    await Promise.all(Array.from({ length: 5 }, () => throttledSend(async () => started.push(performance.now()))));
    expect(Math.max(...started) - Math.min(...started)).toBeLessThan(500);

    process.env.SMTP_MAX_PER_SECOND = "0.5";
    const paced: number[] = [];
    await Promise.all(Array.from({ length: 2 }, () => throttledSend(async () => paced.push(performance.now()))));
    // 2 s apart, less what a timer woken late takes.
    expect(Math.abs(paced[1] - paced[0])).toBeGreaterThanOrEqual(1800);
  });
});

describe("reservePacingSlot", () => {
  it("gives concurrent callers turns exactly one spacing apart, each once", async () => {
    const turns = await Promise.all(Array.from({ length: 10 }, () => reservePacingSlot("test:concurrent", 100)));
    const starts = turns.map((turn) => turn.startAt).sort((a, b) => a - b);
    expect(starts.slice(1).map((at, i) => Math.round(at - starts[i]))).toEqual(Array(9).fill(100));
    expect(Math.max(...turns.map((turn) => turn.waitMs))).toBeGreaterThan(800);
  });

  it("owes nothing for time nobody used: after a quiet spell the next turn is now", async () => {
    const first = await reservePacingSlot("test:quiet", 100);
    await pause(300);
    const next = await reservePacingSlot("test:quiet", 100);
    // Under a millisecond: the turn is stored to the millisecond.
    expect(next.waitMs).toBeLessThan(1);
    expect(next.startAt - first.startAt).toBeGreaterThanOrEqual(300);
    // Keys are apart: another key's first turn does not wait behind this one.
    expect((await reservePacingSlot("test:other", 100_000)).waitMs).toBeLessThan(1);
  });
});
