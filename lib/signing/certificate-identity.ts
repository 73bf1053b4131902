import "server-only";
import { createHash, X509Certificate } from "node:crypto";

export type CertificateIdentity = {
  /** The subject's common name, or the whole subject when it has none. */
  subject: string;
  /** Lowercase hex SHA-256 of the certificate's DER: what an auditor compares. */
  fingerprintSha256: string;
  selfSigned: boolean;
  notAfter: Date;
};

/**
 * Who a certificate names, read the same way for our own seal and for a signature found in an
 * uploaded PDF, so the two can be compared by fingerprint and shown by name.
 */
export function certificateIdentity(der: Uint8Array): CertificateIdentity {
  const certificate = new X509Certificate(der);
  return {
    subject: commonName(certificate) ?? certificate.subject.replaceAll("\n", ", "),
    fingerprintSha256: createHash("sha256").update(der).digest("hex"),
    selfSigned: certificate.issuer === certificate.subject,
    notAfter: new Date(certificate.validTo),
  };
}

// The legacy object holds the names as written; `subject` escapes "," "+" "\" and quotes, so a
// publisher called "Smith, Jones & Co." would read "Smith\, Jones & Co." on the evidence.
function commonName(certificate: X509Certificate): string | undefined {
  const names = (certificate.toLegacyObject().subject as Record<string, string | string[] | undefined>).CN;
  return Array.isArray(names) ? names[0] : names;
}
