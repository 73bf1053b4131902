import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { getImport, previewImport, startIssuingImport } from "@/lib/proceedings/bulk-import";
import { AUTHOR, issueTestAgreement } from "./agreement-fixtures";
import { staffActing } from "./contexts";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";
import { stopChild, within } from "./eventually";

// Real worker processes (test/fixtures/worker-process.ts) on this file's database, killed with
// SIGKILL where it hurts most. graphile-worker alone would leave their jobs locked for 4 hours.

let sink: SmtpSink;
const workers: ChildProcess[] = [];
beforeAll(async () => {
  sink = await startSmtpSink(undefined, { parse: false });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((child) => stopChild(child)));
});
afterAll(async () => {
  await sink.close();
});

const printed = (child: ChildProcess, text: string) =>
  new Promise<void>((resolve) =>
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes(text) && resolve()),
  );

/** Starts a worker process and resolves once it works the queue. */
function startWorkerProcess(mode?: "hang-mid-seal" | "hang-mid-import", ready = "worker started") {
  // node itself, with tsx as a loader: the tsx command would run the worker in a grandchild that
  // outlives a SIGKILL sent to it.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "test/fixtures/worker-process.ts", ...(mode ? [mode] : [])],
    { env: { ...process.env, SMTP_URL: sink.url, WORKER_CONCURRENCY: "4" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  workers.push(child);
  return new Promise<ChildProcess>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes(ready)) resolve(child);
    });
    child.once("exit", (code, signal) => reject(new Error(`the worker exited (${code ?? signal}) before: ${ready}`)));
  });
}

const lockedBy = async (key: string) =>
  (await db.$queryRaw<{ locked_by: string | null }[]>`SELECT locked_by FROM graphile_worker.jobs WHERE key = ${key}`)[0]
    ?.locked_by;

describe("a worker killed mid-way", () => {
  it("is replaced by a restarted worker that seals the agreement once, within seconds rather than hours", async () => {
    const { agreement, token } = await issueTestAgreement({ correspondingAuthorEmail: "killed-seal@example.org" });
    const dying = await startWorkerProcess("hang-mid-seal");
    const sealedNotStored = printed(dying, "sealed, not yet stored");
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    await sealedNotStored;
    await stopChild(dying, "SIGKILL");
    // The seal job is still held by the dead process, and nothing was stored.
    expect(await lockedBy(`seal:${agreement.id}`)).toMatch(/pool-/);
    expect(await db.signedDocument.count({ where: { agreementId: agreement.id } })).toBe(0);

    const restartedAt = Date.now();
    await startWorkerProcess();
    await within(25, "the agreement is sealed", async () =>
      (await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).sealStatus === "sealed" ? true : false,
    );
    expect(Date.now() - restartedAt).toBeLessThan(25_000);
    expect(await db.signedDocument.count({ where: { agreementId: agreement.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.sealed" } })).toBe(1);
    const signedCopies = await db.emailMessage.count({ where: { agreementId: agreement.id, kind: "signed_copy" } });
    expect(signedCopies).toBe(1);
    // Two worker processes start (each compiles its TypeScript) and the restart may take up to 25 s:
    // Vitest's default 30 s cut this test off on a busy machine although the worker kept its 25 s.
  }, 90_000);

  it("resumes a 2,000-paper import after the worker issuing it was killed, issuing no paper twice", async () => {
    const volume = await db.proceedings.create({ data: { name: "Killed Import Volume", linkExpiryDays: 14 } });
    const header = "paper_id,title,corresponding_author,corresponding_email,authors";
    const rows = Array.from(
      { length: 2000 },
      (_, i) => `${i + 1},Paper ${i + 1},Ada Lovelace,ada${i}@example.org,Ada Lovelace`,
    );
    const bytes = new TextEncoder().encode([header, ...rows].join("\n"));
    const staff = staffActing("importer@example.org", { ip: "203.0.113.5", userAgent: "vitest" });
    const { importId, preview } = await previewImport(staff, { proceedingsId: volume.id, fileName: "icml.csv", bytes });
    expect(preview.problems).toEqual([]);

    const dying = await startWorkerProcess("hang-mid-import");
    const chunkIssued = printed(dying, "a chunk issued");
    await startIssuingImport(staff, { importId });
    await chunkIssued;
    await stopChild(dying, "SIGKILL");
    const halfway = await getImport(importId);
    expect(halfway).toMatchObject({ status: "issuing", issued: 100 });
    expect(await db.agreement.count({ where: { proceedingsId: volume.id } })).toBe(100);

    await startWorkerProcess();
    await within(40, "the import is done", async () => (await getImport(importId))?.status === "done");
    expect(await getImport(importId)).toMatchObject({ status: "done", total: 2000, issued: 2000, skipped: 0 });
    const agreements = await db.agreement.findMany({ where: { proceedingsId: volume.id }, select: { paperId: true } });
    expect(agreements).toHaveLength(2000);
    expect(new Set(agreements.map((a) => a.paperId)).size).toBe(2000);
    const invitations = await db.emailMessage.count({
      where: { kind: "invitation", agreement: { proceedingsId: volume.id } },
    });
    expect(invitations).toBe(2000);
    const issuedEvents = await db.auditEvent.count({
      where: { type: "agreement.issued", agreement: { proceedingsId: volume.id } },
    });
    expect(issuedEvents).toBe(2000);
  }, 60_000);
});
