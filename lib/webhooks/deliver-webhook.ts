import "server-only";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { appUrl } from "@/lib/config/app-config";
import { db, type Tx } from "@/lib/db/client";
import { queueEmail } from "@/lib/mail/outbox";
import { webhookDisabledEmail } from "@/lib/mail/templates/webhook-disabled-email";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { signingSecrets } from "./endpoint-secrets";
import { WEBHOOK_EVENT_SELECT, webhookBody } from "./webhook-payload";
import { DISABLE_AFTER_FAILING_MS, nextRetryDelayMs } from "./webhook-retry-schedule";
import { webhookSignature } from "./webhook-signature";
import { sendWebhookRequest, type WebhookResponse } from "./send-webhook-request";

/**
 * One attempt of one delivery (the deliver_webhook job). The attempt is logged; a failure queues
 * the next attempt on the retry schedule as this job's successor, and when every attempt to the
 * endpoint has failed for DISABLE_AFTER_FAILING_MS the endpoint is disabled and the admins told.
 * The webhook-id is the delivery's id, the same on every attempt, so a receiver can drop repeats.
 */
export async function deliverWebhook(deliveryId: string): Promise<void> {
  // One query before the request goes out: each round trip is a chance for a seal running in the
  // same worker to take the event loop for its CPU work first (see the job's priority).
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    include: { endpoint: { include: { secrets: true } }, auditEvent: { select: WEBHOOK_EVENT_SELECT } },
  });
  if (!delivery || delivery.status !== "pending") return;
  const { endpoint } = delivery;
  if (!endpoint.enabled) {
    await db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "failed", nextAttemptAt: null } });
    return;
  }
  const body = delivery.payload ?? webhookBody(delivery.auditEvent);
  const attemptedAt = new Date();
  let response: WebhookResponse;
  try {
    const timestamp = Math.floor(attemptedAt.getTime() / 1000);
    const headers = {
      "content-type": "application/json",
      "user-agent": "Imprimatur-Webhooks/1",
      "webhook-id": delivery.id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": webhookSignature(
        { id: delivery.id, timestamp, body },
        signingSecrets(endpoint.id, endpoint.secrets),
      ),
    };
    response = await sendWebhookRequest(new URL(endpoint.url), headers, body);
  } catch (error) {
    // A secret that no longer opens (NEXTAUTH_SECRET changed) is a failed attempt staff can see,
    // not a job failing silently in the queue.
    const reason = error instanceof Error ? error.message : String(error);
    response = { status: null, durationMs: Date.now() - attemptedAt.getTime(), error: `not sent: ${reason}` };
  }
  await db.$transaction((tx) =>
    recordAttempt(tx, { deliveryId, endpointId: endpoint.id, body, attemptedAt, response }),
  );
}

async function recordAttempt(
  tx: Tx,
  input: { deliveryId: string; endpointId: string; body: string; attemptedAt: Date; response: WebhookResponse },
) {
  const { deliveryId, endpointId, attemptedAt, response } = input;
  const succeeded = response.error === null;
  // The endpoint's row first, as deleting it (endpoint, then its deliveries) and disabling it do:
  // one order of locks, so recording an attempt never deadlocks with them. Gone: nothing to record.
  const [endpointRow] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "WebhookEndpoint" WHERE id = ${endpointId} FOR NO KEY UPDATE`;
  if (!endpointRow) return;
  // The row lock numbers attempts in order even if "send again" raced a scheduled retry.
  const [row] = await tx.$queryRaw<{ attempts: number }[]>`
    UPDATE "WebhookDelivery" SET attempts = attempts + 1, payload = coalesce(payload, ${input.body}),
      "updatedAt" = now()
    WHERE id = ${deliveryId} RETURNING attempts`;
  if (!row) return;
  const number = row.attempts;
  await tx.webhookAttempt.create({
    data: {
      deliveryId,
      number,
      attemptedAt,
      durationMs: response.durationMs,
      responseStatus: response.status,
      error: response.error?.slice(0, 500) ?? null,
      succeeded,
    },
  });
  if (succeeded) {
    await tx.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "succeeded", nextAttemptAt: null } });
    await tx.webhookEndpoint.updateMany({
      where: { id: endpointId, failingSince: { not: null } },
      data: { failingSince: null },
    });
    return;
  }
  const delay = nextRetryDelayMs(number);
  const nextAttemptAt = delay === null ? null : new Date(Date.now() + delay);
  await tx.webhookDelivery.update({
    where: { id: deliveryId },
    data: { status: nextAttemptAt ? "pending" : "failed", nextAttemptAt },
  });
  if (nextAttemptAt) await enqueueJob(tx, "deliver_webhook", { deliveryId }, { runAt: nextAttemptAt });
  const [endpoint] = await tx.$queryRaw<{ url: string; enabled: boolean; failingSince: Date }[]>`
    UPDATE "WebhookEndpoint" SET "failingSince" = coalesce("failingSince", ${attemptedAt}::timestamptz AT TIME ZONE 'UTC')
    WHERE id = ${endpointId} RETURNING url, enabled, "failingSince"`;
  if (endpoint?.enabled && attemptedAt.getTime() - endpoint.failingSince.getTime() >= DISABLE_AFTER_FAILING_MS) {
    await disableFailingEndpoint(tx, { id: endpointId, ...endpoint, lastError: response.error ?? "failed" });
  }
}

async function disableFailingEndpoint(
  tx: Tx,
  endpoint: { id: string; url: string; failingSince: Date; lastError: string },
) {
  const hours = Math.round(DISABLE_AFTER_FAILING_MS / 3600e3);
  const reason = `Every delivery attempt failed for more than ${hours} hours (since ${endpoint.failingSince.toISOString()}; the last: ${endpoint.lastError}).`;
  await tx.webhookEndpoint.update({
    where: { id: endpoint.id },
    data: { enabled: false, disabledAt: new Date(), disabledReason: reason },
  });
  // Their jobs would find the endpoint disabled anyway; marking them now keeps the log truthful.
  await tx.webhookDelivery.updateMany({
    where: { endpointId: endpoint.id, status: "pending" },
    data: { status: "failed", nextAttemptAt: null },
  });
  const admins = await tx.user.findMany({ where: { role: "admin", removedAt: null }, select: { email: true } });
  for (const admin of admins) {
    await queueEmail(tx, {
      kind: "webhook_disabled",
      to: admin.email,
      ...webhookDisabledEmail({ ...endpoint, pageUrl: `${appUrl()}/staff/webhooks` }),
    });
  }
  await recordEvent(tx, SYSTEM_CONTEXT, {
    type: "webhook.endpoint_disabled",
    data: { endpointId: endpoint.id, url: endpoint.url, reason, automatic: true },
  });
}
