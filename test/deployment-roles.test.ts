import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED_OWNER_ROLE, withDatabase } from "@/lib/db/embedded-database";

// The deployment commands as an operator types them: `npm run web`, `npm run worker`,
// `npm run migrate`, each a real npm process with only the environment given here.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "imprimatur-roles-"));
  await chmod(dataDir, 0o755);
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

type Run = { code: number | null; output: string };

/** `npm run <script>` with `env` on top of a bare environment; resolves on exit, or once `until` shows. */
function npmRun(
  script: string,
  env: Record<string, string>,
  until?: string,
): Promise<Run & { stop?: () => Promise<Run> }> {
  const bare: NodeJS.ProcessEnv = {
    NODE_ENV: "production",
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    ...env,
  };
  const child = spawn("npm", ["run", "--silent", script], {
    env: bare,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so the test can stop everything npm started, as Ctrl-C would.
    detached: true,
  });
  let output = "";
  const exited = new Promise<Run>((resolve) => child.once("exit", (code) => resolve({ code, output })));
  return new Promise((resolve) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (until && output.includes(until))
        resolve({
          code: null,
          output,
          stop: () => {
            process.kill(-child.pid!, "SIGTERM");
            return exited;
          },
        });
    };
    child.stdout.on("data", seen);
    child.stderr.on("data", seen);
    void exited.then(resolve);
  });
}

describe("a deployment's web and worker instances", () => {
  it("refuse to start without DATABASE_URL and NEXTAUTH_SECRET, say why, and make up neither", async () => {
    const web = await npmRun("web", {});
    expect(web.code).toBe(1);
    expect(web.output).toContain("`npm run web` needs DATABASE_URL, NEXTAUTH_SECRET");
    expect(web.output).toContain("NEXTAUTH_SECRET: the same long random secret on every instance");

    const worker = await npmRun("worker", { DATABASE_URL: "postgresql://app@127.0.0.1:1/imprimatur" });
    expect(worker.code).toBe(1);
    expect(worker.output).toContain("`npm run worker` needs NEXTAUTH_SECRET, SMTP_URL");
    expect(worker.output).not.toContain("needs DATABASE_URL");

    // A rate that is not a number once meant no limit at all: now the worker says so before it
    // asks the database anything (the address given here answers nobody).
    const misconfigured = await npmRun("worker", {
      DATABASE_URL: "postgresql://app@127.0.0.1:1/imprimatur",
      NEXTAUTH_SECRET: "a-secret-long-enough-for-this-test",
      SMTP_URL: "smtp://127.0.0.1:1",
      SMTP_MAX_PER_SECOND: "two",
    });
    expect(misconfigured.code).toBe(1);
    expect(misconfigured.output).toContain(
      "The Imprimatur worker could not start: SMTP_MAX_PER_SECOND must be a number from 0 to 100,000 " +
        '(emails per second across all workers; 0: no limit); got "two". Fix the setting and start again.',
    );
    expect(misconfigured.output).not.toMatch(/ECONNREFUSED|database/i);

    // No generated secret, no embedded database: nothing an instance would disagree on.
    expect(await readdir(dataDir)).toEqual([]);
  }, 60_000);

  it("refuse a database that is not migrated; `npm run migrate` migrates it once, then a worker starts", async () => {
    const name = `roles_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: withDatabase(process.env.TEST_ADMIN_DATABASE_URL!, "postgres") });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} OWNER ${EMBEDDED_OWNER_ROLE}`);
    try {
      const settings = {
        DATABASE_URL: withDatabase(process.env.DATABASE_URL!, name),
        NEXTAUTH_SECRET: "roles-secret",
        SMTP_URL: "smtp://127.0.0.1:2525",
      };
      const refused = await npmRun("worker", settings);
      expect(refused.code).toBe(1);
      expect(refused.output).toContain("the database is not migrated for this version");
      expect(refused.output).toContain("Run `npm run migrate` once, with MIGRATION_DATABASE_URL");

      const migrated = await npmRun("migrate", {
        DATABASE_URL: settings.DATABASE_URL,
        MIGRATION_DATABASE_URL: withDatabase(process.env.TEST_OWNER_DATABASE_URL!, name),
      });
      expect(migrated.output).toContain("is migrated");
      expect(migrated.code).toBe(0);

      const worker = await npmRun("worker", settings, "Imprimatur worker started");
      expect(worker.stop, worker.output).toBeDefined();
      const stopped = await worker.stop!();
      expect(stopped.output).not.toContain("could not start");
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});
