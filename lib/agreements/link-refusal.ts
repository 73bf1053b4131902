import { constantTimeEqualHex } from "@/lib/crypto/hashing";
import type { AppErrorCode } from "@/lib/errors/app-error";

// Tokens are 32 random bytes in base64url: anything else cannot be one of ours.
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export type LinkState = { tokenHash: string; revokedAt: Date | null; expiresAt: Date; agreementStatus: string };

/**
 * Why a found link can no longer be used, or null. A link of a signed or declined agreement still
 * opens, read-only, so the author can see what happened.
 */
export function linkRefusal(link: LinkState | null, hash: string, now: Date): AppErrorCode | null {
  if (!link || !constantTimeEqualHex(link.tokenHash, hash)) return "LINK_UNKNOWN";
  if (link.agreementStatus === "voided") return "AGREEMENT_VOIDED";
  if (link.revokedAt) return "LINK_REVOKED";
  const settled = link.agreementStatus === "signed" || link.agreementStatus === "declined";
  if (!settled && (link.expiresAt <= now || link.agreementStatus === "expired")) return "LINK_EXPIRED";
  return null;
}
