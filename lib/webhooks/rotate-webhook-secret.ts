import "server-only";
import { randomUUID } from "node:crypto";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { sealEndpointSecret } from "./endpoint-secrets";
import { newWebhookSecret } from "./webhook-signature";

/** How long a rotated-out secret keeps signing beside the new one, so receivers can switch over. */
export const ROTATION_OVERLAP_MS = 24 * 3600e3;

/**
 * A new secret for the endpoint, shown this once. Until the overlap ends every delivery carries
 * two signatures (`v1,<new> v1,<old>`), so a receiver verifies with either while it switches.
 */
export async function rotateWebhookSecret(context: AuditContext, { endpointId }: { endpointId: string }) {
  const secret = newWebhookSecret();
  const secretId = randomUUID();
  const now = new Date();
  const oldExpireAt = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  await db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({
      where: { id: endpointId },
      select: { id: true, url: true },
    });
    if (!endpoint) throw new AppError("NOT_FOUND", { userMessage: "This webhook endpoint no longer exists." });
    // Secrets already on their way out keep their own (earlier) end.
    await tx.webhookSecret.updateMany({ where: { endpointId, expiresAt: null }, data: { expiresAt: oldExpireAt } });
    await tx.webhookSecret.create({
      data: { id: secretId, endpointId, encryptedSecret: sealEndpointSecret(secret, { secretId, endpointId }) },
    });
    await recordEvent(tx, context, {
      type: "webhook.secret_rotated",
      data: { endpointId, url: endpoint.url, previousExpiresAt: oldExpireAt.toISOString() },
    });
  });
  return { secret, previousExpiresAt: oldExpireAt };
}
