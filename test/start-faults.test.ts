import { execFileSync } from "node:child_process";
import { chmod, chown, mkdir, mkdtemp, rm, rmdir, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./free-port";
import { failedStart, killLeftovers, reachableTempDir, removeTempDirs, runStart, stackLines } from "./start-process";

// `npm start` where something on the machine is wrong: every case must end with exit code ≠ 0 and
// one sentence naming what is wrong and the fix, never a stack trace. Each run is the real start
// script under the loader `npm start` uses, with its own DATA_DIR and free ports.

const root = path.resolve(import.meta.dirname, "..");
const isRoot = os.userInfo().uid === 0;
const mounts: string[] = [];
// Emptied with rmdir only: never a recursive delete near a bind mount of the checkout.
const emptyDirs: string[] = [];
afterAll(async () => {
  for (const target of mounts.reverse()) execFileSync("umount", [target]);
  for (const dir of emptyDirs.reverse()) await rmdir(dir);
  await removeTempDirs();
});

function canMount() {
  if (!isRoot) return false;
  const probe = path.join(os.tmpdir(), `imprimatur-mount-probe-${process.pid}`);
  try {
    execFileSync("mkdir", ["-p", probe]);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe], { stdio: "ignore" });
    execFileSync("umount", [probe]);
    return true;
  } catch {
    return false;
  } finally {
    execFileSync("rm", ["-rf", probe]);
  }
}
const mountAllowed = canMount();

function mount(args: string[], target: string) {
  execFileSync("mount", [...args, target]);
  mounts.push(target);
}

function expectClearFailure(result: { code: number | null; output: string }, ...phrases: (string | RegExp)[]) {
  expect(result.code, result.output).not.toBe(0);
  expect(result.code, result.output).not.toBeNull();
  expect(stackLines(result.output), result.output).toEqual([]);
  expect(result.output).not.toMatch(/Unhandled 'error' event|node:internal/);
  for (const phrase of phrases) expect(result.output).toMatch(phrase);
}

/** Holds `port` on 127.0.0.1, as another program would. */
async function occupy(port: number) {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return () => new Promise((resolve) => server.close(resolve));
}

describe("npm start says which port is taken and which setting moves it", () => {
  for (const setting of ["EMBEDDED_DB_PORT", "MAIL_CATCHER_SMTP_PORT", "MAIL_CATCHER_WEB_PORT", "PORT"]) {
    it(`refuses to start when ${setting}'s port is in use`, { timeout: 90_000 }, async () => {
      const port = await freePort();
      const release = await occupy(port);
      try {
        const result = await failedStart({ env: { [setting]: String(port) } });
        expectClearFailure(result, new RegExp(`Port ${port} \\(${setting}\\b`), `set ${setting} to a free port`);
      } finally {
        await release();
      }
    });
  }

  it("names a port setting that is not a port number", async () => {
    const result = await failedStart({ env: { MAIL_CATCHER_WEB_PORT: "eighty" } });
    expectClearFailure(result, 'MAIL_CATCHER_WEB_PORT must be a port number from 1 to 65535; got "eighty".');
  });
});

describe.runIf(isRoot)("run as root, npm start says which directory the postgres user cannot enter", () => {
  it("names a DATA_DIR parent closed to other users (0700) and the chmod that opens it", async () => {
    const closed = await mkdtemp(path.join(os.tmpdir(), "imprimatur-closed-")); // mode 0700
    try {
      const result = await failedStart({ dataDir: path.join(closed, "data") });
      expectClearFailure(result, `cannot enter ${closed} (mode 0700)`, `chmod o+x ${closed}`, /postgres/);
    } finally {
      await rm(closed, { recursive: true, force: true });
    }
  });

  it.runIf(mountAllowed)("names the 0700 directory above a checkout, not `spawn …/initdb EACCES`", async () => {
    // The checkout itself, seen at a path under a 0700 directory, as a clone in root's home would be.
    const closed = await mkdtemp(path.join(os.tmpdir(), "imprimatur-clone-parent-"));
    const clone = path.join(closed, "imprimatur");
    await mkdir(clone);
    emptyDirs.push(closed, clone);
    mount(["--bind", root], clone);
    const dataDir = path.join(await reachableTempDir("imprimatur-clone-data-"), "data");
    const result = await failedStart({ cwd: clone, dataDir });
    expectClearFailure(result, "the PostgreSQL programs", `cannot enter ${closed} (mode 0700)`, `chmod o+x ${closed}`);
    expect(result.output).not.toMatch(/EACCES/);
  });
});

