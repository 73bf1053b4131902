import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { timestampAuthorityFromEnv, type TimestampAuthority } from "@/lib/timestamp/timestamp-authority-settings";
import { runOnPdf, sampleAgreementPdf, temporaryDirectory } from "@/test/pdf-signature-fixtures";
import { openssl, signatureParts, signedDataOf, withSignature } from "@/test/pades-fixtures";
import { startTestTimestampAuthority, type TestTimestampAuthority } from "@/test/timestamp-authority";
import { inspectPdfSignature } from "./inspect-pdf-signature";
import { sealPdf, type SealedPdf } from "./seal-pdf";
import { loadSigningCertificate, type SigningCertificate } from "./signing-certificate";
import { recordTimestampSize } from "./timestamp-room";

const SIGNATURE_TIMESTAMP = "1.2.840.113549.1.9.16.2.14";
const details = { name: "PMLR", reason: "Publication agreement signed", signingTime: new Date("2026-11-20T10:00:00Z") };

let tsa: TestTimestampAuthority;
let authority: TimestampAuthority;
let certificate: SigningCertificate;
let unsigned: Uint8Array;
let stamped: SealedPdf;
let remove: () => Promise<void>;
beforeAll(async () => {
  const temporary = await temporaryDirectory();
  remove = temporary.remove;
  tsa = await startTestTimestampAuthority();
  authority = timestampAuthorityFromEnv({ ...tsa.env(), TSA_TIMEOUT_SECONDS: "1" })!;
  certificate = await loadSigningCertificate({ dataDir: temporary.dir, commonName: "PMLR" });
  unsigned = await sampleAgreementPdf();
  stamped = await sealPdf(unsigned, certificate, details, { timestampAuthority: authority });
});
afterAll(async () => {
  await tsa.stop();
  await remove();
});

const unusedHexDigits = (pdf: Uint8Array) => {
  const bytes = Buffer.from(pdf);
  const open = bytes.lastIndexOf("/Contents <") + "/Contents <".length;
  const contents = bytes.subarray(open, bytes.indexOf(">", open)).toString("latin1");
  return contents.length - contents.replace(/0+$/, "").length;
};

const signatureValueOf = (pdf: Uint8Array) =>
  Buffer.from(signedDataOf(signatureParts(pdf).der).signerInfos[0].signature.valueBlock.valueHexView);

