import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { signingCertificateFromEnv } from "@/lib/signing/signing-certificate";
import { requestTimestamp } from "@/lib/timestamp/request-timestamp";
import { timestampAuthorityFromEnv } from "@/lib/timestamp/timestamp-authority-settings";
import { taskList } from "@/lib/worker/task-list";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { emptyAuditLog, rewriteAndRecompute, sqlAs, tamperWithAuditLog } from "@/test/database-as";
import { runQueuedJobs } from "@/test/run-queued-jobs";
import { startTestTimestampAuthority, type TestTimestampAuthority } from "@/test/timestamp-authority";
import { canonicalCheckpoint, timestampedCheckpointBytes } from "./canonical-checkpoint";
import { checkpointAuditChainIfDue } from "./checkpoint-audit-chain";
import { signCheckpoint } from "./checkpoint-signature";
import { verifyAuditChain } from "./verify-chain";

const run = promisify(execFile);
const HOUR = 60 * 60_000;

let tsa: TestTimestampAuthority;
let dir: string;
beforeAll(async () => {
  tsa = await startTestTimestampAuthority();
  dir = await mkdtemp(path.join(os.tmpdir(), "checkpoint-timestamps-"));
});
afterAll(async () => {
  await Promise.all([tsa.stop(), rm(dir, { recursive: true, force: true })]);
});

/** The authority configured as an operator would, for this process and the audit:verify it starts. */
function configureAuthority(extra: Record<string, string> = {}) {
  Object.assign(process.env, tsa.env(), { TSA_TIMEOUT_SECONDS: "1" }, extra);
}

// Each test attacks the log or the authority: each starts from an empty log and a working authority.
beforeEach(async () => {
  await emptyAuditLog();
  tsa.behave("ok");
  // Checkpoints here come from the job when a test runs it, not from crossing N events.
  process.env.AUDIT_CHECKPOINT_EVENTS = "1000";
});
afterEach(() => {
  vi.useRealTimers();
  for (const name of ["TSA_URL", "TSA_TRUSTED_CERTS", "TSA_TIMEOUT_SECONDS", "TSA_GRACE_MINUTES"])
    delete process.env[name];
  delete process.env.AUDIT_CHECKPOINT_EVENTS;
});

/** One run of the checkpoint job, queued and worked off as the worker's crontab does every minute. */
async function runCheckpointJob() {
  await db.$transaction((tx) => enqueueJob(tx, "checkpoint_audit_chain", {}));
  await runQueuedJobs({ checkpoint_audit_chain: taskList.checkpoint_audit_chain });
}

async function auditVerify(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(
      "node_modules/.bin/tsx",
      ["--conditions=react-server", "scripts/audit-verify.ts", ...args],
      { env: process.env },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, stdout: failure.stdout };
  }
}

/** What the audit page and audit:verify are told, in-process (cheaper than starting the script). */
async function verdictLines(options: { requireTimestamps?: boolean } = {}) {
  const verdict = await verifyAuditChain(options);
  return { verdict, problems: verdict.intact ? [] : verdict.problems.map((problem) => problem.problem) };
}

const checkpoints = () => db.auditCheckpoint.findMany({ orderBy: { id: "asc" }, include: { timestamp: true } });

/**
 * Three hours of history written before a timestamp authority was configured: an agreement and
 * a checkpoint of its events, with the server's clock set back (the authority's is not).
 */
async function historyFromThreeHoursAgo() {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - 3 * HOUR });
  await issueTestAgreement({ articleTitle: "An Old Paper" });
  const old = await checkpointAuditChainIfDue();
  vi.useRealTimers();
  return old!;
}

