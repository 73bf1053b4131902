import "server-only";
import * as asn1js from "asn1js";
import {
  Certificate,
  ContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignedDataVerifyError,
  id_ContentType_SignedData,
} from "pkijs";

/** A CMS/PKCS#7 SignedData as read by pkijs, with the certificates' bytes exactly as embedded. */
export type ParsedSignedData = {
  signedData: SignedData;
  /** DER of each embedded certificate, in the order pkijs lists them. */
  certificates: Buffer[];
  /** The certificate the first signer names; the first certificate when none matches. */
  signerCertificate?: Buffer;
  signingTime?: Date;
  /** The first signer's signature value: what a signature timestamp vouches for. */
  signatureValue: Buffer;
  /** The signature timestamp token (unsigned attribute), exactly as embedded. */
  timestampToken?: Buffer;
};

export type SignedDataVerdict = { problem?: string; certificate?: Buffer };

const SIGNING_TIME = "1.2.840.113549.1.9.5";
const SIGNATURE_TIMESTAMP = "1.2.840.113549.1.9.16.2.14";

export const CHANGED = "the document was changed after it was signed";
export const DAMAGED = "the signature is damaged";

/** Reads a DER SignedData. Throws on anything malformed; the caller calls that a damaged signature. */
export function parseSignedData(der: Buffer): ParsedSignedData {
  const asn1 = asn1js.fromBER(new Uint8Array(der));
  if (asn1.offset === -1) throw new Error(`not BER: ${asn1.result.error}`);
  const contentInfo = new ContentInfo({ schema: asn1.result });
  if (contentInfo.contentType !== id_ContentType_SignedData) throw new Error("not SignedData");
  const signedData = new SignedData({ schema: contentInfo.content });
  if (signedData.signerInfos.length === 0) throw new Error("no signer");
  const certificates = embeddedCertificates(contentInfo.content as asn1js.Sequence);
  const index = signerCertificateIndex(signedData);
  return {
    signedData,
    certificates,
    signerCertificate: certificates[index === -1 ? 0 : index],
    signingTime: signingTime(signedData),
    signatureValue: Buffer.from(signedData.signerInfos[0].signature.valueBlock.valueHexView),
    timestampToken: timestampToken(signedData),
  };
}

/**
 * Verifies the first signer over `signed` (the detached content, here the PDF's signed byte
 * ranges) with pkijs: the message digest against the content when there are signed attributes,
 * then the signature with the certificate the signer names. Trusts no certificate; the caller
 * compares the one returned with those it knows.
 */
export async function verifySignedData(parsed: ParsedSignedData, signed: Buffer[]): Promise<SignedDataVerdict> {
  const content = Buffer.concat(signed);
  const data = content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer;
  const hasSignedAttributes = parsed.signedData.signerInfos[0].signedAttrs !== undefined;
  try {
    const result = await parsed.signedData.verify({ signer: 0, data, extendedMode: true, checkChain: false });
    const certificate = derOf(parsed, result.signerCertificate) ?? parsed.signerCertificate;
    if (result.signatureVerified) return { certificate };
    // Without signed attributes the signature is over the content itself.
    const problem = hasSignedAttributes ? `${DAMAGED}: it does not match the signer's certificate` : CHANGED;
    return { problem, certificate };
  } catch (error) {
    if (!(error instanceof SignedDataVerifyError)) return { problem: DAMAGED, certificate: parsed.signerCertificate };
    const certificate = derOf(parsed, error.signerCertificate) ?? parsed.signerCertificate;
    return { problem: problemOf(error, parsed), certificate };
  }
}

// pkijs's codes for why SignedData.verify gave up (see SignedData.verify in pkijs).
function problemOf(error: SignedDataVerifyError, parsed: ParsedSignedData): string {
  switch (error.code) {
    case 2:
    case 3:
      return `${DAMAGED}: the signer's certificate is missing`;
    case 7:
      return `the signature uses a digest this check does not support (${digestOid(parsed)})`;
    case 9:
      return `${DAMAGED}: it does not say what kind of content it signed`;
    case 10:
      return `${DAMAGED}: it does not say what digest it signed`;
    default:
      // pkijs reports a digest that does not match the content only through this message.
      return /message digest doesn't match/i.test(error.message) ? CHANGED : `${DAMAGED}: it cannot be checked`;
  }
}

function digestOid(parsed: ParsedSignedData): string {
  return parsed.signedData.signerInfos[0].digestAlgorithm.algorithmId;
}

function derOf(parsed: ParsedSignedData, certificate: Certificate | null | undefined): Buffer | undefined {
  const index = certificate ? (parsed.signedData.certificates ?? []).indexOf(certificate) : -1;
  return index === -1 ? undefined : parsed.certificates[index];
}

// pkijs re-encodes what it parsed; the fingerprint must be of the bytes actually embedded.
function embeddedCertificates(signedData: asn1js.Sequence): Buffer[] {
  const set = signedData.valueBlock.value.find((part) => part.idBlock.tagClass === 3 && part.idBlock.tagNumber === 0);
  const members = set instanceof asn1js.Constructed ? set.valueBlock.value : [];
  return members.map((member) => Buffer.from(member.valueBeforeDecodeView));
}

function signerCertificateIndex(signedData: SignedData): number {
  const { sid } = signedData.signerInfos[0];
  if (!(sid instanceof IssuerAndSerialNumber)) return -1;
  const named = (certificate: unknown) =>
    certificate instanceof Certificate &&
    certificate.issuer.isEqual(sid.issuer) &&
    certificate.serialNumber.isEqual(sid.serialNumber);
  return (signedData.certificates ?? []).findIndex(named);
}

function signingTime(signedData: SignedData): Date | undefined {
  const attributes = signedData.signerInfos[0].signedAttrs?.attributes ?? [];
  const attribute = attributes.find((candidate) => candidate.type === SIGNING_TIME);
  const value = attribute?.values[0];
  return value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime ? value.toDate() : undefined;
}

// Outside the signed attributes, so outside what the seal protects: checked on its own.
function timestampToken(signedData: SignedData): Buffer | undefined {
  const attributes = signedData.signerInfos[0].unsignedAttrs?.attributes ?? [];
  const token = attributes.find((candidate) => candidate.type === SIGNATURE_TIMESTAMP)?.values[0];
  return token ? Buffer.from(token.valueBeforeDecodeView) : undefined;
}
