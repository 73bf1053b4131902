import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { staffContext } from "@/lib/audit/audit-context";
import { GET as authorPdf } from "@/app/sign/[token]/pdf/route";
import { GET as staffPdf } from "@/app/staff/(app)/agreements/[id]/pdf/route";
import { GET as evidencePack } from "@/app/staff/(app)/agreements/[id]/evidence/route";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { sealAgreement } from "./seal-agreement";
import { signAgreement } from "./sign-agreement";

// Route handlers run here outside a Next.js request: who is signed in and the client's address
// are the two things only a request provides, so only they are stood in for.
const auditor = { id: "auditor-1", email: "auditor@example.org", role: "auditor" as const };
const auditorOrigin = { ip: "203.0.113.50", userAgent: "vitest auditor" };
vi.mock("@/lib/auth/require-staff", () => ({
  requireStaff: vi.fn(async () => ({ ...staffContext(auditor, auditorOrigin), staff: auditor })),
}));
vi.mock("@/lib/http/requester", () => ({ requestOrigin: vi.fn(async () => auditorOrigin) }));

const get = (url: string) => new Request(url);
const staffDownload = (id: string) =>
  staffPdf(get(`http://imprimatur.test/staff/agreements/${id}/pdf`), { params: Promise.resolve({ id }) });
const authorDownload = (token: string) =>
  authorPdf(get(`http://imprimatur.test/sign/${token}/pdf`), { params: Promise.resolve({ token }) });

async function signedButUnsealed() {
  const { agreement, token } = await issueTestAgreement({
    correspondingAuthorEmail: `unsealed-${Math.random().toString(36).slice(2)}@example.org`,
  });
  await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
  return { agreementId: agreement.id, token };
}

async function sideEffects(agreementId: string) {
  return {
    signedDocuments: await db.signedDocument.count({ where: { agreementId } }),
    signedCopyEmails: await db.emailMessage.count({ where: { agreementId, kind: "signed_copy" } }),
    sealEvents: await db.auditEvent.count({ where: { agreementId, type: "agreement.sealed" } }),
    sealStatus: (await db.agreement.findUniqueOrThrow({ where: { id: agreementId } })).sealStatus,
  };
}

beforeEach(() => vi.clearAllMocks());

describe("downloading never changes the record", () => {
  it("answers an auditor's download of an unsealed agreement with 409, and nothing is sealed or emailed", async () => {
    const { agreementId, token } = await signedButUnsealed();
    const before = await sideEffects(agreementId);
    expect(before).toEqual({ signedDocuments: 0, signedCopyEmails: 0, sealEvents: 0, sealStatus: "pending" });

    const staff = await staffDownload(agreementId);
    expect(staff.status).toBe(409);
    expect(staff.headers.get("retry-after")).toBe("60");
    expect(await staff.text()).toContain("The sealed PDF is being prepared");
    const author = await authorDownload(token);
    expect(author.status).toBe(409);
    const pack = await evidencePack(get(`http://imprimatur.test/staff/agreements/${agreementId}/evidence`), {
      params: Promise.resolve({ id: agreementId }),
    });
    expect(pack.status).toBe(200);

    expect(await sideEffects(agreementId)).toEqual(before);
    // Only access records were written: no pdf.downloaded (nothing was handed out), one evidence.downloaded.
    const types = (await db.auditEvent.findMany({ where: { agreementId }, orderBy: { id: "asc" } })).map(
      (event) => event.type,
    );
    expect(types.filter((type) => type.endsWith("downloaded"))).toEqual(["evidence.downloaded"]);
  }, 30_000);

  it("says that sealing failed, and still seals nothing", async () => {
    const { agreementId } = await signedButUnsealed();
    await db.agreement.update({
      where: { id: agreementId },
      data: { sealStatus: "failed", sealError: "certificate unreadable" },
    });
    const response = await staffDownload(agreementId);
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Sealing the signed agreement failed");
    expect(await sideEffects(agreementId)).toMatchObject({
      signedDocuments: 0,
      signedCopyEmails: 0,
      sealEvents: 0,
      sealStatus: "failed",
    });
  });

  it("tells staff downloading an unsigned agreement's PDF that only a signed agreement has one", async () => {
    const email = `unsigned-${Math.random().toString(36).slice(2)}@example.org`;
    const { agreement } = await issueTestAgreement({ correspondingAuthorEmail: email });
    const response = await staffDownload(agreement.id);
    expect(response.status).toBe(409);
    const text = await response.text();
    expect(text).toContain("Only a signed agreement has a signed PDF.");
    expect(text).not.toContain("Not open for signing");
    expect(await sideEffects(agreement.id)).toMatchObject({ signedDocuments: 0, sealEvents: 0 });
  });

  it("hands out the PDF the seal job stored, and records the download", async () => {
    const { agreementId, token } = await signedButUnsealed();
    const sealed = await sealAgreement(agreementId);
    const response = await staffDownload(agreementId);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-sha256")).toBe(sealed.sha256);
    expect((await authorDownload(token)).status).toBe(200);
    expect(await sideEffects(agreementId)).toEqual({
      signedDocuments: 1,
      signedCopyEmails: 1,
      sealEvents: 1,
      sealStatus: "sealed",
    });
    const downloads = await db.auditEvent.findMany({
      where: { agreementId, type: "pdf.downloaded" },
      orderBy: { id: "asc" },
    });
    expect(downloads.map((event) => event.actor)).toEqual([
      "staff:auditor@example.org",
      expect.stringMatching(/^author:unsealed-/),
    ]);
  });
});

describe("the author's PDF link", () => {
  it("tells an author whose agreement is not signed yet that it is not signed", async () => {
    const { token } = await issueTestAgreement();
    const response = await authorDownload(token);
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Only a signed agreement has a signed PDF.");
  });

  it("refuses a client after 20 unknown links with 429 and Retry-After, like the signing page", async () => {
    const unknown = (i: number) => `probe${String(i).padStart(38, "0")}`;
    for (let i = 0; i < 20; i++) expect((await authorDownload(unknown(i))).status).toBe(404);
    const refused = await authorDownload(unknown(20));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
