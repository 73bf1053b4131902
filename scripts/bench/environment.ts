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
 * A throw-away Imprimatur: fresh embedded PostgreSQL, a local SMTP sink, the web server
 * (scripts/web-server.ts) with its worker.
 */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "imprimatur-bench-"));
  await chmod(dataDir, 0o755);
  const database = await startEmbeddedDatabase({ dataDir, port: await freePort() });
  // In a process of its own: the bench measures the server, not its own mail sink (./smtp-sink-process.ts).
  const smtp = await startSmtpSinkProcess();
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
  await untilHealthy(baseUrl);
  const extra = new Set<BenchInstance>();
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
      await untilHealthy(instanceUrl);
      const instance: BenchInstance = {
        baseUrl: instanceUrl,
        serverPid: child.pid!,
        async stop() {
          extra.delete(instance);
          const exited = new Promise((resolve) => child.once("exit", resolve));
          child.kill("SIGTERM");
          await exited;
        },
      };
      extra.add(instance);
      return instance;
    },
    async stop() {
      await Promise.all([...extra].map((instance) => instance.stop()));
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
      await smtp.close();
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
