import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { freePort } from "./free-port";
import { ensureTestBuild } from "./next-build";

const root = path.resolve(import.meta.dirname, "..");

export type StartPorts = {
  PORT: number;
  EMBEDDED_DB_PORT: number;
  MAIL_CATCHER_SMTP_PORT: number;
  MAIL_CATCHER_WEB_PORT: number;
};

export type StartRun = {
  process: ChildProcess;
  ports: StartPorts;
  dataDir: string;
  /** Everything printed so far, stdout and stderr together. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when "Imprimatur is running." is printed; rejects if the process exits first. */
  ready: (timeoutMs?: number) => Promise<void>;
};

const tempDirs: string[] = [];

/** A directory PostgreSQL (running as "postgres" when we are root) can reach: mkdtemp makes 0700. */
export async function reachableTempDir(prefix: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(dir, 0o755);
  tempDirs.push(dir);
  return dir;
}

/** Removes the directories reachableTempDir made (call after unmounting anything inside them). */
export async function removeTempDirs() {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * `npm start` as a user runs it (or scripts/start.ts under the same loader, without npm), on
 * free ports and its own DATA_DIR, with nothing configured that the test process has set.
 * A start that gets as far as the web server finds the build made (test/next-build.ts): other
 * files running meanwhile must not see it half-written by a build of its own.
 */
export async function runStart(
  options: { dataDir?: string; env?: Record<string, string>; cwd?: string; viaNpm?: boolean } = {},
  { build = true }: { build?: boolean } = {},
): Promise<StartRun> {
  if (build) await ensureTestBuild();
  const ports: StartPorts = {
    PORT: await freePort(),
    EMBEDDED_DB_PORT: await freePort(),
    MAIL_CATCHER_SMTP_PORT: await freePort(),
    MAIL_CATCHER_WEB_PORT: await freePort(),
  };
  const dataDir = options.dataDir ?? path.join(await reachableTempDir("imprimatur-start-"), "data");
  const env = envAsAUserHasIt();
  Object.assign(env, { NEXT_TELEMETRY_DISABLED: "1", DATA_DIR: dataDir }, stringValues(ports), options.env);
  const cwd = options.cwd ?? root;
  const child = options.viaNpm
    ? spawn("npm", ["start", "--silent"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const ready = async (timeoutMs = 180_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!output.includes("Imprimatur is running.")) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`npm start exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
      }
      if (Date.now() > deadline) throw new Error(`npm start was not ready within ${timeoutMs} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  return { process: child, ports, dataDir, output: () => output, exited, ready };
}

/** This process's environment without what the test run has set (its database, SMTP, secrets, Vitest's own). */
export function envAsAUserHasIt(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(VITEST|TEST_|DATABASE_URL|MIGRATION_DATABASE_URL|SMTP_URL|NEXTAUTH_|APP_URL|NODE_ENV)/.test(name)) {
      delete env[name];
    }
  }
  return env;
}

/** Runs a start that is expected to fail (before it builds), and gives its exit code and what it printed. */
export async function failedStart(options: Parameters<typeof runStart>[0] = {}, timeoutMs = 60_000) {
  const run = await runStart(options, { build: false });
  const timer = setTimeout(() => killLeftovers(run), timeoutMs);
  const { code } = await run.exited;
  clearTimeout(timer);
  return { code, output: run.output(), ports: run.ports, dataDir: run.dataDir };
}

/** Lines of a stack trace ("    at fn (file:line)") anywhere in `text`. */
export function stackLines(text: string) {
  return text.split("\n").filter((line) => /^\s+at\s/.test(line));
}

/** Every live descendant of `pid` (children, grandchildren…), from /proc. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (parent: number) =>
    (parents.get(parent) ?? []).forEach((child) => {
      found.push(child);
      walk(child);
    });
  walk(pid);
  return found;
}

/** Whether a process still exists and is not a zombie waiting to be reaped. */
export function alive(pid: number) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Sends `signal` to the started process alone (as systemd, Docker and process managers do, not to
 * its process group) and asserts that within 10 s it and every process it started are gone and
 * none of its ports answers.
 */
export async function stopAndCheck(run: StartRun, signal: NodeJS.Signals) {
  const startedPid = run.process.pid!;
  const tree = descendants(startedPid);
  // The web server, the database and its backends at least (the mail catcher lives in the start process).
  expect(tree.length).toBeGreaterThanOrEqual(3);
  for (const port of Object.values(run.ports)) expect(await listening(port)).toBe(true);

  const sent = Date.now();
  process.kill(startedPid, signal);
  const deadline = sent + 10_000;
  let left = [startedPid, ...tree].filter(alive);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = [startedPid, ...tree].filter(alive);
  }
  const seconds = (Date.now() - sent) / 1000;
  // Leave nothing running for the next test, whatever the outcome.
  for (const pid of left) process.kill(pid, "SIGKILL");
  expect(left, `still running ${seconds} s after ${signal}:\n${run.output()}`).toEqual([]);
  for (const [setting, port] of Object.entries(run.ports)) {
    expect(await listening(port), `${setting} ${port} still answers`).toBe(false);
  }
  expect(seconds).toBeLessThan(10);
  return run.exited;
}

/** Kills whatever a run left behind (after a failed assertion), so no test leaves processes running. */
export function killLeftovers(run: StartRun | undefined) {
  if (!run?.process.pid) return;
  for (const pid of [run.process.pid, ...descendants(run.process.pid)].filter(alive)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
}

function stringValues(record: Record<string, number>) {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, String(value)]));
}
