import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { inspectPdfSignature } from "./inspect-pdf-signature";
import { runOnPdf, sampleAgreementPdf, temporaryDirectory } from "@/test/pdf-signature-fixtures";
import { sealPdf } from "./seal-pdf";
import { loadSigningCertificate, type SigningCertificate } from "./signing-certificate";

const details = { name: "PMLR", reason: "Publication agreement signed by the author", location: "https://imprimatur.test", signingTime: new Date("2026-11-20T10:00:00Z") };

let certificate: SigningCertificate;
let unsigned: Uint8Array;
let sealed: Uint8Array;
let remove: () => Promise<void>;
beforeAll(async () => {
  const temporary = await temporaryDirectory();
  remove = temporary.remove;
  certificate = await loadSigningCertificate({ dataDir: temporary.dir, commonName: "PMLR" });
  unsigned = await sampleAgreementPdf();
  sealed = await sealPdf(unsigned, certificate, details);
});
afterAll(() => remove());

describe("a sealed PDF", () => {
  test("is a valid signature over the whole document for poppler's pdfsig", async () => {
    const report = await runOnPdf("pdfsig", sealed);
    expect(report).toContain("Signature is Valid.");
    expect(report).toContain("Total document signed");
    expect(report).toContain("PMLR document seal (self-signed)");
  });

  test("is a well-formed PDF for qpdf and still has its text", async () => {
    expect(await runOnPdf("qpdf --check", sealed)).toContain("No syntax or stream encoding errors found");
    expect(await runOnPdf("pdftotext", sealed)).toContain("Clause 3.45: the Author grants the Publisher");
  });

  test("checks out with inspectPdfSignature and names our certificate", () => {
    expect(inspectPdfSignature(sealed)).toEqual({
      kind: "signed",
      valid: true,
      coversWholeDocument: true,
      signerSubject: "PMLR document seal (self-signed)",
      signerFingerprintSha256: certificate.fingerprintSha256,
      signingTime: details.signingTime,
    });
  });

  test("reserves only as much room for the signature as it needs", () => {
    const pdf = Buffer.from(sealed);
    const contents = pdf.subarray(pdf.lastIndexOf("/Contents <") + "/Contents <".length, pdf.indexOf(">", pdf.lastIndexOf("/Contents <")));
    const unusedHexDigits = contents.length - contents.toString("latin1").replace(/0+$/, "").length;
    expect(unusedHexDigits).toBeLessThan(200);
  });

  test("with one byte changed inside the signed range is reported as changed", async () => {
    const tampered = Uint8Array.from(sealed);
    const clause = Buffer.from(tampered).indexOf("/Producer");
    tampered[clause + 1] = "p".charCodeAt(0);

    expect(await runOnPdf("pdfsig", tampered)).toContain("Digest Mismatch");
    expect(inspectPdfSignature(tampered)).toMatchObject({
      valid: false,
      problem: "the document was changed after it was signed",
      signerFingerprintSha256: certificate.fingerprintSha256,
    });
  });
});
