import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { MAX_IMPORT_BYTES } from "@/lib/proceedings/import-limits";
import { issueTestAgreement } from "./agreement-fixtures";
import { headOnly, request, startAppServer, type AppServer, decodeHtml } from "./app-server";
import { staffSessionCookie } from "./staff-session-cookie";

// One real server for the file. 127.0.0.2 plays a trusted reverse proxy; a request from 127.0.0.1
// is a client talking to the server directly, whatever headers it sends.
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer({ TRUSTED_PROXIES: "127.0.0.2" });
}, 240_000);
afterAll(() => app?.stop());

/** The signing page's no-JavaScript form, filled in and posted as a browser would, with extra headers. */
async function sign(
  token: string,
  {
    headers = {},
    from,
    typedName = "Zhang Haoyang",
    padding = 0,
  }: { headers?: Record<string, string>; from?: string; typedName?: string; padding?: number } = {},
) {
  const page = await request(app.port, { path: `/sign/${token}` });
  const form = [...page.body.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].find((match) =>
    match[1].includes('name="typedName"'),
  );
  if (!form) throw new Error(`no signature form on the signing page (HTTP ${page.status})`);
  const fields = new FormData();
  for (const hidden of form[1].matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g))
    fields.append(decodeHtml(hidden[1]), decodeHtml(hidden[2] ?? ""));
  fields.append("typedName", typedName);
  fields.append("agreed", "on");
  if (padding) fields.append("padding", "x".repeat(padding));
  const encoded = new Request("http://form.invalid", { method: "POST", body: fields });
  const body = Buffer.from(await encoded.arrayBuffer());
  return request(app.port, {
    method: "POST",
    path: `/sign/${token}`,
    from,
    body,
    headers: { "Content-Type": encoded.headers.get("content-type")!, Origin: app.baseUrl, ...headers },
  });
}

async function recordedAddresses(agreementId: string) {
  const agreement = await db.agreement.findUniqueOrThrow({ where: { id: agreementId } });
  const event = await db.auditEvent.findFirstOrThrow({ where: { agreementId, type: "agreement.signed" } });
  return { signerIp: agreement.signerIp, auditIp: event.ip };
}

