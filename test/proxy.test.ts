import { NextRequest } from "next/server";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { CLIENT_IP_HEADER, markFrontDoorProcess } from "@/lib/http/edge/internal-headers";
import { AUTHOR, issueTestAgreement } from "./agreement-fixtures";
import { config, proxy } from "../proxy";

// The proxy runs behind the front door, which tells it the client's address in its own header.
beforeAll(() => markFrontDoorProcess());

async function open(path: string, { client = "203.0.113.9", method = "GET" } = {}) {
  const headers = { [CLIENT_IP_HEADER]: client };
  const response = await proxy(new NextRequest(`http://imprimatur.test${path}`, { method, headers }));
  return { status: response.status, body: await response.text(), headers: response.headers };
}

const unknownToken = (i: number) => `probe${String(i).padStart(38, "0")}`;

describe("which requests the proxy sees (through Next's own matcher)", () => {
  const matches = (url: string) => unstable_doesMiddlewareMatch({ config, url });

  it("covers the signing page and the signed PDF, and nothing else", () => {
    const token = "A".repeat(43);
    expect(matches(`/sign/${token}`)).toBe(true);
    expect(matches(`/sign/${token}/pdf`)).toBe(true);
    expect(matches(`/sign/${token}?_rsc=1`)).toBe(true);
    expect(matches("/staff")).toBe(false);
    expect(matches("/staff/agreements/abc/pdf")).toBe(false);
    expect(matches("/verify")).toBe(false);
    expect(matches("/")).toBe(false);
    expect(matches("/sign")).toBe(false);
  });
});

describe("opening a signing link that cannot be used", () => {
  it("answers an unknown link with 404 and a page that says so", async () => {
    const { status, body, headers } = await open(`/sign/${"B".repeat(43)}`);
    expect(status).toBe(404);
    expect(body).toContain("This signing link is not valid");
    expect(headers.get("referrer-policy")).toBe("no-referrer");
    expect(headers.get("cache-control")).toBe("no-store");
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

  it("lets a valid link and a used (signed) link through to the page and the PDF", async () => {
    const fresh = await issueTestAgreement();
    expect((await open(`/sign/${fresh.token}`)).headers.get("x-middleware-next")).toBe("1");
    await signAgreement(AUTHOR, { token: fresh.token, typedName: "Zhang Haoyang" });
    expect((await open(`/sign/${fresh.token}`)).headers.get("x-middleware-next")).toBe("1");
    expect((await open(`/sign/${fresh.token}/pdf`)).headers.get("x-middleware-next")).toBe("1");
  });

  it("after 20 unknown links answers that client with 429 and Retry-After, on the page and the PDF", async () => {
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
    expect((await open(`/sign/${token}`, { client: "203.0.113.81" })).headers.get("x-middleware-next")).toBe("1");
  });

  it("lets a POST (a server action) through without looking at it", async () => {
    const post = await open(`/sign/${unknownToken(0)}`, { method: "POST", client: "203.0.113.82" });
    expect(post.headers.get("x-middleware-next")).toBe("1");
  });
});
