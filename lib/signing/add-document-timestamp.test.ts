import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runOnPdf, sampleAgreementPdf, temporaryDirectory } from "@/test/pdf-signature-fixtures";
import { startTestCertificateAuthority, type TestCertificateAuthority } from "@/test/revocation-fixtures";
import { startTestTimestampAuthority, type TestTimestampAuthority } from "@/test/timestamp-authority";
import { AppError } from "@/lib/errors/app-error";
import { requestTimestamp } from "@/lib/timestamp/request-timestamp";
import { timestampAuthorityFromEnv, type TimestampAuthority } from "@/lib/timestamp/timestamp-authority-settings";
import { addDocumentTimestamp } from "./add-document-timestamp";
import { collectValidationData } from "./collect-validation-data";
import { readSignatureByteRange, readSignatureContents } from "./pdf-signature-location";
import { sealPdf } from "./seal-pdf";
import { loadSigningCertificate, type SigningCertificate } from "./signing-certificate";

const run = promisify(execFile);
const details = { name: "PMLR", reason: "Publication agreement signed by the author", signingTime: new Date() };

let tsa: TestTimestampAuthority;
let ca: TestCertificateAuthority;
let authority: TimestampAuthority;
let selfSigned: SigningCertificate;
let caIssued: SigningCertificate;
let sealed: Uint8Array;
let stamped: Uint8Array;
let dir: string;
let remove: () => Promise<void>;

async function timestamp(pdf: Uint8Array): Promise<Uint8Array> {
  return addDocumentTimestamp(pdf, {
    validationData: await collectValidationData(pdf, { timeoutMs: 2000 }),
    stamp: async (bytes) => (await requestTimestamp(authority, bytes)).der,
  });
}

beforeAll(async () => {
  ({ dir, remove } = await temporaryDirectory());
  [tsa, ca] = await Promise.all([startTestTimestampAuthority(), startTestCertificateAuthority()]);
  authority = timestampAuthorityFromEnv({ ...tsa.env(), TSA_TIMEOUT_SECONDS: "2" })!;
  selfSigned = await loadSigningCertificate({ dataDir: dir, commonName: "PMLR" });
  caIssued = await loadSigningCertificate({
    p12Path: ca.p12Path,
    passphrase: ca.passphrase,
    dataDir: dir,
    commonName: "",
  });
  sealed = (await sealPdf(await sampleAgreementPdf(), selfSigned, details)).pdf;
  stamped = await timestamp(sealed);
});
afterAll(async () => {
  await Promise.all([tsa.stop(), ca.stop(), remove()]);
});

/** Each signature of the PDF, in file order: its byte ranges' bytes, its DER, and its dictionary's text. */
function signatures(pdf: Uint8Array) {
  const bytes = Buffer.from(pdf);
  const found: { signed: Buffer[]; der: Buffer; dictionary: string; coversAll: boolean }[] = [];
  for (let at = bytes.indexOf("/ByteRange"); at !== -1; at = bytes.indexOf("/ByteRange", at + 1)) {
    const range = readSignatureByteRange(bytes, at)!;
    const [a, b, c, d] = range.offsets;
    const start = bytes.lastIndexOf(" obj", at);
    found.push({
      signed: [bytes.subarray(a, a + b), bytes.subarray(c, c + d)],
      der: readSignatureContents(bytes, at, range)!.der,
      dictionary: bytes.subarray(start, at).toString("latin1"),
      coversAll: range.end === bytes.length,
    });
  }
  return found;
}

/** The DER in the DSS's /Certs, /CRLs or /OCSPs, read back with (unforked) pdf-lib as a reader would. */
async function dssEntries(pdf: Uint8Array, key: "Certs" | "CRLs" | "OCSPs"): Promise<Buffer[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const dss = doc.catalog.lookupMaybe(PDFName.of("DSS"), PDFDict);
  const array = dss?.lookupMaybe(PDFName.of(key), PDFArray);
  return (array?.asArray() ?? []).map((ref) => Buffer.from((doc.context.lookup(ref) as PDFRawStream).getContents()));
}