describe("the signer's address in the evidence is where the request came from", () => {
  it("records the TCP peer, not an X-Forwarded-For (or X-Real-IP, or our own header) sent by the client", async () => {
    const { agreement, token } = await issueTestAgreement();
    const answer = await sign(token, {
      headers: {
        "X-Forwarded-For": "203.0.113.9",
        "X-Real-IP": "203.0.113.10",
        "X-Imprimatur-Client-Ip": "203.0.113.11",
      },
    });
    expect(answer.status).toBeLessThan(400);
    expect(await recordedAddresses(agreement.id)).toEqual({ signerIp: "127.0.0.1", auditIp: "127.0.0.1" });
  });

  it("records no control or invisible characters from the User-Agent, which the PDF certificate would not show", async () => {
    const { agreement, token } = await issueTestAgreement();
    // Latin-1 bytes as a client may send them: NEL and CSI (C1 controls), and a soft hyphen (format).
    await sign(token, { headers: { "User-Agent": "Mozilla/5.0 \u0085fdp.exe\u009b[2J \u00adend" } });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: agreement.id, type: "agreement.signed" },
    });
    const signed = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(event.userAgent).toBe("Mozilla/5.0 fdp.exe[2J end");
    expect(signed.signerUserAgent).toBe(event.userAgent);
  });

  it("behind a trusted proxy, records the right-most X-Forwarded-For entry the proxy did not vouch for", async () => {
    const { agreement, token } = await issueTestAgreement();
    // The client claimed 203.0.113.9; the trusted proxy appended the address it really saw.
    await sign(token, { from: "127.0.0.2", headers: { "X-Forwarded-For": "203.0.113.9, 198.51.100.23" } });
    expect(await recordedAddresses(agreement.id)).toEqual({ signerIp: "198.51.100.23", auditIp: "198.51.100.23" });
  });

  it("records no address at all rather than an X-Forwarded-For entry that is not one", async () => {
    for (const forged of ["<script>alert(1)</script>", "1.2.3.4.5"]) {
      const { agreement, token } = await issueTestAgreement();
      await sign(token, { from: "127.0.0.2", headers: { "X-Forwarded-For": forged } });
      expect(await recordedAddresses(agreement.id)).toEqual({ signerIp: null, auditIp: null });
    }
  });

  it("keeps counting unknown signing links against a client that rotates X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const unknown = randomBytes(32).toString("base64url");
      statuses.push(
        (
          await request(app.port, {
            path: `/sign/${unknown}`,
            from: "127.0.0.3",
            headers: { "X-Forwarded-For": `198.51.100.${i + 1}` },
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 20).every((status) => status === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
    // The count is the prober's own, not one shared by everybody: another client is not refused.
    expect(
      (await request(app.port, { path: `/sign/${randomBytes(32).toString("base64url")}`, from: "127.0.0.4" })).status,
    ).toBe(404);
  });

  it("names a refused staff request's real path, whatever path header the client sends", async () => {
    await request(app.port, { path: "/staff/audit", headers: { "X-Imprimatur-Path": "/staff/forged" } });
    const event = await db.auditEvent.findFirstOrThrow({ where: { type: "staff.refused" }, orderBy: { id: "desc" } });
    expect(event.data).toMatchObject({ path: "/staff/audit" });
  });
});

describe("a GET never changes state", () => {
  it("leaves an agreement as it was when its signing page is fetched, as a mail scanner checking the link would", async () => {
    const { agreement, token } = await issueTestAgreement();
    const page = await request(app.port, { path: `/sign/${token}`, headers: { "User-Agent": "LinkScanner/1.0" } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="typedName"');
    // Give an after-the-response write time to land, then look.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      await db.agreement.findUniqueOrThrow({ where: { id: agreement.id }, select: { status: true, viewedAt: true } }),
    ).toEqual({ status: "sent", viewedAt: null });
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.viewed" } })).toBe(0);
  });
});

describe("bodies too large for their address are refused before they are read", () => {
  it("answers a 30 MB POST to a signing link with 413 before a byte of the body is sent, and hangs up", async () => {
    const { token } = await issueTestAgreement();
    const started = Date.now();
    const { statusLine, closedByServer } = await headOnly(app.port, [
      `POST /sign/${token} HTTP/1.1`,
      "Host: 127.0.0.1",
      "Content-Type: multipart/form-data; boundary=x",
      `Content-Length: ${30 * 1024 * 1024}`,
    ]);
    expect(statusLine).toBe("HTTP/1.1 413 Payload Too Large");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await closedByServer).toBe(true);
  });

  it("refuses a 2 MB body to the sign action with 413 and signs nothing", async () => {
    const { agreement, token } = await issueTestAgreement();
    const answer = await sign(token, { padding: 2 * 1024 * 1024 });
    expect(answer.status).toBe(413);
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).status).not.toBe("signed");
  });

  it("refuses a public POST whose length is not declared (chunked) with 411", async () => {
    const { token } = await issueTestAgreement();
    const { statusLine } = await headOnly(app.port, [
      `POST /sign/${token} HTTP/1.1`,
      "Host: 127.0.0.1",
      "Transfer-Encoding: chunked",
    ]);
    expect(statusLine).toBe("HTTP/1.1 411 Length Required");
  });

  it("refuses a 25 MB CSV upload with 413 before reading it, even from a publisher", async () => {
    const { statusLine } = await headOnly(app.port, [
      "POST /staff/proceedings/any/import/upload?name=big.csv HTTP/1.1",
      "Host: 127.0.0.1",
      "Content-Type: text/csv",
      `Cookie: ${await staffSessionCookie("publisher")}`,
      `Content-Length: ${25 * 1024 * 1024}`,
    ]);
    expect(statusLine).toBe("HTTP/1.1 413 Payload Too Large");
  });

  it("answers an auditor's CSV upload with 403 before the body is read, and imports nothing", async () => {
    const volume = await db.proceedings.create({ data: { name: "Vol. 1" } });
    const { statusLine } = await headOnly(app.port, [
      `POST /staff/proceedings/${volume.id}/import/upload?name=a.csv HTTP/1.1`,
      "Host: 127.0.0.1",
      "Content-Type: text/csv",
      `Cookie: ${await staffSessionCookie("auditor")}`,
      `Content-Length: ${MAX_IMPORT_BYTES - 1}`,
    ]);
    expect(statusLine).toBe("HTTP/1.1 403 Forbidden");
    expect(await db.bulkImport.count()).toBe(0);
  });

  it("still takes a publisher's CSV through the upload route and previews it", async () => {
    const volume = await db.proceedings.create({ data: { name: "Vol. 2" } });
    const csv =
      "paper_id,title,corresponding_author,corresponding_email,authors\nP1,A title,Ada Lovelace,ada@example.org,Ada Lovelace\n";
    const answer = await request(app.port, {
      method: "POST",
      path: `/staff/proceedings/${volume.id}/import/upload?name=accepted.csv`,
      body: Buffer.from(csv),
      headers: { "Content-Type": "text/csv", Cookie: await staffSessionCookie("publisher") },
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ fileName: "accepted.csv", valid: 1, problems: [] });
  });

  it("keeps a file name with a direction override or line breaks out of the staff pages and the audit log", async () => {
    const volume = await db.proceedings.create({ data: { name: "Vol. 3" } });
    const csv =
      "paper_id,title,corresponding_author,corresponding_email,authors\nP1,A title,Ada Lovelace,ada@example.org,Ada Lovelace\n";
    const name = encodeURIComponent("\u202Evsc.csv\n\r\u0085\u200Bx");
    const answer = await request(app.port, {
      method: "POST",
      path: `/staff/proceedings/${volume.id}/import/upload?name=${name}`,
      body: Buffer.from(csv),
      headers: { "Content-Type": "text/csv", Cookie: await staffSessionCookie("publisher") },
    });
    expect(answer.status).toBe(200);
    const stored = await db.bulkImport.findFirstOrThrow({ where: { proceedingsId: volume.id } });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { type: "import.previewed" },
      orderBy: { id: "desc" },
    });
    expect(stored.fileName).toBe("import.csv");
    expect(JSON.stringify(event.data)).not.toMatch(/[\u202E\u200B\u0085\n\r]|\\n|\\r/);
  });
});

describe("security headers on every page", () => {
  it("sends a CSP whose nonce changes per request and is the one on the page's scripts", async () => {
    const first = await request(app.port, { path: "/verify" });
    const second = await request(app.port, { path: "/verify" });
    const nonceOf = (answer: typeof first) =>
      /'nonce-([^']+)'/.exec(String(answer.headers["content-security-policy"]))?.[1];
    expect(nonceOf(first)).toBeTruthy();
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    const scripts = [...first.body.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonceOf(first)}"`);
    expect(first.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(first.headers["permissions-policy"]).toContain("camera=()");
    expect(first.headers["strict-transport-security"]).toBeUndefined();
  });

  it("ignores a CSP header sent by the client (it would choose the nonce)", async () => {
    const answer = await request(app.port, {
      path: "/staff/sign-in",
      headers: { "Content-Security-Policy": "script-src 'nonce-chosen-by-attacker'" },
    });
    expect(answer.body).not.toContain("chosen-by-attacker");
    expect(answer.headers["content-security-policy"]).not.toContain("chosen-by-attacker");
  });
});
