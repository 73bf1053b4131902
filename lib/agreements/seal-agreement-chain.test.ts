import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { deliverEmail } from "@/lib/mail/deliver-email";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { sealAgreement } from "./seal-agreement";
import { signAgreement } from "./sign-agreement";
import { smtpSinkForThisFile } from "@/test/mail-sink";

const smtpSink = smtpSinkForThisFile();

describe("what a seal appends to the audit chain, and what it hands on", () => {
  it("appends the author's copy and the seal in one turn at the chain: adjacent, at one moment, and the chain holds", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    // Other writers of the chain at the same time, as when many authors sign at once.
    const others = await Promise.all([issueTestAgreement(), issueTestAgreement()]);
    await Promise.all([
      sealAgreement(agreement.id),
      ...others.map(({ token: other }) => signAgreement(AUTHOR, { token: other, typedName: "Zhang Haoyang" })),
    ]);

    const events = await db.auditEvent.findMany({ where: { agreementId: agreement.id }, orderBy: { id: "asc" } });
    const [queued, sealed] = events.slice(-2);
    expect(queued.type).toBe("email.queued");
    expect(queued.data).toMatchObject({ kind: "signed_copy", to: "haoyang@example.org" });
    expect(sealed.type).toBe("agreement.sealed");
    expect(sealed.id).toBe(queued.id + 1n);
    expect(sealed.prevHash).toBe(queued.hash);
    expect(sealed.occurredAt.getTime()).toBe(queued.occurredAt.getTime());
    expect((await verifyAuditChain()).intact).toBe(true);
  });

  it("returns the very bytes it stored, and the author's copy attaches them", async () => {
    const { agreement, token } = await issueTestAgreement({ correspondingAuthorEmail: "copy@example.org" });
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const document = await sealAgreement(agreement.id);

    const stored = await db.signedDocument.findUniqueOrThrow({ where: { agreementId: agreement.id } });
    expect(sha256Hex(new Uint8Array(document.pdf))).toBe(stored.sha256);
    expect(Buffer.compare(Buffer.from(document.pdf), Buffer.from(stored.pdf))).toBe(0);

    const copy = await db.emailMessage.findFirstOrThrow({ where: { agreementId: agreement.id, kind: "signed_copy" } });
    await deliverEmail(copy.id, { isLastAttempt: false });
    const mail = smtpSink().mails.find((received) => JSON.stringify(received.to).includes("copy@example.org"));
    const attached = mail?.attachments.find((attachment) => attachment.contentType === "application/pdf");
    expect(attached && sha256Hex(new Uint8Array(attached.content))).toBe(stored.sha256);
  });
});
