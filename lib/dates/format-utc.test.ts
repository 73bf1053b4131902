import { describe, expect, it } from "vitest";
import { formatUtc } from "./format-utc";

describe("formatUtc", () => {
  it("shows the signing time in UTC to the minute", () => {
    expect(formatUtc(new Date("2021-06-02T09:05:59.999Z"))).toBe("2021-06-02 09:05 UTC");
  });

  it("uses the UTC calendar day even when it differs from the server's local day", () => {
    expect(formatUtc(new Date("2024-12-31T23:30:00-05:00"))).toBe("2025-01-01 04:30 UTC");
  });
});
