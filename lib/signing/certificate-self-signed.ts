import "server-only";
import { generateKeyPair, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import forge from "node-forge";

const VALID_YEARS = 10;

/**
 * A seal certificate the publisher can use before buying one from a CA: the PDF still proves it
 * has not changed since sealing, and the fingerprint identifies the seal, but PDF readers will
 * say the signer is not trusted.
 */
export async function createSelfSignedP12(options: { commonName: string; passphrase: string }): Promise<Buffer> {
  // Node's native RSA generation takes a fraction of forge's pure-JS time and does not block.
  const pair = await promisify(generateKeyPair)("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  const privateKey = forge.pki.privateKeyFromPem(pair.privateKey);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(pair.publicKey);
  // A leading 01 keeps the DER INTEGER positive; random so two generated seals never collide.
  certificate.serialNumber = `01${randomBytes(15).toString("hex")}`;
  const now = new Date();
  // A day's slack so a verifier whose clock runs behind ours does not see a "not yet valid" seal.
  certificate.validity.notBefore = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  certificate.validity.notAfter = new Date(now);
  certificate.validity.notAfter.setFullYear(now.getFullYear() + VALID_YEARS);
  // UTF8String, because forge's default PrintableString keeps one byte per UTF-16 unit: a
  // publisher named in Chinese or Greek got a certificate that no longer opened.
  // (forge's types call the tag a Class; at run time it is compared with asn1.Type.)
  const utf8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
  const name = [
    { name: "commonName", value: `${options.commonName} document seal (self-signed)`, valueTagClass: utf8 },
    { name: "organizationName", value: options.commonName, valueTagClass: utf8 },
  ];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", critical: true, digitalSignature: true, nonRepudiation: true },
    { name: "extKeyUsage", emailProtection: true },
    { name: "subjectKeyIdentifier" },
  ]);
  certificate.sign(privateKey, forge.md.sha256.create());
  const pfx = forge.pkcs12.toPkcs12Asn1(privateKey, [certificate], options.passphrase, {
    algorithm: "aes256",
    friendlyName: options.commonName,
    generateLocalKeyId: true,
  });
  return Buffer.from(forge.asn1.toDer(pfx).getBytes(), "binary");
}