describe("npm start with a data directory it cannot use", () => {
  it.runIf(isRoot)("names a data directory made by another PostgreSQL version and the fix", async () => {
    const dataDir = path.join(await reachableTempDir("imprimatur-pg16-"), "data");
    const cluster = path.join(dataDir, "postgres");
    await mkdir(cluster, { recursive: true });
    // What PostgreSQL checks first in a cluster: its version file (beside its configuration).
    await writeFile(path.join(cluster, "PG_VERSION"), "16\n");
    await writeFile(path.join(cluster, "postgresql.conf"), "");
    const postgresUid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const postgresGid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    for (const file of [cluster, path.join(cluster, "PG_VERSION"), path.join(cluster, "postgresql.conf")]) {
      await chown(file, postgresUid, postgresGid);
    }
    await chmod(cluster, 0o700);
    const result = await failedStart({ dataDir });
    expectClearFailure(result, `${cluster} was made by PostgreSQL 16`, /embeds PostgreSQL 17/, /pg_dump/, "DATA_DIR");
  });

  it.runIf(mountAllowed)("names DATA_DIR when it is read-only", async () => {
    const dataDir = path.join(await reachableTempDir("imprimatur-ro-"), "data");
    await mkdir(dataDir);
    mount(["-t", "tmpfs", "-o", "size=8m,ro", "tmpfs"], dataDir);
    const result = await failedStart({ dataDir });
    expectClearFailure(result, `Cannot write to DATA_DIR (${dataDir})`, "read-only");
  });

  it.runIf(mountAllowed)("names DATA_DIR when its disk is full", async () => {
    const dataDir = path.join(await reachableTempDir("imprimatur-full-"), "data");
    await mkdir(dataDir);
    mount(["-t", "tmpfs", "-o", "size=8m", "tmpfs"], dataDir);
    execFileSync("sh", ["-c", `dd if=/dev/zero of=${dataDir}/filler bs=1M 2>/dev/null || true`]);
    const result = await failedStart({ dataDir });
    expectClearFailure(result, `Cannot write to DATA_DIR (${dataDir})`, "the disk is full");
  });

  it.runIf(mountAllowed)("names DATA_DIR when its disk has too little room for the database", async () => {
    const dataDir = path.join(await reachableTempDir("imprimatur-small-"), "data");
    await mkdir(dataDir);
    mount(["-t", "tmpfs", "-o", "size=16m", "tmpfs"], dataDir);
    const result = await failedStart({ dataDir });
    expectClearFailure(result, `DATA_DIR (${dataDir}) has only`, "Free space");
  });
});

describe("npm start with settings the app cannot use", () => {
  it("names each once and stops, rather than logging a trace at every request or using a default", async () => {
    // Gets as far as the web server, whose start (instrumentation.ts) checks every setting. Before,
    // "two" meant no limit on the relay's rate, and "thirty" silently the default of 30.
    const run = await runStart({ env: { SMTP_MAX_PER_SECOND: "two", VERIFY_RATE_LIMIT: "thirty" } });
    const timer = setTimeout(() => killLeftovers(run), 120_000);
    const { code } = await run.exited;
    clearTimeout(timer);
    const output = run.output();
    expectClearFailure(
      { code, output },
      "The web server cannot start: SMTP_MAX_PER_SECOND must be a number from 0 to 100,000 " +
        '(emails per second across all workers; 0: no limit); got "two". ' +
        'VERIFY_RATE_LIMIT must be a whole number from 1 to 1,000,000 (checks per window); got "thirty". ' +
        "Fix these settings and start again.",
      "The web server could not start (exit code 1); the reason is above.",
    );
    expect(output.match(/SMTP_MAX_PER_SECOND must be/g)).toHaveLength(1);
    expect(output).not.toMatch(/did not answer|instrumentation hook/);
  }, 180_000);

  it("names a page cache size that is not megabytes before Next loads, rather than crash with a trace", async () => {
    // Read when the front door's module loaded, it ended the server with an uncaught error's stack.
    const run = await runStart({ env: { SIGNING_PAGE_CACHE_MB: "eight" } });
    const timer = setTimeout(() => killLeftovers(run), 120_000);
    const { code } = await run.exited;
    clearTimeout(timer);
    expectClearFailure(
      { code, output: run.output() },
      'The web server cannot start: SIGNING_PAGE_CACHE_MB must be a number from 0 to 4,096 (megabytes; 0 keeps none); got "eight".',
      "The web server could not start (exit code 1); the reason is above.",
    );
  }, 180_000);
});
