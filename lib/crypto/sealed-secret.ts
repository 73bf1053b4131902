import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { appSecret } from "@/lib/config/app-config";

/**
 * A secret the app must read back (not just compare), stored AES-256-GCM-encrypted with a key
 * derived by HKDF-SHA-256 from NEXTAUTH_SECRET, as the outbox's links are (lib/mail/secret-link.ts):
 * each purpose gets its own key, and the associated data binds the ciphertext to its row, so it
 * cannot be moved to another. Unreadable from a database copy or backup without NEXTAUTH_SECRET.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

const derived = new Map<string, Buffer>();
function keyFor(purpose: string): Buffer {
  const secret = appSecret();
  const cacheKey = `${purpose}\n${secret}`;
  let key = derived.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "imprimatur", purpose, 32));
    derived.set(cacheKey, key);
  }
  return key;
}

export function sealSecret(plaintext: string, { purpose, boundTo }: { purpose: string; boundTo: string }): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  cipher.setAAD(Buffer.from(boundTo, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64url")}`;
}

/** The secret back, or an error when NEXTAUTH_SECRET changed or the row was tampered with. */
export function openSecret(sealed: string, { purpose, boundTo }: { purpose: string; boundTo: string }): string {
  const [version, payload] = sealed.split(".");
  if (version !== VERSION || !payload) throw new Error("The stored secret is not in a format this version can read.");
  const bytes = Buffer.from(payload, "base64url");
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error("The stored secret is truncated.");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose), bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(boundTo, "utf8"));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
    decipher.final(),
  ]).toString("utf8");
}
