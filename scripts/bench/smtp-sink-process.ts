import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { startSmtpSink } from "../../test/smtp-sink";
import { stopChild } from "./stop-child";

export type SmtpSinkProcess = { url: string; received: () => number; close: () => Promise<void> };

const CHILD_FLAG = "--imprimatur-bench-smtp-sink";

/**
 * The bench's SMTP sink in a child process: on the bench's own event loop, every message the server
 * delivers was read and answered between the bench client's requests, and timed as their latency.
 * The child reports each message in one IPC line; `received()` counts them.
 */
export async function startSmtpSinkProcess(): Promise<SmtpSinkProcess> {
  // This file is the child's entry too, loaded as the bench is, with tsx.
  const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  let received = 0;
  const [url] = (await once(child, "message")) as [string];
  child.on("message", () => received++);
  return {
    url,
    received: () => received,
    close: () => stopChild(child),
  };
}

async function runSinkProcess() {
  const sink = await startSmtpSink(undefined, { parse: false, onReceived: () => process.send!(1) });
  process.once("SIGTERM", () => void sink.close().then(() => process.exit(0)));
  // The bench ended without stopping it (a crash): nobody is left to count for.
  process.once("disconnect", () => process.exit(0));
  process.send!(sink.url);
}

if (process.argv.includes(CHILD_FLAG)) void runSinkProcess();
