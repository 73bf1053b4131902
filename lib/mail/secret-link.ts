import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { appSecret } from "@/lib/config/app-config";

/**
 * Where an email's secret link goes in the stored text and HTML. Templates are given this instead
 * of the link; the worker puts the decrypted link in its place at send time (lib/mail/outbox.ts).
 */
export const SECRET_LINK = "{{secret-link}}";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

// Derived rather than NEXTAUTH_SECRET itself, so this key is used for nothing else; the label
// lets a later scheme derive a different key from the same secret.
const derived = new Map<string, Buffer>();
function linkKey(): Buffer {
  const secret = appSecret();
  let key = derived.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "imprimatur", "outbox secret link v1", 32));
    derived.set(secret, key);
  }
  return key;
}

/** The row a sealed link belongs to: moving it to another email, or readdressing the email, breaks it. */
export type LinkBinding = { emailId: string; to: string };

const associatedData = ({ emailId, to }: LinkBinding) => Buffer.from(`${emailId}\n${to}`, "utf8");

/** Encrypts a link with AES-256-GCM for storage in the outbox; unreadable without NEXTAUTH_SECRET. */
export function sealSecretLink(link: string, binding: LinkBinding): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", linkKey(), iv);
  cipher.setAAD(associatedData(binding));
  const ciphertext = Buffer.concat([cipher.update(link, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64url")}`;
}

/** The link back, or an error when the key changed or the row was tampered with. */
export function openSecretLink(sealed: string, binding: LinkBinding): string {
  const [version, payload] = sealed.split(".");
  if (version !== VERSION || !payload) throw new Error("The stored link is not in a format this version can read.");
  const bytes = Buffer.from(payload, "base64url");
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error("The stored link is truncated.");
  const decipher = createDecipheriv("aes-256-gcm", linkKey(), bytes.subarray(0, IV_BYTES));
  decipher.setAAD(associatedData(binding));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
    decipher.final(),
  ]).toString("utf8");
}
