import "server-only";
import { randomUUID } from "node:crypto";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { sealEndpointSecret } from "./endpoint-secrets";
import { webhookUrlRefusal } from "./webhook-address-policy";
import type { WebhookEventType } from "./webhook-events";
import { newWebhookSecret } from "./webhook-signature";

export type RegisterWebhookEndpointOptions = { url: string; events: WebhookEventType[]; description?: string };

/**
 * Registers a URL for the chosen events and returns its signing secret, which is shown this once:
 * only its encrypted form is stored. A URL whose host is, or resolves to, an address webhooks may
 * not reach is refused with the reason (see webhook-address-policy.ts).
 */
export async function registerWebhookEndpoint(context: AuditContext, options: RegisterWebhookEndpointOptions) {
  const url = await checkedWebhookUrl(options.url);
  const secret = newWebhookSecret();
  const endpointId = randomUUID();
  const secretId = randomUUID();
  await db.$transaction(async (tx) => {
    await tx.webhookEndpoint.create({
      data: {
        id: endpointId,
        url: url.href,
        description: options.description ?? "",
        events: options.events,
        createdById: context.staffId,
        secrets: {
          create: { id: secretId, encryptedSecret: sealEndpointSecret(secret, { secretId, endpointId }) },
        },
      },
    });
    await recordEvent(tx, context, {
      type: "webhook.endpoint_registered",
      data: { endpointId, url: url.href, events: options.events },
    });
  });
  return { endpointId, secret };
}

/** The URL, parsed, or an INVALID_INPUT naming why it may not receive webhooks. */
export async function checkedWebhookUrl(raw: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError("INVALID_INPUT", {
      field: "url",
      userMessage: "Enter a whole URL, e.g. https://example.org/hooks.",
    });
  }
  const refusal = await webhookUrlRefusal(url);
  if (refusal) throw new AppError("INVALID_INPUT", { field: "url", userMessage: refusal });
  return url;
}
