// How long staff stay signed in, and how long an emailed sign-in link works. Read at call time so a
// test (or an operator restarting with new values) gets what the environment says.

function positive(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return value && Number.isFinite(number) && number > 0 ? number : fallback;
}

/** A session ends this long after sign-in, however busy it is (STAFF_SESSION_MAX_HOURS, default 12). */
export function sessionMaxSeconds(): number {
  return positive(process.env.STAFF_SESSION_MAX_HOURS, 12) * 3600;
}

/** A session unused for this long ends (STAFF_SESSION_IDLE_MINUTES, default 120). */
export function sessionIdleSeconds(): number {
  return positive(process.env.STAFF_SESSION_IDLE_MINUTES, 120) * 60;
}

/** An emailed sign-in link works once, within this many minutes. */
export const SIGN_IN_LINK_MINUTES = 15;
