import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { taskList } from "@/lib/worker/task-list";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { runQueuedJobs } from "@/test/run-queued-jobs";
import { startSmtpSink, type SmtpSink } from "@/test/smtp-sink";
import { startTestTimestampAuthority, type TestTimestampAuthority } from "@/test/timestamp-authority";
import { countSealStates } from "./count-seal-states";
import { parseAgreementQuery } from "./search/agreement-query";
import { searchAgreements } from "./search/search-agreements";
import { signAgreement } from "./sign-agreement";
import { sweepStuckSeals } from "./sweep-stuck-seals";

// Seals against a real RFC 3161 authority on 127.0.0.1 (OpenSSL behind HTTP), worked off by
// graphile-worker on this file's PostgreSQL, as the app's worker would.

let tsa: TestTimestampAuthority;
let sink: SmtpSink;
let host: string;
const scratch = mkdtempSync(path.join(os.tmpdir(), "seal-wait-"));
beforeAll(async () => {
  [tsa, sink] = await Promise.all([startTestTimestampAuthority(), startSmtpSink()]);
  host = new URL(tsa.url).host;
  process.env.SMTP_URL = sink.url;
});
afterEach(() => {
  tsa.behave("ok");
  Object.assign(process.env, tsa.env(), { TSA_TIMEOUT_SECONDS: "1" });
  delete process.env.TSA_GRACE_MINUTES;
});
beforeAll(() => {
  Object.assign(process.env, tsa.env(), { TSA_TIMEOUT_SECONDS: "1" });
});
afterAll(async () => {
  for (const name of ["TSA_URL", "TSA_TRUSTED_CERTS", "TSA_TIMEOUT_SECONDS"]) delete process.env[name];
  await Promise.all([tsa.stop(), sink.close()]);
  rmSync(scratch, { recursive: true, force: true });
});

const workOffQueue = () => runQueuedJobs(taskList);

async function signed(email: string) {
  const { agreement, token } = await issueTestAgreement({ correspondingAuthorEmail: email });
  await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
  return agreement.id;
}

const agreementOf = (id: string) => db.agreement.findUniqueOrThrow({ where: { id } });
const events = (id: string, type: string) => db.auditEvent.findMany({ where: { agreementId: id, type } });
/** The staff list, filtered by one flag, as the row for this agreement shows it (if listed). */
async function listedUnder(flag: string, id: string) {
  const { rows } = await searchAgreements(parseAgreementQuery({ flag }), { pageSize: 1000 });
  return rows.find((row) => row.id === id)?.flags.find((entry) => entry.flag === flag)?.reason;
}
const signedCopies = (id: string) => db.emailMessage.count({ where: { agreementId: id, kind: "signed_copy" } });
/** Signed PDFs the author's mailbox has received. */
const pdfsReceivedBy = (address: string) =>
  sink.mails
    .filter((mail) => JSON.stringify(mail.to).includes(address))
    .flatMap((mail) => mail.attachments.filter((attachment) => attachment.contentType === "application/pdf"));

async function sealJob(id: string) {
  const [job] = await db.$queryRaw<{ run_at: Date; attempts: number }[]>`
    SELECT run_at, attempts FROM graphile_worker.jobs WHERE key = ${`seal:${id}`}`;
  return job;
}

/** Lets the waiting seal's next try come now, as the clock would. */
const makeDue = (id: string) =>
  db.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = ${`seal:${id}`}`;

/** Moves the start of the wait into the past, as if the authority had been gone that long. */
const waitingFor = (id: string, minutes: number) =>
  db.agreement.update({ where: { id }, data: { sealWaitingSince: new Date(Date.now() - minutes * 60_000) } });

function certificatePage(pdf: Uint8Array): string {
  const file = path.join(scratch, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}

describe("a seal with a timestamp authority configured", () => {
  it("carries the authority's timestamp, stored with the seal and named in the sealed event", async () => {
    const id = await signed("up@example.org");
    const before = Date.now();
    await workOffQueue();

    const document = await db.signedDocument.findUniqueOrThrow({ where: { agreementId: id } });
    expect(document.timestampAuthority).toBe("Imprimatur Test Timestamp Authority");
    expect(Math.abs(document.timestampAt!.getTime() - before)).toBeLessThan(10_000);
    expect(document.timestampMissing).toBe(false);
    expect(await agreementOf(id)).toMatchObject({ sealStatus: "sealed", sealWaitingSince: null });
    const [sealed] = await events(id, "agreement.sealed");
    expect(sealed.data).toMatchObject({
      timestampAuthority: "Imprimatur Test Timestamp Authority",
      timestampAt: document.timestampAt!.toISOString(),
    });
    expect(certificatePage(document.pdf)).toContain(
      `The seal's time is certified by the timestamp authority ${host} (RFC 3161); the time is in the ` +
        "digital signature and shown by http://imprimatur.test:3000/verify.",
    );
  });
});

