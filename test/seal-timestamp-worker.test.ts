import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { AUTHOR, issueTestAgreement } from "./agreement-fixtures";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";
import { startTestTimestampAuthority, type TestTimestampAuthority } from "./timestamp-authority";
import { stopChild, within } from "./eventually";

// The app's job worker in a process of its own (test/fixtures/worker-process.ts), sealing against
// a local RFC 3161 authority that goes down and comes back, as an operator would see it.

let sink: SmtpSink;
let tsa: TestTimestampAuthority;
const workers: ChildProcess[] = [];
const scratch = mkdtempSync(path.join(os.tmpdir(), "seal-worker-"));
beforeAll(async () => {
  [sink, tsa] = await Promise.all([startSmtpSink(), startTestTimestampAuthority()]);
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((child) => stopChild(child)));
});
afterAll(async () => {
  await Promise.all([sink.close(), tsa.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});

function startWorkerProcess(env: Record<string, string>) {
  // node itself, with tsx as a loader, so that SIGKILL reaches the worker and not a wrapper.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "test/fixtures/worker-process.ts"],
    { env: { ...process.env, SMTP_URL: sink.url, ...tsa.env(), ...env }, stdio: ["ignore", "pipe", "inherit"] },
  );
  workers.push(child);
  return new Promise<ChildProcess>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("worker started") && resolve(child));
    child.once("exit", (code, signal) => reject(new Error(`the worker exited (${code ?? signal}) before it started`)));
  });
}

const sealJobId = async (id: string) =>
  (await db.$queryRaw<{ id: string }[]>`SELECT id::text FROM graphile_worker.jobs WHERE key = ${`seal:${id}`}`)[0]?.id;
const sealStatus = async (id: string) => (await db.agreement.findUniqueOrThrow({ where: { id } })).sealStatus;
const pdfsReceivedBy = (address: string) =>
  sink.mails
    .filter((mail) => JSON.stringify(mail.to).includes(address))
    .flatMap((mail) => mail.attachments.filter((attachment) => attachment.contentType === "application/pdf"));

describe("the worker sealing while the timestamp authority is down", () => {
  it("waits and asks again without failing, then seals with a timestamp and mails it once the authority is back", async () => {
    tsa.behave("down");
    await startWorkerProcess({ TSA_TIMEOUT_SECONDS: "1" });
    const { agreement, token } = await issueTestAgreement({ correspondingAuthorEmail: "worker-wait@example.org" });
    const id = agreement.id;
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });

    await within(
      20,
      "the seal waits for the authority",
      async () => (await sealStatus(id)) === "waiting_for_timestamp",
    );
    // Each try that finds the authority down queues the next one as a new job: the id moves on.
    const firstRetry = await sealJobId(id);
    await within(20, "the worker tries again", async () => (await sealJobId(id)) !== firstRetry);
    expect(await sealStatus(id)).toBe("waiting_for_timestamp");
    const waitEvents = { agreementId: id, type: "agreement.seal_waiting_for_timestamp" };
    expect(await db.auditEvent.count({ where: waitEvents })).toBe(1);
    expect(await db.signedDocument.count({ where: { agreementId: id } })).toBe(0);
    expect(pdfsReceivedBy("worker-wait@example.org")).toHaveLength(0);

    tsa.behave("ok");
    // The next try comes when the wait's backoff says (lib/agreements/seal-timestamp-wait.test.ts
    // checks when): let it come now, as the clock would, rather than wait the 5–10 s here.
    await db.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = ${`seal:${id}`}`;
    await within(30, "the agreement is sealed", async () => (await sealStatus(id)) === "sealed");
    const document = await db.signedDocument.findUniqueOrThrow({ where: { agreementId: id } });
    expect(document.timestampAuthority).toBe("Imprimatur Test Timestamp Authority");
    expect(document.timestampMissing).toBe(false);
    const [attached] = await within(20, "the author's signed copy arrives", async () => {
      const pdfs = pdfsReceivedBy("worker-wait@example.org");
      return pdfs.length > 0 && pdfs;
    });
    expect(Buffer.from(attached.content).equals(Buffer.from(document.pdf))).toBe(true);
    const file = path.join(scratch, "sealed.pdf");
    writeFileSync(file, document.pdf);
    expect(execFileSync("pdfsig", [file], { encoding: "utf8" })).toContain("Signature is Valid");
    expect(await db.auditEvent.count({ where: waitEvents })).toBe(1);
    expect(await db.auditEvent.count({ where: { agreementId: id, type: "agreement.seal_failed" } })).toBe(0);
  }, 90_000);

  it("loses nothing when the worker is killed while the authority keeps it waiting for an answer", async () => {
    tsa.behave("slow");
    const dying = await startWorkerProcess({ TSA_TIMEOUT_SECONDS: "20" });
    const { agreement, token } = await issueTestAgreement({ correspondingAuthorEmail: "worker-killed@example.org" });
    const id = agreement.id;
    const askedBefore = tsa.requests;
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    await within(20, "the seal asks the authority", async () => tsa.requests > askedBefore);
    await stopChild(dying, "SIGKILL");
    expect(await sealStatus(id)).toBe("pending");
    expect(await db.signedDocument.count({ where: { agreementId: id } })).toBe(0);

    tsa.behave("ok");
    await startWorkerProcess({ TSA_TIMEOUT_SECONDS: "1" });
    await within(30, "the agreement is sealed", async () => (await sealStatus(id)) === "sealed");
    const document = await db.signedDocument.findUniqueOrThrow({ where: { agreementId: id } });
    expect(document.timestampAuthority).toBe("Imprimatur Test Timestamp Authority");
    expect(await db.auditEvent.count({ where: { agreementId: id, type: "agreement.sealed" } })).toBe(1);
    expect(await db.emailMessage.count({ where: { agreementId: id, kind: "signed_copy" } })).toBe(1);
  }, 90_000);
});
