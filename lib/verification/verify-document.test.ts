import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as checkUpload } from "@/app/verify/check/route";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { MAX_VERIFY_BYTES, verifyDocument } from "./verify-document";

let sealed: Uint8Array;
let agreementId: string;

beforeAll(async () => {
  const { agreement, token } = await issueTestAgreement({ articleTitle: "Verifiable Article" });
  await signAgreement({ token, typedName: "Zhang Haoyang", ...AUTHOR });
  sealed = new Uint8Array((await sealAgreement(agreement.id)).pdf);
  agreementId = agreement.id;
});

const upload = (body: BodyInit, headers: Record<string, string> = {}) =>
  checkUpload(new Request("http://imprimatur.test/verify/check", { method: "POST", body, headers: { "content-type": "application/pdf", ...headers }, duplex: "half" } as RequestInit));

describe("verifying an uploaded PDF", () => {
  it("recognises a stored sealed record as genuine and names its article, proceedings, signer and date", async () => {
    const result = await verifyDocument(sealed);
    expect(result).toMatchObject({ verdict: "genuine", record: { agreementId, articleTitle: "Verifiable Article", proceedingsName: "PMLR vol. 139, ICML 2021", signer: "Zhang Haoyang", signatureName: "Zhang Haoyang" } });
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
    expect(await verifyDocument(sealed.slice(0, Math.floor(sealed.length * 0.8)))).toMatchObject({ verdict: expect.stringMatching(/altered|not-pdf/) });
  });

  it("does not know a PDF made by another tool", async () => {
    const other = await PDFDocument.create();
    other.addPage().drawText("Some other agreement");
    expect(await verifyDocument(await other.save())).toMatchObject({ verdict: "unknown" });
  });

  it("tells a non-PDF apart", async () => {
    expect(await verifyDocument(Buffer.from("just some text, not a PDF"))).toEqual({ verdict: "not-pdf", reason: "This file is not a PDF document." });
  });

  it("answers uploads through the route, refusing empty and oversized files clearly", async () => {
    const genuine = await upload(Buffer.from(sealed));
    expect(await genuine.json()).toMatchObject({ verdict: "genuine" });
    const empty = await upload(new Uint8Array());
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: "Choose a PDF file to verify." });
    const huge = await upload(new Uint8Array(MAX_VERIFY_BYTES + 1));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error).toMatch(/larger than 10 MB/);
  });
});
