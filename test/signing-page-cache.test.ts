import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { declineAgreement } from "@/lib/agreements/decline-agreement";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { voidAgreement } from "@/lib/agreements/corrections/void-agreement";
import { LANGUAGE_COOKIE } from "@/lib/i18n/locales";
import { AUTHOR, issueTestAgreement, STAFF } from "./agreement-fixtures";
import { request, startAppServer, type Answer, type AppServer } from "./app-server";

// The real server, asked again and again for the same signing page as an author's browser would:
// the front door may answer with the page Next rendered before (lib/http/edge/signing-page-cache.ts),
// but never with one older than the database, and always under the response's own CSP nonce.
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
}, 240_000);
afterAll(() => app?.stop());

let client = 130;
const open = (token: string, headers: Record<string, string> = {}) =>
  request(app.port, { path: `/sign/${token}`, headers, from: `127.0.0.${client++}` });

const nonceOf = (page: Answer) => /'nonce-([^']+)'/.exec(String(page.headers["content-security-policy"]))?.[1];
const nonces = (page: Answer) => [...page.body.matchAll(/nonce="([^"]*)"/g)].map((match) => match[1]);
// What differs between two answers of the same page by design: the nonce, the date, the framing.
const PER_RESPONSE = [
  "date",
  "content-security-policy",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
];
const lastingHeaders = (page: Answer) =>
  Object.fromEntries(
    Object.entries(page.headers)
      .filter(([name]) => !PER_RESPONSE.includes(name))
      .map(([name, value]) => [name, String(value).replaceAll(nonceOf(page)!, "N")]),
  );

describe("a signing page opened again", () => {
  it("comes with a fresh nonce each time, on every script and in the CSP header, and otherwise the same", async () => {
    const { token } = await issueTestAgreement();
    const pages = [await open(token), await open(token), await open(token)];
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(nonces(page).length).toBeGreaterThan(0);
      expect(new Set(nonces(page))).toEqual(new Set([nonceOf(page)]));
      // Next's preload header for the stylesheet carries the nonce too.
      expect(page.headers.link).toContain(`nonce="${nonceOf(page)}"`);
    }
    expect(new Set(pages.map(nonceOf)).size).toBe(3);
    const [first, ...later] = pages;
    for (const page of later) {
      expect(lastingHeaders(page)).toEqual(lastingHeaders(first));
      expect(page.body.replaceAll(nonceOf(page)!, "N")).toBe(first.body.replaceAll(nonceOf(first)!, "N"));
    }
    expect(first.headers["cache-control"]).toBe("no-store");
    expect(first.headers["referrer-policy"]).toBe("same-origin");
  }, 60_000);

  it("is compressed for a client that accepts it, as a fresh render is", async () => {
    const { token } = await issueTestAgreement();
    const accepts = { "accept-encoding": "gzip" };
    const [fresh, again] = [await open(token, accepts), await open(token, accepts)];
    expect(again.headers["content-encoding"]).toBe("gzip");
    expect(lastingHeaders(again)).toEqual(lastingHeaders(fresh));
  }, 60_000);

  it("shows the signed state once the agreement is signed", async () => {
    const { token } = await issueTestAgreement();
    await open(token);
    expect((await open(token)).body).toContain('name="typedName"');
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const signed = await open(token);
    expect(signed.body).toMatch(/You signed this agreement as “Zhang Haoyang” on/);
    expect(signed.body).not.toContain('name="typedName"');
  }, 60_000);

  it("shows the declined state once declined, and the withdrawn page once voided", async () => {
    const declined = await issueTestAgreement();
    await open(declined.token);
    await open(declined.token);
    await declineAgreement(AUTHOR, { token: declined.token, reason: "Not my paper" });
    const afterDecline = await open(declined.token);
    expect(afterDecline.body).toContain("You declined this agreement on");
    expect(afterDecline.body).not.toContain('name="typedName"');

    const voided = await issueTestAgreement();
    await open(voided.token);
    await open(voided.token);
    await voidAgreement(STAFF, { agreementId: voided.agreement.id, reason: "Wrong paper" });
    const afterVoid = await open(voided.token);
    expect(afterVoid.status).toBe(410);
    expect(afterVoid.body).toContain("This agreement has been withdrawn");
  }, 60_000);

  it("shows a renamed volume, and the language the author switched to", async () => {
    const { agreement, token } = await issueTestAgreement();
    await open(token);
    await open(token);
    await db.proceedings.update({ where: { id: agreement.proceedingsId }, data: { name: "Renamed Volume 7" } });
    expect((await open(token)).body).toContain("Renamed Volume 7");

    expect((await open(token, { "accept-language": "de" })).body).toContain('<html lang="de"');
    const french = await open(token, { "accept-language": "de", cookie: `${LANGUAGE_COOKIE}=fr` });
    expect(french.body).toContain('<html lang="fr"');
    expect((await open(token, { "accept-language": "de" })).body).toContain('<html lang="de"');
    expect((await open(token)).body).toContain('<html lang="en"');
  }, 60_000);

  it("still checks the client's throttle on every GET: a client that probed too many links gets 429", async () => {
    const { token } = await issueTestAgreement();
    const from = "127.0.0.99";
    expect((await request(app.port, { path: `/sign/${token}`, from })).status).toBe(200);
    expect((await request(app.port, { path: `/sign/${token}`, from })).status).toBe(200);
    for (let i = 0; i < 20; i++) {
      const path = `/sign/probe${String(i).padStart(38, "0")}`;
      expect((await request(app.port, { path, from })).status).toBe(404);
    }
    const throttled = await request(app.port, { path: `/sign/${token}`, from });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers["retry-after"])).toBeGreaterThan(0);
  }, 60_000);
});
