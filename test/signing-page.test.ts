import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { formatUtc } from "@/lib/dates/format-utc";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { AUTHOR, issueTestAgreement } from "./agreement-fixtures";
import { agreementArticleLines, frozenTextLines } from "./agreement-page-text";
import { request, startAppServer, type AppServer } from "./app-server";

// The real server, through the front door, the proxy and the page, as the author's browser asks.
// Its clock is set to a zone far from UTC, so a time read in the wrong zone would show.
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer({ TZ: "Pacific/Auckland" });
}, 240_000);
afterAll(() => app?.stop());

describe("the signing page", () => {
  it("shows exactly the frozen agreement text, whose SHA-256 is the one recorded, with markup in a title as text", async () => {
    const articleTitle = `Attention <script>alert("x")</script> & “Quotes”: <b>not bold</b>`;
    const { agreement, token } = await issueTestAgreement({ articleTitle });
    const stored = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(sha256Hex(stored.text)).toBe(stored.textSha256);

    const page = await request(app.port, { path: `/sign/${token}`, from: "127.0.0.31" });
    expect(page.status).toBe(200);
    expect(agreementArticleLines(page.body)).toEqual(frozenTextLines(stored.text));
    expect(page.body).not.toContain('<script>alert("x")');
    expect(page.body).not.toContain("<b>not bold</b>");
    expect(page.body).toContain('name="typedName"');
    const link = await db.signingLink.findFirstOrThrow({ where: { agreementId: agreement.id } });
    expect(page.body).toContain(`This link expires on ${formatUtc(link.expiresAt)}.`);
  }, 60_000);

  it("after signing says as whom and when (in UTC) it was signed, offers the PDF, and no longer the form", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const { signedAt } = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });

    const page = await request(app.port, { path: `/sign/${token}`, from: "127.0.0.32" });
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/You signed this agreement as “Zhang Haoyang” on/);
    expect(page.body).toContain(formatUtc(signedAt!));
    expect(page.body).toContain(`href="/sign/${token}/pdf"`);
    expect(page.body).not.toContain('name="typedName"');
  }, 60_000);

  it("never shows the client the pass the proxy handed the page", async () => {
    const { token } = await issueTestAgreement();
    const page = await request(app.port, { path: `/sign/${token}`, from: "127.0.0.33" });
    expect(page.status).toBe(200);
    const names = Object.keys(page.headers).join(" ");
    expect(names).not.toMatch(/x-imprimatur|x-middleware/);
    expect(page.body).not.toContain("signing-link-pass");
  }, 60_000);
});