describe("timestamps of the audit checkpoints", () => {
  it("are asked for by the checkpoint job after the checkpoint is written, over its canonical string and signature, and OpenSSL verifies them", async () => {
    configureAuthority();
    await issueTestAgreement();
    const before = tsa.requests;
    await runCheckpointJob();
    const [checkpoint] = await checkpoints();
    expect(tsa.requests).toBe(before + 1);
    expect(checkpoint.timestamp).toMatchObject({ authority: "Imprimatur Test Timestamp Authority" });
    const lead = checkpoint.timestamp!.time.getTime() - checkpoint.createdAt.getTime();
    expect(lead).toBeGreaterThan(-2000); // the authority gives whole seconds
    expect(lead).toBeLessThan(10_000);

    // A third party needs only the row: the bytes, the token, and the authority's CA.
    await writeFile(path.join(dir, "checkpoint.txt"), timestampedCheckpointBytes(checkpoint));
    await writeFile(path.join(dir, "token.der"), checkpoint.timestamp!.token);
    const { stdout } = await run("openssl", [
      "ts", "-verify", "-token_in", "-in", path.join(dir, "token.der"), "-data", path.join(dir, "checkpoint.txt"),
      "-CAfile", tsa.caCertificatePath,
    ]); // prettier-ignore
    expect(stdout).toContain("Verification: OK");
    expect(timestampedCheckpointBytes(checkpoint).toString("utf8")).toBe(
      `${canonicalCheckpoint(checkpoint)}\nsignature ${checkpoint.signature}`,
    );

    const verified = await auditVerify();
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^Audit chain intact/);
    expect(verified.stdout).toContain(
      "Timestamped: 1 of 1 checkpoints, by Imprimatur Test Timestamp Authority (1; certificate SHA-256 ",
    );
    expect(verified.stdout).toContain(
      `The log up to event #${checkpoint.eventId} existed by ${checkpoint.timestamp!.time.toISOString()}, says Imprimatur Test Timestamp Authority (checkpoint #${checkpoint.id}).`,
    );
    expect(verified.stdout).not.toContain("Warning");
  });

  it("reach the checkpoint a seal writes inside its own transaction at the job's next run", async () => {
    configureAuthority();
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    await sealAgreement(agreement.id);
    const [seal] = await checkpoints();
    expect(seal).toMatchObject({ reason: "seal", agreementId: agreement.id, timestamp: null });
    await runCheckpointJob();
    const timestamped = await db.auditCheckpointTimestamp.findUnique({ where: { checkpointId: seal.id } });
    expect(timestamped?.authority).toBe("Imprimatur Test Timestamp Authority");
  });

  it("may be added by the app's role but never changed or removed", async () => {
    configureAuthority();
    await issueTestAgreement();
    await runCheckpointJob();
    const app = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await app.connect();
    try {
      for (const sql of [
        `UPDATE "AuditCheckpointTimestamp" SET "time" = now()`,
        `DELETE FROM "AuditCheckpointTimestamp"`,
        `TRUNCATE "AuditCheckpointTimestamp"`,
      ])
        await expect(app.query(sql)).rejects.toThrow(/permission denied for table AuditCheckpointTimestamp/);
    } finally {
      await app.end();
    }
    await expect(sqlAs("owner", `DELETE FROM "AuditCheckpointTimestamp"`)).rejects.toThrow(
      /AuditCheckpointTimestamp rows are append-only/,
    );
  });
});

describe("an authority that is down", () => {
  it("leaves the checkpoint written without a token, which the job's next run timestamps once it is back", async () => {
    configureAuthority();
    tsa.behave("down");
    await issueTestAgreement();
    await runCheckpointJob();
    const [written] = await checkpoints();
    expect(written.timestamp).toBeNull();
    // The job did not fail for it: nothing is left in the queue to retry.
    const left = await sqlAs(
      "owner",
      `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'checkpoint_audit_chain'`,
    );
    expect(left.rows[0].n).toBe(0);
    const meanwhile = await auditVerify();
    expect(meanwhile.code).toBe(0);
    expect(meanwhile.stdout).toContain(
      `Warning: checkpoint #${written.id} (of ${written.createdAt.toISOString()}, for event #${written.eventId}) has no timestamp.`,
    );
    expect((await verdictLines({ requireTimestamps: true })).problems).toEqual([
      expect.stringMatching(new RegExp(`^checkpoint #${written.id} .* has no timestamp from an authority`)),
    ]);

    tsa.behave("ok");
    await runCheckpointJob();
    const [later] = await checkpoints();
    expect(later.id).toBe(written.id);
    expect(later.timestamp!.time.getTime()).toBeGreaterThanOrEqual(written.createdAt.getTime() - 1000);
    const after = await verdictLines({ requireTimestamps: true });
    expect(after.verdict).toMatchObject({ intact: true, timestamps: { timestamped: 1, missing: [] } });
  });

  it("past TSA_GRACE_MINUTES leaves that checkpoint untimestamped and timestamps a fresh one of the head instead", async () => {
    configureAuthority({ TSA_GRACE_MINUTES: "0.02" }); // 1.2 s
    tsa.behave("down");
    await issueTestAgreement();
    await runCheckpointJob();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    tsa.behave("ok");
    await runCheckpointJob();
    const [missed, fresh, ...none] = await checkpoints();
    expect(none).toEqual([]);
    expect(missed.timestamp).toBeNull();
    expect(fresh).toMatchObject({ reason: "timestamp", eventId: missed.eventId, eventHash: missed.eventHash });
    expect(fresh.timestamp).not.toBeNull();
    const { verdict } = await verdictLines();
    expect(verdict).toMatchObject({
      intact: true,
      timestamps: {
        newest: { checkpointId: String(fresh.id), eventId: String(fresh.eventId) },
        missing: [{ checkpointId: String(missed.id) }],
      },
    });
  });
});

