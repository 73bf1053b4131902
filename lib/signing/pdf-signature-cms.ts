import "server-only";
import forge from "node-forge";

/** The parts of a CMS/PKCS#7 SignedData needed to check one signer by hand. */
export type SignedDataParts = {
  certificates: Buffer[];
  signerSerialHex: string;
  digestAlgorithmOid: string;
  signatureAlgorithmOid: string;
  signature: Buffer;
  /** The signed attributes re-tagged as the SET OF that was actually signed (RFC 5652 §5.4). */
  signedAttributesDer?: Buffer;
  messageDigest?: Buffer;
  signingTime?: Date;
};

const OID = {
  signedData: "1.2.840.113549.1.7.2",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
};
const { Class, Type } = forge.asn1;

/**
 * Reads the first signer of a DER SignedData. Throws on anything malformed; the caller turns
 * that into "the signature is damaged". (forge's own pkcs7 reader cannot verify signatures.)
 */
export function parseSignedData(der: Buffer): SignedDataParts {
  const contentInfo = forge.asn1.fromDer(forge.util.createBuffer(der.toString("binary")));
  const [contentType, explicitContent] = children(contentInfo);
  if (forge.asn1.derToOid(contentType.value as string) !== OID.signedData) throw new Error("not SignedData");
  const signedData = children(children(explicitContent)[0]);
  const certificates = signedData
    .filter((part) => part.tagClass === Class.CONTEXT_SPECIFIC && part.type === 0)
    .flatMap(children)
    .map(derBytes);
  const signerInfo = children(signedData[signedData.length - 1])[0];
  const fields = children(signerInfo);
  const [, signerId, digestAlgorithm] = fields;
  const hasAttributes = fields[3]?.tagClass === Class.CONTEXT_SPECIFIC && fields[3].type === 0;
  const [signatureAlgorithm, signature] = fields.slice(hasAttributes ? 4 : 3);
  const attributes = hasAttributes ? children(fields[3]) : [];
  return {
    certificates,
    signerSerialHex: serialOf(signerId),
    digestAlgorithmOid: oidOf(digestAlgorithm),
    signatureAlgorithmOid: oidOf(signatureAlgorithm),
    signature: Buffer.from(signature.value as string, "binary"),
    signedAttributesDer: hasAttributes ? derBytes(forge.asn1.create(Class.UNIVERSAL, Type.SET, true, attributes)) : undefined,
    messageDigest: attributeValue(attributes, OID.messageDigest, (value) => Buffer.from(value.value as string, "binary")),
    signingTime: attributeValue(attributes, OID.signingTime, timeOf),
  };
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new Error("unexpected ASN.1 structure");
  return node.value;
}

function derBytes(node: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), "binary");
}

function oidOf(algorithmIdentifier: forge.asn1.Asn1): string {
  return forge.asn1.derToOid(children(algorithmIdentifier)[0].value as string);
}

/** The serial of an IssuerAndSerialNumber; empty for a subject-key-identifier signer. */
function serialOf(signerId: forge.asn1.Asn1): string {
  if (signerId.tagClass !== Class.UNIVERSAL) return "";
  return Buffer.from(children(signerId)[1].value as string, "binary").toString("hex").replace(/^0+/, "");
}

function attributeValue<T>(attributes: forge.asn1.Asn1[], oid: string, read: (value: forge.asn1.Asn1) => T): T | undefined {
  const attribute = attributes.find((candidate) => forge.asn1.derToOid(children(candidate)[0].value as string) === oid);
  return attribute ? read(children(children(attribute)[1])[0]) : undefined;
}

function timeOf(value: forge.asn1.Asn1): Date {
  const text = value.value as string;
  return value.type === Type.UTCTIME ? forge.asn1.utcTimeToDate(text) : forge.asn1.generalizedTimeToDate(text);
}
