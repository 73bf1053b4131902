import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";

/** Removes the endpoint with its secrets and delivery log; the audit log keeps that it existed. */
export async function deleteWebhookEndpoint(context: AuditContext, { endpointId }: { endpointId: string }) {
  return db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: endpointId } });
    if (!endpoint) throw new AppError("NOT_FOUND", { userMessage: "This webhook endpoint no longer exists." });
    const deliveries = await tx.webhookDelivery.count({ where: { endpointId } });
    await tx.webhookEndpoint.delete({ where: { id: endpointId } });
    await recordEvent(tx, context, {
      type: "webhook.endpoint_deleted",
      data: { endpointId, url: endpoint.url, events: endpoint.events, deliveries },
    });
    return { url: endpoint.url };
  });
}
