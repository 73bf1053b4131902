import "server-only";
import { db } from "@/lib/db/client";

const RECENT_DELIVERIES = 50;

/** The webhooks page: every endpoint with its current secrets' dates and its newest deliveries. */
export async function listWebhookEndpoints() {
  const endpoints = await db.webhookEndpoint.findMany({
    orderBy: { createdAt: "asc" },
    include: {
      secrets: { select: { createdAt: true, expiresAt: true }, orderBy: { createdAt: "desc" } },
      deliveries: {
        orderBy: { createdAt: "desc" },
        take: RECENT_DELIVERIES,
        omit: { payload: true },
        include: { attemptLog: { orderBy: { number: "desc" }, take: 1 } },
      },
    },
  });
  const now = new Date();
  return endpoints.map(({ secrets, deliveries, ...endpoint }) => ({
    ...endpoint,
    secrets: secrets.filter((secret) => secret.expiresAt === null || secret.expiresAt > now),
    deliveries: deliveries.map(({ attemptLog, ...delivery }) => ({
      ...delivery,
      lastAttempt: attemptLog[0] ?? null,
    })),
  }));
}

export type WebhookEndpointListing = Awaited<ReturnType<typeof listWebhookEndpoints>>[number];
