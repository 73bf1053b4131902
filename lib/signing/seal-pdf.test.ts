import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from "pdf-lib";
import { inspectPdfSignature } from "./inspect-pdf-signature";
import { runOnPdf, sampleAgreementPdf, temporaryDirectory } from "@/test/pdf-signature-fixtures";
import { sealPdf } from "./seal-pdf";
import { loadSigningCertificate, type SigningCertificate } from "./signing-certificate";

const details = {
  name: "PMLR",
  reason: "Publication agreement signed by the author",
  location: "https://imprimatur.test",
  signingTime: new Date("2026-11-20T10:00:00Z"),
};

let certificate: SigningCertificate;
let unsigned: Uint8Array;
let sealed: Uint8Array;
let remove: () => Promise<void>;
beforeAll(async () => {
  const temporary = await temporaryDirectory();
  remove = temporary.remove;
  certificate = await loadSigningCertificate({ dataDir: temporary.dir, commonName: "PMLR" });
  unsigned = await sampleAgreementPdf();
  sealed = (await sealPdf(unsigned, certificate, details)).pdf;
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

  test("checks out with inspectPdfSignature and names our certificate", async () => {
    expect(await inspectPdfSignature(sealed)).toEqual({
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
    const contents = pdf.subarray(
      pdf.lastIndexOf("/Contents <") + "/Contents <".length,
      pdf.indexOf(">", pdf.lastIndexOf("/Contents <")),
    );
    const unusedHexDigits = contents.length - contents.toString("latin1").replace(/0+$/, "").length;
    expect(unusedHexDigits).toBeLessThan(200);
  });

  test("with one byte changed inside the signed range is reported as changed", async () => {
    const tampered = Uint8Array.from(sealed);
    const clause = Buffer.from(tampered).indexOf("/Producer");
    tampered[clause + 1] = "p".charCodeAt(0);

    expect(await runOnPdf("pdfsig", tampered)).toContain("Digest Mismatch");
    expect(await inspectPdfSignature(tampered)).toMatchObject({
      valid: false,
      problem: "the document was changed after it was signed",
      signerFingerprintSha256: certificate.fingerprintSha256,
    });
  });
});

// Names as publishers and authors really write them, and as an attacker would: each must come out
// of the signature dictionary exactly as written, without changing the dictionary's shape.
const HOSTILE_NAMES = {
  chinese: "王倩",
  arabic: "دار النشر العربية",
  greek: "Εκδόσεις Παπαδόπουλος",
  delimiters: "Smith (Ed.) \\ Jones) (",
  injection: "Eve) /M (D:19990101000000Z) /Name (Acme",
};

describe.each(Object.entries(HOSTILE_NAMES))("a PDF sealed for a publisher named with %s", (_kind, name) => {
  const reason = `Publication agreement signed by ${name} on behalf of all authors`;
  let named: Uint8Array;
  beforeAll(async () => {
    named = (await sealPdf(unsigned, certificate, { ...details, name, reason })).pdf;
  });

  test("keeps exactly the keys that were written, with the name, reason and time as given", async () => {
    const signature = await signatureDictionary(named);
    expect(signature.keys).toEqual([
      "Type",
      "Filter",
      "SubFilter",
      "ByteRange",
      "Contents",
      "Reason",
      "M",
      "Name",
      "Location",
      "Prop_Build",
    ]);
    expect(signature.text("Name")).toBe(name);
    expect(signature.text("Reason")).toBe(reason);
    expect(signature.text("Location")).toBe(details.location);
    expect(signature.date("M")).toEqual(details.signingTime);
  });

  test("is a valid signature over the whole document that pdfsig reads without a syntax error", async () => {
    const report = await runOnPdf("pdfsig", named);
    expect(report).not.toContain("Syntax Error");
    expect(report).toContain("Signature Field Name: Signature1");
    expect(report).toContain("Signature is Valid.");
    expect(report).toContain("Total document signed");
    expect(report).toContain(`Signer Certificate Common Name: PMLR document seal (self-signed)`);
    expect(await inspectPdfSignature(named)).toMatchObject({ valid: true, coversWholeDocument: true });
  });

  test("is a well-formed PDF for qpdf", async () => {
    const report = await runOnPdf("qpdf --check", named);
    expect(report).toContain("No syntax or stream encoding errors found");
    expect(report).not.toMatch(/WARNING/i);
  });
});

/** The signature dictionary as pdf-lib reads it, and its keys in the order the bytes give them. */
async function signatureDictionary(pdf: Uint8Array) {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const fields = doc.catalog.lookup(PDFName.of("AcroForm"), PDFDict).lookup(PDFName.of("Fields"), PDFArray);
  const reference = fields.lookup(0, PDFDict).get(PDFName.of("V")) as PDFRef;
  const dict = doc.context.lookup(reference, PDFDict);
  const source = Buffer.from(pdf).toString("latin1");
  const start = source.indexOf(`\n${reference.objectNumber} ${reference.generationNumber} obj`);
  const text = (key: string) => (dict.get(PDFName.of(key)) as PDFString | PDFHexString).decodeText();
  return {
    keys: topLevelKeys(source, source.indexOf("<<", start)),
    text,
    date: (key: string) => (dict.get(PDFName.of(key)) as PDFString | PDFHexString).decodeDate(),
  };
}

/**
 * Reads the dictionary at `start` token by token, as a PDF reader would, and lists its keys in
 * order: a duplicated or injected key shows up here even where pdf-lib keeps only the last one.
 */
function topLevelKeys(source: string, start: number): string[] {
  const keys: string[] = [];
  let at = skipSpace(source, start + 2);
  while (!source.startsWith(">>", at)) {
    if (source[at] !== "/")
      throw new Error(`Expected a key at byte ${at}, found ${JSON.stringify(source.slice(at, at + 20))}`);
    const keyEnd = endOfValue(source, at);
    keys.push(source.slice(at + 1, keyEnd));
    at = skipSpace(source, endOfValue(source, skipSpace(source, keyEnd)));
  }
  return keys;
}

function skipSpace(source: string, at: number): number {
  while (/\s/.test(source[at] ?? "")) at++;
  return at;
}

function endOfValue(source: string, at: number): number {
  if (source.startsWith("<<", at)) {
    let inner = skipSpace(source, at + 2);
    while (!source.startsWith(">>", inner)) inner = skipSpace(source, endOfValue(source, inner));
    return inner + 2;
  }
  if (source[at] === "[") {
    let inner = skipSpace(source, at + 1);
    while (source[inner] !== "]") inner = skipSpace(source, endOfValue(source, inner));
    return inner + 1;
  }
  if (source[at] === "<") return source.indexOf(">", at) + 1;
  if (source[at] === "(") {
    let depth = 0;
    for (let index = at; index < source.length; index++) {
      if (source[index] === "\\") index++;
      else if (source[index] === "(") depth++;
      else if (source[index] === ")" && --depth === 0) return index + 1;
    }
    throw new Error("Unterminated string");
  }
  const match = /^\/?[^\s/<>[\]()]+/.exec(source.slice(at));
  if (!match) throw new Error(`Unexpected ${JSON.stringify(source.slice(at, at + 20))} at byte ${at}`);
  return at + match[0].length;
}
