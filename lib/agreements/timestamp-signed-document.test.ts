import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { AUTHOR, issueTestAgreement, STAFF } from "@/test/agreement-fixtures";
import { sqlAs } from "@/test/database-as";
import { runQueuedJobs } from "@/test/run-queued-jobs";
import { startTestTimestampAuthority, type TestTimestampAuthority } from "@/test/timestamp-authority";
import { buildEvidencePack } from "@/lib/exports/evidence-pack";
import { buildPermissionsBundle } from "@/lib/proceedings/permissions-bundle";
import { signingCertificateFromEnv } from "@/lib/signing/signing-certificate";
import { verifyDocument } from "@/lib/verification/verify-document";
import { taskList } from "@/lib/worker/task-list";
import { sha256Hex } from "@/lib/crypto/hashing";
import { AppError } from "@/lib/errors/app-error";
import { downloadSignedPdf, downloadSignedPdfByToken } from "./download-signed-pdf";
import { sealAgreement } from "./seal-agreement";
import { signAgreement } from "./sign-agreement";
import { findDocumentsDueForTimestamp, queueDueDocumentTimestamps } from "./timestamp-due-documents";
import { timestampSignedDocument } from "./timestamp-signed-document";

// Staff's button runs here outside Next.js: only the session and the request headers are stood in for.
type SessionUser = { id: string; email: string; name: null; role: "publisher" | "auditor"; removedAt: null };
const request = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () =>
    request.user && { user: request.user, expires: new Date(Date.now() + 3_600_000).toISOString() },
}));
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  headers: async () => new Headers({ "user-agent": "Mozilla/5.0 (editor's laptop)" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
const { addTimestampAction } = await import("@/app/staff/(app)/agreements/[id]/timestamp-action");

const DAY = 24 * 60 * 60 * 1000;
let tsa: TestTimestampAuthority;

beforeAll(async () => {
  tsa = await startTestTimestampAuthority();
  Object.assign(process.env, tsa.env(), { TSA_TIMEOUT_SECONDS: "2" });
});
afterAll(async () => {
  await tsa.stop();
});

let made = 0;
async function sealedAgreement() {
  const { agreement, token } = await issueTestAgreement({
    correspondingAuthorEmail: `author-${++made}-${Date.now()}@example.org`,
  });
  await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
  const document = await sealAgreement(agreement.id);
  return {
    agreementId: agreement.id,
    proceedingsId: agreement.proceedingsId,
    token,
    sealed: new Uint8Array(document.pdf),
  };
}

/** What sealing does when the authority stayed down past the grace (the seal-wait work sets it at insert). */
async function markSealedWithoutTimestamp(agreementId: string) {
  await sqlAs(
    "admin",
    `SET session_replication_role = replica;
     UPDATE "SignedDocument" SET "timestampMissing" = true WHERE "agreementId" = '${agreementId}'`,
  );
}

const evidenceOf = (agreementId: string) => ({
  versions: db.timestampedDocument.count({ where: { agreementId } }),
  events: db.auditEvent.count({ where: { agreementId, type: "document.timestamped" } }),
});
async function counts(agreementId: string) {
  const { versions, events } = evidenceOf(agreementId);
  return { versions: await versions, events: await events };
}

describe("adding a document timestamp", () => {
  it("stores a version that extends the sealed PDF byte for byte, with staff's document.timestamped event", async () => {
    const { agreementId, sealed } = await sealedAgreement();
    const result = await timestampSignedDocument(STAFF, { agreementId, reason: "staff" });

    expect(result).toMatchObject({
      version: 1,
      added: true,
      timestampAuthority: "Imprimatur Test Timestamp Authority",
    });
    const stored = await db.timestampedDocument.findUniqueOrThrow({ where: { sha256: result.sha256 } });
    expect(Buffer.from(stored.pdf).subarray(0, sealed.length).equals(Buffer.from(sealed))).toBe(true);
    expect(stored).toMatchObject({ previousSha256: sha256Hex(sealed), reason: "staff", sizeBytes: stored.pdf.length });
    expect(sha256Hex(stored.pdf)).toBe(stored.sha256);
    const event = await db.auditEvent.findFirstOrThrow({ where: { agreementId, type: "document.timestamped" } });
    expect(event.actor).toBe("staff:alice@example.org");
    expect(event.data).toMatchObject({
      version: 1,
      sha256: result.sha256,
      previousSha256: sha256Hex(sealed),
      reason: "staff",
      authority: "Imprimatur Test Timestamp Authority",
      // The seal (B-T, as TSA_URL is set) and its timestamp authority with that authority's root.
      certificates: 3,
      crls: 0,
      ocspResponses: 0,
    });

    const again = await timestampSignedDocument(STAFF, { agreementId, reason: "staff" });
    expect(again).toMatchObject({ version: 2, added: true });
    const second = await db.timestampedDocument.findUniqueOrThrow({ where: { sha256: again.sha256 } });
    expect(Buffer.from(second.pdf).subarray(0, stored.pdf.length).equals(Buffer.from(stored.pdf))).toBe(true);
  });

  it("a stored version cannot be changed or deleted, even by the schema's owner", async () => {
    const { agreementId } = await sealedAgreement();
    const { sha256 } = await timestampSignedDocument(STAFF, { agreementId, reason: "staff" });
    const refused = (sql: string) =>
      sqlAs("owner", sql, [sha256]).then(
        () => "changed",
        (error: Error) => error.message,
      );
    expect(await refused(`UPDATE "TimestampedDocument" SET reason = 'forged' WHERE sha256 = $1`)).toMatch(
      /append-only/,
    );
    expect(await refused(`DELETE FROM "TimestampedDocument" WHERE sha256 = $1`)).toMatch(/append-only/);
  });

  it("every download serves the newest version: staff, author, evidence pack and permissions bundle", async () => {
    const { agreementId, proceedingsId, token } = await sealedAgreement();
    const { sha256 } = await timestampSignedDocument(STAFF, { agreementId, reason: "staff" });

    expect((await downloadSignedPdf(STAFF, { agreementId })).sha256).toBe(sha256);
    const author = await downloadSignedPdfByToken(AUTHOR, { token });
    expect(sha256Hex(author.bytes)).toBe(sha256);
    const pack = unzipSync((await buildEvidencePack(agreementId)).zip);
    expect(sha256Hex(pack["signed-agreement.pdf"])).toBe(sha256);
    const bundle = unzipSync((await buildPermissionsBundle(proceedingsId)).zip);
    expect(sha256Hex(bundle[`${agreementId}Permission.pdf`])).toBe(sha256);
    expect(new TextDecoder().decode(bundle["manifest.csv"])).toContain(sha256);
  });

  it("/verify calls each timestamped version genuine with its document timestamps checked, and the original too", async () => {
    const { agreementId, sealed } = await sealedAgreement();
    const { sha256 } = await timestampSignedDocument(STAFF, { agreementId, reason: "staff" });
    const { pdf } = await db.timestampedDocument.findUniqueOrThrow({ where: { sha256 } });

    const verdict = await verifyDocument(new Uint8Array(pdf));
    expect(verdict).toMatchObject({ verdict: "genuine", sha256, record: { agreementId } });
    expect(verdict.documentTimestamps).toEqual([
      {
        valid: true,
        trusted: true,
        coversWholeDocument: true,
        authority: "Imprimatur Test Timestamp Authority",
        time: expect.stringMatching(/^\d{4}-/),
      },
    ]);
    expect(await verifyDocument(sealed)).toMatchObject({ verdict: "genuine", record: { agreementId } });
    const second = await timestampSignedDocument(STAFF, { agreementId, reason: "staff" });
    const { pdf: secondPdf } = await db.timestampedDocument.findUniqueOrThrow({ where: { sha256: second.sha256 } });
    const secondVerdict = await verifyDocument(new Uint8Array(secondPdf));
    expect(secondVerdict).toMatchObject({ verdict: "genuine", sha256: second.sha256, record: { agreementId } });
    expect(secondVerdict.documentTimestamps?.map((check) => [check.valid, check.coversWholeDocument])).toEqual([
      [true, false],
      [true, true],
    ]);
    expect(await verifyDocument(new Uint8Array(pdf))).toMatchObject({ verdict: "genuine", sha256 });

    const appended = Buffer.concat([pdf, Buffer.from("\n% added later\n")]);
    const altered = await verifyDocument(appended);
    expect(altered.verdict).toBe("altered");
    expect(altered.documentTimestamps?.[0]).toMatchObject({ valid: true, coversWholeDocument: false });
  });

  it("with the authority down changes nothing, records no event, and says why", async () => {
    const { agreementId } = await sealedAgreement();
    tsa.behave("down");
    try {
      const error = await timestampSignedDocument(STAFF, { agreementId, reason: "staff" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("TIMESTAMP_UNAVAILABLE");
      expect((error as AppError).userMessage).toMatch(/could not be reached/);
    } finally {
      tsa.behave("ok");
    }
    expect(await counts(agreementId)).toEqual({ versions: 0, events: 0 });
  });

  it("without TSA_URL says a timestamp authority must be configured", async () => {
    const { agreementId } = await sealedAgreement();
    const error = await timestampSignedDocument(STAFF, { agreementId, reason: "staff" }, null).catch((e: unknown) => e);
    expect((error as AppError).userMessage).toMatch(/set TSA_URL/);
    expect(await counts(agreementId)).toEqual({ versions: 0, events: 0 });
  });

  it("two workers extending the same version at once store one version and one event", async () => {
    const { agreementId } = await sealedAgreement();
    const results = await Promise.all([
      timestampSignedDocument(STAFF, { agreementId, reason: "staff", ifNewestVersion: 0 }),
      timestampSignedDocument(STAFF, { agreementId, reason: "staff", ifNewestVersion: 0 }),
    ]);
    expect(results.map((result) => result.added).sort()).toEqual([false, true]);
    expect(results[0].sha256).toBe(results[1].sha256);
    expect(await counts(agreementId)).toEqual({ versions: 1, events: 1 });
  });
});

describe('staff\'s "Add a timestamp now"', () => {
  const staffMember = async (email: string, role: SessionUser["role"]): Promise<SessionUser> => {
    const user = await db.user.create({ data: { email, role } });
    return { id: user.id, email, name: null, role, removedAt: null };
  };

  it("adds a version for a publisher, says when and by whom, and records it as theirs", async () => {
    const { agreementId } = await sealedAgreement();
    request.user = await staffMember("editor@imprimatur.test", "publisher");
    const outcome = await addTimestampAction(agreementId);
    expect(outcome.done).toMatch(
      /^Timestamp added: .+ UTC by Imprimatur Test Timestamp Authority\. Downloads now serve/,
    );
    expect(await counts(agreementId)).toEqual({ versions: 1, events: 1 });
    const event = await db.auditEvent.findFirstOrThrow({ where: { agreementId, type: "document.timestamped" } });
    expect(event.actor).toBe("staff:editor@imprimatur.test");
  });

  it("is refused to an auditor, and to a publisher while the authority is down, changing nothing", async () => {
    const { agreementId } = await sealedAgreement();
    request.user = await staffMember("auditor@imprimatur.test", "auditor");
    await expect(addTimestampAction(agreementId)).rejects.toThrow(/FORBIDDEN/);
    request.user = await staffMember("publisher@imprimatur.test", "publisher");
    tsa.behave("down");
    try {
      expect((await addTimestampAction(agreementId)).formError).toMatch(/could not be reached/);
    } finally {
      tsa.behave("ok");
    }
    expect(await counts(agreementId)).toEqual({ versions: 0, events: 0 });
  });
});

describe("the daily run", () => {
  it("picks exactly the documents whose certificates near expiry or that lack their timestamp", async () => {
    const sealNotAfter = (await signingCertificateFromEnv()).notAfter.getTime();
    const [plain, missing, missingDone, recent, early, authorityExpiring] = await Promise.all(
      Array.from({ length: 6 }, () => sealedAgreement()),
    );
    await markSealedWithoutTimestamp(missing.agreementId);
    await markSealedWithoutTimestamp(missingDone.agreementId);
    // Versions as earlier runs would have left them: only their times matter to the choice.
    const version = async (agreementId: string, timestampAt: number, authorityNotAfter: number) =>
      db.timestampedDocument.create({
        data: {
          agreementId,
          version: 1,
          pdf: Buffer.from(`version of ${agreementId}`),
          sha256: sha256Hex(`version of ${agreementId}`),
          sizeBytes: 20,
          previousSha256: "0".repeat(64),
          timestampAt: new Date(timestampAt),
          timestampAuthority: "Imprimatur Test Timestamp Authority",
          authorityCertificateNotAfter: new Date(authorityNotAfter),
          reason: "seal-certificate-expiring",
        },
      });
    const farFuture = sealNotAfter + 3650 * DAY;
    await version(missingDone.agreementId, Date.now(), farFuture);
    await version(recent.agreementId, sealNotAfter - 60 * DAY, farFuture); // within the 90-day window
    await version(early.agreementId, sealNotAfter - 120 * DAY, farFuture); // before the window opened
    await version(authorityExpiring.agreementId, sealNotAfter - 60 * DAY, sealNotAfter + 10 * DAY);
    const mine = new Set([plain, missing, missingDone, recent, early, authorityExpiring].map((a) => a.agreementId));
    const chosen = async (now: number) =>
      Object.fromEntries(
        (await findDocumentsDueForTimestamp(new Date(now)))
          .filter((due) => mine.has(due.agreementId))
          .map((due) => [due.agreementId, `${due.reason} after v${due.newestVersion}`]),
      );

    // Half a year before the seal certificate expires: only the seal made without its timestamp.
    expect(await chosen(sealNotAfter - 180 * DAY)).toEqual({ [missing.agreementId]: "timestamp-missing after v0" });
    // A month before: every document whose newest version has no timestamp from within the window,
    // and the one whose last timestamp's authority certificate expires too.
    expect(await chosen(sealNotAfter - 30 * DAY)).toEqual({
      [plain.agreementId]: "seal-certificate-expiring after v0",
      [missing.agreementId]: "seal-certificate-expiring after v0",
      [missingDone.agreementId]: "seal-certificate-expiring after v1",
      [early.agreementId]: "seal-certificate-expiring after v1",
      [authorityExpiring.agreementId]: "authority-certificate-expiring after v1",
    });
  });

  it("timestamps the due documents as the system, and with the authority down leaves them for the next run", async () => {
    const due = await sealedAgreement();
    await markSealedWithoutTimestamp(due.agreementId);
    const notDue = await sealedAgreement();
    const jobs = { timestamp_document: taskList.timestamp_document };

    tsa.behave("down");
    try {
      expect(await queueDueDocumentTimestamps()).toBeGreaterThanOrEqual(1);
      await runQueuedJobs(jobs);
    } finally {
      tsa.behave("ok");
    }
    expect(await counts(due.agreementId)).toEqual({ versions: 0, events: 0 });

    await queueDueDocumentTimestamps();
    await runQueuedJobs(jobs);
    expect(await counts(due.agreementId)).toEqual({ versions: 1, events: 1 });
    expect(await counts(notDue.agreementId)).toEqual({ versions: 0, events: 0 });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: due.agreementId, type: "document.timestamped" },
    });
    expect(event).toMatchObject({ actor: "system", data: expect.objectContaining({ reason: "timestamp-missing" }) });

    // Done: the next run finds nothing more to do for it.
    await queueDueDocumentTimestamps();
    await runQueuedJobs(jobs);
    expect(await counts(due.agreementId)).toEqual({ versions: 1, events: 1 });
  });

  it("does nothing without TSA_URL", async () => {
    const due = await sealedAgreement();
    await markSealedWithoutTimestamp(due.agreementId);
    const url = process.env.TSA_URL;
    delete process.env.TSA_URL;
    try {
      expect(await queueDueDocumentTimestamps()).toBe(0);
    } finally {
      process.env.TSA_URL = url;
    }
  });
});