const derOf = (pem: string) => new X509Certificate(pem).raw;

describe("a document timestamp added to a sealed PDF", () => {
  test("keeps every byte of the sealed PDF as its prefix, so the author's SHA-256 still names the original", () => {
    expect(stamped.length).toBeGreaterThan(sealed.length);
    expect(Buffer.compare(Buffer.from(stamped.subarray(0, sealed.length)), Buffer.from(sealed))).toBe(0);
  });

  test("is a well-formed PDF for qpdf", async () => {
    expect(await runOnPdf("qpdf --check", stamped)).toContain("No syntax or stream encoding errors found");
  });

  test("pdfsig lists the seal, still valid over its revision, and the timestamp over the whole file", async () => {
    const report = await runOnPdf("pdfsig", stamped);
    const [seal, documentTimestamp] = report.split(/Signature #2:/);
    expect(seal).toContain("Signature #1:");
    // The seal's SubFilter is the seal's business (PAdES seals say ETSI.CAdES.detached).
    expect(seal).toMatch(/Signature Type: (adbe\.pkcs7\.detached|ETSI\.CAdES\.detached)/);
    expect(seal).toContain("Signature is Valid.");
    expect(seal).toContain(`Signed Ranges: [0 - `);
    expect(documentTimestamp).toContain("Signer Certificate Common Name: Imprimatur Test Timestamp Authority");
    expect(documentTimestamp).toContain("Total document signed");
    // Debian 12's poppler (22.12) knows no ETSI.RFC3161 and prints "Signature Type: unknown" (and
    // cannot validate it): the SubFilter is checked in the dictionary itself, the token with OpenSSL.
    expect(documentTimestamp).toMatch(/Signature Type: (ETSI\.RFC3161|unknown)/);
    const [, timestampDictionary] = signatures(stamped).map((signature) => signature.dictionary);
    expect(timestampDictionary).toMatch(/\/Type \/DocTimeStamp/);
    expect(timestampDictionary).toMatch(/\/SubFilter \/ETSI\.RFC3161/);
  });

  test("carries an RFC 3161 token that openssl ts -verify accepts over its byte ranges with the test CA", async () => {
    const [, documentTimestamp] = signatures(stamped);
    expect(documentTimestamp.coversAll).toBe(true);
    await writeFile(path.join(dir, "token.der"), documentTimestamp.der);
    await writeFile(path.join(dir, "signed.bin"), Buffer.concat(documentTimestamp.signed));
    const { stdout } = await run("openssl", [
      "ts", "-verify", "-token_in", "-in", path.join(dir, "token.der"), "-data", path.join(dir, "signed.bin"),
      "-CAfile", tsa.caCertificatePath,
    ]); // prettier-ignore
    expect(stdout).toContain("Verification: OK");

    // The same token over the bytes with one changed does not hold.
    const changed = Buffer.concat(documentTimestamp.signed);
    changed[100] ^= 0x01;
    await writeFile(path.join(dir, "changed.bin"), changed);
    const refused = await run("openssl", [
      "ts", "-verify", "-token_in", "-in", path.join(dir, "token.der"), "-data", path.join(dir, "changed.bin"),
      "-CAfile", tsa.caCertificatePath,
    ]).catch((error: { stdout: string; stderr: string }) => error); // prettier-ignore
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/Verification: FAILED|message imprint mismatch/);
  });

  test("puts the seal's certificate in the DSS, and no revocation data for a self-signed seal that names none", async () => {
    const certs = await dssEntries(stamped, "Certs");
    expect(certs.map((der) => new X509Certificate(der).fingerprint256)).toContain(
      new X509Certificate(selfSigned.certificatePem).fingerprint256,
    );
    expect(await dssEntries(stamped, "CRLs")).toEqual([]);
    expect(await dssEntries(stamped, "OCSPs")).toEqual([]);
  });

  test("a second timestamp keeps both earlier signatures valid and adds the first timestamp's authority chain", async () => {
    const twice = await timestamp(stamped);
    expect(Buffer.compare(Buffer.from(twice.subarray(0, stamped.length)), Buffer.from(stamped))).toBe(0);
    expect(await runOnPdf("qpdf --check", twice)).toContain("No syntax or stream encoding errors found");
    const report = await runOnPdf("pdfsig", twice);
    expect(report).toContain("Signature #3:");
    expect(report.split("Signature #2:")[0]).toContain("Signature is Valid.");
    const certs = (await dssEntries(twice, "Certs")).map((der) => Buffer.from(der).toString("base64"));
    expect(certs).toContain(derOf(tsa.tsaCertificatePem).toString("base64"));
    expect(certs).toContain(derOf(tsa.caCertificatePem).toString("base64"));
    expect(new Set(certs).size).toBe(certs.length);
  });
});

