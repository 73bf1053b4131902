import "server-only";
import { X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import { Certificate, ContentInfo, SignedData, SignedDataVerifyError, TSTInfo, id_ContentType_SignedData } from "pkijs";

const TST_INFO = "1.2.840.113549.1.9.16.1.4";
const TIME_STAMPING = "1.3.6.1.5.5.7.3.8";

export type TimestampVerdict = {
  /** The authority's signature verifies, it covers exactly these bytes, and it signed as a TSA. */
  valid: boolean;
  /** Why the token cannot be relied on, in words for the page; only when not valid. */
  problem?: string;
  /** The time the authority vouches for (TSTInfo genTime). */
  time?: Date;
  /** The authority's name, from the certificate that signed the token. */
  authority?: string;
  /** SHA-256 of the authority's certificate, lowercase hex. */
  certificateSha256?: string;
  serialNumber?: string;
  /** Only when trusted roots were given: whether the authority's certificate chains to one of them. */
  trusted?: boolean;
};

export type ReadTimestampToken = { signedData: SignedData; tstInfo: TSTInfo };

/** Parses a TimeStampToken (a CMS ContentInfo wrapping a signed TSTInfo); throws on anything else. */
export function readTimestampToken(der: Buffer): ReadTimestampToken {
  const asn1 = asn1js.fromBER(new Uint8Array(der));
  if (asn1.offset === -1) throw new Error("it is not DER");
  const contentInfo = new ContentInfo({ schema: asn1.result });
  if (contentInfo.contentType !== id_ContentType_SignedData) throw new Error("it is not CMS signed data");
  const signedData = new SignedData({ schema: contentInfo.content });
  if (signedData.encapContentInfo.eContentType !== TST_INFO) throw new Error("it does not hold a TSTInfo");
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent) throw new Error("its TSTInfo is empty");
  return { signedData, tstInfo: TSTInfo.fromBER(eContent.getValue()) };
}

/**
 * Checks an RFC 3161 timestamp token over `data` (the timestamped bytes themselves, hashed here
 * with whatever digest the token names): the authority's CMS signature, the message imprint, and
 * that its certificate is for timestamping (RFC 3161 §2.3). With `trustedCertificates` it also says
 * whether the authority's certificate chains, at the token's time, to one of them.
 */
export async function verifyTimestampToken(
  der: Buffer,
  data: Buffer | Buffer[],
  options: { trustedCertificates?: Buffer[] } = {},
): Promise<TimestampVerdict> {
  let token: ReadTimestampToken;
  try {
    token = readTimestampToken(der);
  } catch (error) {
    return { valid: false, problem: `the timestamp token is damaged: ${(error as Error).message}` };
  }
  const { signedData, tstInfo } = token;
  const content = toArrayBuffer(Buffer.concat(Array.isArray(data) ? data : [data]));
  const described: TimestampVerdict = {
    valid: false,
    time: tstInfo.genTime,
    serialNumber: Buffer.from(tstInfo.serialNumber.valueBlock.valueHexView).toString("hex"),
  };

  let signer: Certificate | null | undefined;
  try {
    const result = await signedData.verify({ signer: 0, data: content, extendedMode: true, checkChain: false });
    signer = result.signerCertificate;
    Object.assign(described, describeSigner(signer));
    if (!result.signatureVerified)
      return { ...described, problem: "the authority's signature on the timestamp does not verify" };
  } catch (error) {
    if (!(error instanceof SignedDataVerifyError)) return { ...described, problem: "the timestamp cannot be checked" };
    Object.assign(described, describeSigner(error.signerCertificate));
    return { ...described, problem: problemOf(error) };
  }
  if (!isTimestampingCertificate(signer))
    return { ...described, problem: "the certificate that signed it is not a timestamping certificate" };

  const trustedCertificates = options.trustedCertificates ?? [];
  if (trustedCertificates.length === 0) return { ...described, valid: true };
  return { ...described, valid: true, trusted: await chainsToTrusted(signedData, content, trustedCertificates) };
}

function problemOf(error: SignedDataVerifyError): string {
  if (error.code === 2 || error.code === 3) return "the authority's certificate is not in the timestamp token";
  if (/TSTInfo verification is failed/.test(error.message)) return "the timestamp is for other data than this";
  if (/message digest doesn't match/i.test(error.message)) return "the timestamp token was altered";
  return `the timestamp cannot be checked: ${error.message}`;
}

async function chainsToTrusted(signedData: SignedData, content: ArrayBuffer, roots: Buffer[]): Promise<boolean> {
  const trustedCerts = roots.map((root) => Certificate.fromBER(new Uint8Array(root)));
  try {
    const result = await signedData.verify({
      signer: 0,
      data: content,
      extendedMode: true,
      checkChain: true,
      trustedCerts,
    });
    return result.signatureVerified === true;
  } catch {
    return false;
  }
}

function describeSigner(certificate: Certificate | null | undefined): Partial<TimestampVerdict> {
  const x509 = nodeCertificate(certificate);
  if (!x509) return {};
  return { authority: subjectName(x509), certificateSha256: x509.fingerprint256.replaceAll(":", "").toLowerCase() };
}

function isTimestampingCertificate(certificate: Certificate | null | undefined): boolean {
  const usages = nodeCertificate(certificate)?.keyUsage;
  return Array.isArray(usages) && usages.includes(TIME_STAMPING);
}

function nodeCertificate(certificate: Certificate | null | undefined): X509Certificate | undefined {
  if (!certificate) return undefined;
  try {
    return new X509Certificate(Buffer.from(certificate.toSchema().toBER(false)));
  } catch {
    return undefined;
  }
}

/** The name a person knows the authority by: its common name, else its organisation. */
function subjectName(certificate: X509Certificate): string {
  const fields = new Map(
    certificate.subject
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  return fields.get("CN") ?? fields.get("O") ?? certificate.subject.replaceAll("\n", ", ");
}

function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}
