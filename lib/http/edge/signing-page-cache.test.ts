import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { linkFromPass, SIGNING_LINK_PASS_HEADER } from "@/lib/agreements/signing-link-pass";
import { defaultTemplate } from "@/lib/agreements/agreement-template";
import { emailForDelivery } from "@/lib/mail/outbox";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { storeTestTemplateVersion } from "@/test/template-fixtures";
import { compileTrustedProxies } from "./client-address";
import { createFrontDoor } from "./front-door";
import { withSigningLinkDoor } from "./signing-link-door";

// The front door as scripts/web-server.ts builds it, in front of a stand-in for Next that renders
// the agreement's status and the proceedings' name under the request's nonce and counts its renders:
// what reaches "Next" and what the door answers with a kept page.
let server: http.Server;
let base: string;
let renders = 0;
beforeAll(async () => {
  const door = createFrontDoor({
    trust: compileTrustedProxies("127.0.0.1"),
    https: false,
    handle: withSigningLinkDoor(async (request, response) => {
      renders++;
      const token = (request.url ?? "").split("/")[2]?.split("?")[0] ?? "";
      const pass = request.headers[SIGNING_LINK_PASS_HEADER];
      const link = typeof pass === "string" ? linkFromPass(pass, token, { ip: null, userAgent: null }) : null;
      const agreement = link
        ? await db.agreement.findUniqueOrThrow({ where: { id: link.agreementId }, include: { proceedings: true } })
        : null;
      const nonce = /'nonce-([^']+)'/.exec(String(request.headers["content-security-policy"]))?.[1];
      if (request.headers["x-test-set-cookie"]) response.setHeader("Set-Cookie", "flash=1; Path=/sign");
      response.writeHead(request.headers["x-test-status"] ? Number(request.headers["x-test-status"]) : 200, {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
        Link: `</style.css>; rel=preload; nonce="${nonce}"`,
      });
      response.write(`<html><script nonce="${nonce}">1</script>`);
      response.end(`<p>${agreement?.status} in ${agreement?.proceedings.name}</p><script nonce="${nonce}">2</script>`);
    }),
  });
  server = http.createServer(door.onRequest);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function open(path: string, headers: Record<string, string> = {}) {
  const before = renders;
  const response = await fetch(`${base}${path}`, { headers: { "X-Forwarded-For": "203.0.113.120", ...headers } });
  const body = await response.text();
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  return { status: response.status, body, headers: response.headers, nonce, rendered: renders > before };
}

