import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import forge from "node-forge";
import { publisherName } from "@/lib/config/app-config";
import { readIfExists, readOrCreateFile } from "./certificate-create-once";
import { certificateIdentity } from "./certificate-identity";
import { openP12 } from "./certificate-p12";
import { createSelfSignedP12 } from "./certificate-self-signed";
import { LEGACY_P12, LEGACY_PASSPHRASE, storedSelfSignedP12 } from "./stored-signing-certificate";

export type SigningCertificate = {
  p12: Buffer;
  passphrase: string;
  selfSigned: boolean;
  /** The certificate subject's common name. */
  subject: string;
  /** Lowercase hex SHA-256 of the certificate's DER. */
  fingerprintSha256: string;
  certificatePem: string;
  notAfter: Date;
};

/**
 * A seal from a .p12 file, or a self-signed one generated at first use and kept in `dataDir`
 * (tests and tools that need a seal of their own). The app's seal is signingCertificateFromEnv.
 */
export async function loadSigningCertificate(options: {
  p12Path?: string;
  passphrase?: string;
  dataDir: string;
  commonName: string;
}): Promise<SigningCertificate> {
  if (options.p12Path) return loadP12File(options.p12Path, options.passphrase ?? "");
  const { p12, passphrase, p12Path } = await keptSelfSignedP12(options.dataDir, options.commonName);
  return describe(p12, passphrase, p12Path);
}

let fromEnv: Promise<SigningCertificate> | undefined;

/**
 * The certificate that seals signed agreements, read once per process (opening a .p12 costs tens
 * of ms): the publisher's own SIGNING_CERT_P12 when configured, otherwise a self-signed one
 * generated at first use and kept in PostgreSQL, so every instance — web or worker, whatever its
 * DATA_DIR — seals with the same fingerprint.
 */
export function signingCertificateFromEnv(): Promise<SigningCertificate> {
  fromEnv ??= configuredOrStored().catch((error: unknown) => {
    // A fixed configuration or a reachable database should work on the next try, without a restart.
    fromEnv = undefined;
    throw error;
  });
  return fromEnv;
}

async function configuredOrStored(): Promise<SigningCertificate> {
  const p12Path = process.env.SIGNING_CERT_P12 || undefined;
  if (p12Path) return loadP12File(p12Path, process.env.SIGNING_CERT_PASSPHRASE ?? "");
  return loadStoredSigningCertificate({ dataDir: process.env.DATA_DIR || "./data", commonName: publisherName() });
}

/**
 * The generated seal every instance shares, from PostgreSQL: stored at first use — imported from
 * `dataDir` when an older install generated one there, so its fingerprint carries over.
 */
export async function loadStoredSigningCertificate(options: {
  dataDir: string;
  commonName: string;
}): Promise<SigningCertificate> {
  const stored = await storedSelfSignedP12({ ...options, describe });
  return describe(stored.p12, stored.passphrase, stored.source);
}

async function loadP12File(p12Path: string, passphrase: string): Promise<SigningCertificate> {
  const p12 = await readIfExists(p12Path);
  if (!p12) throw new Error(`The signing certificate file ${p12Path} does not exist.`);
  return describe(p12, passphrase, p12Path);
}

async function keptSelfSignedP12(dataDir: string, commonName: string) {
  await mkdir(dataDir, { recursive: true });
  const p12Path = path.join(dataDir, LEGACY_P12);
  const passphrasePath = path.join(dataDir, LEGACY_PASSPHRASE);
  if ((await readIfExists(p12Path)) && !(await readIfExists(passphrasePath))) {
    throw new Error(
      `Found ${p12Path} but not its passphrase file ${passphrasePath}: restore it, or remove the .p12 to generate a new seal.`,
    );
  }
  // The passphrase is settled first so that whichever process wins the race for the .p12 has
  // encrypted it with the passphrase everyone reads.
  const passphrase = (
    await readOrCreateFile(passphrasePath, async () => Buffer.from(`${randomBytes(24).toString("base64url")}\n`))
  )
    .toString("utf8")
    .trim();
  const p12 = await readOrCreateFile(p12Path, () => createSelfSignedP12({ commonName, passphrase }));
  return { p12, passphrase, p12Path };
}

function describe(p12: Buffer, passphrase: string, source: string): SigningCertificate {
  const { certificate } = openP12(p12, passphrase, source);
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), "binary");
  const identity = certificateIdentity(der);
  if (identity.notAfter.getTime() < Date.now()) {
    throw new Error(
      `The signing certificate ${source} expired on ${identity.notAfter.toISOString()}; PDF readers would reject new seals.`,
    );
  }
  return { p12, passphrase, ...identity, certificatePem: forge.pki.certificateToPem(certificate) };
}
