import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { db } from "@/lib/db/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded-database";
import { verifyDocument } from "@/lib/verification/verify-document";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { freePort } from "@/test/free-port";

// `npm run backup` and `npm run restore` as an operator runs them: separate processes, a backup of
// the test's database (DATABASE_URL + MIGRATION_DATABASE_URL), restored into a brand-new embedded
// PostgreSQL under a new DATA_DIR that holds only the seal's certificate, copied over as the README
// tells operators to.

type Run = { code: number; stdout: string; stderr: string };

async function run(script: string, args: string[], env: NodeJS.ProcessEnv, conditions: string[] = []): Promise<Run> {
  const tsx = path.resolve("node_modules/.bin/tsx");
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, [...conditions, script, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

const work = await mkdtemp(path.join(os.tmpdir(), "imprimatur-backup-test-"));
// The embedded PostgreSQL runs as its own OS user when the tests run as root.
await chmod(work, 0o755);
let restored: EmbeddedDatabase | undefined;
afterAll(async () => {
  await restored?.stop();
  await rm(work, { recursive: true, force: true });
});

describe("npm run backup and npm run restore", () => {
  it("restores a backup into a new empty database where the audit chain verifies and the sealed PDF is recognised", async () => {
    const { agreement, token } = await issueTestAgreement({ articleTitle: "Backed-Up Article" });
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const sealedPdf = new Uint8Array((await sealAgreement(agreement.id)).pdf);
    const events = await db.auditEvent.count();
    const checkpoints = await db.auditCheckpoint.count();
    expect(checkpoints).toBeGreaterThan(0);

    const { DATABASE_URL, TEST_OWNER_DATABASE_URL, ...rest } = process.env;
    delete rest.DATA_DIR; // each run below names its own
    const operator = { ...rest, DATABASE_URL, MIGRATION_DATABASE_URL: TEST_OWNER_DATABASE_URL };
    const file = path.join(work, "imprimatur.dump");
    const backup = await run("scripts/backup.ts", [file], operator);
    expect(backup.stderr).toBe("");
    expect(backup).toMatchObject({ code: 0, stdout: expect.stringContaining(`written to ${file}`) });
    // pg_dump's custom format.
    expect((await readFile(file)).subarray(0, 5).toString()).toBe("PGDMP");
    expect(await run("scripts/backup.ts", [file], operator)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`${file} already exists`),
    });
    // Without a pg_dump new enough for the server, the operator is told what to install.
    const noClient = await run("scripts/backup.ts", [path.join(work, "other.dump")], {
      ...operator,
      POSTGRES_CLIENT_DIR: work,
    });
    expect(noClient.code).toBe(1);
    expect(noClient.stderr).toMatch(
      /No PostgreSQL client for a version \d+ server \(.* holds no pg_dump and pg_restore\)/,
    );
    expect(noClient.stderr).toContain("bash scripts/install-postgresql-client.sh");

    // A new installation: no database yet, the same NEXTAUTH_SECRET (the generated seal is in the
    // backup, encrypted with a key derived from it).
    const dataDir = path.join(work, "restored");
    const port = await freePort();
    const fresh = { ...rest, DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(port) };
    await mkdir(dataDir);
    // A damaged backup fails and leaves nothing behind (the real one then finds the database empty).
    const bytes = await readFile(file);
    const unreadable = path.join(work, "unreadable.dump");
    await writeFile(unreadable, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const refused = await run("scripts/restore.ts", [unreadable], fresh);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining("is not a backup pg_restore can read") });
    // Cut off near its end: readable until pg_restore reaches the last data, after much is restored.
    const truncated = path.join(work, "truncated.dump");
    await writeFile(truncated, bytes.subarray(0, bytes.length - 64));
    const stopped = await run("scripts/restore.ts", [truncated], fresh);
    expect(stopped).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("pg_restore stopped, and its transaction was rolled back: nothing was changed"),
    });
    const restore = await run("scripts/restore.ts", [file], fresh);
    expect(restore).toMatchObject({ code: 0, stdout: expect.stringContaining(`Restored ${file}`) });

    const verified = await run("scripts/audit-verify.ts", [], fresh, ["--conditions=react-server"]);
    expect(verified).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`Audit chain intact: ${events} events`),
    });

    // Restoring again over what is now there is refused, and nothing changes.
    const again = await run("scripts/restore.ts", [file], fresh);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/The restore failed: The database imprimatur is not empty \(it has [a-z_]+\./);
    expect(again.stderr).toContain("Nothing was changed.");

    // The app, pointed at the restored database, recognises the PDF it sealed before the backup.
    restored = await startEmbeddedDatabase({ dataDir, port });
    const holder = globalThis as unknown as { imprimaturDb?: { $disconnect: () => Promise<void> } };
    await holder.imprimaturDb?.$disconnect();
    delete holder.imprimaturDb;
    process.env.DATABASE_URL = restored.appUrl;
    expect(await db.auditEvent.count()).toBe(events);
    expect(await verifyDocument(sealedPdf)).toMatchObject({
      verdict: "genuine",
      record: { agreementId: agreement.id, articleTitle: "Backed-Up Article", signatureName: "Zhang Haoyang" },
    });
  }, 120_000);
});
