import { readFile } from "node:fs/promises";
import { PDFDocument } from "pdf-lib";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as checkUpload } from "@/app/verify/check/route";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { issueRows } from "@/lib/proceedings/issue-rows";
import { MAX_VERIFY_BYTES, sealedWithCertificateSql, verifyDocument } from "./verify-document";
import { sqlAs } from "@/test/database-as";

// The route runs here outside a Next.js request, so the client address it is given stands in for
// the one the server would establish; each test uses addresses of its own.
const client = vi.hoisted(() => ({ ip: "192.0.2.10" }));
vi.mock("@/lib/http/requester", () => ({ requestOrigin: async () => ({ ip: client.ip, userAgent: "vitest" }) }));
beforeEach(() => {
  client.ip = "192.0.2.10";
});

let sealed: Uint8Array;
let agreementId: string;

beforeAll(async () => {
  const { agreement, token } = await issueTestAgreement({ articleTitle: "Verifiable Article" });
  await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
  sealed = new Uint8Array((await sealAgreement(agreement.id)).pdf);
  agreementId = agreement.id;
});

const upload = (body: BodyInit, headers: Record<string, string> = {}) =>
  checkUpload(
    new Request("http://imprimatur.test/verify/check", {
      method: "POST",
      body,
      headers: { "content-type": "application/pdf", ...headers },
      duplex: "half",
    } as RequestInit),
  );

describe("verifying an uploaded PDF", () => {
  it("recognises a stored sealed record as genuine and names its article, proceedings, signer and date", async () => {
    const result = await verifyDocument(sealed);
    expect(result).toMatchObject({
      verdict: "genuine",
      record: {
        agreementId,
        articleTitle: "Verifiable Article",
        proceedingsName: "PMLR vol. 139, ICML 2021",
        signer: "Zhang Haoyang",
        signatureName: "Zhang Haoyang",
      },
    });
  });

  it("still recognises a record sealed before PAdES (adbe.pkcs7.detached) as genuine", async () => {
    const { agreement, token } = await issueTestAgreement({ articleTitle: "Sealed Before PAdES" });
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    // What a database kept from before the upgrade holds: the PDF the old signer made, as stored then.
    const legacy = await readFile(new URL("../signing/fixtures/sealed-adbe-pkcs7.pdf", import.meta.url));
    await db.signedDocument.create({
      data: {
        agreementId: agreement.id,
        pdf: legacy,
        sha256: sha256Hex(legacy),
        sizeBytes: legacy.byteLength,
        certificateSha256: "6f17463dd5e07aeb1d738f95fb6d7a034b5978ad9e85268073dc312150e77911",
      },
    });
    expect(await verifyDocument(legacy)).toMatchObject({
      verdict: "genuine",
      record: { agreementId: agreement.id, articleTitle: "Sealed Before PAdES" },
    });
    const changed = Buffer.from(legacy);
    changed[changed.indexOf("Clause 2.7") + 7] = "9".charCodeAt(0);
    expect(await verifyDocument(changed)).toMatchObject({
      verdict: "altered",
      reason: "the document was changed after it was signed",
    });
  });

  it("calls a copy with one changed byte altered", async () => {
    const changed = sealed.slice();
    const middle = Math.floor(changed.length / 3);
    changed[middle] = changed[middle] ^ 0x01;
    expect(await verifyDocument(changed)).toMatchObject({ verdict: "altered" });
  });

  it("calls a copy with something appended after the seal altered", async () => {
    const appended = Buffer.concat([sealed, Buffer.from("\n% added later\n")]);
    expect(await verifyDocument(appended)).toMatchObject({ verdict: "altered" });
  });

  it("calls a truncated copy altered, without crashing", async () => {
    expect(await verifyDocument(sealed.slice(0, Math.floor(sealed.length * 0.8)))).toMatchObject({
      verdict: expect.stringMatching(/altered|not-pdf/),
    });
  });

  it("does not know a PDF made by another tool", async () => {
    const other = await PDFDocument.create();
    other.addPage().drawText("Some other agreement");
    expect(await verifyDocument(await other.save())).toMatchObject({ verdict: "unknown" });
  });

  it("tells a non-PDF apart", async () => {
    expect(await verifyDocument(Buffer.from("just some text, not a PDF"))).toEqual({
      verdict: "not-pdf",
      reason: "This file is not a PDF document.",
    });
  });

  it("answers uploads through the route, refusing empty and oversized files clearly", async () => {
    const genuine = await upload(Buffer.from(sealed));
    expect(await genuine.json()).toMatchObject({ verdict: "genuine" });
    const empty = await upload(new Uint8Array());
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: "Choose a PDF file to verify.", code: "INVALID_INPUT" });
    const huge = await upload(new Uint8Array(MAX_VERIFY_BYTES + 1));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error).toMatch(/larger than 10 MB/);
  });
});

