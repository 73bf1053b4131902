import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { db } from "@/lib/db/client";
import { issueRows } from "@/lib/proceedings/issue-rows";
import { jobKeyFor, jobSpec } from "@/lib/queue/jobs";
import { startWorker } from "@/lib/worker/start-worker";
import { taskList } from "@/lib/worker/task-list";
import { AUTHOR, issueTestAgreement, STAFF } from "@/test/agreement-fixtures";
import { smtpSinkForThisFile } from "@/test/mail-sink";
import { runQueuedJobs } from "@/test/run-queued-jobs";
import { startWebhookReceiver } from "@/test/webhook-receiver";
import { registerWebhookEndpoint } from "./register-webhook-endpoint";
import { resendWebhookDelivery } from "./resend-webhook-delivery";
import { rotateWebhookSecret } from "./rotate-webhook-secret";
import { setWebhookEndpointEnabled } from "./set-webhook-endpoint-enabled";

const mail = smtpSinkForThisFile();
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());
beforeEach(async () => {
  // The test's receiver listens on loopback: only the allow-list lets deliveries reach it.
  process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
  await db.webhookEndpoint.deleteMany();
  receiver.received.length = 0;
});

const deliverWebhooks = () => runQueuedJobs({ deliver_webhook: taskList.deliver_webhook });
/** Makes every waiting retry due now, as the passing of its delay would. */
const makeRetriesDue = () =>
  db.$executeRaw`SELECT graphile_worker.reschedule_jobs(
    ARRAY(SELECT id FROM graphile_worker.jobs WHERE task_identifier = 'deliver_webhook'), run_at => now())`;

const verify = (secret: string, { headers, body }: { headers: Record<string, unknown>; body: string }) =>
  new Webhook(secret).verify(body, headers as Record<string, string>) as {
    type: string;
    data: Record<string, unknown>;
  };

