import { describe, expect, it } from "vitest";
import { readWorkerSettings } from "./read-worker-settings";

describe("readWorkerSettings", () => {
  it("gives the defaults when nothing is set, or a setting is blank", () => {
    const defaults = {
      jobConcurrency: 10,
      emailConcurrency: 60,
      webhookConcurrency: 10,
      smtpMaxConnections: 20,
      smtpMaxPerSecond: null,
    };
    expect(readWorkerSettings({})).toEqual(defaults);
    expect(readWorkerSettings({ EMAIL_CONCURRENCY: " ", SMTP_MAX_PER_SECOND: "" })).toEqual(defaults);
  });

  it("reads counts and rates as an operator writes them, 0 meaning no limit on the rate", () => {
    const settings = readWorkerSettings({
      WORKER_CONCURRENCY: "4",
      EMAIL_CONCURRENCY: " 120 ",
      WEBHOOK_CONCURRENCY: "1",
      SMTP_MAX_CONNECTIONS: "5",
      SMTP_MAX_PER_SECOND: "2.5",
    });
    expect(settings).toEqual({
      jobConcurrency: 4,
      emailConcurrency: 120,
      webhookConcurrency: 1,
      smtpMaxConnections: 5,
      smtpMaxPerSecond: 2.5,
    });
    expect(readWorkerSettings({ SMTP_MAX_PER_SECOND: "0.5" }).smtpMaxPerSecond).toBe(0.5);
    expect(readWorkerSettings({ SMTP_MAX_PER_SECOND: "0" }).smtpMaxPerSecond).toBeNull();
  });

  // Read with Number(), "two" was NaN, which the pacing took for "no limit": a relay that refuses
  // bursts got every email at once.
  it.each([
    ["SMTP_MAX_PER_SECOND", "two", /SMTP_MAX_PER_SECOND must be emails per second.*got "two"/],
    ["SMTP_MAX_PER_SECOND", "-1", /SMTP_MAX_PER_SECOND must be/],
    ["SMTP_MAX_PER_SECOND", "Infinity", /SMTP_MAX_PER_SECOND must be/],
    ["SMTP_MAX_PER_SECOND", "10/s", /SMTP_MAX_PER_SECOND must be/],
    ["WORKER_CONCURRENCY", "ten", /WORKER_CONCURRENCY must be a whole number from 1 to 1000; got "ten"/],
    ["WORKER_CONCURRENCY", "0", /WORKER_CONCURRENCY must be a whole number from 1 to 1000; got "0"/],
    ["EMAIL_CONCURRENCY", "2.5", /EMAIL_CONCURRENCY must be a whole number/],
    ["WEBHOOK_CONCURRENCY", "100000", /WEBHOOK_CONCURRENCY must be a whole number from 1 to 1000/],
    ["SMTP_MAX_CONNECTIONS", "undefined", /SMTP_MAX_CONNECTIONS must be a whole number.*got "undefined"/],
  ])("refuses %s=%s, naming the setting and what it must be", (name, value, message) => {
    expect(() => readWorkerSettings({ [name]: value })).toThrow(message);
  });

  it("names every bad setting at once, so one restart fixes them all", () => {
    expect(() => readWorkerSettings({ SMTP_MAX_PER_SECOND: "two", EMAIL_CONCURRENCY: "many" })).toThrow(
      /EMAIL_CONCURRENCY must be .* SMTP_MAX_PER_SECOND must be .* Fix the setting and start again\./,
    );
  });
});
