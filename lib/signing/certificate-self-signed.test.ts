import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runOnPdf, sampleAgreementPdf, temporaryDirectory } from "@/test/pdf-signature-fixtures";
import { inspectPdfSignature } from "./inspect-pdf-signature";
import { sealPdf } from "./seal-pdf";
import { loadSigningCertificate } from "./signing-certificate";

// PUBLISHER_NAME names the generated seal: a publisher in any script must get a seal that opens,
// that PDF readers accept, and whose name the evidence shows as written.
describe.each(["王倩 出版社", "دار النشر العربية", "Εκδόσεις Παπαδόπουλος", 'Smith (Ed.) \\ Jones, "Q" + Co.'])(
  "the seal generated for a publisher named %s",
  (publisher) => {
    let dir: string;
    let remove: () => Promise<void>;
    beforeAll(async () => ({ dir, remove } = await temporaryDirectory()));
    afterAll(() => remove());

    test("opens again, names the publisher as written and makes signatures pdfsig accepts", async () => {
      const certificate = await loadSigningCertificate({ dataDir: dir, commonName: publisher });
      expect((await loadSigningCertificate({ dataDir: dir, commonName: publisher })).fingerprintSha256).toBe(
        certificate.fingerprintSha256,
      );
      expect(certificate.subject).toBe(`${publisher} document seal (self-signed)`);

      const { pdf: sealed } = await sealPdf(await sampleAgreementPdf(), certificate, {
        name: publisher,
        reason: "test",
        signingTime: new Date("2026-11-20T10:00:00Z"),
      });
      const report = await runOnPdf("pdfsig", sealed);
      expect(report).toContain("Signature is Valid.");
      // pdfsig itself escapes "\\" and quotes when it prints a name.
      if (!/[\\"]/.test(publisher))
        expect(report).toContain(`Signer Certificate Common Name: ${publisher} document seal (self-signed)`);
      expect(await inspectPdfSignature(sealed)).toMatchObject({
        valid: true,
        signerSubject: `${publisher} document seal (self-signed)`,
      });
    });
  },
);
