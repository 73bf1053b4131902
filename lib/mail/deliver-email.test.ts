import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { freePort } from "@/test/free-port";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { issueRows } from "@/lib/proceedings/issue-rows";
import { STAFF } from "@/test/contexts";
import { deliverEmail } from "./deliver-email";
import { queueEmail, SECRET_LINK } from "./outbox";
import { closeMailTransport } from "./transport";
import { smtpSinkForThisFile } from "@/test/mail-sink";
import { startSmtpSink } from "@/test/smtp-sink";

const smtpSink = smtpSinkForThisFile();

function resetTransport(url: string) {
  closeMailTransport();
  process.env.SMTP_URL = url;
}

describe("delivering the outbox", () => {
  it("sends the invitation with a plain-text and an HTML part, once", async () => {
    resetTransport(smtpSink().url);
    const { email, token } = await issueTestAgreement({ correspondingAuthorEmail: "once@example.org" });
    await deliverEmail(email.id, { isLastAttempt: false });
    await deliverEmail(email.id, { isLastAttempt: false });
    const received = smtpSink().mails.filter((mail) => mail.to && JSON.stringify(mail.to).includes("once@example.org"));
    expect(received).toHaveLength(1);
    expect(received[0].text).toContain(`/sign/${token}`);
    expect(received[0].html).toContain(`/sign/${token}`);
    const stored = await db.emailMessage.findUniqueOrThrow({ where: { id: email.id } });
    expect(stored).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(await db.auditEvent.count({ where: { agreementId: email.agreementId, type: "email.sent" } })).toBe(1);
  });

  it("keeps the email queued while SMTP is down and sends it when SMTP is back", async () => {
    const port = await freePort();
    resetTransport(`smtp://127.0.0.1:${port}`);
    const { email } = await issueTestAgreement({ correspondingAuthorEmail: "later@example.org" });
    await expect(deliverEmail(email.id, { isLastAttempt: false })).rejects.toThrow();
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "queued",
      attempts: 1,
    });

    const revived = await startSmtpSink(port);
    try {
      await deliverEmail(email.id, { isLastAttempt: false });
      expect(revived.mails).toHaveLength(1);
      expect(await db.emailMessage.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
        status: "sent",
        attempts: 2,
      });
    } finally {
      closeMailTransport();
      await revived.close();
    }
  });

  it("marks a mailbox the server refuses as failed with the server's reason", async () => {
    resetTransport(smtpSink().url);
    smtpSink().rejectRecipients(/^nobody@/);
    const { email } = await issueTestAgreement({ correspondingAuthorEmail: "nobody@example.org" });
    await deliverEmail(email.id, { isLastAttempt: false });
    const stored = await db.emailMessage.findUniqueOrThrow({ where: { id: email.id } });
    expect(stored.status).toBe("failed");
    expect(stored.lastError).toContain("Mailbox does not exist");
    const event = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: email.agreementId, type: "email.failed" },
    });
    expect(event.data).toMatchObject({ to: "nobody@example.org" });
  });

  it("stores a placeholder where the link goes and sends the real link", async () => {
    resetTransport(smtpSink().url);
    const { email, token } = await issueTestAgreement({ correspondingAuthorEmail: "placeholder@example.org" });
    for (const part of [email.subject, email.text, email.html]) expect(part).not.toContain(token);
    expect(email.text).toContain(`Sign the agreement: ${SECRET_LINK}`);
    expect(email.encryptedLink).toMatch(/^v1\./);
    await deliverEmail(email.id, { isLastAttempt: false });
    const received = smtpSink().mails.find((mail) => JSON.stringify(mail.to).includes("placeholder@example.org"));
    expect(received?.text).toContain(`Sign the agreement: http://imprimatur.test:3000/sign/${token}`);
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "sent",
      encryptedLink: null,
    });
  });

  it("sends nothing when someone with database access readdresses a queued email to themselves", async () => {
    resetTransport(smtpSink().url);
    const { email } = await issueTestAgreement({ correspondingAuthorEmail: "victim@example.org" });
    await db.emailMessage.update({ where: { id: email.id }, data: { to: "thief@example.org" } });
    await deliverEmail(email.id, { isLastAttempt: false });
    expect(smtpSink().mails.filter((mail) => JSON.stringify(mail.to).includes("thief@example.org"))).toEqual([]);
    const stored = await db.emailMessage.findUniqueOrThrow({ where: { id: email.id } });
    expect(stored).toMatchObject({ status: "failed", encryptedLink: null });
    expect(stored.lastError).toContain("could not be decrypted");
  });

  it("fails a queued link clearly, without sending it, once NEXTAUTH_SECRET has changed", async () => {
    resetTransport(smtpSink().url);
    const { email } = await issueTestAgreement({ correspondingAuthorEmail: "rotated@example.org" });
    const secret = process.env.NEXTAUTH_SECRET;
    process.env.NEXTAUTH_SECRET = "a-rotated-secret";
    try {
      await deliverEmail(email.id, { isLastAttempt: false });
    } finally {
      process.env.NEXTAUTH_SECRET = secret;
    }
    expect(smtpSink().mails.filter((mail) => JSON.stringify(mail.to).includes("rotated@example.org"))).toEqual([]);
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "failed",
      encryptedLink: null,
      lastError: expect.stringContaining("NEXTAUTH_SECRET changed"),
    });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: email.agreementId, type: "email.failed" },
    });
    expect(event.data).toMatchObject({
      to: "rotated@example.org",
      reason: expect.stringContaining("could not be decrypted"),
    });
  });

  it("refuses to queue an email whose stored text would hold its secret link", async () => {
    const link = "http://imprimatur.test:3000/sign/" + "A".repeat(43);
    const email = { kind: "sign_in_link" as const, to: "x@example.org", subject: "Sign in", secretLink: link };
    await expect(
      db.$transaction((tx) => queueEmail(tx, { ...email, text: `Open ${SECRET_LINK} or ${link}`, html: "" })),
    ).rejects.toThrow(/would contain its secret link/);
    await expect(
      db.$transaction((tx) => queueEmail(tx, { ...email, text: "No link at all", html: "" })),
    ).rejects.toThrow(/must show/);
    expect(await db.emailMessage.count({ where: { to: "x@example.org" } })).toBe(0);
  });

  it("delivers a volume's emails sent at once each exactly once, each recorded once, a refused one failed alone", async () => {
    resetTransport(smtpSink().url);
    smtpSink().rejectRecipients(/^refused-at-once@/);
    const volume = await db.proceedings.create({ data: { name: "At Once", shortName: "at-once" } });
    const rows = Array.from({ length: 40 }, (_, i) => ({
      paperId: `A${i}`,
      articleTitle: `Paper ${i}`,
      correspondingAuthorName: `Author ${i}`,
      correspondingAuthorEmail: i === 7 ? "refused-at-once@example.org" : `at-once-${i}@example.org`,
      authors: [`Author ${i}`],
    }));
    await db.$transaction((tx) => issueRows(tx, STAFF, volume, rows));
    const emails = await db.emailMessage.findMany({ where: { agreement: { proceedingsId: volume.id } } });
    expect(emails).toHaveLength(40);

    // As the worker's email pool runs them: all at once; then once more, as a retry would.
    await Promise.all(emails.map((email) => deliverEmail(email.id, { isLastAttempt: false })));
    await Promise.all(emails.map((email) => deliverEmail(email.id, { isLastAttempt: false })));

    for (const email of emails) {
      const received = smtpSink().mails.filter((mail) => JSON.stringify(mail.to).includes(`"${email.to}"`));
      expect(received, email.to).toHaveLength(email.to.startsWith("refused") ? 0 : 1);
    }
    const stored = await db.emailMessage.findMany({ where: { id: { in: emails.map((email) => email.id) } } });
    for (const email of stored) {
      expect(email).toMatchObject({
        status: email.to.startsWith("refused") ? "failed" : "sent",
        attempts: 1,
        encryptedLink: null,
      });
      // Stored as UTC, as Prisma stores every time: within a minute of now, not hours off.
      if (email.status === "sent") expect(Math.abs(email.sentAt!.getTime() - Date.now())).toBeLessThan(60_000);
    }
    const events = await db.auditEvent.groupBy({
      by: ["type"],
      where: { agreementId: { in: emails.map((email) => email.agreementId!) }, type: { startsWith: "email." } },
      _count: true,
    });
    expect(Object.fromEntries(events.map((event) => [event.type, event._count]))).toEqual({
      "email.queued": 40,
      "email.sent": 39,
      "email.failed": 1,
    });
    expect((await verifyAuditChain()).intact).toBe(true);
  });
});
