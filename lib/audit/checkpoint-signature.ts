import "server-only";
import { createPrivateKey, sign, verify, X509Certificate, type KeyObject } from "node:crypto";
import forge from "node-forge";
import { openP12 } from "@/lib/signing/certificate-p12";
import type { SigningCertificate } from "@/lib/signing/signing-certificate";
import { canonicalCheckpoint, type CheckpointContent } from "./canonical-checkpoint";

const privateKeys = new WeakMap<SigningCertificate, KeyObject>();

/** The seal's private key as node:crypto wants it; opening the .p12 costs tens of ms, so once. */
function privateKeyOf(certificate: SigningCertificate): KeyObject {
  let key = privateKeys.get(certificate);
  if (!key) {
    const { privateKey } = openP12(certificate.p12, certificate.passphrase, "(seal certificate)");
    key = createPrivateKey(forge.pki.privateKeyToPem(privateKey));
    privateKeys.set(certificate, key);
  }
  return key;
}

/** RSA-SHA256 (PKCS#1 v1.5) over the canonical checkpoint, base64. */
export function signCheckpoint(content: CheckpointContent, certificate: SigningCertificate): string {
  return sign("sha256", Buffer.from(canonicalCheckpoint(content), "utf8"), privateKeyOf(certificate)).toString(
    "base64",
  );
}

// Thousands of checkpoints share a handful of certificates: parse each once.
const certificates = new Map<string, { fingerprint: string; publicKey: KeyObject } | null>();

function readCertificate(pem: string) {
  if (!certificates.has(pem)) {
    try {
      const certificate = new X509Certificate(pem);
      certificates.set(pem, {
        fingerprint: certificate.fingerprint256.replaceAll(":", "").toLowerCase(),
        publicKey: certificate.publicKey,
      });
    } catch {
      certificates.set(pem, null);
    }
  }
  return certificates.get(pem);
}

export type CheckpointRow = CheckpointContent & { certificatePem: string; signature: string };

/**
 * Why a checkpoint cannot be trusted, or null when its signature verifies with the certificate
 * stored beside it and that certificate is one this installation seals with (or sealed with).
 */
export function checkpointSignatureProblem(
  row: CheckpointRow,
  trustedFingerprints: ReadonlySet<string>,
): string | null {
  const certificate = readCertificate(row.certificatePem);
  if (!certificate) return "its certificate cannot be read";
  const { fingerprint } = certificate;
  if (fingerprint !== row.certificateFingerprint)
    return "the certificate stored with it is not the one its signature names";
  if (!trustedFingerprints.has(fingerprint)) {
    return `it is signed by a certificate that is not this installation's seal (SHA-256 ${fingerprint}); if you replaced the seal certificate, list the former one's fingerprint in AUDIT_FORMER_SEAL_FINGERPRINTS`;
  }
  let valid = false;
  try {
    valid = verify(
      "sha256",
      Buffer.from(canonicalCheckpoint(row), "utf8"),
      certificate.publicKey,
      Buffer.from(row.signature, "base64"),
    );
  } catch {
    valid = false;
  }
  return valid ? null : "its signature does not verify with the seal certificate";
}
