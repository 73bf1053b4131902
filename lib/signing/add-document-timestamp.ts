import "server-only";
import { PDFArray, PDFDict, PDFDocument, PDFInvalidObject, PDFName, PDFNumber, PDFRawStream } from "@cantoo/pdf-lib";
import { SignPdf } from "@signpdf/signpdf";
import { DEFAULT_BYTE_RANGE_PLACEHOLDER, SIG_FLAGS, Signer } from "@signpdf/utils";
import { pdfText } from "@/lib/pdf/pdf-text";
import { sha256Hex } from "@/lib/crypto/hashing";

/** The validation data a verifier needs long after the fact (PAdES B-LT): DER bytes each. */
export type ValidationData = { certificates: Buffer[]; crls: Buffer[]; ocspResponses: Buffer[] };

// An RFC 3161 token holds the authority's certificate chain: 3–8 KB from the authorities we know of.
// The room is written as hex digits (two per byte) and the unused part stays as zeros in every
// version, so it is generous but not lavish; a larger token fails the timestamp with signpdf's
// "exceeds placeholder length" and leaves the document as it was.
const TOKEN_ROOM_BYTES = 12 * 1024;

/**
 * Adds a document timestamp (PDF 2.0 / ETSI EN 319 142-1 B-LTA: a signature field whose value is
 * a /DocTimeStamp dictionary, SubFilter ETSI.RFC3161, /Contents an RFC 3161 token over the byte
 * ranges) and, before it, a DSS dictionary with the validation data (B-LT), as one incremental
 * update: the bytes given are an exact prefix of the result, so every earlier signature still
 * covers what it covered and the SHA-256 an author holds still identifies the original.
 *
 * pdf-lib cannot write incremental updates; @cantoo/pdf-lib (a kept fork) can, and is used here
 * alone. @signpdf/placeholder-plain also appends, but it cannot write a /DocTimeStamp dictionary
 * nor add the DSS to the catalog of a PDF that already has an AcroForm (our seals have one).
 * `stamp` gets the signed bytes (the file without the /Contents hex string) and returns the token.
 */
export async function addDocumentTimestamp(
  pdf: Uint8Array,
  options: { validationData: ValidationData; stamp: (signedBytes: Buffer) => Promise<Buffer> },
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { forIncrementalUpdate: true, updateMetadata: false });
  addValidationData(doc, options.validationData);
  addTimestampField(doc);
  const prepared = Buffer.from(await doc.save({ useObjectStreams: false }));
  const stamped = await new SignPdf().sign(prepared, new TokenSigner(options.stamp));
  if (Buffer.compare(stamped.subarray(0, pdf.length), Buffer.from(pdf)) !== 0)
    throw new Error("The document timestamp changed bytes of the sealed PDF; it was not kept.");
  return new Uint8Array(stamped.buffer, stamped.byteOffset, stamped.byteLength);
}

class TokenSigner extends Signer {
  constructor(private readonly stamp: (signedBytes: Buffer) => Promise<Buffer>) {
    super();
  }

  async sign(signedBytes: Buffer): Promise<Buffer> {
    return this.stamp(signedBytes);
  }
}

/** The DSS dictionary (ISO 32000-2 §12.8.4.3), keeping what an earlier update put there. */
function addValidationData(doc: PDFDocument, data: ValidationData) {
  const { context } = doc;
  const existing = doc.catalog.lookupMaybe(PDFName.of("DSS"), PDFDict);
  const dss = existing ?? context.obj({ Type: "DSS" });
  const entries: [string, Buffer[]][] = [
    ["Certs", data.certificates],
    ["CRLs", data.crls],
    ["OCSPs", data.ocspResponses],
  ];
  for (const [key, items] of entries) {
    const array = dss.lookupMaybe(PDFName.of(key), PDFArray) ?? context.obj([]);
    const present = new Set(
      array.asArray().flatMap((ref) => {
        const stream = context.lookup(ref);
        return stream instanceof PDFRawStream && !stream.dict.has(PDFName.of("Filter"))
          ? [sha256Hex(stream.getContents())]
          : [];
      }),
    );
    for (const item of items) {
      const digest = sha256Hex(item);
      if (present.has(digest)) continue;
      present.add(digest);
      // Unfiltered, so the DER can be read back and compared byte for byte.
      array.push(context.register(context.stream(new Uint8Array(item))));
    }
    if (array.size() > 0) dss.set(PDFName.of(key), array);
  }
  if (!existing) doc.catalog.set(PDFName.of("DSS"), context.register(dss));
}

/** An invisible signature field whose value is the /DocTimeStamp dictionary signpdf fills in. */
function addTimestampField(doc: PDFDocument) {
  const { context } = doc;
  const page = doc.getPages()[0];
  if (!page) throw new Error("A PDF without pages cannot be timestamped.");
  const acroForm = doc.catalog.lookupMaybe(PDFName.of("AcroForm"), PDFDict);
  if (!acroForm) throw new Error("The PDF has no seal to timestamp: it has no signature fields.");
  const fields = acroForm.lookupMaybe(PDFName.of("Fields"), PDFArray) ?? context.obj([]);

  // Written as bytes, as signature-placeholder.ts does for the seal: signpdf finds the ByteRange
  // placeholder by searching the file, so it must never land in an object stream, and every key
  // here is an ASCII constant of the PDF format.
  const placeholder = `/${DEFAULT_BYTE_RANGE_PLACEHOLDER}`;
  const timestamp = context.register(
    PDFInvalidObject.of(
      Buffer.from(
        "<<\n/Type /DocTimeStamp\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.RFC3161\n" +
          `/ByteRange [0 ${placeholder} ${placeholder} ${placeholder}]\n` +
          `/Contents <${"0".repeat(2 * TOKEN_ROOM_BYTES)}>\n>>`,
        "latin1",
      ),
    ),
  );
  const name = pdfText(`DocumentTimestamp${fields.size() + 1}`).toString();
  const widget = context.register(
    PDFInvalidObject.of(
      Buffer.from(
        `<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/Rect [0 0 0 0]\n/F 132\n/T ${name}\n` +
          `/V ${timestamp.toString()}\n/P ${page.ref.toString()}\n>>`,
        "latin1",
      ),
    ),
  );
  const annotations = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray) ?? context.obj([]);
  annotations.push(widget);
  page.node.set(PDFName.of("Annots"), annotations);
  fields.push(widget);
  acroForm.set(PDFName.of("Fields"), fields);
  const flags = acroForm.lookupMaybe(PDFName.of("SigFlags"), PDFNumber)?.asNumber() ?? 0;
  acroForm.set(PDFName.of("SigFlags"), PDFNumber.of(flags | SIG_FLAGS.SIGNATURES_EXIST | SIG_FLAGS.APPEND_ONLY));
}
