import "server-only";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { recordEvent, type AuditEventType } from "@/lib/audit/record-event";
import { OPEN_FOR_SIGNING } from "./agreement-states";
import type { OpenedSigningLink } from "./open-signing-link";

type Answer = {
  /** The link the answer came through, opened (and throttled) by openSigningLink. */
  link: OpenedSigningLink;
  changes: Prisma.AgreementUpdateManyMutationInput & { status: "signed" | "declined" };
  event: { type: AuditEventType; data: Record<string, unknown> };
};

/**
 * Records the author's answer (signed or declined) through their link. The update only applies
 * while the agreement is open, so of two simultaneous answers exactly one is kept and the other
 * is told why it was refused; the link is then used up.
 */
export async function settleAgreement(tx: Tx, { link, changes, event }: Answer) {
  const { agreementId, author } = link;
  // The text's hash, frozen at issue, comes back with the update: no read of its own.
  const [settled] = await tx.agreement.updateManyAndReturn({
    where: { id: agreementId, status: { in: OPEN_FOR_SIGNING } },
    data: changes,
    select: { textSha256: true },
  });
  if (!settled) throw await refusalFor(tx, agreementId);
  // The link may have been revoked (resent, email changed) since it was opened: the answer then
  // rolls back with this refusal.
  const used = await tx.signingLink.updateMany({
    where: { id: link.linkId, revokedAt: null, usedAt: null },
    data: { usedAt: link.openedAt },
  });
  if (used.count === 0) throw new AppError("LINK_REVOKED");
  const { textSha256 } = settled;
  await recordEvent(tx, author, { agreementId, type: event.type, data: { ...event.data, textSha256 } });
  return { id: agreementId };
}

async function refusalFor(tx: Tx, agreementId: string): Promise<AppError> {
  const current = await tx.agreement.findUniqueOrThrow({ where: { id: agreementId }, select: { status: true } });
  if (current.status === "signed") return new AppError("ALREADY_SIGNED");
  if (current.status === "declined") return new AppError("ALREADY_DECLINED");
  if (current.status === "voided") return new AppError("AGREEMENT_VOIDED");
  if (current.status === "expired") return new AppError("LINK_EXPIRED");
  return new AppError("NOT_SIGNABLE");
}
