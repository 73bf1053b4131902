import { execFileSync } from "node:child_process";
import { generateKeyPairSync, sign, verify, X509Certificate } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { signingCertificateFromEnv } from "@/lib/signing/signing-certificate";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import {
  deleteSecondEventAndRelink,
  emptyAuditLog,
  rewriteAndRecompute,
  sqlAs,
  tamperWithAuditLog,
} from "@/test/database-as";
import { canonicalCheckpoint } from "./canonical-checkpoint";
import { chainPosition } from "./chain-head";
import { checkpointAuditChainIfDue } from "./checkpoint-audit-chain";
import { recordCheckpoint } from "./record-checkpoint";
import { verifyAuditChain } from "./verify-chain";

// Every test starts from an empty log: several of them leave it broken on purpose.
beforeEach(emptyAuditLog);

/** A checkpoint of the current head, as the job queue's task writes when one is due. */
const checkpointNow = async () => recordCheckpoint(db, { head: (await chainPosition(db))!, reason: "events" });

afterEach(() => {
  delete process.env.AUDIT_CHECKPOINT_EVENTS;
  delete process.env.AUDIT_CHECKPOINT_MINUTES;
});

/** What a verdict says, in the words staff and `audit:verify` show. */
async function problems() {
  const verdict = await verifyAuditChain();
  return verdict.intact ? [] : verdict.problems.map((problem) => `${problem.kind}: ${problem.problem}`);
}

describe("checkpoints of the audit chain's head", () => {
  it("are written every N events, signed with the seal certificate so that anyone can check them", async () => {
    process.env.AUDIT_CHECKPOINT_EVENTS = "3";
    await issueTestAgreement();
    await issueTestAgreement();
    // Appends that pass a multiple of N ids queue the checkpoint task.
    const queued = await sqlAs(
      "owner",
      `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'checkpoint_audit_chain'`,
    );
    expect(queued.rows[0].n).toBe(1);
    const checkpoint = await checkpointAuditChainIfDue();
    const newest = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(checkpoint).toMatchObject({
      reason: "events",
      eventId: newest.id,
      eventHash: newest.hash,
      eventCount: BigInt(await db.auditEvent.count()),
    });

    const seal = await signingCertificateFromEnv();
    const certificate = new X509Certificate(checkpoint!.certificatePem);
    expect(certificate.fingerprint256.replaceAll(":", "").toLowerCase()).toBe(seal.fingerprintSha256);
    expect(checkpoint!.certificateFingerprint).toBe(seal.fingerprintSha256);
    expect(
      verify(
        "sha256",
        Buffer.from(canonicalCheckpoint(checkpoint!)),
        certificate.publicKey,
        Buffer.from(checkpoint!.signature, "base64"),
      ),
    ).toBe(true);
    expect(canonicalCheckpoint(checkpoint!)).toContain(`event-hash ${newest.hash}`);

    // Nothing new: no second checkpoint of the same head.
    expect(await checkpointAuditChainIfDue()).toBeNull();
    expect(await verifyAuditChain()).toMatchObject({ intact: true, checkpoints: 1 });
  });

  it("are written after AUDIT_CHECKPOINT_MINUTES when fewer than N events came", async () => {
    process.env.AUDIT_CHECKPOINT_EVENTS = "1000";
    process.env.AUDIT_CHECKPOINT_MINUTES = "60";
    await issueTestAgreement();
    expect(await checkpointAuditChainIfDue()).toMatchObject({ reason: "events" }); // the first one
    await issueTestAgreement();
    expect(await checkpointAuditChainIfDue(new Date(Date.now() + 59 * 60_000))).toBeNull();
    expect(await checkpointAuditChainIfDue(new Date(Date.now() + 61 * 60_000))).toMatchObject({ reason: "hourly" });
  });

  it("record the chain head printed in every sealed PDF", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const sealed = await sealAgreement(agreement.id);
    const checkpoint = await db.auditCheckpoint.findFirstOrThrow({
      where: { reason: "seal", agreementId: agreement.id },
    });
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "sealed-")), "agreement.pdf");
    writeFileSync(file, sealed.pdf);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    expect(text).toContain(checkpoint.eventHash);
    const printed = await db.auditEvent.findUniqueOrThrow({ where: { id: checkpoint.eventId } });
    expect(printed.hash).toBe(checkpoint.eventHash);
  });
});

