import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { registerWebhookEndpoint } from "@/lib/webhooks/register-webhook-endpoint";
import { issueTestAgreement, STAFF } from "./agreement-fixtures";
import { request, startAppServer, type AppServer } from "./app-server";
import { staffSessionCookie } from "./staff-session-cookie";

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
}, 240_000);
afterAll(() => app?.stop());

describe("/staff/webhooks", () => {
  it("shows a disabled endpoint's banner with the reason, and each delivery with its status and Send again", async () => {
    process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
    const { endpointId } = await registerWebhookEndpoint(STAFF, {
      url: "http://127.0.0.1:9/imprimatur",
      events: ["agreement.issued"],
    });
    await issueTestAgreement();
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
    await db.webhookEndpoint.update({
      where: { id: endpointId },
      data: { enabled: false, disabledAt: new Date(), disabledReason: "Every delivery attempt failed for 24 hours." },
    });
    const page = await request(app.port, {
      path: "/staff/webhooks",
      headers: { Cookie: await staffSessionCookie("publisher") },
    });
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/role="alert"[^>]*>.*http:\/\/127\.0\.0\.1:9\/imprimatur.*is disabled since/s);
    expect(page.body).toContain("Every delivery attempt failed for 24 hours.");
    expect(page.body).toContain(delivery.id);
    expect(page.body).toContain("agreement.issued");
    expect(page.body).toContain("Send again");
    expect(page.body).toContain('href="/staff/webhooks"');
    // The actions (a client component) get the endpoint's id, URL and state, not its deliveries.
    expect(page.body).not.toContain("auditEventId");
  });

  it("is refused to an auditor, who has no webhooks link either", async () => {
    const cookie = await staffSessionCookie("auditor");
    const page = await request(app.port, { path: "/staff/webhooks", headers: { Cookie: cookie } });
    expect(page.status).toBe(403);
    const agreements = await request(app.port, { path: "/staff/agreements", headers: { Cookie: cookie } });
    expect(agreements.body).not.toContain('href="/staff/webhooks"');
  });
});
