import { createHash, randomBytes } from "node:crypto";
import { SignPdf } from "@signpdf/signpdf";
import { P12Signer } from "@signpdf/signer-p12";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { inspectPdfSignature } from "./inspect-pdf-signature";
import { sampleAgreementPdf, temporaryDirectory } from "@/test/pdf-signature-fixtures";
import { sealPdf } from "./seal-pdf";
import { loadSigningCertificate, type SigningCertificate } from "./signing-certificate";

const details = { name: "PMLR", reason: "Publication agreement signed", signingTime: new Date("2026-11-20T10:00:00Z") };

let certificate: SigningCertificate;
let otherCertificate: SigningCertificate;
let unsigned: Uint8Array;
let sealed: Uint8Array;
const removals: (() => Promise<void>)[] = [];
beforeAll(async () => {
  const [ours, theirs] = await Promise.all([temporaryDirectory(), temporaryDirectory()]);
  removals.push(ours.remove, theirs.remove);
  certificate = await loadSigningCertificate({ dataDir: ours.dir, commonName: "PMLR" });
  otherCertificate = await loadSigningCertificate({ dataDir: theirs.dir, commonName: "Other Press" });
  unsigned = await sampleAgreementPdf();
  sealed = (await sealPdf(unsigned, certificate, details)).pdf;
});
afterAll(() => Promise.all(removals.map((remove) => remove())));

const signedRangeEnd = () => Buffer.from(sealed).lastIndexOf("/Contents <");

describe("what is not a signed PDF", () => {
  test("random bytes and an empty file are not PDFs", async () => {
    expect(await inspectPdfSignature(randomBytes(5000))).toMatchObject({ kind: "not-pdf" });
    expect(await inspectPdfSignature(new Uint8Array())).toEqual({ kind: "not-pdf", reason: "the file is empty" });
  });

  test("a PDF made by pdf-lib without a signature is unsigned", async () => {
    expect(await inspectPdfSignature(unsigned)).toEqual({ kind: "unsigned" });
  });

  test("a 30 MB PDF without a signature is answered, not choked on", async () => {
    const huge = Buffer.concat([Buffer.from(unsigned), Buffer.alloc(30 * 1024 * 1024, " ")]);
    expect(await inspectPdfSignature(huge)).toEqual({ kind: "unsigned" });
  });
});

describe("a sealed PDF", () => {
  test("is valid over the whole document, signed by our certificate at the sealing time", async () => {
    expect(await inspectPdfSignature(sealed)).toEqual({
      kind: "signed",
      valid: true,
      coversWholeDocument: true,
      signerSubject: "PMLR document seal (self-signed)",
      signerFingerprintSha256: certificate.fingerprintSha256,
      signingTime: details.signingTime,
    });
  });

  test("with one byte changed inside the signed range is no longer valid", async () => {
    const tampered = Buffer.from(sealed);
    tampered[tampered.indexOf("Clause 2.7") + 7] = "9".charCodeAt(0);
    expect(await inspectPdfSignature(tampered)).toMatchObject({
      valid: false,
      problem: "the document was changed after it was signed",
      signerFingerprintSha256: certificate.fingerprintSha256,
    });
  });

  test("with bytes appended after it (an incremental update) no longer covers the whole document", async () => {
    const update = Buffer.from("\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n");
    expect(await inspectPdfSignature(Buffer.concat([sealed, update]))).toMatchObject({
      valid: true,
      coversWholeDocument: false,
      problem: "something was added to the file after it was signed",
    });
  });

  test("cut short anywhere is never reported as a whole valid signature, and never throws", async () => {
    const cuts = [sealed.length - 1, sealed.length - 200, signedRangeEnd() + 100, Math.floor(sealed.length / 2), 10];
    for (const cut of cuts) {
      const result = await inspectPdfSignature(sealed.subarray(0, cut));
      expect(result.kind === "signed" && result.valid && result.coversWholeDocument).toBe(false);
    }
  });

  test("with any single byte of its signed part damaged is never reported as intact", async () => {
    for (let attempt = 0; attempt < 300; attempt++) {
      const damaged = Buffer.from(sealed);
      const at = Math.floor(Math.random() * damaged.length);
      if (at >= signedRangeEnd() && at < damaged.indexOf(">", signedRangeEnd()) + 1) continue;
      damaged[at] ^= 1 + Math.floor(Math.random() * 255);
      const result = await inspectPdfSignature(damaged);
      expect(result.kind === "signed" && result.valid && result.coversWholeDocument, `byte ${at}`).toBe(false);
    }
  });
});

