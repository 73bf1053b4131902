import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { formatUtc } from "@/lib/dates/format-utc";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { sealAgreement } from "./seal-agreement";
import { signAgreement } from "./sign-agreement";

function onDisk(bytes: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "sealed-")), "agreement.pdf");
  writeFileSync(file, bytes);
  return file;
}

const pdfText = (bytes: Uint8Array) => execFileSync("pdftotext", ["-layout", onDisk(bytes), "-"], { encoding: "utf8" });

describe("sealing a signed agreement", () => {
  it("stores one PDF with its SHA-256 and queues the author's copy", async () => {
    const { agreement, token } = await issueTestAgreement();
    const { signedAt } = await signAgreement(AUTHOR, { token, typedName: "Zhang Zhongang" });
    const document = await sealAgreement(agreement.id);
    const bytes = new Uint8Array(document.pdf);
    expect(document.sha256).toBe(sha256Hex(bytes));
    expect(document.sizeBytes).toBe(bytes.byteLength);
    const text = pdfText(bytes);
    expect(text).toContain("Zhang Zhongang");
    expect(text).toContain(formatUtc(signedAt));
    expect(text).toContain("I HAVE READ AND AGREE FULLY WITH THE TERMS OF THIS AGREEMENT.");
    const copy = await db.emailMessage.findFirstOrThrow({ where: { agreementId: agreement.id, kind: "signed_copy" } });
    expect(copy).toMatchObject({ to: "haoyang@example.org", attachSignedPdf: true, status: "queued" });
  });

  it("is digitally sealed over the whole document, with a certificate page of the evidence", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Zhongang" });
    const file = onDisk(new Uint8Array((await sealAgreement(agreement.id)).pdf));
    const pdfsig = execFileSync("pdfsig", [file], { encoding: "utf8" });
    expect(pdfsig).toContain("Signature Validation: Signature is Valid.");
    expect(pdfsig).toContain("Total document signed");
    expect(pdfsig).toContain("PMLR document seal (self-signed)");
    expect(execFileSync("qpdf", ["--check", file], { encoding: "utf8" })).toContain(
      "No syntax or stream encoding errors found",
    );
    const certificate = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(certificate).toContain("Certificate of completion");
    expect(certificate).toContain(agreement.id);
    expect(certificate).toContain(agreement.textSha256);
    expect(certificate).toContain("haoyang@example.org");
    expect(certificate).toContain(AUTHOR.ip);
    expect(certificate).toContain(AUTHOR.userAgent);
    const signed = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: agreement.id, type: "agreement.signed" },
    });
    expect(certificate).toContain(signed.hash);
  });

  it("is idempotent: repeated and concurrent seals keep the first document", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const documents = await Promise.all([
      sealAgreement(agreement.id),
      sealAgreement(agreement.id),
      sealAgreement(agreement.id),
    ]);
    expect(new Set(documents.map((d) => d.sha256)).size).toBe(1);
    expect((await sealAgreement(agreement.id)).sha256).toBe(documents[0].sha256);
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.sealed" } })).toBe(1);
    expect(await db.emailMessage.count({ where: { agreementId: agreement.id, kind: "signed_copy" } })).toBe(1);
  });

  it("refuses to seal an agreement nobody signed", async () => {
    const { agreement } = await issueTestAgreement();
    await expect(sealAgreement(agreement.id)).rejects.toThrow(/not signed/);
  });

  it("renders names in other scripts and typed HTML as text", async () => {
    const { agreement, token } = await issueTestAgreement({
      articleTitle: "<script>alert(1)</script> Ζητήματα",
      correspondingAuthorName: "张浩洋",
      authors: "张浩洋\nДмитрий Иванов",
    });
    await signAgreement(AUTHOR, { token, typedName: "张浩洋" });
    const text = pdfText(new Uint8Array((await sealAgreement(agreement.id)).pdf));
    expect(text).toContain("张浩洋");
    expect(text).toContain("<script>alert(1)</script>");
  });
});
