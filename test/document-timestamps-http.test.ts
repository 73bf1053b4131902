import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { timestampSignedDocument } from "@/lib/agreements/timestamp-signed-document";
import { sha256Hex } from "@/lib/crypto/hashing";
import { db } from "@/lib/db/client";
import { AUTHOR, issueTestAgreement, STAFF } from "./agreement-fixtures";
import { request, startAppServer, type AppServer } from "./app-server";
import { startTestTimestampAuthority, type TestTimestampAuthority } from "./timestamp-authority";
import { staffSessionCookie } from "./staff-session-cookie";

// The staff page, the staff download and /verify/check over HTTP, on the production build, with a
// document-timestamped version stored as the daily job or staff's button would store it.
let app: AppServer;
let tsa: TestTimestampAuthority;
let agreementId: string;
let newest: { sha256: string; pdf: Uint8Array };

beforeAll(async () => {
  tsa = await startTestTimestampAuthority();
  Object.assign(process.env, tsa.env());
  app = await startAppServer(tsa.env());
  const { agreement, token } = await issueTestAgreement({ articleTitle: "A Timestamped Article" });
  await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
  await sealAgreement(agreement.id);
  agreementId = agreement.id;
  const { sha256 } = await timestampSignedDocument(STAFF, { agreementId, reason: "staff" });
  const stored = await db.timestampedDocument.findUniqueOrThrow({ where: { sha256 } });
  newest = { sha256, pdf: new Uint8Array(stored.pdf) };
}, 240_000);
afterAll(async () => {
  await app?.stop();
  await tsa?.stop();
});

describe("a document-timestamped agreement, over HTTP", () => {
  it("its staff page lists the timestamp and offers a publisher, not an auditor, to add one", async () => {
    const page = await request(app.port, {
      path: `/staff/agreements/${agreementId}`,
      headers: { Cookie: await staffSessionCookie("publisher") },
    });
    expect(page.status).toBe(200);
    const body = page.body.replaceAll("<!-- -->", "");
    expect(body).toContain("Document timestamps");
    expect(body).toContain("by Imprimatur Test Timestamp Authority (added by staff;");
    expect(body).toContain(newest.sha256);
    expect(body).toContain("Add a timestamp now");
    const auditorPage = await request(app.port, {
      path: `/staff/agreements/${agreementId}`,
      headers: { Cookie: await staffSessionCookie("auditor") },
    });
    expect(auditorPage.body).toContain(newest.sha256);
    expect(auditorPage.body).not.toContain("Add a timestamp now");
  });

  it("the staff download is the newest version", async () => {
    const response = await fetch(`${app.baseUrl}/staff/agreements/${agreementId}/pdf`, {
      headers: { Cookie: await staffSessionCookie("auditor") },
    });
    expect(response.status).toBe(200);
    expect(sha256Hex(new Uint8Array(await response.arrayBuffer()))).toBe(newest.sha256);
  });

  it("/verify/check calls it genuine and reports its document timestamp", async () => {
    const response = await fetch(`${app.baseUrl}/verify/check`, {
      method: "POST",
      headers: { "content-type": "application/pdf" },
      body: Buffer.from(newest.pdf),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      verdict: "genuine",
      sha256: newest.sha256,
      record: { agreementId, articleTitle: "A Timestamped Article" },
      documentTimestamps: [{ valid: true, trusted: true, authority: "Imprimatur Test Timestamp Authority" }],
    });
  });
});
