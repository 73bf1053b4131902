import type { ChildProcess } from "node:child_process";
import { once } from "node:events";

/**
 * Stops a child and waits for it to exit. One that has exited already is left alone: Ctrl-C
 * reaches the bench's whole process group, so the web server may have stopped before the bench
 * asks it to, and its exit event, long past, would be waited for in vain.
 */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

/** What stops a bench from outside: Ctrl-C, a terminal closed, `kill` or a CI job's timeout. */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
