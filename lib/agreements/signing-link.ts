import "server-only";
import type { Tx } from "@/lib/db/client";
import { newToken, sha256Hex } from "@/lib/crypto/hashing";
import { appUrl } from "@/lib/config/app-config";

/**
 * Creates a link for the agreement (for one signer of an every-author agreement; none: the
 * corresponding author's) and returns its secret token, which is never stored.
 */
export async function createSigningLink(tx: Tx, agreementId: string, expiresAt: Date, signerId: string | null = null) {
  const { token, url } = newSigningLink();
  await tx.signingLink.create({ data: { agreementId, signerId, tokenHash: sha256Hex(token), expiresAt } });
  return { token, url };
}

/** A new link's secret token and its URL, for a caller that stores the link (its token's hash) itself. */
export function newSigningLink() {
  const token = newToken();
  return { token, url: `${appUrl()}/sign/${token}` };
}

export function tokenHash(token: string): string {
  return sha256Hex(token);
}
