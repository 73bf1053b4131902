import "server-only";
import forge from "node-forge";

export type OpenedP12 = {
  privateKey: forge.pki.rsa.PrivateKey;
  /** The certificate whose public key matches the private key. */
  certificate: forge.pki.Certificate;
  /** Every certificate in the file, the signer's and any chain, to embed in each signature. */
  certificates: forge.pki.Certificate[];
};

/**
 * Opens a PKCS#12 file and says plainly what is wrong with it, because the person reading the
 * error is an operator who just pointed SIGNING_CERT_P12 at a file their CA sent them.
 */
export function openP12(p12: Buffer, passphrase: string, source: string): OpenedP12 {
  const pfx = decrypt(p12, passphrase, source);
  const oids = forge.pki.oids;
  const keyBags = [
    ...(pfx.getBags({ bagType: oids.pkcs8ShroudedKeyBag })[oids.pkcs8ShroudedKeyBag] ?? []),
    ...(pfx.getBags({ bagType: oids.keyBag })[oids.keyBag] ?? []),
  ];
  const privateKey = keyBags.find((bag) => bag.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!privateKey) throw new Error(`The signing certificate ${source} contains no private key.`);
  const certificates = (pfx.getBags({ bagType: oids.certBag })[oids.certBag] ?? []).flatMap((bag) =>
    bag.cert ? [withDecodedNames(bag.cert)] : [],
  );
  if (certificates.length === 0) throw new Error(`The signing certificate ${source} contains no certificate.`);
  const certificate = certificates.find((candidate) => matchesKey(candidate, privateKey));
  if (!certificate) throw new Error(`The signing certificate ${source} has no certificate for its private key.`);
  return { privateKey, certificate, certificates };
}

function decrypt(p12: Buffer, passphrase: string, source: string): forge.pkcs12.Pkcs12Pfx {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString("binary")));
  } catch {
    throw new Error(`The signing certificate ${source} is not a PKCS#12 (.p12/.pfx) file.`);
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/password/i.test(reason)) throw new Error(`Wrong passphrase for the signing certificate ${source}.`);
    throw new Error(
      `The signing certificate ${source} could not be opened (wrong passphrase, or a key type other than RSA?): ${reason}`,
    );
  }
}

/**
 * forge reads a UTF8String name as its raw UTF-8 bytes but encodes it again when it writes the
 * signer's issuer into a signature, so a name beyond ASCII ("王倩", "Société") came out
 * double-encoded and no reader could match the signature to its certificate. Decoding once here
 * makes forge write back the very bytes the certificate holds; the certificate itself is embedded
 * from the bytes forge read, so nothing else changes.
 */
function withDecodedNames(certificate: forge.pki.Certificate): forge.pki.Certificate {
  for (const attribute of [...certificate.subject.attributes, ...certificate.issuer.attributes]) {
    if (Number(attribute.valueTagClass) === forge.asn1.Type.UTF8 && typeof attribute.value === "string")
      attribute.value = forge.util.decodeUtf8(attribute.value);
  }
  return certificate;
}

function matchesKey(certificate: forge.pki.Certificate, key: forge.pki.rsa.PrivateKey): boolean {
  const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
  return publicKey.n?.equals(key.n) === true && publicKey.e?.equals(key.e) === true;
}
