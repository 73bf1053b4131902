import "server-only";
import { createHash, createPrivateKey, type KeyObject, sign } from "node:crypto";
import { Signer } from "@signpdf/utils";
import * as asn1js from "asn1js";
import forge from "node-forge";
import {
  AlgorithmIdentifier,
  Certificate,
  ContentInfo,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerInfo,
  id_ContentType_SignedData,
} from "pkijs";
import {
  cadesSignedAttributes,
  OID,
  signatureTimestampAttributes,
  signedAttributesDer,
  signingCertificateV2,
} from "./cades-attributes";
import { AppError } from "@/lib/errors/app-error";
import { openP12 } from "./certificate-p12";
import type { SigningCertificate } from "./signing-certificate";

/** The seal's key and certificates, opened once per certificate: opening a .p12 costs tens of ms. */
export type SealKey = {
  privateKey: KeyObject;
  certificate: Certificate;
  /** The seal certificate and any chain the .p12 holds, all embedded in every signature. */
  chain: Certificate[];
  signingCertificateV2: ReturnType<typeof signingCertificateV2>;
  /** The exact DER size of a signature without a timestamp: it depends only on the certificates. */
  unstampedBytes: number;
};

/** Asks for a timestamp over a signature value and returns the token's DER. */
export type StampSignature = (signatureValue: Buffer) => Promise<Buffer>;

/** The signature came out larger than the room reserved for it; `bytes` is what it needs. */
export class SignatureTooLarge extends Error {
  constructor(readonly bytes: number) {
    super(`The signature needs ${bytes} bytes, more than the room reserved for it.`);
  }
}

/**
 * Makes the CAdES detached signature (CMS SignedData, SHA-256 with RSA) that @signpdf/signpdf
 * embeds, with pkijs, the library that also checks it; the RSA operation is Node's OpenSSL.
 * One signer per seal: it holds the room reserved in that PDF and how to get its timestamp.
 */
export class CadesSigner extends Signer {
  constructor(
    private readonly key: SealKey,
    private readonly roomBytes: number,
    private readonly stamp?: StampSignature,
  ) {
    super();
  }

  async sign(content: Buffer): Promise<Buffer> {
    const { signedData, signerInfo } = signedDataOver(this.key, content);
    let token: Buffer | undefined;
    if (this.stamp) {
      // PAdES B-T: the timestamp vouches for the signature value, so it proves the seal existed then.
      token = await this.stamp(Buffer.from(signerInfo.signature.valueBlock.valueHexView));
      signerInfo.unsignedAttrs = signatureTimestampAttributes(token);
    }
    const der = contentInfoDer(signedData);
    if (token && !der.includes(token))
      throw new AppError("TIMESTAMP_UNAVAILABLE", {
        userMessage: "The timestamp authority's token cannot be embedded unchanged (it is not DER-encoded).",
      });
    if (der.length > this.roomBytes) throw new SignatureTooLarge(der.length);
    return der;
  }
}

const keys = new WeakMap<SigningCertificate, SealKey>();

export function sealKeyFor(certificate: SigningCertificate): SealKey {
  let key = keys.get(certificate);
  if (!key) {
    key = openSealKey(certificate);
    keys.set(certificate, key);
  }
  return key;
}

function openSealKey(certificate: SigningCertificate): SealKey {
  // forge only opens the PKCS#12 (Node cannot); nothing of it is used to sign.
  const opened = openP12(certificate.p12, certificate.passphrase, `"${certificate.subject}"`);
  const derOf = (one: forge.pki.Certificate) =>
    Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(one)).getBytes(), "binary");
  const sealDer = derOf(opened.certificate);
  const seal = Certificate.fromBER(sealDer);
  const others = opened.certificates.filter((one) => one !== opened.certificate).map((one) => derOf(one));
  const key: SealKey = {
    privateKey: createPrivateKey(forge.pki.privateKeyToPem(opened.privateKey)),
    certificate: seal,
    chain: [seal, ...others.map((der) => Certificate.fromBER(der))].map(withParsedTbs),
    signingCertificateV2: signingCertificateV2(seal, sealDer),
    unstampedBytes: 0,
  };
  key.unstampedBytes = contentInfoDer(signedDataOver(key, Buffer.alloc(0)).signedData).length;
  return key;
}

/**
 * The certificate as embedded in every signature, its to-be-signed part parsed once: pkijs parses
 * it again from its bytes each time it is written, ~2 ms of every seal. Used only when it writes
 * exactly the bytes pkijs's own writing gives.
 */
function withParsedTbs(certificate: Certificate): Certificate {
  const parsed = asn1js.fromBER(certificate.tbsView);
  if (parsed.offset === -1) return certificate;
  const tbs = parsed.result;
  const kept = Object.create(certificate) as Certificate;
  kept.toSchema = () =>
    new asn1js.Sequence({ value: [tbs, certificate.signatureAlgorithm.toSchema(), certificate.signatureValue] });
  const same = Buffer.from(kept.toSchema().toBER()).equals(Buffer.from(certificate.toSchema().toBER()));
  return same ? kept : certificate;
}

function signedDataOver(key: SealKey, content: Buffer) {
  const signedAttrs = cadesSignedAttributes({
    contentSha256: createHash("sha256").update(content).digest(),
    signingCertificateV2: key.signingCertificateV2,
  });
  const signature = sign("sha256", signedAttributesDer(signedAttrs), key.privateKey);
  const signerInfo = new SignerInfo({
    version: 1,
    sid: new IssuerAndSerialNumber({ issuer: key.certificate.issuer, serialNumber: key.certificate.serialNumber }),
    digestAlgorithm: new AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithmId: OID.sha256WithRsa, algorithmParams: new asn1js.Null() }),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  const signedData = new SignedData({
    version: 1,
    digestAlgorithms: [new AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    // Detached: the content is the PDF's signed byte ranges, not carried in the signature.
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: key.chain,
    signerInfos: [signerInfo],
  });
  return { signedData, signerInfo };
}

function contentInfoDer(signedData: SignedData): Buffer {
  const contentInfo = new ContentInfo({ contentType: id_ContentType_SignedData, content: signedData.toSchema() });
  return Buffer.from(contentInfo.toSchema().toBER());
}
