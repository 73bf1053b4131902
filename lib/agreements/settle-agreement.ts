import "server-only";
import { authorContext } from "@/lib/audit/audit-context";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { recordEvent, type AuditEventType } from "@/lib/audit/record-event";
import { OPEN_FOR_SIGNING } from "./agreement-states";
import type { Requester } from "./open-agreement-for-signing";
import { resolveSigningLink } from "./resolve-signing-link";

type Answer = {
  token: string;
  at: Date;
  changes: Prisma.AgreementUpdateManyMutationInput & { status: "signed" | "declined" };
  event: { type: AuditEventType; data: Record<string, unknown> };
} & Requester;

/**
 * Records the author's answer (signed or declined) through their link. The update only applies
 * while the agreement is open, so of two simultaneous answers exactly one is kept and the other
 * is told why it was refused; the link is then used up.
 */
export async function settleAgreement(tx: Tx, { token, at, changes, event, ip, userAgent }: Answer) {
  const { link, agreement } = await resolveSigningLink(tx, token, at);
  const { count } = await tx.agreement.updateMany({ where: { id: agreement.id, status: { in: OPEN_FOR_SIGNING } }, data: changes });
  if (count === 0) throw await refusalFor(tx, agreement.id);
  // The link may have been revoked (resent, email changed) since it was read: the answer then
  // rolls back with this refusal.
  const used = await tx.signingLink.updateMany({ where: { id: link.id, revokedAt: null, usedAt: null }, data: { usedAt: at } });
  if (used.count === 0) throw new AppError("LINK_REVOKED");
  await recordEvent(tx, authorContext(agreement.correspondingAuthorEmail, { ip, userAgent }), {
    agreementId: agreement.id,
    type: event.type,
    data: { ...event.data, textSha256: agreement.textSha256 },
  });
  return agreement;
}

async function refusalFor(tx: Tx, agreementId: string): Promise<AppError> {
  const current = await tx.agreement.findUniqueOrThrow({ where: { id: agreementId }, select: { status: true } });
  if (current.status === "signed") return new AppError("ALREADY_SIGNED");
  if (current.status === "declined") return new AppError("ALREADY_DECLINED");
  if (current.status === "voided") return new AppError("AGREEMENT_VOIDED");
  if (current.status === "expired") return new AppError("LINK_EXPIRED");
  return new AppError("NOT_SIGNABLE");
}
