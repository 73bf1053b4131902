import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { EMBEDDED_APP_ROLE, startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded-database";
import { grantAppPrivileges } from "@/lib/db/grant-app-privileges";
import { migrateJobQueue } from "@/lib/queue/migrate-job-queue";
import { runPrismaMigrations } from "@/scripts/start/run-prisma-migrations";
import { issueTestAgreement } from "./agreement-fixtures";
import { startAppServer, type AppServer, decodeHtml } from "./app-server";
import { freePort } from "./free-port";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";
import { staffSessionCookie } from "./staff-session-cookie";

// The real production server with its job worker, on a PostgreSQL of this file's own that the
// test stops and starts again while the server keeps running.

let dataDir: string;
let databasePort: number;
let database: EmbeddedDatabase;
let smtpPort: number;
let sink: SmtpSink;
let app: AppServer;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "imprimatur-outage-"));
  await chmod(dataDir, 0o755);
  databasePort = await freePort();
  database = await startEmbeddedDatabase({ dataDir, port: databasePort });
  await runPrismaMigrations(process.env, database.ownerUrl);
  await migrateJobQueue(database.ownerUrl);
  await grantAppPrivileges({ ownerUrl: database.ownerUrl, appRole: EMBEDDED_APP_ROLE });
  // This file's operations, like the server's, use the database that will go away.
  process.env.DATABASE_URL = database.appUrl;
  smtpPort = await freePort();
  sink = await startSmtpSink(smtpPort);
  // The same NEXTAUTH_SECRET as this process: it encrypts the links waiting in the outbox.
  app = await startAppServer({
    DATABASE_URL: database.appUrl,
    SMTP_URL: sink.url,
    RUN_WORKER: "true",
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET!,
  });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await sink?.close();
  await db.$disconnect();
  await database?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The signing form as a browser without JavaScript submits it: Next's hidden action fields, the answers. */
async function signingForm(token: string, typedName: string): Promise<FormData> {
  const page = await fetch(`${app.baseUrl}/sign/${token}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = /<form[^>]*>[\s\S]*?<\/form>/g;
  const signing = [...html.matchAll(form)]
    .map((match) => match[0])
    .find((markup) => markup.includes('name="typedName"'));
  if (!signing) throw new Error("the signing page has no signing form");
  const fields = new FormData();
  for (const [input] of signing.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) fields.append(decodeHtml(name), decodeHtml(/value="([^"]*)"/.exec(input)?.[1] ?? ""));
  }
  fields.append("typedName", typedName);
  fields.append("agreed", "on");
  return fields;
}

const submit = (token: string, form: FormData) =>
  fetch(`${app.baseUrl}/sign/${token}`, { method: "POST", body: form, redirect: "manual" });

async function within(seconds: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > seconds * 1000) throw new Error(`not within ${seconds} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const mailTo = (address: string) => sink.mails.filter((mail) => JSON.stringify(mail.to).includes(address)).length;

describe("PostgreSQL restarted while the app runs", () => {
  it("answers a 503 page meanwhile, writes no half signature, and recovers by itself within 10 s", async () => {
    const cookie = await staffSessionCookie();
    const { agreement, token } = await issueTestAgreement({ correspondingAuthorEmail: "outage-a@example.org" });
    // The worker's first start (fonts, certificate) may take a while on a busy machine.
    await within(20, "the worker sends the invitation", async () => mailTo("outage-a@example.org") === 1);
    const form = await signingForm(token, "Zhang Haoyang");

    // A job queued before the outage: an invitation whose first try found the mail server away.
    await sink.close();
    const waiting = await issueTestAgreement({ correspondingAuthorEmail: "outage-b@example.org" });
    await within(10, "the first delivery try fails", async () => {
      const email = await db.emailMessage.findUniqueOrThrow({ where: { id: waiting.email.id } });
      return email.attempts >= 1 && email.status === "queued";
    });

    await database.stop();
    for (const page of [`/sign/${token}`, "/staff/agreements", `/staff/agreements/${agreement.id}`]) {
      const answer = await fetch(`${app.baseUrl}${page}`, { headers: { cookie }, redirect: "manual" });
      const body = await answer.text();
      expect({ page, status: answer.status }).toEqual({ page, status: 503 });
      expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(body).toContain("please try again");
      expect(body).not.toMatch(/\bat .*\(.*:\d+:\d+\)|Internal Server Error|Application error|Error:|digest/i);
    }
    const signing = await submit(token, form);
    expect(await signing.text()).toContain("please try again");
    expect(signing.status).toBeGreaterThanOrEqual(200);

    sink = await startSmtpSink(smtpPort);
    database = await startEmbeddedDatabase({ dataDir, port: databasePort });
    const back = Date.now();
    await within(10, "the staff page answers again", async () => {
      const answer = await fetch(`${app.baseUrl}/staff/agreements/${agreement.id}`, { headers: { cookie } });
      return answer.status === 200;
    });
    await within(10, "the worker sends the invitation queued before the outage", async () =>
      mailTo("outage-b@example.org") === 1 ? true : false,
    );
    expect(Date.now() - back).toBeLessThan(10_000);

    // The signature sent during the outage left nothing behind; sent again, it is taken.
    expect(await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).toMatchObject({
      status: "sent",
      signatureName: null,
    });
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.signed" } })).toBe(0);
    const retried = await submit(token, await signingForm(token, "Zhang Haoyang"));
    expect(retried.status).toBeLessThan(500);
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).status).toBe("signed");
  }, 90_000);
});

describe("a page that fails while PostgreSQL answers", () => {
  it("gets Next's error page with status 500 at once: not the outage's 503, nor a browser left waiting", async () => {
    const cookie = await staffSessionCookie();
    // A table the page reads that the app may no longer read, as after a grant gone missing.
    const owner = new pg.Client({ connectionString: database.ownerUrl });
    await owner.connect();
    await owner.query(`REVOKE SELECT ON "WebhookEndpoint" FROM ${EMBEDDED_APP_ROLE}`);
    try {
      // Held while the database was probed, Next's 500 was replayed with its head twice and never ended.
      const answer = await fetch(`${app.baseUrl}/staff/webhooks`, {
        headers: { cookie },
        signal: AbortSignal.timeout(15_000),
      });
      const body = await answer.text();
      expect(answer.status).toBe(500);
      // Next's error document, in which the browser shows app/error.tsx.
      expect(body).toContain('<html id="__next_error__">');
      expect(body).not.toContain("please try again in a minute");
    } finally {
      await owner.query(`GRANT SELECT ON "WebhookEndpoint" TO ${EMBEDDED_APP_ROLE}`);
      await owner.end();
    }
    const again = await fetch(`${app.baseUrl}/staff/webhooks`, { headers: { cookie } });
    expect(again.status).toBe(200);
  }, 60_000);
});
