import "server-only";
import { openSecret, sealSecret } from "@/lib/crypto/sealed-secret";

// Bound to the secret's row and its endpoint: a ciphertext copied onto another endpoint does not open.
const PURPOSE = "webhook signing secret v1";
const binding = (secretId: string, endpointId: string) => ({ purpose: PURPOSE, boundTo: `${secretId}\n${endpointId}` });

export function sealEndpointSecret(secret: string, ids: { secretId: string; endpointId: string }): string {
  return sealSecret(secret, binding(ids.secretId, ids.endpointId));
}

/** The secrets that sign now: the newest, and any rotated-out one until it expires. */
export function signingSecrets(
  endpointId: string,
  rows: { id: string; encryptedSecret: string; createdAt: Date; expiresAt: Date | null }[],
  now = new Date(),
): string[] {
  return rows
    .filter((row) => row.expiresAt === null || row.expiresAt > now)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((row) => openSecret(row.encryptedSecret, binding(row.id, endpointId)));
}
