import "server-only";
import { constants, createPrivateKey, type KeyObject, privateEncrypt } from "node:crypto";
import { Signer } from "@signpdf/utils";
import forge from "node-forge";
import { openP12 } from "./certificate-p12";
import type { SigningCertificate } from "./signing-certificate";

// DER of DigestInfo { AlgorithmIdentifier sha256, NULL } up to the 32 digest bytes (RFC 8017 §9.2).
const SHA256_DIGEST_INFO_PREFIX = Buffer.from("3031300d060960864801650304020105000420", "hex");
// A detached signature's size depends only on the certificates, never on the document; this
// covers the one thing that can vary, the signing time's encoding (UTCTime until 2050, then longer).
const SIZE_MARGIN_BYTES = 32;

/**
 * Makes the detached PKCS#7 (SHA-256, RSA) that @signpdf/signpdf embeds. It does what signpdf's
 * P12Signer does, except that it opens the .p12 once instead of on every seal and leaves the RSA
 * operation to Node's OpenSSL: together those cost ~60 ms per seal in forge's pure JavaScript.
 */
export class SigningCertificateSigner extends Signer {
  private readonly opened: ReturnType<typeof openP12>;
  private readonly rsaKey: KeyObject;
  /** An upper bound on the DER size of any signature this signer makes. */
  readonly maxSignatureBytes: number;

  constructor(certificate: SigningCertificate) {
    super();
    this.opened = openP12(certificate.p12, certificate.passphrase, `"${certificate.subject}"`);
    this.rsaKey = createPrivateKey(forge.pki.privateKeyToPem(this.opened.privateKey));
    this.maxSignatureBytes = this.signDetached(Buffer.alloc(0), new Date()).length + SIZE_MARGIN_BYTES;
  }

  async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return this.signDetached(pdfBuffer, signingTime ?? new Date());
  }

  private signDetached(pdfBuffer: Buffer, signingTime: Date): Buffer {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdfBuffer.toString("binary"));
    for (const certificate of this.opened.certificates) p7.addCertificate(certificate);
    p7.addSigner({
      key: { sign: (digest: forge.md.MessageDigest) => this.rsaSign(digest) } as unknown as forge.pki.rsa.PrivateKey,
      certificate: this.opened.certificate,
      digestAlgorithm: forge.pki.oids.sha256,
      // contentType, signingTime, messageDigest: the order EU validators (DSS) expect.
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        // forge's types say string, but it encodes a Date as the UTCTime the attribute needs.
        { type: forge.pki.oids.signingTime, value: signingTime as unknown as string },
        { type: forge.pki.oids.messageDigest },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), "binary");
  }

  /** RSASSA-PKCS1-v1_5 over a SHA-256 digest forge has already computed. */
  private rsaSign(digest: forge.md.MessageDigest): string {
    const digestInfo = Buffer.concat([SHA256_DIGEST_INFO_PREFIX, Buffer.from(digest.digest().getBytes(), "binary")]);
    return privateEncrypt({ key: this.rsaKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo).toString("binary");
  }
}

const signers = new WeakMap<SigningCertificate, SigningCertificateSigner>();

export function signerFor(certificate: SigningCertificate): SigningCertificateSigner {
  let signer = signers.get(certificate);
  if (!signer) {
    signer = new SigningCertificateSigner(certificate);
    signers.set(certificate, signer);
  }
  return signer;
}