describe("throttling /verify per client address", () => {
  it("refuses the 31st check from one address within 10 minutes with 429, Retry-After and a sentence the form shows", async () => {
    client.ip = "198.51.100.31";
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await upload(Buffer.from(`not a pdf ${i}`))).status);
    expect(statuses).toEqual(Array(30).fill(200));
    const refused = await upload(Buffer.from(sealed));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // At most the rest of this window and the share of the next by which its 31 checks fade to 29
    // (a sliding window, lib/rate-limit/consume-rate-limit.ts): 600 s + 2/31 of 600 s.
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(600 + Math.ceil((2 / 31) * 600));
    expect((await refused.json()).error).toMatch(
      /^Too many documents checked from your network: up to 30 every 10 minutes\. Please try again in \d+ (seconds|minutes)\.$/,
    );

    client.ip = "198.51.100.32";
    expect(await (await upload(Buffer.from(sealed))).json()).toMatchObject({ verdict: "genuine" });
  });
});

describe("the certificate lookup's query plan", () => {
  it("asks whether a certificate ever sealed here through the index, not by scanning", async () => {
    const volume = await db.proceedings.create({ data: { name: "Verify plan volume", linkExpiryDays: 30 } });
    const rows = Array.from({ length: 300 }, (_, i) => ({
      paperId: `V-${i}`,
      articleTitle: `Paper ${i}`,
      correspondingAuthorName: "Ana Ruiz",
      correspondingAuthorEmail: `v${i}@example.org`,
      authors: ["Ana Ruiz"],
    }));
    await db.$transaction((tx) => issueRows(tx, SYSTEM_CONTEXT, volume, rows), { timeout: 60_000 });
    await db.$executeRaw`INSERT INTO "SignedDocument" ("agreementId", pdf, sha256, "sizeBytes", "certificateSha256")
      SELECT id, decode('00', 'hex'), md5(id), 1, md5("paperId") FROM "Agreement" WHERE "proceedingsId" = ${volume.id}`;
    await sqlAs("owner", `ANALYZE "SignedDocument"`);

    const stored = await db.signedDocument.findUniqueOrThrow({ where: { agreementId } });
    expect(stored.certificateSha256).toMatch(/^[0-9A-F:]+$|^[0-9a-f]{64}$/i);
    expect(await db.$queryRaw(sealedWithCertificateSql(stored.certificateSha256!))).toHaveLength(1);
    expect(await db.$queryRaw(sealedWithCertificateSql("0".repeat(64)))).toHaveLength(0);

    const plan = await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      const lines = await tx.$queryRaw<
        { "QUERY PLAN": string }[]
      >`EXPLAIN ${sealedWithCertificateSql(stored.certificateSha256!)}`;
      return lines.map((line) => line["QUERY PLAN"]).join("\n");
    });
    console.log(`EXPLAIN of the certificate lookup:\n${plan}`);
    expect(plan).toMatch(/Index (Only )?Scan using "SignedDocument_certificateSha256_idx"/);
    expect(plan).not.toContain("AuditEvent");
  }, 60_000);
});
