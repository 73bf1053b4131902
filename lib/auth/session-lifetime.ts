import { readNumberSetting } from "@/lib/config/read-number-setting";

// How long staff stay signed in, and how long an emailed sign-in link works. Read at call time so a
// test (or an operator restarting with new values) gets what the environment says.

/** A session ends this long after sign-in, however busy it is (STAFF_SESSION_MAX_HOURS, default 12). */
export function sessionMaxSeconds(): number {
  return (
    readNumberSetting(process.env, "STAFF_SESSION_MAX_HOURS", { fallback: 12, min: 0.1, max: 720, unit: "hours" }) *
    3600
  );
}

/** A session unused for this long ends (STAFF_SESSION_IDLE_MINUTES, default 120). */
export function sessionIdleSeconds(): number {
  return (
    readNumberSetting(process.env, "STAFF_SESSION_IDLE_MINUTES", {
      fallback: 120,
      min: 1,
      max: 43_200,
      unit: "minutes",
    }) * 60
  );
}

/** An emailed sign-in link works once, within this many minutes. */
export const SIGN_IN_LINK_MINUTES = 15;
