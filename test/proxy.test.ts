import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { AUTHOR, issueTestAgreement } from "./agreement-fixtures";
import { proxy } from "../proxy";

async function open(token: string) {
  const response = await proxy(new NextRequest(`http://imprimatur.test/sign/${token}`, { headers: { "x-forwarded-for": "203.0.113.9" } }));
  return { status: response.status, body: await response.text(), headers: response.headers };
}

describe("opening a signing link that cannot be used", () => {
  it("answers an unknown link with 404 and a page that says so", async () => {
    const { status, body, headers } = await open("B".repeat(43));
    expect(status).toBe(404);
    expect(body).toContain("This signing link is not valid");
    expect(headers.get("referrer-policy")).toBe("no-referrer");
    expect(headers.get("cache-control")).toBe("no-store");
  });

  it("answers an expired link and a withdrawn agreement with 410", async () => {
    const expired = await issueTestAgreement();
    await db.signingLink.updateMany({ where: { agreementId: expired.agreement.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await open(expired.token)).toMatchObject({ status: 410, body: expect.stringContaining("This signing link has expired") });

    const voided = await issueTestAgreement();
    await db.agreement.update({ where: { id: voided.agreement.id }, data: { status: "voided" } });
    expect(await open(voided.token)).toMatchObject({ status: 410, body: expect.stringContaining("This agreement has been withdrawn") });
  });

  it("lets a valid link and a used (signed) link through to the page", async () => {
    const fresh = await issueTestAgreement();
    expect((await open(fresh.token)).headers.get("x-middleware-next")).toBe("1");
    await signAgreement({ token: fresh.token, typedName: "Zhang Haoyang", ...AUTHOR });
    expect((await open(fresh.token)).headers.get("x-middleware-next")).toBe("1");
  });
});
