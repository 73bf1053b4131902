import { describe, expect, it } from "vitest";
import { readNumberSetting } from "./read-number-setting";

const COUNT = { fallback: 10, min: 1, max: 1000, whole: true, unit: "jobs at once" };
const RATE = { fallback: 0, min: 0, max: 100, unit: "per second" };

describe("readNumberSetting", () => {
  it("gives the fallback when the setting is unset or blank", () => {
    expect(readNumberSetting({}, "N", COUNT)).toBe(10);
    expect(readNumberSetting({ N: "  " }, "N", COUNT)).toBe(10);
  });

  it("reads whole numbers and decimals as an operator writes them, within the range", () => {
    expect(readNumberSetting({ N: " 4 " }, "N", COUNT)).toBe(4);
    expect(readNumberSetting({ N: "1000" }, "N", COUNT)).toBe(1000);
    expect(readNumberSetting({ R: "2.5" }, "R", RATE)).toBe(2.5);
    expect(readNumberSetting({ R: "0" }, "R", RATE)).toBe(0);
  });

  // Number() takes each of these for a number, or NaN that every comparison then lets through.
  it.each(["two", "-1", "1e3", "0x10", "Infinity", "NaN", "10/s", "2,5", "+3"])("refuses %j", (value) => {
    expect(() => readNumberSetting({ R: value }, "R", RATE)).toThrow(
      `R must be a number from 0 to 100 (per second); got "${value}".`,
    );
  });

  it("refuses a decimal where a count is asked, and what is out of range, saying the range", () => {
    expect(() => readNumberSetting({ N: "2.5" }, "N", COUNT)).toThrow(
      'N must be a whole number from 1 to 1,000 (jobs at once); got "2.5".',
    );
    expect(() => readNumberSetting({ N: "0" }, "N", COUNT)).toThrow(/got "0"/);
    expect(() => readNumberSetting({ N: "1001" }, "N", COUNT)).toThrow(/got "1001"/);
  });
});
