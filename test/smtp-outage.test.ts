import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { closeMailTransport } from "@/lib/mail/transport";
import { taskList } from "@/lib/worker/task-list";
import { issueTestAgreement } from "./agreement-fixtures";
import { startAppServer, type AppServer } from "./app-server";
import { freePort } from "./free-port";
import { runQueuedJobs } from "./run-queued-jobs";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";
import { staffSessionCookie } from "./staff-session-cookie";

// The mail relay is away for "minutes": the queue's backoff is played by moving each waiting
// delivery's run_at to now between rounds of the real worker code.

let smtpPort: number;
let app: AppServer;
let sink: SmtpSink | undefined;

beforeAll(async () => {
  smtpPort = await freePort();
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
  app = await startAppServer({ NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET! });
}, 180_000);

afterAll(async () => {
  closeMailTransport();
  await sink?.close();
  await app?.stop();
});

const deliverWhatIsDue = async () => {
  await db.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key LIKE 'email:%'`;
  await runQueuedJobs({ deliver_email: taskList.deliver_email! });
};

const emailsSection = (html: string) =>
  html.slice(html.indexOf('id="emails-heading"'), html.indexOf('id="text-heading"'));

describe("SMTP down for minutes, then back", () => {
  it("shows staff each email waiting with the last error and the next try, then sends every one exactly once", async () => {
    const cookie = await staffSessionCookie();
    const addresses = ["relay-1@example.org", "relay-2@example.org", "relay-3@example.org"];
    const issued = [];
    for (const address of addresses) issued.push(await issueTestAgreement({ correspondingAuthorEmail: address }));

    for (let round = 0; round < 3; round++) await deliverWhatIsDue();
    const waiting = await db.emailMessage.findUniqueOrThrow({ where: { id: issued[0].email.id } });
    expect(waiting).toMatchObject({ status: "queued", attempts: 3 });
    expect(waiting.lastError).toMatch(/ECONNREFUSED/);
    const [job] = await db.$queryRaw<{ run_at: Date }[]>`
      SELECT run_at FROM graphile_worker.jobs WHERE key = ${`email:${issued[0].email.id}`}`;
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now());

    const page = await fetch(`${app.baseUrl}/staff/agreements/${issued[0].agreement.id}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const emails = emailsSection(await page.text());
    expect(emails).toContain("Waiting to send");
    expect(emails).toContain(`last error: ${waiting.lastError}`);
    expect(emails).toContain(`next attempt ${job.run_at.toISOString().slice(0, 19).replace("T", " ")} UTC`);

    sink = await startSmtpSink(smtpPort);
    await deliverWhatIsDue();
    await deliverWhatIsDue();
    for (const address of addresses) {
      expect(sink.mails.filter((mail) => JSON.stringify(mail.to).includes(address))).toHaveLength(1);
    }
    const stored = await db.emailMessage.findMany({ where: { id: { in: issued.map(({ email }) => email.id) } } });
    expect(stored.map(({ status, attempts }) => ({ status, attempts }))).toEqual(
      addresses.map(() => ({ status: "sent", attempts: 4 })),
    );
    const after = emailsSection(
      await (await fetch(`${app.baseUrl}/staff/agreements/${issued[0].agreement.id}`, { headers: { cookie } })).text(),
    );
    expect(after).toContain("Sent");
    expect(after).not.toContain("Waiting to send");
  }, 60_000);
});
