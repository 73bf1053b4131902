/**
 * When a failed delivery is tried again: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after each
 * failure (eight attempts over about 27.5 hours), each delay ±20 % so that a receiver coming back
 * from an outage is not hit by every waiting delivery in the same second.
 */
export const RETRY_DELAYS_MS = [5e3, 5 * 60e3, 30 * 60e3, 2 * 3600e3, 5 * 3600e3, 10 * 3600e3, 10 * 3600e3];

/** After the attempt numbered `attempt` (1-based) failed: how long until the next, or null when none is left. */
export function nextRetryDelayMs(attempt: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** An endpoint all of whose attempts have failed for this long is disabled and the admins are told. */
export const DISABLE_AFTER_FAILING_MS = 24 * 3600e3;
