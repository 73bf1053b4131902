import path from "node:path";
import { inject } from "vitest";
import { ensureNextBuild } from "../scripts/start/ensure-next-build";
import { holdingDirectoryLock } from "./directory-lock";

/**
 * The production build the app-server tests run, made (when missing or stale) by one test file at
 * a time: files run in parallel, and two `next build`s writing into one .next break each other.
 * The lock is a directory in this run's own temporary directory, so a run that was killed mid-build
 * never leaves one behind for the next.
 */
export async function ensureTestBuild() {
  const lock = path.join(path.dirname(inject("appDataDir")), "next-build.lock");
  // Whoever held the lock before has built: this finds the build fresh and returns at once.
  await holdingDirectoryLock(lock, () => ensureNextBuild({ ...process.env, NEXT_TELEMETRY_DISABLED: "1" }));
}