describe("an insider with the owner's rights and the seal key", () => {
  /**
   * Deletes an event from the old history, recomputes every later hash, throws away every
   * checkpoint and token, and signs fresh checkpoints of the recomputed chain claiming the times
   * of the ones thrown away, each as the owner, with the publisher's seal key.
   */
  async function recomputeAndRecheckpoint() {
    const genuine = await checkpoints();
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
    // An event of the old history no checkpoint names, so every checkpoint can be re-signed.
    const at = events.findIndex(
      (event, index) => index > 0 && !genuine.some((checkpoint) => checkpoint.eventId === event.id),
    );
    const [before, victim, after] = events.slice(at - 1, at + 2);
    await tamperWithAuditLog(`DELETE FROM "AuditEvent" WHERE id = ${victim.id}`);
    await rewriteAndRecompute(after.id, `UPDATE "AuditEvent" SET "prevHash" = '${before.hash}' WHERE id = ${after.id}`);
    const tables = `"AuditCheckpoint", "AuditCheckpointTimestamp"`;
    await sqlAs(
      "owner",
      `BEGIN; ALTER TABLE "AuditCheckpoint" DISABLE TRIGGER USER; ALTER TABLE "AuditCheckpointTimestamp" DISABLE TRIGGER USER;
       TRUNCATE ${tables}; ALTER TABLE "AuditCheckpoint" ENABLE TRIGGER USER;
       ALTER TABLE "AuditCheckpointTimestamp" ENABLE TRIGGER USER; COMMIT;`,
    );
    const seal = await signingCertificateFromEnv();
    const forged = [];
    for (const old of genuine) {
      const event = await db.auditEvent.findUniqueOrThrow({ where: { id: old.eventId } });
      const content = {
        eventId: old.eventId,
        eventHash: event.hash,
        eventCount: BigInt(await db.auditEvent.count({ where: { id: { lte: old.eventId } } })),
        reason: old.reason,
        agreementId: old.agreementId,
        createdAt: old.createdAt,
        certificateFingerprint: seal.fingerprintSha256,
      };
      const signature = signCheckpoint(content, seal);
      const row = { ...content, id: old.id, certificatePem: seal.certificatePem, signature };
      await sqlAs(
        "owner",
        `INSERT INTO "AuditCheckpoint" (id, "eventId", "eventHash", "eventCount", reason, "agreementId", "createdAt",
           "certificateFingerprint", "certificatePem", signature) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          String(row.id), String(row.eventId), row.eventHash, String(row.eventCount), row.reason, row.agreementId,
          row.createdAt, row.certificateFingerprint, row.certificatePem, row.signature,
        ], // prettier-ignore
      );
      forged.push(row);
    }
    return forged;
  }

  /** Tokens for the forged checkpoints, from an authority that answers today. */
  async function timestampAsInsider(rows: Awaited<ReturnType<typeof recomputeAndRecheckpoint>>, authorityUrl: string) {
    const authority = { ...timestampAuthorityFromEnv()!, url: authorityUrl };
    for (const row of rows) {
      const token = await requestTimestamp(authority, timestampedCheckpointBytes(row));
      await sqlAs(
        "owner",
        `INSERT INTO "AuditCheckpointTimestamp" ("checkpointId", token, "time", authority, "certificateSha256", "serialNumber")
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [String(row.id), token.der, token.time, token.authority, token.certificateSha256, token.serialNumber],
      );
    }
  }

  async function historyThenTimestampedCheckpoint(options: { showIntact?: boolean } = {}) {
    const old = await historyFromThreeHoursAgo();
    configureAuthority();
    await issueTestAgreement({ articleTitle: "A New Paper" });
    await runCheckpointJob();
    const [, recent] = await checkpoints();
    expect(recent.timestamp).not.toBeNull();
    if (options.showIntact) {
      const before = await auditVerify();
      expect(before.code).toBe(0);
      expect(before.stdout).toContain("Timestamped: 1 of 2 checkpoints");
      expect(before.stdout).toContain(`Warning: checkpoint #${old.id} (of ${old.createdAt.toISOString()}`);
    } else expect((await verdictLines()).verdict).toMatchObject({ intact: true, timestamps: { timestamped: 1 } });
    return { old, recent };
  }

  it("who also has the recomputed checkpoints timestamped today is reported as backdating them", async () => {
    const { old } = await historyThenTimestampedCheckpoint({ showIntact: true });
    const forged = await recomputeAndRecheckpoint();
    await timestampAsInsider(forged, tsa.url);
    const { code, stdout } = await auditVerify();
    expect(stdout).toMatch(
      new RegExp(
        `^Audit chain BROKEN: checkpoint #${old.id} \\(of ${old.createdAt.toISOString()}, for event #${old.eventId}\\) is backdated: it claims ${old.createdAt.toISOString()}, but the timestamp authority "Imprimatur Test Timestamp Authority" first saw it at \\S+, 3 h later \\(TSA_GRACE_MINUTES allows 60 min\\)\\. It was written after the fact`,
      ),
    );
    expect(code).toBe(1);
  });

  it("who leaves the recomputed checkpoints untimestamped is warned of, and fails --require-timestamps", async () => {
    const { recent } = await historyThenTimestampedCheckpoint();
    await recomputeAndRecheckpoint();
    const { verdict } = await verdictLines();
    expect(verdict).toMatchObject({ intact: true, timestamps: { timestamped: 0, newest: null } });
    expect(verdict.timestamps.missing.map((missing) => missing.checkpointId)).toContain(String(recent.id));
    const required = await auditVerify("--require-timestamps");
    expect(required.stdout).toMatch(
      /^Audit chain BROKEN: 2 checkpoints, from #\d+ \(of \S+\) to #\d+ \(of \S+\), have no timestamp from an authority/,
    );
    expect(required.code).toBe(1);
  });

  it("who timestamps the recomputed checkpoints with an authority of their own is reported when TSA_TRUSTED_CERTS is set", async () => {
    await historyThenTimestampedCheckpoint();
    const forged = await recomputeAndRecheckpoint();
    const own = await startTestTimestampAuthority({ name: "Insider Clock" });
    try {
      // Only the recent one: its claimed time passes, but not its authority.
      await timestampAsInsider(forged.slice(1), own.url);
    } finally {
      await own.stop();
    }
    const { code, stdout } = await auditVerify();
    expect(stdout).toMatch(
      new RegExp(
        `^Audit chain BROKEN: checkpoint #${forged[1].id} .* was timestamped by "Insider Clock" \\(certificate SHA-256 [0-9a-f]{64}\\), which does not chain to TSA_TRUSTED_CERTS`,
      ),
    );
    expect(code).toBe(1);
  });
});

