import "server-only";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { constantTimeEqualHex } from "@/lib/crypto/hashing";
import { tokenHash } from "./signing-link";

// Tokens are 32 random bytes in base64url: anything else cannot be one of ours.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Finds the agreement a link token opens and refuses links that can no longer be used. A link of
 * a signed or declined agreement still opens, read-only, so the author can see what happened.
 */
export async function resolveSigningLink(tx: Tx, token: string, now = new Date()) {
  if (!TOKEN_SHAPE.test(token)) throw new AppError("LINK_UNKNOWN");
  const hash = tokenHash(token);
  const link = await tx.signingLink.findUnique({ where: { tokenHash: hash }, include: { agreement: { include: { proceedings: true } } } });
  if (!link || !constantTimeEqualHex(link.tokenHash, hash)) throw new AppError("LINK_UNKNOWN");
  const { agreement } = link;
  if (agreement.status === "voided") throw new AppError("AGREEMENT_VOIDED");
  if (link.revokedAt) throw new AppError("LINK_REVOKED");
  const settled = agreement.status === "signed" || agreement.status === "declined";
  if (!settled && (link.expiresAt <= now || agreement.status === "expired")) throw new AppError("LINK_EXPIRED");
  return { link, agreement, proceedings: agreement.proceedings };
}