describe("a seal with a timestamp authority (PAdES B-T)", () => {
  test("embeds the authority's token as the signature-timestamp attribute, which openssl ts verifies", async () => {
    const { der } = signatureParts(stamped.pdf);
    const attributes = signedDataOf(der).signerInfos[0].unsignedAttrs?.attributes ?? [];
    expect(attributes.map((attribute) => attribute.type)).toEqual([SIGNATURE_TIMESTAMP]);
    const token = Buffer.from(attributes[0].values[0].valueBeforeDecodeView);
    expect(token.equals(stamped.timestamp!.der)).toBe(true);

    const digest = createHash("sha256").update(signatureValueOf(stamped.pdf)).digest("hex");
    const verified = await openssl(
      ["ts", "-verify", "-digest", digest, "-token_in", "-in", "{token.der}", "-CAfile", "{ca.pem}"],
      { "token.der": token, "ca.pem": tsa.caCertificatePem },
    );
    expect(verified.output).toContain("Verification: OK");
    const otherDigest = createHash("sha256").update("another signature").digest("hex");
    const refused = await openssl(
      ["ts", "-verify", "-digest", otherDigest, "-token_in", "-in", "{token.der}", "-CAfile", "{ca.pem}"],
      { "token.der": token, "ca.pem": tsa.caCertificatePem },
    );
    expect(refused.output).toContain("Verification: FAILED");
  });

  test("is still a valid PAdES signature over the whole document for pdfsig", async () => {
    const report = await runOnPdf("pdfsig", stamped.pdf);
    expect(report).toContain("Signature Type: ETSI.CAdES.detached");
    expect(report).toContain("Signature is Valid.");
    expect(report).toContain("Total document signed");
  });

  test("returns the token, and the check reads it back: authority, time, valid and trusted", async () => {
    expect(stamped.timestamp).toMatchObject({ authority: "Imprimatur Test Timestamp Authority" });
    const inspection = await inspectPdfSignature(stamped.pdf, {
      trustedTimestampCertificates: authority.trustedCertificates,
    });
    expect(inspection).toMatchObject({
      valid: true,
      coversWholeDocument: true,
      signingTime: details.signingTime,
      timestamp: {
        valid: true,
        trusted: true,
        authority: "Imprimatur Test Timestamp Authority",
        time: stamped.timestamp!.time,
      },
    });
  });

  test("reserves room from the authority's previous token: the next seal wastes a few hundred bytes at most", async () => {
    const requests = tsa.requests;
    const next = await sealPdf(unsigned, certificate, details, { timestampAuthority: authority });
    expect(tsa.requests - requests).toBe(1);
    expect(unusedHexDigits(next.pdf)).toBeLessThan(2 * 200);
  });

  test("prepares the document again when a token outgrows the room, rather than truncating it", async () => {
    // As if this authority's last token had been much smaller (it changed certificates since).
    const tokenBytes = stamped.timestamp!.der.length;
    expect(tokenBytes).toBeGreaterThan(2048 + 200);
    recordTimestampSize(authority, 100);
    const requests = tsa.requests;
    const resealed = await sealPdf(unsigned, certificate, details, { timestampAuthority: authority });
    expect(tsa.requests - requests).toBe(2);
    expect(resealed.timestamp!.der.length).toBe(signatureParts(resealed.pdf).der.length - unstampedLength());
    expect(await inspectPdfSignature(resealed.pdf)).toMatchObject({ valid: true, timestamp: { valid: true } });
    expect(await runOnPdf("pdfsig", resealed.pdf)).toContain("Signature is Valid.");
    expect(unusedHexDigits(resealed.pdf)).toBeLessThan(2 * 200);
  });
});

let unstampedBytes: number | undefined;
const unstampedLength = () => unstampedBytes!;
beforeAll(async () => {
  const { pdf } = await sealPdf(unsigned, certificate, details);
  // The CMS without a token, plus the unsigned attribute's own wrapping (tag, OID, set: 25 bytes here).
  unstampedBytes = signatureParts(pdf).der.length + 25;
});

describe("a seal whose timestamp authority fails", () => {
  test.each(["down", "garbage", "refusing", "slow"] as const)(
    "(%s) throws TIMESTAMP_UNAVAILABLE and produces nothing",
    async (behaviour) => {
      tsa.behave(behaviour);
      try {
        const outcome = await sealPdf(unsigned, certificate, details, { timestampAuthority: authority }).then(
          (sealed) => sealed,
          (error: unknown) => error,
        );
        expect(outcome).toBeInstanceOf(AppError);
        expect((outcome as AppError).code).toBe("TIMESTAMP_UNAVAILABLE");
        expect((outcome as AppError).userMessage).toMatch(
          /^The timestamp authority at http:\/\/127\.0\.0\.1:\d+\/tsa /,
        );
      } finally {
        tsa.behave("ok");
      }
    },
  );
});

describe("a sealed PDF whose timestamp token was altered afterwards", () => {
  test("keeps a valid seal (the token is outside the signed bytes) and reports the timestamp invalid", async () => {
    const { der } = signatureParts(stamped.pdf);
    const altered = Buffer.from(der);
    // A byte of the authority's own signature, near the end of the token and so of the whole CMS.
    altered[altered.length - 10] ^= 0x01;
    expect(asn1js.fromBER(new Uint8Array(altered)).offset).toBe(altered.length);
    const pdf = withSignature(stamped.pdf, altered);

    expect(await runOnPdf("pdfsig", pdf)).toContain("Signature is Valid.");
    const inspection = await inspectPdfSignature(pdf);
    expect(inspection).toMatchObject({
      valid: true,
      coversWholeDocument: true,
      timestamp: { valid: false, problem: "the authority's signature on the timestamp does not verify" },
    });
  });
});