describe("a token altered in the table", () => {
  it("is reported as a timestamp that does not hold, as are a moved token and an edited time", async () => {
    configureAuthority();
    await issueTestAgreement();
    await runCheckpointJob();
    await issueTestAgreement({ articleTitle: "A Second Paper" });
    await checkpointAuditChainIfDue(new Date(Date.now() + 61 * 60_000)); // the hourly one, as an hour on
    const [first, second] = await checkpoints();

    await tamperWithAuditLog(
      `UPDATE "AuditCheckpointTimestamp" SET token = set_byte(token, length(token) - 10, get_byte(token, length(token) - 10) # 1) WHERE "checkpointId" = ${first.id}`,
    );
    const flipped = await auditVerify();
    expect(flipped.stdout).toMatch(
      new RegExp(`^Audit chain BROKEN: checkpoint #${first.id} .* has a timestamp token that does not hold: `),
    );
    expect(flipped.code).toBe(1);

    // The genuine token again, now also given to the second checkpoint in place of its own.
    await tamperWithAuditLog(
      `UPDATE "AuditCheckpointTimestamp" SET token = '\\x${Buffer.from(first.timestamp!.token).toString("hex")}' WHERE "checkpointId" = ${first.id};
       INSERT INTO "AuditCheckpointTimestamp" ("checkpointId", token, "time", authority, "certificateSha256", "serialNumber")
         SELECT ${second.id}, token, "time", authority, "certificateSha256", "serialNumber" FROM "AuditCheckpointTimestamp" WHERE "checkpointId" = ${first.id}`,
    );
    expect((await verdictLines()).problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^checkpoint #${second.id} .* has a timestamp token that does not hold: the timestamp is for other data than this$`,
        ),
      ),
    ]);

    await tamperWithAuditLog(
      `DELETE FROM "AuditCheckpointTimestamp" WHERE "checkpointId" = ${second.id};
       UPDATE "AuditCheckpointTimestamp" SET "time" = "time" - interval '1 day' WHERE "checkpointId" = ${first.id}`,
    );
    expect((await verdictLines()).problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^checkpoint #${first.id} .*: the time and authority stored beside its token .* are not the token's own .*; the table was altered$`,
        ),
      ),
    ]);
  });
});