describe("a seal whose timestamp authority is down", () => {
  it("waits (one event, no document, no email) without ever failing, then seals with a timestamp once it is back", async () => {
    tsa.behave("down");
    const id = await signed("down@example.org");
    await workOffQueue();

    const waiting = await agreementOf(id);
    expect(waiting.sealStatus).toBe("waiting_for_timestamp");
    expect(waiting.sealError).toMatch(
      /^The timestamp authority at http:\/\/127\.0\.0\.1:\d+\/tsa could not be reached/,
    );
    expect(waiting.sealWaitingSince).toBeInstanceOf(Date);
    expect(await db.signedDocument.count({ where: { agreementId: id } })).toBe(0);
    expect(await signedCopies(id)).toBe(0);
    const job = await sealJob(id);
    expect(job.attempts).toBe(0);
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now());
    expect(await listedUnder("seal_waiting_for_timestamp", id)).toMatch(
      /^Sealing waits for the timestamp authority since \d{4}-\d\d-\d\d \d\d:\d\d UTC: The timestamp authority at/,
    );

    // Far more tries than the job's five attempts: waiting never turns into "seal failed".
    for (let round = 0; round < 6; round++) {
      await makeDue(id);
      await workOffQueue();
    }
    expect(await agreementOf(id)).toMatchObject({
      sealStatus: "waiting_for_timestamp",
      sealAttempts: 0,
      sealWaitingSince: waiting.sealWaitingSince,
    });
    const [waitEvent, ...more] = await events(id, "agreement.seal_waiting_for_timestamp");
    expect(more).toHaveLength(0);
    expect(waitEvent.data).toMatchObject({ authority: host, reason: waiting.sealError });
    expect(await events(id, "agreement.seal_failed")).toHaveLength(0);
    expect(await db.signedDocument.count({ where: { agreementId: id } })).toBe(0);
    expect(await signedCopies(id)).toBe(0);
    expect(pdfsReceivedBy("down@example.org")).toHaveLength(0);

    tsa.behave("ok");
    await makeDue(id);
    await workOffQueue();
    expect(await agreementOf(id)).toMatchObject({ sealStatus: "sealed", sealError: null, sealWaitingSince: null });
    const document = await db.signedDocument.findUniqueOrThrow({ where: { agreementId: id } });
    expect(document).toMatchObject({
      timestampAuthority: "Imprimatur Test Timestamp Authority",
      timestampMissing: false,
    });
    expect(await signedCopies(id)).toBe(1);
    expect(await events(id, "agreement.sealed")).toHaveLength(1);
    expect(await events(id, "agreement.seal_waiting_for_timestamp")).toHaveLength(1);
    await workOffQueue();
    expect(pdfsReceivedBy("down@example.org")).toHaveLength(1);
  });

  it.each([
    ["slow", /did not answer within 1 s/],
    ["garbage", /answered with something that is not an RFC 3161 timestamp reply/],
    ["refusing", /refused to timestamp/],
  ] as const)("waits the same way when the authority is %s", async (behaviour, reason) => {
    tsa.behave(behaviour);
    const id = await signed(`${behaviour}@example.org`);
    await workOffQueue();
    const agreement = await agreementOf(id);
    expect(agreement.sealStatus).toBe("waiting_for_timestamp");
    expect(agreement.sealError).toMatch(reason);
    expect(await db.signedDocument.count({ where: { agreementId: id } })).toBe(0);
    expect(await signedCopies(id)).toBe(0);
    expect(await events(id, "agreement.seal_waiting_for_timestamp")).toHaveLength(1);
  });

  it("asks again after a wait that doubles up to five minutes, and last exactly when the grace ends", async () => {
    tsa.behave("down");
    const id = await signed("backoff@example.org");
    await workOffQueue();
    const delay = async () => ((await sealJob(id)).run_at.getTime() - Date.now()) / 1000;
    expect(await delay()).toBeGreaterThan(3);
    expect(await delay()).toBeLessThanOrEqual(5);

    for (const [minutesWaited, expected] of [
      [2, 120],
      [30, 300],
      [59, 60],
    ] as const) {
      await waitingFor(id, minutesWaited);
      await makeDue(id);
      await workOffQueue();
      expect(await delay()).toBeGreaterThan(expected - 5);
      expect(await delay()).toBeLessThanOrEqual(expected + 1);
    }
    expect((await agreementOf(id)).sealStatus).toBe("waiting_for_timestamp");
  });

  it("past TSA_GRACE_MINUTES seals without a timestamp, flags it, logs why and sends the author's copy", async () => {
    tsa.behave("down");
    const id = await signed("grace@example.org");
    await workOffQueue();
    expect((await agreementOf(id)).sealStatus).toBe("waiting_for_timestamp");

    await waitingFor(id, 61);
    await makeDue(id);
    await workOffQueue();

    expect(await agreementOf(id)).toMatchObject({ sealStatus: "sealed", sealError: null });
    const document = await db.signedDocument.findUniqueOrThrow({ where: { agreementId: id } });
    expect(document).toMatchObject({ timestampMissing: true, timestampAt: null, timestampAuthority: null });
    const [without] = await events(id, "agreement.sealed_without_timestamp");
    expect(without.data).toMatchObject({ authority: host, waitedMinutes: 61 });
    expect(String((without.data as { reason: string }).reason)).toMatch(/could not be reached/);
    expect(await events(id, "agreement.sealed")).toHaveLength(1);
    expect(await signedCopies(id)).toBe(1);
    await workOffQueue();
    const [attached] = pdfsReceivedBy("grace@example.org");
    expect(Buffer.from(attached.content).equals(Buffer.from(document.pdf))).toBe(true);
    expect(certificatePage(document.pdf)).toContain(
      `The seal's time is the publisher's server's own clock: the timestamp authority ${host} was ` +
        "unavailable when this document was sealed, so a timestamp from it is to be added to the document later.",
    );
    expect(await listedUnder("sealed_without_timestamp", id)).toMatch(/^Sealed without a timestamp/);
    expect(await listedUnder("seal_waiting_for_timestamp", id)).toBeUndefined();
    const counts = await countSealStates();
    expect(counts.sealedWithoutTimestamp).toBeGreaterThanOrEqual(1);
    expect(counts.authorityHost).toBe(host);
  });

  it("counts the grace from TSA_GRACE_MINUTES", async () => {
    // Shorter than the first retry's five seconds, long enough that a slow machine's first try
    // still falls inside it (1.2 s did not always).
    process.env.TSA_GRACE_MINUTES = "0.05"; // 3 seconds
    tsa.behave("garbage");
    const id = await signed("short-grace@example.org");
    await workOffQueue();
    expect((await agreementOf(id)).sealStatus).toBe("waiting_for_timestamp");
    // The next try is due when the grace ends, not after the usual five seconds.
    expect((await sealJob(id)).run_at.getTime() - Date.now()).toBeLessThanOrEqual(3000);
    // The grace ends, as the clock would bring it: the wait began 3 s ago and the try is due.
    await waitingFor(id, 0.05);
    await makeDue(id);
    await workOffQueue();
    const document = await db.signedDocument.findUniqueOrThrow({ where: { agreementId: id } });
    expect(document.timestampMissing).toBe(true);
  });

  it("is left to wait by the stuck-seal sweep, which steps in only when the waiting job is gone", async () => {
    tsa.behave("down");
    const id = await signed("sweep@example.org");
    await workOffQueue();
    const { run_at } = await sealJob(id);
    expect(await sweepStuckSeals({ stuckForSeconds: 0 })).not.toContain(id);
    expect((await sealJob(id)).run_at).toEqual(run_at);

    await db.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key = ${`seal:${id}`}`;
    expect(await sweepStuckSeals({ stuckForSeconds: 0 })).toContain(id);
    tsa.behave("ok");
    await workOffQueue();
    expect((await agreementOf(id)).sealStatus).toBe("sealed");
  });

  it("fails as any seal does when something other than the authority goes wrong while it waits", async () => {
    tsa.behave("down");
    const id = await signed("other-error@example.org");
    await workOffQueue();
    expect((await agreementOf(id)).sealStatus).toBe("waiting_for_timestamp");
    await db.agreement.update({ where: { id }, data: { signatureName: null } });
    const lastAttempt = { job: { attempts: 5, max_attempts: 5 } } as never;
    await expect(taskList.seal_agreement!({ agreementId: id }, lastAttempt)).rejects.toThrow(/no recorded signature/);
    expect(await agreementOf(id)).toMatchObject({ sealStatus: "failed" });
    expect(await events(id, "agreement.seal_failed")).toHaveLength(1);
  });
});

describe("a seal without a timestamp authority", () => {
  it("is made at once and says on its certificate page that the time is the server's own", async () => {
    delete process.env.TSA_URL;
    tsa.behave("down");
    const id = await signed("no-tsa@example.org");
    await workOffQueue();
    const document = await db.signedDocument.findUniqueOrThrow({ where: { agreementId: id } });
    expect(document).toMatchObject({ timestampAt: null, timestampAuthority: null, timestampMissing: false });
    expect((await events(id, "agreement.sealed"))[0].data).toMatchObject({ timestampAuthority: null });
    expect(await events(id, "agreement.seal_waiting_for_timestamp")).toHaveLength(0);
    expect(certificatePage(document.pdf)).toContain(
      "The seal's time is the publisher's server's own clock; no timestamp authority vouches for it.",
    );
    expect((await countSealStates()).authorityHost).toBeNull();
  });
});
