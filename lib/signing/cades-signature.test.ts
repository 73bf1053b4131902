import { X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sampleAgreementPdf, temporaryDirectory } from "@/test/pdf-signature-fixtures";
import { openssl, signatureParts, signedDataOf } from "@/test/pades-fixtures";
import { sealPdf } from "./seal-pdf";
import { loadSigningCertificate, type SigningCertificate } from "./signing-certificate";

const CONTENT_TYPE = "1.2.840.113549.1.9.3";
const MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
const SIGNING_TIME = "1.2.840.113549.1.9.5";
const SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47";

let certificate: SigningCertificate;
let parts: ReturnType<typeof signatureParts>;
let remove: () => Promise<void>;
beforeAll(async () => {
  const temporary = await temporaryDirectory();
  remove = temporary.remove;
  // A name beyond ASCII: the issuer in signing-certificate-v2 must be the certificate's own bytes.
  certificate = await loadSigningCertificate({ dataDir: temporary.dir, commonName: "Société 王倩" });
  const { pdf } = await sealPdf(await sampleAgreementPdf(), certificate, {
    name: "Société 王倩",
    reason: "Publication agreement signed",
    signingTime: new Date("2026-11-20T10:00:00Z"),
  });
  parts = signatureParts(pdf);
});
afterAll(() => remove());

describe("the CMS inside a seal (PAdES baseline B-B)", () => {
  test("signs content-type, message-digest and signing-certificate-v2, and no signing-time", () => {
    const signer = signedDataOf(parts.der).signerInfos[0];
    const types = (signer.signedAttrs?.attributes ?? []).map((attribute) => attribute.type);
    expect(types.toSorted()).toEqual([CONTENT_TYPE, MESSAGE_DIGEST, SIGNING_CERTIFICATE_V2].toSorted());
    expect(types).not.toContain(SIGNING_TIME);
    expect(signer.digestAlgorithm.algorithmId).toBe("2.16.840.1.101.3.4.2.1");
  });

  test("names the seal certificate in signing-certificate-v2 by its SHA-256, issuer and serial number", () => {
    const signer = signedDataOf(parts.der).signerInfos[0];
    const attribute = signer.signedAttrs!.attributes.find((candidate) => candidate.type === SIGNING_CERTIFICATE_V2)!;
    const [certs] = (attribute.values[0] as asn1js.Sequence).valueBlock.value as asn1js.Sequence[];
    expect(certs.valueBlock.value).toHaveLength(1);
    const [hash, issuerSerial] = (certs.valueBlock.value[0] as asn1js.Sequence).valueBlock.value as [
      asn1js.OctetString,
      asn1js.Sequence,
    ];
    expect(Buffer.from(hash.valueBlock.valueHexView).toString("hex")).toBe(certificate.fingerprintSha256);

    const seal = new X509Certificate(certificate.certificatePem);
    const [generalNames, serial] = issuerSerial.valueBlock.value as [asn1js.Sequence, asn1js.Integer];
    const directoryName = generalNames.valueBlock.value[0] as asn1js.Constructed;
    expect(directoryName.idBlock).toMatchObject({ tagClass: 3, tagNumber: 4 });
    const issuerDer = Buffer.from(directoryName.valueBlock.value[0].toBER());
    expect(seal.raw.includes(issuerDer)).toBe(true);
    expect(Buffer.from(serial.valueBlock.valueHexView).toString("hex").toUpperCase()).toBe(seal.serialNumber);
  });

  test("verifies with openssl cms, which also checks signing-certificate-v2 against the signer", async () => {
    const verified = await openssl(
      ["cms", "-verify", "-binary", "-inform", "DER", "-in", "{sig.der}", "-content", "{content.bin}", "-noverify"],
      { "sig.der": parts.der, "content.bin": parts.signedContent },
    );
    expect(verified.output).toContain("Verification successful");

    const changed = Buffer.from(parts.signedContent);
    changed[100] ^= 1;
    const refused = await openssl(
      ["cms", "-verify", "-binary", "-inform", "DER", "-in", "{sig.der}", "-content", "{content.bin}", "-noverify"],
      { "sig.der": parts.der, "content.bin": changed },
    );
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(/digest failure|Verification failure/i);
  });
});
