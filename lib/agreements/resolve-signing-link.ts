import "server-only";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { linkRefusal, TOKEN_SHAPE } from "./link-refusal";
import { tokenHash } from "./signing-link";

/** Finds the agreement a link token opens and refuses links that can no longer be used. */
export async function resolveSigningLink(tx: Tx, token: string, now = new Date()) {
  if (!TOKEN_SHAPE.test(token)) throw new AppError("LINK_UNKNOWN");
  const hash = tokenHash(token);
  const link = await tx.signingLink.findUnique({ where: { tokenHash: hash }, include: { agreement: { include: { proceedings: true } } } });
  const refusal = linkRefusal(link && { ...link, agreementStatus: link.agreement.status }, hash, now);
  if (refusal || !link) throw new AppError(refusal ?? "LINK_UNKNOWN");
  return { link, agreement: link.agreement, proceedings: link.agreement.proceedings };
}