describe("the chain check against checkpoints, attacked by a superuser", () => {
  it("reports the newest events deleted after a checkpoint covered them", async () => {
    await issueTestAgreement();
    await issueTestAgreement();
    const checkpoint = await checkpointNow();
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
    const keep = events[2];
    await tamperWithAuditLog(`DELETE FROM "AuditEvent" WHERE id > ${keep.id}`);
    const found = await problems();
    expect(found).toEqual([
      expect.stringContaining(
        `truncated: the log was truncated: a checkpoint of ${checkpoint!.createdAt.toISOString()} vouches for ${events.length} events up to #${events.at(-1)!.id}, but the log now ends at #${keep.id} with 3 events`,
      ),
    ]);
    expect(found[0]).toContain(`events after #${keep.id} were deleted`);
  });

  it("still reports the newest events deleted when every checkpoint was deleted too, through the heads printed on sealed PDFs", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    await sealAgreement(agreement.id);
    const sealed = await db.signedDocument.findUniqueOrThrow({ where: { agreementId: agreement.id } });
    const printed = await db.auditEvent.findUniqueOrThrow({ where: { id: sealed.chainHeadEventId! } });
    expect(sealed.chainHeadHash).toBe(printed.hash);
    // A superuser deletes the signing and everything after it, and every checkpoint with it.
    const signed = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: agreement.id, type: "agreement.signed" },
    });
    await tamperWithAuditLog(`DELETE FROM "AuditEvent" WHERE id >= ${signed.id}; DELETE FROM "AuditCheckpoint"`);
    const found = await problems();
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `checkpoint_missing: the signed checkpoint written when agreement ${agreement.id} was sealed`,
        ),
        expect.stringContaining(
          `truncated: the log was truncated: agreement ${agreement.id}'s sealed PDF printed event #${printed.id} as the head, but the log now ends at #${signed.id - 1n}`,
        ),
      ]),
    );
  });

  it("reports a chain rewritten under a sealed PDF's printed head even without checkpoints", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    await sealAgreement(agreement.id);
    const first = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "asc" } });
    await tamperWithAuditLog(`DELETE FROM "AuditCheckpoint"`);
    await rewriteAndRecompute(first.id, `UPDATE "AuditEvent" SET ip = '203.0.113.9' WHERE id = ${first.id}`);
    const found = await problems();
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `rewritten: the chain was rewritten and its hashes recomputed: agreement ${agreement.id}'s sealed PDF printed`,
        ),
      ]),
    );
  });

  it("reports a chain rewritten with every later hash recomputed, which the links alone miss", async () => {
    await issueTestAgreement();
    const before = await checkpointNow();
    await issueTestAgreement();
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
    const victim = events[1];
    await rewriteAndRecompute(victim.id, `UPDATE "AuditEvent" SET ip = '203.0.113.66' WHERE id = ${victim.id}`);
    const found = await problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^rewritten: the chain was rewritten and its hashes recomputed: a checkpoint of .* recorded its hash as [0-9a-f]{12}…, the log now has [0-9a-f]{12}…/,
    );
    const verdict = await verifyAuditChain();
    expect(verdict.intact ? null : verdict.firstBreak.eventId).toBe(String(before!.eventId));

    // Later checkpoints disagree too: one report names the first and counts the others.
    await checkpointNow();
    await rewriteAndRecompute(victim.id, `UPDATE "AuditEvent" SET ip = '203.0.113.67' WHERE id = ${victim.id}`);
    expect(await problems()).toEqual([
      expect.stringMatching(/^rewritten: .* \(1 later checkpoint disagrees as well\)$/),
    ]);
  });

  it("reports events deleted in the middle and the chain re-linked, by the count", async () => {
    await issueTestAgreement();
    await issueTestAgreement();
    await checkpointNow();
    await deleteSecondEventAndRelink();
    expect(await problems()).toEqual([
      expect.stringMatching(
        /^rewritten: .*recorded its hash as .* and counted (\d+) events up to it, the log now has (\d+) \(events were removed\)/,
      ),
    ]);
  });

  it("reports a checkpoint whose signature is forged or whose hash was altered, and ignores it otherwise", async () => {
    await issueTestAgreement();
    const genuine = await checkpointNow();
    const newest = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    // An insider's own key, and one checkpoint re-pointed at a hash of their choosing.
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const forged = { ...genuine!, eventHash: "f".repeat(64) };
    const badSignature = sign("sha256", Buffer.from(canonicalCheckpoint(forged)), privateKey).toString("base64");
    await sqlAs(
      "admin",
      `INSERT INTO "AuditCheckpoint" ("eventId", "eventHash", "eventCount", reason, "createdAt", "certificateFingerprint", "certificatePem", signature)
       VALUES ($1, $2, $3, 'events', $4, $5, $6, $7)`,
      [
        String(newest.id),
        forged.eventHash,
        String(forged.eventCount),
        forged.createdAt,
        forged.certificateFingerprint,
        forged.certificatePem,
        badSignature,
      ],
    );
    await tamperWithAuditLog(`UPDATE "AuditCheckpoint" SET "eventCount" = "eventCount" + 1 WHERE id = ${genuine!.id}`);
    const found = await problems();
    expect(found).toHaveLength(2);
    for (const line of found)
      expect(line).toMatch(
        /^forged: checkpoint #\d+ .* cannot be trusted: its signature does not verify with the seal certificate\. It was forged or altered/,
      );
  });

  it("reports a checkpoint signed with a certificate that is not the seal", async () => {
    await issueTestAgreement();
    const genuine = await checkpointNow();
    const foreign = execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "/dev/null",
        "-subj",
        "/CN=Not the publisher",
        "-days",
        "2",
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    const fingerprint = new X509Certificate(foreign).fingerprint256.replaceAll(":", "").toLowerCase();
    await tamperWithAuditLog(
      `UPDATE "AuditCheckpoint" SET "certificatePem" = '${foreign}', "certificateFingerprint" = '${fingerprint}' WHERE id = ${genuine!.id}`,
    );
    expect(await problems()).toEqual([
      expect.stringContaining(
        `it is signed by a certificate that is not this installation's seal (SHA-256 ${fingerprint})`,
      ),
    ]);
  });
});
