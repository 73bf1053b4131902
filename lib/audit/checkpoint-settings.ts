import { readNumberSetting } from "@/lib/config/read-number-setting";
import { timestampCheckSettings } from "@/lib/timestamp/timestamp-authority-settings";

/** A checkpoint at least every this many events (AUDIT_CHECKPOINT_EVENTS, default 100)… */
export function checkpointEveryEvents(): number {
  return readNumberSetting(process.env, "AUDIT_CHECKPOINT_EVENTS", {
    fallback: 100,
    min: 1,
    max: 1_000_000,
    whole: true,
    unit: "events",
  });
}

/** …or this often while events keep coming (AUDIT_CHECKPOINT_MINUTES, default 60), whichever first. */
export function checkpointEveryMs(): number {
  const minutes = readNumberSetting(process.env, "AUDIT_CHECKPOINT_MINUTES", {
    fallback: 60,
    min: 1,
    max: 525_600,
    whole: true,
    unit: "minutes",
  });
  return minutes * 60_000;
}

/** Seal certificates used before the current one, whose checkpoints still count (comma separated SHA-256). */
export function formerSealFingerprints(): string[] {
  return (process.env.AUDIT_FORMER_SEAL_FINGERPRINTS ?? "")
    .split(",")
    .map((value) => value.replaceAll(":", "").trim().toLowerCase())
    .filter(Boolean);
}

// The server's and the authority's clocks, each kept by NTP, agree within seconds; an authority
// also rounds its time to the second. Two minutes absorbs both without hiding a backdating.
const CLOCK_TOLERANCE_MS = 2 * 60_000;

/**
 * When a checkpoint's timestamp must fall, from the same TSA_* settings the job uses: no earlier
 * than its createdAt, and no later than TSA_GRACE_MINUTES after it (the job asks only while a
 * checkpoint is that young) plus one request's TSA_TIMEOUT_SECONDS. Both ends allow for clocks.
 * audit:verify may run without TSA_URL (on a copy, or after the authority was dropped) and still
 * checks the tokens stored.
 */
export function checkpointTimestampRules(env: Record<string, string | undefined> = process.env) {
  const settings = timestampCheckSettings(env);
  return {
    configured: Boolean(env.TSA_URL?.trim()),
    earliestMs: -CLOCK_TOLERANCE_MS,
    latestMs: settings.graceMs + settings.timeoutMs + CLOCK_TOLERANCE_MS,
    graceMs: settings.graceMs,
    trustedCertificates: settings.trustedCertificates,
  };
}
