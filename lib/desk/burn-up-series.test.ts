import { describe, expect, it } from "vitest";
import { BURN_UP_MAX_DAYS, burnUpSeries } from "./burn-up-series";

const at = (iso: string) => new Date(iso);

describe("the burn-up chart's numbers", () => {
  it("has one entry per day from the first issue to today, with signatures cumulated, and marks the reminder days", () => {
    const series = burnUpSeries({
      firstIssuedAt: at("2026-11-20T15:30:00Z"),
      deadline: at("2026-12-10T23:59:00Z"),
      now: at("2026-11-25T09:00:00Z"),
      target: 10,
      reminderDays: [7, 2, 0],
      signedPerDay: { "2026-11-21": 2, "2026-11-23": 3, "2026-11-25": 1 },
    });
    expect(series.days.map((d) => [d.day, d.signed, d.cumulative])).toEqual([
      ["2026-11-20", 0, 0],
      ["2026-11-21", 2, 2],
      ["2026-11-22", 0, 2],
      ["2026-11-23", 3, 5],
      ["2026-11-24", 0, 5],
      ["2026-11-25", 1, 6],
    ]);
    expect(series.reminders.map((r) => [r.daysBefore, r.day])).toEqual([
      [7, "2026-12-03"],
      [2, "2026-12-08"],
      [0, "2026-12-10"],
    ]);
    expect(series.start.toISOString()).toBe("2026-11-20T00:00:00.000Z");
    // The axis runs to the end of the deadline's day.
    expect(series.end.toISOString()).toBe("2026-12-11T00:00:00.000Z");
    expect(series.target).toBe(10);
  });

  it("keeps counting after a passed deadline, and starts at most eight weeks before it with older signatures carried in", () => {
    const series = burnUpSeries({
      firstIssuedAt: at("2026-06-01T00:00:00Z"),
      deadline: at("2026-11-20T12:00:00Z"),
      now: at("2026-11-24T08:00:00Z"),
      target: 4,
      reminderDays: [90, 3],
      signedPerDay: { "2026-07-01": 1, "2026-09-30": 1, "2026-11-22": 1 },
    });
    expect(series.days[0]).toMatchObject({ day: "2026-09-25", cumulative: 1 });
    expect(series.days).toHaveLength(BURN_UP_MAX_DAYS + 5);
    expect(series.days.find((d) => d.day === "2026-09-30")).toMatchObject({ signed: 1, cumulative: 2 });
    expect(series.days.at(-1)).toMatchObject({ day: "2026-11-24", cumulative: 3 });
    // 90 days before is off the chart; 3 days before is on it.
    expect(series.reminders.map((r) => r.day)).toEqual(["2026-11-17"]);
  });

  it("draws an empty line on the deadline's day when nothing was issued yet", () => {
    const series = burnUpSeries({
      firstIssuedAt: null,
      deadline: at("2026-12-31T00:00:00Z"),
      now: at("2026-12-01T00:00:00Z"),
      target: 0,
      reminderDays: [],
      signedPerDay: {},
    });
    expect(series.days.map((d) => [d.day, d.cumulative])).toEqual([["2026-12-01", 0]]);
    expect(series.reminders).toEqual([]);
  });
});
