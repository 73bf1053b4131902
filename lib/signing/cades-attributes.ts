import "server-only";
import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import { Attribute, type Certificate, SignedAndUnsignedAttributes } from "pkijs";

export const OID = {
  data: "1.2.840.113549.1.7.1",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha256WithRsa: "1.2.840.113549.1.1.11",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  signatureTimeStampToken: "1.2.840.113549.1.9.16.2.14",
} as const;

/**
 * The signed attributes of a PAdES baseline signature (EN 319 142-1 §5.2): content-type,
 * message-digest and signing-certificate-v2, and no signing-time: the time a PAdES signature
 * claims is the signature dictionary's /M, and the time anyone vouches for is the timestamp's.
 */
export function cadesSignedAttributes(options: {
  contentSha256: Buffer;
  signingCertificateV2: Attribute;
}): SignedAndUnsignedAttributes {
  const attributes = [
    new Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: options.contentSha256 })] }),
    options.signingCertificateV2,
  ];
  return new SignedAndUnsignedAttributes({ type: 0, attributes: inDerOrder(attributes) });
}

/**
 * The DER of the signed attributes as a SET, the bytes the signature is computed over (RFC 5652
 * §5.4): the same attributes that are embedded under the [0] IMPLICIT tag.
 */
export function signedAttributesDer(attributes: SignedAndUnsignedAttributes): Buffer {
  const der = Buffer.from(attributes.toSchema().toBER());
  der[0] = 0x31;
  return der;
}

/**
 * signing-certificate-v2 (RFC 5035) naming the seal certificate by its SHA-256 and its issuer and
 * serial number, so the signature cannot be passed off as made with another certificate that
 * holds the same key. The hash algorithm is left out because SHA-256 is its DER default.
 */
export function signingCertificateV2(certificate: Certificate, certificateDer: Buffer): Attribute {
  const issuerSerial = new asn1js.Sequence({
    value: [
      // GeneralNames: one directoryName ([4], explicit because Name is a CHOICE).
      new asn1js.Sequence({
        value: [
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [certificate.issuer.toSchema()] }),
        ],
      }),
      new asn1js.Integer({ valueHex: certificate.serialNumber.valueBlock.valueHexView }),
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: createHash("sha256").update(certificateDer).digest() }), issuerSerial],
  });
  const value = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
  return new Attribute({ type: OID.signingCertificateV2, values: [value] });
}

/**
 * The unsigned attribute that carries a signature timestamp (RFC 3161 Appendix A). The token is
 * written out again from its parsed form, which gives back the very bytes of a DER token; the
 * caller checks that it did (the authority's signature covers them).
 */
export function signatureTimestampAttributes(tokenDer: Buffer): SignedAndUnsignedAttributes {
  const token = asn1js.fromBER(new Uint8Array(tokenDer));
  if (token.offset !== tokenDer.length) throw new Error("the timestamp token is not one whole DER value");
  return new SignedAndUnsignedAttributes({
    type: 1,
    attributes: [new Attribute({ type: OID.signatureTimeStampToken, values: [token.result] })],
  });
}

// DER sorts a SET OF by the members' encodings; validators that re-encode the signed attributes
// (NSS, EU DSS) would otherwise compute a digest other than the one signed.
function inDerOrder(attributes: Attribute[]): Attribute[] {
  const encoded = attributes.map((attribute) => ({ attribute, der: Buffer.from(attribute.toSchema().toBER()) }));
  return encoded.sort((a, b) => Buffer.compare(a.der, b.der)).map(({ attribute }) => attribute);
}
