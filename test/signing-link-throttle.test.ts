import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { issueTestAgreement } from "./agreement-fixtures";
import { request, startAppServer, type AppServer, decodeHtml } from "./app-server";

// The real server: the request goes through Next's proxy matcher, the proxy and the route, as a
// prober's would. Each test plays its own client address, so their throttles never meet.
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
}, 240_000);
afterAll(() => app?.stop());

const unknownToken = (i: number) => `probe${String(i).padStart(38, "0")}`;

/** The signing page's no-JavaScript form, as `from` would post it after reading the page as `readAs`. */
async function postSignature(token: string, { from, readAs }: { from: string; readAs: string }) {
  const page = await request(app.port, { path: `/sign/${token}`, from: readAs });
  const forms = [...page.body.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)];
  const form = forms.find((match) => match[1].includes('name="typedName"'));
  if (!form) throw new Error(`no signature form on the signing page (HTTP ${page.status})`);
  const fields = new FormData();
  for (const hidden of form[1].matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) {
    fields.append(decodeHtml(hidden[1]), decodeHtml(hidden[2] ?? ""));
  }
  fields.append("typedName", "Zhang Haoyang");
  fields.append("agreed", "on");
  const encoded = new Request("http://form.invalid", { method: "POST", body: fields });
  const body = Buffer.from(await encoded.arrayBuffer());
  const headers = { "Content-Type": encoded.headers.get("content-type")!, Origin: app.baseUrl };
  return request(app.port, { method: "POST", path: `/sign/${token}`, from, body, headers });
}

describe("a client probing signing links is throttled on every signing path", () => {
  it("answers the 21st unknown link on /sign/<token>/pdf with 429 and Retry-After, and then the page too", async () => {
    const { token } = await issueTestAgreement();
    const from = "127.0.0.21";
    for (let i = 0; i < 20; i++) {
      expect((await request(app.port, { path: `/sign/${unknownToken(i)}/pdf`, from })).status).toBe(404);
    }
    const pdf = await request(app.port, { path: `/sign/${unknownToken(20)}/pdf`, from });
    expect(pdf.status).toBe(429);
    expect(Number(pdf.headers["retry-after"])).toBeGreaterThan(0);
    for (const path of [`/sign/${unknownToken(21)}`, `/sign/${token}`]) {
      const page = await request(app.port, { path, from });
      expect(page.status).toBe(429);
      expect(Number(page.headers["retry-after"])).toBeGreaterThan(0);
      expect(page.body).toContain("Too many failed attempts from your address");
    }
    expect((await request(app.port, { path: `/sign/${token}`, from: "127.0.0.22" })).status).toBe(200);
  }, 60_000);

  it("tells a throttled client posting the signing form when to come back, and records nothing", async () => {
    const { agreement, token } = await issueTestAgreement();
    const from = "127.0.0.23";
    for (let i = 0; i < 20; i++) await request(app.port, { path: `/sign/${unknownToken(i)}`, from });
    const answer = await postSignature(token, { from, readAs: "127.0.0.24" });
    expect(answer.body).toMatch(/Too many failed attempts from your address\. Please try again in \d+ minutes?\./);
    const stored = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect({ status: stored.status, signedAt: stored.signedAt }).toEqual({ status: "sent", signedAt: null });
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.signed" } })).toBe(0);
  }, 60_000);
});