describe("the signing page kept by the front door", () => {
  it("is rendered once and then answered from the kept copy, with this response's nonce everywhere", async () => {
    const { token } = await issueTestAgreement();
    const first = await open(`/sign/${token}`);
    const second = await open(`/sign/${token}`);
    expect([first.rendered, second.rendered]).toEqual([true, false]);
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.body).toBe(first.body.replaceAll(first.nonce!, second.nonce!));
    expect(second.body).not.toContain(first.nonce);
    expect(second.headers.get("link")).toBe(`</style.css>; rel=preload; nonce="${second.nonce}"`);
    expect(second.headers.get("cache-control")).toBe("no-store");
    expect(second.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });

  it("is rendered again once anything it shows has changed: the agreement, its volume, its link", async () => {
    const { agreement, token } = await issueTestAgreement();
    await open(`/sign/${token}`);
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const signed = await open(`/sign/${token}`);
    expect(signed.rendered).toBe(true);
    expect(signed.body).toContain("<p>signed in ");
    expect((await open(`/sign/${token}`)).rendered).toBe(false);

    await db.proceedings.update({ where: { id: agreement.proceedingsId }, data: { name: "Volume renamed" } });
    const renamed = await open(`/sign/${token}`);
    expect(renamed.rendered).toBe(true);
    expect(renamed.body).toContain("in Volume renamed");

    const later = new Date(Date.now() + 86_400_000);
    await db.signingLink.updateMany({ where: { agreementId: agreement.id }, data: { expiresAt: later } });
    expect((await open(`/sign/${token}`)).rendered).toBe(true);
  });

  it("is rendered again for one author once a co-author has signed (every-author agreements)", async () => {
    const volume = "Every-author volume of the kept page";
    await storeTestTemplateVersion(
      { key: "every-author-kept-page", body: defaultTemplate().body, signers: "every_author" },
      { volume },
    );
    const { agreement } = await issueTestAgreement({
      proceedings: volume,
      correspondingAuthorName: "Ada Lovelace",
      correspondingAuthorEmail: "ada@example.org",
      authors: "Ada Lovelace <ada@example.org>\nCharles Babbage <charles@example.org>",
    });
    const invitations = await db.emailMessage.findMany({ where: { agreementId: agreement.id, kind: "invitation" } });
    const tokenOf = (to: string) =>
      /\/sign\/([A-Za-z0-9_-]{43})/.exec(emailForDelivery(invitations.find((email) => email.to === to)!).text)![1];
    await open(`/sign/${tokenOf("ada@example.org")}`);
    expect((await open(`/sign/${tokenOf("ada@example.org")}`)).rendered).toBe(false);
    await signAgreement(AUTHOR, { token: tokenOf("charles@example.org"), typedName: "Charles Babbage" });
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).status).not.toBe("signed");
    expect((await open(`/sign/${tokenOf("ada@example.org")}`)).rendered).toBe(true);
  });

  it("is kept per language: Accept-Language and the switcher's cookie each get their own copy", async () => {
    const { token } = await issueTestAgreement();
    expect((await open(`/sign/${token}`, { "accept-language": "de" })).rendered).toBe(true);
    expect((await open(`/sign/${token}`, { "accept-language": "fr" })).rendered).toBe(true);
    expect((await open(`/sign/${token}`, { "accept-language": "de-AT,de;q=0.9" })).rendered).toBe(false);
    expect((await open(`/sign/${token}`, { cookie: "imprimatur-language=fr" })).rendered).toBe(false);
    expect((await open(`/sign/${token}`, { cookie: "imprimatur-language=ja" })).rendered).toBe(true);
  });

  it("is never used for a query string, another cookie, Next's client router, a bot, the PDF or an unusual answer", async () => {
    const { token } = await issueTestAgreement();
    await open(`/sign/${token}`);
    expect((await open(`/sign/${token}`)).rendered).toBe(false);
    expect((await open(`/sign/${token}?_rsc=1`)).rendered).toBe(true);
    expect((await open(`/sign/${token}`, { cookie: "flash=signed" })).rendered).toBe(true);
    expect((await open(`/sign/${token}`, { rsc: "1" })).rendered).toBe(true);
    expect((await open(`/sign/${token}`, { "next-router-prefetch": "1" })).rendered).toBe(true);
    expect((await open(`/sign/${token}`, { "user-agent": "Googlebot/2.1" })).rendered).toBe(true);
    expect((await open(`/sign/${token}/pdf`)).rendered).toBe(true);
    expect((await open(`/sign/${token}/pdf`)).rendered).toBe(true);

    for (const headers of [{ "x-test-set-cookie": "1" }, { "x-test-status": "500" }] as Record<string, string>[]) {
      const other = await issueTestAgreement();
      await open(`/sign/${other.token}`, headers);
      expect((await open(`/sign/${other.token}`)).rendered).toBe(true);
    }
  });
});

describe("the kept pages' setting", () => {
  it("refuses a size that is not a number of megabytes, saying which setting and what it is", async () => {
    vi.stubEnv("SIGNING_PAGE_CACHE_MB", "eight");
    vi.resetModules();
    try {
      const { withSigningLinkDoor } = await import("./signing-link-door");
      // At the door's creation, when the server starts: not at the first signing page.
      expect(() => withSigningLinkDoor(async () => {})).toThrow(
        'SIGNING_PAGE_CACHE_MB must be a number from 0 to 4,096 (megabytes; 0 keeps none); got "eight".',
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
