import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { enqueueJob } from "@/lib/queue/enqueue-job";

/**
 * "Send again": one more attempt now, with the same webhook-id and body (a receiver that already
 * has it can tell), signed afresh. A delivery still waiting for a retry is tried now instead; one
 * whose schedule had run out gets this one attempt.
 */
export async function resendWebhookDelivery(context: AuditContext, { deliveryId }: { deliveryId: string }) {
  await db.$transaction(async (tx) => {
    const delivery = await tx.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true } });
    if (!delivery) throw new AppError("NOT_FOUND", { userMessage: "This delivery no longer exists." });
    if (!delivery.endpoint.enabled) {
      throw new AppError("INVALID_INPUT", {
        status: 409,
        userMessage: "The endpoint is disabled: enable it first, then send again.",
      });
    }
    const now = new Date();
    await tx.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "pending", nextAttemptAt: now } });
    await enqueueJob(tx, "deliver_webhook", { deliveryId });
    await recordEvent(tx, context, {
      type: "webhook.delivery_resent",
      data: { deliveryId, endpointId: delivery.endpointId, eventType: delivery.eventType },
    });
  });
}