/** `sealed` with its signature value (DER inside /Contents <…>) edited by `edit`, same length. */
function withSignatureEdited(pdf: Uint8Array, edit: (der: Buffer) => void): Buffer {
  const copy = Buffer.from(pdf);
  const open = copy.lastIndexOf("/Contents <") + "/Contents <".length;
  const close = copy.indexOf(">", open);
  const der = Buffer.from(copy.subarray(open, close).toString("latin1"), "hex");
  edit(der);
  copy.write(
    der
      .toString("hex")
      .toUpperCase()
      .padEnd(close - open, "0"),
    open,
    "latin1",
  );
  return copy;
}

/** Where in the DER the value of the signed attribute `oid` (its first value's contents) starts. */
function attributeValueAt(der: Buffer, oidHex: string, headerLength: number): number {
  const at = der.indexOf(Buffer.from(oidHex, "hex"));
  expect(at).toBeGreaterThan(0);
  return at + oidHex.length / 2 + headerLength;
}

const MESSAGE_DIGEST_OID = "06092a864886f70d010904"; // then SET { OCTET STRING (32) }: 31 22 04 20
const SIGNING_TIME_OID = "06092a864886f70d010905"; // then SET { UTCTime (13) }: 31 0f 17 0d

describe("a sealed PDF whose signed attributes were tampered with", () => {
  test("with the message digest altered is not valid: it no longer matches the document", async () => {
    const tampered = withSignatureEdited(sealed, (der) => {
      der[attributeValueAt(der, MESSAGE_DIGEST_OID, 4)] ^= 0xff;
    });
    expect(await inspectPdfSignature(tampered)).toMatchObject({
      valid: false,
      problem: "the document was changed after it was signed",
    });
  });

  test("with the document changed and the message digest rewritten to match is not valid", async () => {
    const changed = Buffer.from(sealed);
    changed[changed.indexOf("Clause 2.7") + 7] = "9".charCodeAt(0);
    const byteRange = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(changed.toString("latin1"))!;
    const [a, b, c, d] = byteRange.slice(1).map(Number);
    const digest = createHash("sha256")
      .update(changed.subarray(a, a + b))
      .update(changed.subarray(c, c + d))
      .digest();
    const tampered = withSignatureEdited(changed, (der) => {
      digest.copy(der, attributeValueAt(der, MESSAGE_DIGEST_OID, 4));
    });
    expect(await inspectPdfSignature(tampered)).toMatchObject({
      valid: false,
      problem: "the signature is damaged: it does not match the signer's certificate",
      signerFingerprintSha256: certificate.fingerprintSha256,
    });
  });

  test("with the signing time moved back a year is not valid", async () => {
    const tampered = withSignatureEdited(sealed, (der) => {
      const year = attributeValueAt(der, SIGNING_TIME_OID, 4) + 1;
      der[year] = der[year] === 0x30 ? 0x39 : der[year] - 1;
    });
    const result = await inspectPdfSignature(tampered);
    expect(result).toMatchObject({
      valid: false,
      problem: "the signature is damaged: it does not match the signer's certificate",
    });
  });
});

describe("signatures made elsewhere", () => {
  test("a signature by @signpdf's own P12Signer checks out", async () => {
    const doc = await PDFDocument.load(unsigned);
    pdflibAddPlaceholder({ pdfDoc: doc, reason: "test", contactInfo: "", name: "Other", location: "" });
    const prepared = Buffer.from(await doc.save({ useObjectStreams: false }));
    const signed = await new SignPdf().sign(
      prepared,
      new P12Signer(otherCertificate.p12, { passphrase: otherCertificate.passphrase }),
    );

    expect(await inspectPdfSignature(signed)).toMatchObject({
      valid: true,
      coversWholeDocument: true,
      signerFingerprintSha256: otherCertificate.fingerprintSha256,
    });
  });

  test("of a PDF signed twice, the last signature is the one inspected", async () => {
    const { pdf: twice } = await sealPdf(sealed, otherCertificate, details);
    expect(await inspectPdfSignature(twice)).toMatchObject({
      valid: true,
      coversWholeDocument: true,
      signerSubject: "Other Press document seal (self-signed)",
    });
  });
});
