// Waiting on real processes in tests: poll until something holds, and stop a child cleanly.
import type { ChildProcess } from "node:child_process";

/** Polls `check` until it returns something truthy, failing with `what` after `seconds`. */
export async function within<T>(
  seconds: number,
  what: string,
  check: () => Promise<T | undefined | false>,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`not within ${seconds} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Sends `signal` to a child that is still running and waits until it has exited. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  return exited;
}
