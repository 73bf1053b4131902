import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { linkFromPass, SIGNING_LINK_PASS_HEADER } from "@/lib/agreements/signing-link-pass";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { compileTrustedProxies } from "./client-address";
import { createFrontDoor } from "./front-door";
import { withSigningLinkDoor } from "./signing-link-door";

// The front door as scripts/web-server.ts builds it, in front of a stand-in for Next that says it
// was reached and which link the door handed it. 127.0.0.1 plays our reverse proxy, so each test
// can play its own client address (X-Forwarded-For) and their throttles never meet.
let server: http.Server;
let base: string;
beforeAll(async () => {
  const door = createFrontDoor({
    trust: compileTrustedProxies("127.0.0.1"),
    https: false,
    handle: withSigningLinkDoor(async (request, response) => {
      const pass = request.headers[SIGNING_LINK_PASS_HEADER];
      const token = (request.url ?? "").split("/")[2]?.split("?")[0] ?? "";
      const link = typeof pass === "string" ? linkFromPass(pass, token, { ip: null, userAgent: null }) : null;
      response.end(JSON.stringify({ next: true, agreementId: link?.agreementId ?? null }));
    }),
  });
  server = http.createServer(door.onRequest);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function open(path: string, { client = "203.0.113.9", method = "GET", headers = {} } = {}) {
  const response = await fetch(`${base}${path}`, { method, headers: { "X-Forwarded-For": client, ...headers } });
  const body = await response.text();
  const reached = response.ok && body.startsWith("{") ? (JSON.parse(body) as { agreementId: string | null }) : null;
  return { status: response.status, body, headers: response.headers, reached };
}

const unknownToken = (i: number) => `probe${String(i).padStart(38, "0")}`;

describe("which requests the front door opens as signing links", () => {
  it("opens the signing page and everything under it, on GET only, and nothing else", async () => {
    const token = "A".repeat(43);
    for (const path of [`/sign/${token}`, `/sign/${token}/pdf`, `/sign/${token}?_rsc=1`])
      expect((await open(path, { client: "203.0.113.70" })).status).toBe(404);
    for (const path of ["/staff", "/staff/agreements/abc/pdf", "/verify", "/", "/sign", `/signs/${token}`])
      expect((await open(path, { client: "203.0.113.70" })).reached).toEqual({ next: true, agreementId: null });
    // A server action (a POST) opens the link itself.
    expect((await open(`/sign/${token}`, { method: "POST", client: "203.0.113.70" })).reached).not.toBeNull();
  });
});

describe("opening a signing link that cannot be used", () => {
  it("answers an unknown link with 404 and a page that says so", async () => {
    const { status, body, headers } = await open(`/sign/${"B".repeat(43)}`);
    expect(status).toBe(404);
    expect(body).toContain("This signing link is not valid");
    expect(headers.get("referrer-policy")).toBe("no-referrer");
    expect(headers.get("cache-control")).toBe("no-store");
    expect(headers.get("content-type")).toBe("text/html; charset=utf-8");
    // Still a page of ours: the front door's security headers are on it.
    expect(headers.get("content-security-policy")).toContain("default-src 'self'");
  });

  it("answers an expired link and a withdrawn agreement with 410", async () => {
    const expired = await issueTestAgreement();
    await db.signingLink.updateMany({
      where: { agreementId: expired.agreement.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    const expiredPage = { status: 410, body: expect.stringContaining("This signing link has expired") };
    expect(await open(`/sign/${expired.token}`)).toMatchObject(expiredPage);

    const voided = await issueTestAgreement();
    await db.agreement.update({ where: { id: voided.agreement.id }, data: { status: "voided" } });
    const withdrawnPage = { status: 410, body: expect.stringContaining("This agreement has been withdrawn") };
    expect(await open(`/sign/${voided.token}`)).toMatchObject(withdrawnPage);
    expect(await open(`/sign/${voided.token}/pdf`)).toMatchObject(withdrawnPage);
  });

  it("lets a valid link and a used (signed) link through to the page and the PDF, with the link it opened", async () => {
    const fresh = await issueTestAgreement();
    const opened = { next: true, agreementId: fresh.agreement.id };
    expect((await open(`/sign/${fresh.token}`)).reached).toEqual(opened);
    await signAgreement(AUTHOR, { token: fresh.token, typedName: "Zhang Haoyang" });
    expect((await open(`/sign/${fresh.token}`)).reached).toEqual(opened);
    expect((await open(`/sign/${fresh.token}/pdf`)).reached).toEqual(opened);
  });

  it("never hands Next a pass the client sent", async () => {
    const other = await issueTestAgreement();
    const forged = { [SIGNING_LINK_PASS_HEADER]: "forged.pass" };
    expect((await open("/verify", { headers: forged })).reached).toEqual({ next: true, agreementId: null });
    const { reached } = await open(`/sign/${other.token}`, { headers: forged });
    expect(reached).toEqual({ next: true, agreementId: other.agreement.id });
  });

  it("counts each unknown link once per GET: 429 with Retry-After after 20, on the page and the PDF", async () => {
    const { token } = await issueTestAgreement();
    for (let i = 0; i < 20; i++) {
      expect((await open(`/sign/${unknownToken(i)}/pdf`, { client: "203.0.113.80" })).status).toBe(404);
    }
    for (const path of [`/sign/${unknownToken(20)}/pdf`, `/sign/${unknownToken(21)}`, `/sign/${token}`]) {
      const { status, body, headers } = await open(path, { client: "203.0.113.80" });
      expect(status).toBe(429);
      expect(Number(headers.get("retry-after"))).toBeGreaterThan(0);
      expect(body).toContain("Too many failed attempts from your address");
    }
    expect((await open(`/sign/${token}`, { client: "203.0.113.81" })).status).toBe(200);
  });
});
