import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";

/**
 * Staff switch an endpoint on or off. Enabling starts a fresh count of failures; deliveries missed
 * while it was off are not queued by themselves: staff send again the ones they want.
 */
export async function setWebhookEndpointEnabled(
  context: AuditContext,
  { endpointId, enabled }: { endpointId: string; enabled: boolean },
) {
  return db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: endpointId } });
    if (!endpoint) throw new AppError("NOT_FOUND", { userMessage: "This webhook endpoint no longer exists." });
    if (endpoint.enabled === enabled)
      throw new AppError("NOTHING_TO_CHANGE", { userMessage: `It is already ${enabled ? "enabled" : "disabled"}.` });
    await tx.webhookEndpoint.update({
      where: { id: endpointId },
      data: enabled
        ? { enabled: true, disabledAt: null, disabledReason: null, failingSince: null }
        : { enabled: false, disabledAt: new Date(), disabledReason: `Disabled by ${context.actor}.` },
    });
    await recordEvent(tx, context, {
      type: enabled ? "webhook.endpoint_enabled" : "webhook.endpoint_disabled",
      data: { endpointId, url: endpoint.url, ...(enabled ? {} : { automatic: false }) },
    });
    return { url: endpoint.url };
  });
}