describe("webhook deliveries", () => {
  it("a signed event reaches the receiver with Standard Webhooks headers that an independent verifier accepts", async () => {
    const { secret } = await registerWebhookEndpoint(STAFF, { url: receiver.url, events: ["agreement.signed"] });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    await deliverWebhooks();
    const [delivery] = await receiver.waitFor(1);
    expect(receiver.received).toHaveLength(1);
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(Number(delivery.headers["webhook-timestamp"])).toBeCloseTo(Date.now() / 1000, -1);
    const payload = verify(secret, delivery);
    expect(payload.type).toBe("agreement.signed");
    expect(payload.data).toMatchObject({ agreementId: agreement.id, status: "signed" });
    expect(payload.data.signedAt).toEqual(expect.any(String));
    // A verifier with any other secret refuses it, and the body carries no link or token.
    expect(() => verify(`whsec_${Buffer.alloc(32, 1).toString("base64")}`, delivery)).toThrow();
    expect(delivery.body).not.toContain(token);
    expect(delivery.body).not.toContain("/sign/");
    const stored = await db.webhookDelivery.findFirstOrThrow({ include: { attemptLog: true } });
    expect(stored.id).toBe(delivery.headers["webhook-id"]);
    expect(stored).toMatchObject({ status: "succeeded", attempts: 1, eventType: "agreement.signed" });
    expect(stored.attemptLog).toMatchObject([{ number: 1, responseStatus: 200, succeeded: true, error: null }]);
  });

  it("the signed webhook goes out while every job slot is busy sealing: it does not wait for the seal", async () => {
    const { secret } = await registerWebhookEndpoint(STAFF, { url: receiver.url, events: ["agreement.signed"] });
    const { token } = await issueTestAgreement();
    // One job slot, held by a seal that does not finish until the webhook has arrived.
    let finishSeal = () => {};
    const sealHeld = new Promise<void>((resolve) => (finishSeal = resolve));
    let sealStarted = false;
    const previous = process.env.WORKER_CONCURRENCY;
    process.env.WORKER_CONCURRENCY = "1";
    const runner = await startWorker(process.env.DATABASE_URL!, {
      taskList: {
        ...taskList,
        seal_agreement: async () => {
          sealStarted = true;
          await sealHeld;
        },
      },
    });
    try {
      await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
      const [delivery] = await receiver.waitFor(1, 15_000);
      expect(verify(secret, delivery).type).toBe("agreement.signed");
      for (let wait = 0; !sealStarted && wait < 100; wait++) await new Promise((r) => setTimeout(r, 100));
      expect(sealStarted).toBe(true);
    } finally {
      finishSeal();
      // Assigning undefined would store the string "undefined", which a worker's start refuses.
      if (previous === undefined) delete process.env.WORKER_CONCURRENCY;
      else process.env.WORKER_CONCURRENCY = previous;
      await runner.stop();
    }
  });

  it("an event the endpoint did not subscribe to is not delivered", async () => {
    await registerWebhookEndpoint(STAFF, { url: receiver.url, events: ["agreement.sealed"] });
    const { token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    await deliverWebhooks();
    expect(await db.webhookDelivery.count()).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });

  it("a failing endpoint is retried with the same webhook-id until it recovers, each attempt logged", async () => {
    const { secret } = await registerWebhookEndpoint(STAFF, { url: receiver.url, events: ["agreement.issued"] });
    receiver.answer(500, 503, 302);
    await issueTestAgreement();
    await deliverWebhooks();
    const waiting = await db.webhookDelivery.findFirstOrThrow();
    expect(waiting).toMatchObject({ status: "pending", attempts: 1 });
    // The first retry comes about 5 s later (±20 %), not at once.
    const delay = waiting.nextAttemptAt!.getTime() - Date.now();
    expect(delay).toBeGreaterThan(2_000);
    expect(delay).toBeLessThan(6_500);
    for (let attempt = 2; attempt <= 4; attempt++) {
      await makeRetriesDue();
      await deliverWebhooks();
    }
    await receiver.waitFor(4);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([waiting.id]));
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    receiver.received.forEach((request) => expect(verify(secret, request).type).toBe("agreement.issued"));
    const log = await db.webhookAttempt.findMany({ where: { deliveryId: waiting.id }, orderBy: { number: "asc" } });
    expect(log.map(({ number, responseStatus, succeeded }) => ({ number, responseStatus, succeeded }))).toEqual([
      { number: 1, responseStatus: 500, succeeded: false },
      { number: 2, responseStatus: 503, succeeded: false },
      { number: 3, responseStatus: 302, succeeded: false },
      { number: 4, responseStatus: 200, succeeded: true },
    ]);
    expect(log[2].error).toMatch(/redirects are not followed/);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({
      status: "succeeded",
      nextAttemptAt: null,
    });
    // Recovery clears the failure streak, so the endpoint is not on its way to being disabled.
    expect((await db.webhookEndpoint.findFirstOrThrow()).failingSince).toBeNull();
  });

  it("during a secret rotation each delivery is signed with both secrets, and either verifies", async () => {
    const { endpointId, secret: oldSecret } = await registerWebhookEndpoint(STAFF, {
      url: receiver.url,
      events: ["agreement.issued"],
    });
    const { secret: newSecret, previousExpiresAt } = await rotateWebhookSecret(STAFF, { endpointId });
    expect(newSecret).not.toBe(oldSecret);
    expect(previousExpiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3600e3);
    await issueTestAgreement();
    await deliverWebhooks();
    const [delivery] = await receiver.waitFor(1);
    expect(String(delivery.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verify(oldSecret, delivery).type).toBe("agreement.issued");
    expect(verify(newSecret, delivery).type).toBe("agreement.issued");
    // Once the overlap is over, only the new secret signs.
    await db.webhookSecret.updateMany({
      where: { endpointId, expiresAt: { not: null } },
      data: { expiresAt: new Date() },
    });
    await issueTestAgreement({ articleTitle: "A second paper" });
    await deliverWebhooks();
    const [, second] = await receiver.waitFor(2);
    expect(String(second.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(verify(newSecret, second).type).toBe("agreement.issued");
    expect(() => verify(oldSecret, second)).toThrow();
    // The secrets are stored encrypted, never as given.
    const stored = await db.webhookSecret.findMany({ where: { endpointId } });
    for (const row of stored) {
      expect(row.encryptedSecret).not.toContain(oldSecret.slice(6, 20));
      expect(row.encryptedSecret).not.toContain(newSecret.slice(6, 20));
    }
    const events = await db.auditEvent.findMany({
      where: { type: { startsWith: "webhook." } },
      orderBy: { id: "asc" },
    });
    expect(events.slice(-2).map((e) => [e.type, e.actor])).toEqual([
      ["webhook.endpoint_registered", STAFF.actor],
      ["webhook.secret_rotated", STAFF.actor],
    ]);
  });

  it("a secret that no longer decrypts (NEXTAUTH_SECRET changed) is a failed attempt that says so", async () => {
    await registerWebhookEndpoint(STAFF, { url: receiver.url, events: ["agreement.issued"] });
    await issueTestAgreement();
    const secret = process.env.NEXTAUTH_SECRET;
    process.env.NEXTAUTH_SECRET = "another-secret";
    try {
      await deliverWebhooks();
    } finally {
      process.env.NEXTAUTH_SECRET = secret;
    }
    const [attempt] = await db.webhookAttempt.findMany();
    expect(attempt).toMatchObject({ number: 1, succeeded: false, responseStatus: null });
    expect(attempt.error).toMatch(/^not sent: /);
    expect(receiver.received).toHaveLength(0);
    expect(await db.webhookDelivery.findFirstOrThrow()).toMatchObject({ status: "pending", attempts: 1 });
  });

  it("send again delivers the same message once more, and logs the attempt", async () => {
    const { secret } = await registerWebhookEndpoint(STAFF, { url: receiver.url, events: ["agreement.issued"] });
    await issueTestAgreement();
    await deliverWebhooks();
    const delivery = await db.webhookDelivery.findFirstOrThrow();
    await resendWebhookDelivery(STAFF, { deliveryId: delivery.id });
    await deliverWebhooks();
    const [first, again] = await receiver.waitFor(2);
    expect(again.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    expect(again.body).toBe(first.body);
    expect(verify(secret, again).type).toBe("agreement.issued");
    expect(await db.webhookAttempt.count({ where: { deliveryId: delivery.id } })).toBe(2);
    expect(await db.auditEvent.count({ where: { type: "webhook.delivery_resent" } })).toBe(1);
  });

  it("an endpoint whose attempts have all failed for 24 hours is disabled and the admins are emailed", async () => {
    await db.user.upsert({
      where: { email: "admin@example.org" },
      create: { email: "admin@example.org", role: "admin" },
      update: { role: "admin", removedAt: null },
    });
    const { endpointId } = await registerWebhookEndpoint(STAFF, { url: receiver.url, events: ["agreement.issued"] });
    receiver.answer(500, 500);
    await issueTestAgreement();
    await deliverWebhooks();
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).enabled).toBe(true);
    // A day passes in which every attempt fails.
    await db.webhookEndpoint.update({
      where: { id: endpointId },
      data: { failingSince: new Date(Date.now() - 24 * 3600e3 - 60e3) },
    });
    await makeRetriesDue();
    await deliverWebhooks();
    const endpoint = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    expect(endpoint.enabled).toBe(false);
    expect(endpoint.disabledReason).toMatch(/failed for more than 24 hours.*HTTP 500/);
    expect(await db.webhookDelivery.findFirstOrThrow()).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect(await db.auditEvent.findFirstOrThrow({ where: { type: "webhook.endpoint_disabled" } })).toMatchObject({
      actor: "system",
      data: expect.objectContaining({ endpointId, automatic: true }),
    });
    await runQueuedJobs({ deliver_email: taskList.deliver_email });
    const told = mail().mails.find((m) => m.subject === "A webhook endpoint was disabled");
    expect(told?.to && "text" in told.to ? told.to.text : "").toContain("admin@example.org");
    expect(told?.text).toContain(receiver.url);
    // Nothing more is sent to it, and new events queue nothing until staff enable it again.
    await issueTestAgreement({ articleTitle: "While disabled" });
    expect(await db.webhookDelivery.count()).toBe(1);
    await setWebhookEndpointEnabled(STAFF, { endpointId, enabled: true });
    await issueTestAgreement({ articleTitle: "Enabled again" });
    await deliverWebhooks();
    expect(await db.webhookDelivery.count({ where: { status: "succeeded" } })).toBe(1);
  });
});

describe("deliveries are queued with their event", () => {
  const rows = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      paperId: `${prefix}${i}`,
      articleTitle: `Paper ${i}`,
      correspondingAuthorName: `Author ${i}`,
      correspondingAuthorEmail: `${prefix}-${i}@example.org`,
      authors: [`Author ${i}`],
    }));
  const webhookJobs = async () =>
    Number(
      (
        await db.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'deliver_webhook'`
      )[0].n,
    );

  it("a bulk issue of 1,000 papers queues one delivery and one job per issued event, and none if it rolls back", async () => {
    const jobsBefore = await webhookJobs();
    const { endpointId } = await registerWebhookEndpoint(STAFF, { url: receiver.url, events: ["agreement.issued"] });
    const volume = await db.proceedings.create({ data: { name: "Webhook Volume", shortName: "webhook-volume" } });
    const failed = await db
      .$transaction(async (tx) => {
        await issueRows(tx, STAFF, volume, rows("R", 50));
        throw new Error("the import broke off");
      })
      .catch((error: Error) => error.message);
    expect(failed).toBe("the import broke off");
    expect(await db.webhookDelivery.count()).toBe(0);
    expect(await webhookJobs()).toBe(jobsBefore);

    await db.$transaction((tx) => issueRows(tx, STAFF, volume, rows("P", 1000)), { timeout: 60_000 });
    const deliveries = await db.webhookDelivery.findMany({ where: { endpointId } });
    expect(deliveries).toHaveLength(1000);
    expect(new Set(deliveries.map((d) => d.eventType))).toEqual(new Set(["agreement.issued"]));
    expect(new Set(deliveries.map((d) => d.auditEventId)).size).toBe(1000);
    expect((await webhookJobs()) - jobsBefore).toBe(1000);
    // The jobs PostgreSQL queued at COMMIT (…_webhook_deliveries_at_commit) are the queue's own
    // deliver_webhook: the same key and attempts as enqueueJob would give them.
    const [job] = await db.$queryRaw<{ key: string; max_attempts: number }[]>`
      SELECT key, max_attempts FROM graphile_worker.jobs
      WHERE task_identifier = 'deliver_webhook' AND key = ${jobKeyFor("deliver_webhook", { deliveryId: deliveries[0].id })}`;
    const spec = jobSpec("deliver_webhook", { deliveryId: deliveries[0].id });
    expect(job).toEqual({ key: spec.job_key, max_attempts: spec.max_attempts });
    // Exactly one delivery per endpoint and event: the database refuses a second.
    await expect(
      db.webhookDelivery.create({
        data: { endpointId, auditEventId: deliveries[0].auditEventId, eventType: "agreement.issued" },
      }),
    ).rejects.toThrow();
  });
});