describe("a document timestamp added to a PAdES B-T seal", () => {
  test("puts the authority chain of the seal's own signature timestamp in the DSS, and keeps the seal valid", async () => {
    const otherTsa = await startTestTimestampAuthority({ name: "Seal-time Authority" });
    try {
      const sealAuthority = timestampAuthorityFromEnv({ ...otherTsa.env(), TSA_TIMEOUT_SECONDS: "2" })!;
      const bt = await sealPdf(await sampleAgreementPdf(), selfSigned, details, { timestampAuthority: sealAuthority });
      expect(bt.timestamp?.authority).toBe("Seal-time Authority");
      const result = await timestamp(bt.pdf);
      const certs = (await dssEntries(result, "Certs")).map((der) => Buffer.from(der).toString("base64"));
      expect(certs).toContain(derOf(otherTsa.tsaCertificatePem).toString("base64"));
      expect(certs).toContain(derOf(otherTsa.caCertificatePem).toString("base64"));
      const report = await runOnPdf("pdfsig", result);
      expect(report.split("Signature #2:")[0]).toContain("Signature is Valid.");
    } finally {
      await otherTsa.stop();
    }
  });
});

describe("validation data for a seal whose CA publishes a CRL and answers OCSP", () => {
  test("the DSS holds the CRL exactly as the CA serves it and the OCSP answer, fetched at timestamping", async () => {
    const caSealed = (await sealPdf(await sampleAgreementPdf(), caIssued, details)).pdf;
    const before = { crl: ca.crlRequests, ocsp: ca.ocspRequests };
    const result = await timestamp(caSealed);
    expect(ca.crlRequests).toBe(before.crl + 1);
    expect(ca.ocspRequests).toBe(before.ocsp + 1);
    expect(await dssEntries(result, "CRLs")).toEqual([ca.crlDer]);
    const [ocsp] = await dssEntries(result, "OCSPs");
    await writeFile(path.join(dir, "ocsp.der"), ocsp);
    const { stdout } = await run("openssl", ["ocsp", "-respin", path.join(dir, "ocsp.der"), "-resp_text", "-noverify"]);
    expect(stdout).toContain("Cert Status: good");
    const certs = (await dssEntries(result, "Certs")).map((der) => Buffer.from(der).toString("base64"));
    expect(certs).toContain(derOf(ca.caCertificatePem).toString("base64"));
    expect(await runOnPdf("pdfsig", result)).toContain("Signature is Valid.");
  });

  test("a CA that cannot be reached stops the timestamp with a sentence naming it, and asks no authority", async () => {
    const caSealed = (await sealPdf(await sampleAgreementPdf(), caIssued, details)).pdf;
    const requests = tsa.requests;
    ca.behave("down");
    try {
      const error = await timestamp(caSealed).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("TIMESTAMP_UNAVAILABLE");
      expect((error as AppError).userMessage).toMatch(
        /^The revocation list \(CRL\) at http:\/\/127\.0\.0\.1:\d+\/ca\.crl could not be fetched/,
      );
      expect(tsa.requests).toBe(requests);
    } finally {
      ca.behave("ok");
    }
  });
});
