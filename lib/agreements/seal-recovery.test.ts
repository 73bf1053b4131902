import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { staffAddressContext } from "@/lib/audit/audit-context";
import { taskList } from "@/lib/worker/task-list";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { retrySeal } from "./retry-seal";
import { sealThreads } from "./seal-threads";
import { signAgreement } from "./sign-agreement";
import { sweepStuckSeals } from "./sweep-stuck-seals";
import { runQueuedJobs } from "@/test/run-queued-jobs";

const workOffQueue = () => runQueuedJobs(taskList);

function killMidSeal(agreementId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "node_modules/.bin/tsx",
      ["--conditions=react-server", "test/fixtures/seal-then-hang.ts", agreementId],
      { env: process.env, stdio: ["ignore", "pipe", "inherit"] },
    );
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("sealed, not yet stored")) child.kill("SIGKILL");
    });
    child.once("exit", (_code, signal) =>
      signal === "SIGKILL" ? resolve() : reject(new Error("the sealing process ended before it could be killed")),
    );
  });
}

describe("sealing that never gets stuck", () => {
  it("finishes a seal whose worker was killed mid-way, with exactly one PDF", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    // The dead worker had locked the seal job; the queue itself would only free it after hours.
    await db.$executeRaw`UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '10 minutes', locked_by = 'worker-that-died' WHERE key = ${`seal:${agreement.id}`}`;
    await killMidSeal(agreement.id);
    expect(await db.signedDocument.count({ where: { agreementId: agreement.id } })).toBe(0);
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).sealStatus).toBe("pending");

    expect(await sweepStuckSeals({ stuckForSeconds: 0 })).toContain(agreement.id);
    await workOffQueue();

    expect(await db.signedDocument.count({ where: { agreementId: agreement.id } })).toBe(1);
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).sealStatus).toBe("sealed");
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.sealed" } })).toBe(1);
    expect(await sweepStuckSeals({ stuckForSeconds: 0 })).not.toContain(agreement.id);
  });

  it("stores nothing when the sealing thread dies mid-seal, and the job's retry seals it once", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const sealJob = taskList.seal_agreement!;
    const helpers = { job: { attempts: 1, max_attempts: 5 } } as never;
    // A fresh thread: it reads its fonts before sealing, so the seal is surely in flight below.
    await sealThreads().stop();
    const job = sealJob({ agreementId: agreement.id }, helpers);
    for (const deadline = Date.now() + 20_000; sealThreads().inFlight() === 0;) {
      if (Date.now() > deadline) throw new Error("the seal never reached its thread");
      await new Promise((resolve) => setImmediate(resolve));
    }
    await sealThreads().stop();
    // The job fails, so the queue tries it again; nothing half-stored meanwhile.
    await expect(job).rejects.toThrow(/sealing thread stopped/);
    expect(await db.signedDocument.count({ where: { agreementId: agreement.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.sealed" } })).toBe(0);
    expect(await db.emailMessage.count({ where: { agreementId: agreement.id, kind: "signed_copy" } })).toBe(0);

    await sealJob({ agreementId: agreement.id }, { job: { attempts: 2, max_attempts: 5 } } as never);
    expect(await db.signedDocument.count({ where: { agreementId: agreement.id } })).toBe(1);
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).sealStatus).toBe("sealed");
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.sealed" } })).toBe(1);
    await sealThreads().stop();
  });

  it("leaves a seal that is merely running alone", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    expect(await sweepStuckSeals({ stuckForSeconds: 120 })).not.toContain(agreement.id);
  });

  it("shows staff 'seal failed' with the reason after the last attempt, and a retry seals it", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const signatureName = "Zhang Haoyang";
    await db.agreement.update({ where: { id: agreement.id }, data: { signatureName: null } });
    const helpers = (attempts: number) => ({ job: { attempts, max_attempts: 5 } }) as never;

    await expect(taskList.seal_agreement!({ agreementId: agreement.id }, helpers(1))).rejects.toThrow();
    expect(await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).toMatchObject({
      sealStatus: "pending",
      sealAttempts: 1,
    });
    await expect(taskList.seal_agreement!({ agreementId: agreement.id }, helpers(5))).rejects.toThrow();
    const failed = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(failed).toMatchObject({ sealStatus: "failed", sealAttempts: 2 });
    expect(failed.sealError).toMatch(/no recorded signature/);
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.seal_failed" } })).toBe(1);

    await db.agreement.update({ where: { id: agreement.id }, data: { signatureName } });
    const admin = staffAddressContext("admin@imprimatur.test", { ip: null, userAgent: null });
    await retrySeal(admin, { agreementId: agreement.id });
    await workOffQueue();
    expect(await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).toMatchObject({
      sealStatus: "sealed",
      sealError: null,
    });
    expect(await db.signedDocument.count({ where: { agreementId: agreement.id } })).toBe(1);
  });

  it("refuses to retry a seal that did not fail, as SEAL_NOT_RETRYABLE, and queues nothing", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const staff = staffAddressContext("admin@imprimatur.test", { ip: null, userAgent: null });
    const refusal = await retrySeal(staff, { agreementId: agreement.id }).catch((error: unknown) => error);
    const userMessage = "Only a seal that failed can be retried.";
    expect(refusal).toMatchObject({ code: "SEAL_NOT_RETRYABLE", status: 409, userMessage });
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.seal_retried" } })).toBe(0);
  });
});
