import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { issueTestAgreement } from "./agreement-fixtures";
import { decodeHtml, startAppServer, type AppServer } from "./app-server";
import { staffSessionCookie } from "./staff-session-cookie";

// A client component's props travel to the browser whole, in the page's RSC payload, whatever its
// prop type names: the corrections panel was handed the whole agreement record.

let app: AppServer;

beforeAll(async () => {
  app = await startAppServer();
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

describe("an open agreement's page for staff", () => {
  it("sends the corrections panel what its forms show, not the whole record", async () => {
    const cookie = await staffSessionCookie();
    const { agreement } = await issueTestAgreement({
      authors: "Zhang Haoyang <haoyang@example.org>\nZhang Zhongang",
    });
    const events = await db.auditEvent.findMany({ where: { agreementId: agreement.id } });
    expect(events.length).toBeGreaterThan(0);

    const page = await fetch(`${app.baseUrl}/staff/agreements/${agreement.id}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    // The reissue form starts from the authors as the issue form takes them.
    expect(decodeHtml(html)).toContain("Zhang Haoyang <haoyang@example.org>\nZhang Zhongang</textarea>");
    // The audit chain's hashes are on no part of the page: they were in the panel's props.
    for (const event of events) expect(html).not.toContain(event.hash);
    // Nor is a column nothing on the page shows (the payload escapes quotes: match the name alone).
    expect(html).not.toContain("searchText");
  });
});
