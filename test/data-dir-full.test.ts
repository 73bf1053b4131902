import { execFileSync } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  killLeftovers,
  reachableTempDir,
  removeTempDirs,
  runStart,
  stackLines,
  stopAndCheck,
  type StartRun,
} from "./start-process";

// While the app runs, the only writer to DATA_DIR is the embedded PostgreSQL (its tables and
// write-ahead log under $DATA_DIR/postgres) — and the local mail catcher's inbox ($DATA_DIR/mail),
// whose failure reaches the app as the SMTP answer it records on the email. Secrets, passwords
// and the generated seal certificate are written at start. A real tmpfs plays the small disk.

const mounted: string[] = [];
let run: StartRun | undefined;
afterAll(async () => {
  killLeftovers(run);
  for (const target of mounted) execFileSync("umount", ["-l", target]);
  await removeTempDirs();
});

function tryMount(target: string, size: string) {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", target], { stdio: "ignore" });
    mounted.push(target);
    return true;
  } catch {
    return false;
  }
}

describe.runIf(os.userInfo().uid === 0)("DATA_DIR filling up while the app runs", () => {
  it(
    "prints a message naming the database directory when PostgreSQL cannot write, then stops on SIGINT to npm",
    { timeout: 150_000 },
    async (context) => {
      const dataDir = path.join(await reachableTempDir("imprimatur-runtime-full-"), "data");
      await mkdir(dataDir);
      if (!tryMount(dataDir, "192m")) return context.skip("mount is not allowed here");
      run = await runStart({ viaNpm: true, dataDir });
      await run.ready();
      const before = run.output().length;

      const password = (await readFile(path.join(dataDir, "database-superuser-password"), "utf8")).trim();
      execFileSync("sh", ["-c", `dd if=/dev/zero of=${dataDir}/filler bs=1M 2>/dev/null || true`]);
      const client = new pg.Client({
        host: "127.0.0.1",
        port: run.ports.EMBEDDED_DB_PORT,
        user: "imprimatur",
        password,
        database: "imprimatur",
      });
      await client.connect();
      client.on("error", () => undefined);
      const write = await client
        .query("CREATE TABLE disk_filler AS SELECT repeat('x', 2000) AS pad FROM generate_series(1, 20000)")
        .then(
          () => "written",
          (error: Error) => error.message,
        );
      await client.end().catch(() => undefined);
      expect(write).toMatch(/No space left on device|terminating connection|server closed/);

      const databaseDir = path.join(dataDir, "postgres");
      const deadline = Date.now() + 10_000;
      while (!run.output().slice(before).includes(`cannot write to ${databaseDir}`) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const said = run.output().slice(before);
      expect(said).toContain(
        `The embedded PostgreSQL cannot write to ${databaseDir}: the disk holding DATA_DIR is full`,
      );
      expect(stackLines(said)).toEqual([]);

      // Room again, then the operator stops it: SIGINT to npm alone, everything goes.
      await rm(path.join(dataDir, "filler"));
      await stopAndCheck(run, "SIGINT");
    },
  );
});
