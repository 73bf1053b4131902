import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { freePort } from "@/test/free-port";
import { startSmtpSink, type SmtpSink } from "@/test/smtp-sink";
import { deliverEmail } from "./deliver-email";
import { closeMailTransport } from "./transport";

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
});
afterAll(async () => {
  closeMailTransport();
  await sink.close();
});

function resetTransport(url: string) {
  closeMailTransport();
  process.env.SMTP_URL = url;
}

describe("delivering the outbox", () => {
  it("sends the invitation with a plain-text and an HTML part, once", async () => {
    resetTransport(sink.url);
    const { email, token } = await issueTestAgreement({ correspondingAuthorEmail: "once@example.org" });
    await deliverEmail(email.id, { isLastAttempt: false });
    await deliverEmail(email.id, { isLastAttempt: false });
    const received = sink.mails.filter((mail) => mail.to && JSON.stringify(mail.to).includes("once@example.org"));
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
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({ status: "queued", attempts: 1 });

    const revived = await startSmtpSink(port);
    try {
      await deliverEmail(email.id, { isLastAttempt: false });
      expect(revived.mails).toHaveLength(1);
      expect(await db.emailMessage.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({ status: "sent", attempts: 2 });
    } finally {
      closeMailTransport();
      await revived.close();
    }
  });

  it("marks a mailbox the server refuses as failed with the server's reason", async () => {
    resetTransport(sink.url);
    sink.rejectRecipients(/^nobody@/);
    const { email } = await issueTestAgreement({ correspondingAuthorEmail: "nobody@example.org" });
    await deliverEmail(email.id, { isLastAttempt: false });
    const stored = await db.emailMessage.findUniqueOrThrow({ where: { id: email.id } });
    expect(stored.status).toBe("failed");
    expect(stored.lastError).toContain("Mailbox does not exist");
    const event = await db.auditEvent.findFirstOrThrow({ where: { agreementId: email.agreementId, type: "email.failed" } });
    expect(event.data).toMatchObject({ to: "nobody@example.org" });
  });
});
