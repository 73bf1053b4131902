import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import path from "node:path";
import { appSecret } from "@/lib/config/app-config";
import { db } from "@/lib/db/client";
import { readIfExists } from "./certificate-create-once";
import { createSelfSignedP12 } from "./certificate-self-signed";

/** Where an install from before the seal was kept in PostgreSQL left its generated seal. */
export const LEGACY_P12 = "signing-certificate.p12";
export const LEGACY_PASSPHRASE = "signing-certificate.passphrase";

const ROW_ID = 1;
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type StoredP12 = { p12: Buffer; passphrase: string; source: string };

/**
 * The generated seal every instance shares, from PostgreSQL. The first instance to need one
 * stores it — the one an older install generated into DATA_DIR when there is one, so its
 * fingerprint carries over, otherwise a new one. Instances starting at once may each make a
 * candidate; the primary key lets exactly one in, and everyone reads that one back.
 */
export async function storedSelfSignedP12(options: {
  dataDir: string;
  commonName: string;
  describe: (p12: Buffer, passphrase: string, source: string) => { certificatePem: string; fingerprintSha256: string };
}): Promise<StoredP12> {
  const existing = await readStored();
  if (existing) return existing;
  const candidate = (await legacyP12(options.dataDir)) ?? (await generated(options.commonName));
  const { certificatePem, fingerprintSha256 } = options.describe(candidate.p12, candidate.passphrase, candidate.source);
  await db.$executeRaw`
    INSERT INTO "StoredSigningCertificate" ("id", "sealedP12", "certificatePem", "fingerprintSha256")
    VALUES (${ROW_ID}, ${sealP12(candidate)}, ${certificatePem}, ${fingerprintSha256})
    ON CONFLICT ("id") DO NOTHING`;
  const stored = await readStored();
  if (!stored) throw new Error("The generated signing certificate could not be stored in the database.");
  return stored;
}

async function readStored(): Promise<StoredP12 | undefined> {
  const row = await db.storedSigningCertificate.findUnique({ where: { id: ROW_ID } });
  if (!row) return undefined;
  return { ...openP12Seal(row.sealedP12), source: "the signing certificate stored in the database" };
}

async function legacyP12(dataDir: string): Promise<StoredP12 | undefined> {
  const p12Path = path.join(dataDir, LEGACY_P12);
  const passphrasePath = path.join(dataDir, LEGACY_PASSPHRASE);
  const p12 = await readIfExists(p12Path);
  if (!p12) return undefined;
  const passphrase = await readIfExists(passphrasePath);
  if (!passphrase) {
    throw new Error(
      `Found ${p12Path} but not its passphrase file ${passphrasePath}: ` +
        "restore it, or remove the .p12 to generate a new seal.",
    );
  }
  return { p12, passphrase: passphrase.toString("utf8").trim(), source: p12Path };
}

async function generated(commonName: string): Promise<StoredP12> {
  const passphrase = randomBytes(24).toString("base64url");
  return { p12: await createSelfSignedP12({ commonName, passphrase }), passphrase, source: "the generated seal" };
}

// The scheme of lib/mail/secret-link.ts (AES-256-GCM, key derived from NEXTAUTH_SECRET by HKDF)
// with its own label, so this key serves nothing else. Whoever reads the database alone gets
// neither the seal's private key nor its passphrase.
function sealKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret(), "imprimatur", "stored signing certificate v1", 32));
}

function sealP12({ p12, passphrase }: { p12: Buffer; passphrase: string }): string {
  const plaintext = Buffer.from(JSON.stringify({ p12: p12.toString("base64"), passphrase }), "utf8");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", sealKey(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64url")}`;
}

function openP12Seal(sealed: string): { p12: Buffer; passphrase: string } {
  const [version, payload] = sealed.split(".");
  const bytes = Buffer.from(payload ?? "", "base64url");
  if (version !== VERSION || bytes.length < IV_BYTES + TAG_BYTES)
    throw new Error("The signing certificate stored in the database is not in a format this version can read.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealKey(), bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plaintext = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
    const { p12, passphrase } = JSON.parse(plaintext) as { p12: string; passphrase: string };
    return { p12: Buffer.from(p12, "base64"), passphrase };
  } catch {
    throw new Error(
      "The signing certificate stored in the database cannot be decrypted with this NEXTAUTH_SECRET: " +
        "every instance must use the NEXTAUTH_SECRET it was stored with.",
    );
  }
}
