import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderAgreementDocument, renderAgreementPdf } from "@/lib/pdf/render-agreement-pdf";
import { sealPdf } from "@/lib/signing/seal-pdf";
import { loadSigningCertificate, type SigningCertificate } from "@/lib/signing/signing-certificate";
import { temporaryDirectory } from "@/test/pdf-signature-fixtures";
import { agreement, multiScript } from "@/test/render-fixtures";

const details = {
  name: "PMLR",
  reason: "Publication agreement signed by Ada Lovelace on behalf of all authors",
  location: "https://imprimatur.test",
  signingTime: new Date("2026-11-20T10:00:00Z"),
};

let certificate: SigningCertificate;
let remove: () => Promise<void>;
beforeAll(async () => {
  const temporary = await temporaryDirectory();
  remove = temporary.remove;
  certificate = await loadSigningCertificate({ dataDir: temporary.dir, commonName: "PMLR" });
});
afterAll(() => remove());

describe("sealing the rendered document without saving and parsing it first", () => {
  test.each([
    ["a Latin agreement", agreement()],
    ["an agreement in many scripts", multiScript],
  ])("gives the same sealed bytes as sealing the saved PDF, for %s", async (_name, input) => {
    const fromSaved = await sealPdf(await renderAgreementPdf(input), certificate, details);
    let builds = 0;
    const build = () => {
      builds++;
      return renderAgreementDocument(input);
    };
    const fromDocument = await sealPdf({ build }, certificate, details);
    expect(builds).toBe(1);
    expect(Buffer.from(fromDocument.pdf).equals(Buffer.from(fromSaved.pdf))).toBe(true);
  });
});
