import "server-only";
import { AppError } from "@/lib/errors/app-error";

// Guessing signing links is hopeless (256-bit tokens), but a client that keeps presenting unknown
// ones is probing; after a few it is slowed down. Per instance and in memory: behind several
// instances each keeps its own count, which still bounds a prober to a small multiple.
const WINDOW_MS = 10 * 60 * 1000;
const MAX_FAILURES = 20;
const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const times = (failures.get(key) ?? []).filter((time) => now - time < WINDOW_MS);
  if (times.length === 0) failures.delete(key);
  else failures.set(key, times);
  return times;
}

export function assertNotRateLimited(key: string | null, now = Date.now()) {
  if (recent(key ?? "unknown", now).length >= MAX_FAILURES) throw new AppError("RATE_LIMITED");
}

export function recordFailure(key: string | null, now = Date.now()) {
  const times = recent(key ?? "unknown", now);
  failures.set(key ?? "unknown", [...times, now]);
  if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
}
