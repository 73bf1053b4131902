import "server-only";
import type { Tx } from "@/lib/db/client";
import type { AgreementStatus } from "@/lib/db/generated/enums";
import { AppError, type AppErrorCode } from "@/lib/errors/app-error";

/**
 * Takes the agreement's row lock for the rest of the transaction and reads it afresh. Corrections,
 * signing and declining all update this row first, so they queue behind each other and each one
 * decides on the state the previous one left, never on a stale read.
 */
export async function lockAgreement(tx: Tx, agreementId: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Agreement" WHERE id = ${agreementId} FOR UPDATE`;
  if (locked.length === 0) throw new AppError("NOT_FOUND", { userMessage: "There is no agreement with this id." });
  return tx.agreement.findUniqueOrThrow({
    where: { id: agreementId },
    include: { proceedings: true, supersededBy: { select: { id: true } } },
  });
}

export type LockedAgreement = Awaited<ReturnType<typeof lockAgreement>>;

/**
 * The link the author was last sent: the newest one neither revoked nor used (of one signer's
 * links when `signerId` is given: every-author agreements).
 */
export function currentLink(tx: Tx, agreementId: string, signerId?: string) {
  return tx.signingLink.findFirst({
    where: { agreementId, revokedAt: null, usedAt: null, ...(signerId ? { signerId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
}

/** Revokes every link of the agreement (or of one of its signers) that could still be used, and says which. */
export async function revokeOpenLinks(tx: Tx, agreementId: string, at: Date, signerId?: string) {
  const open = await tx.signingLink.findMany({
    where: { agreementId, revokedAt: null, usedAt: null, ...(signerId ? { signerId } : {}) },
    select: { id: true },
  });
  const ids = open.map((link) => link.id);
  if (ids.length > 0) await tx.signingLink.updateMany({ where: { id: { in: ids } }, data: { revokedAt: at } });
  return ids;
}

const WHY_NOT_OPEN: Record<Exclude<AgreementStatus, "sent" | "viewed">, { code: AppErrorCode; why: string }> = {
  signed: {
    code: "AGREEMENT_FINAL",
    why: "the author has already signed this agreement, and a signed agreement is final.",
  },
  declined: { code: "AGREEMENT_CLOSED", why: "the author declined this agreement; reissue it to ask again." },
  voided: { code: "AGREEMENT_CLOSED", why: "this agreement has been voided; reissue it to ask the author again." },
  expired: { code: "AGREEMENT_CLOSED", why: "this agreement has expired; reissue it to give the author a new link." },
};

/** Refuses unless the author can still sign, e.g. `assertOpen(agreement, "The invitation cannot be resent")`. */
export function assertOpen(agreement: { status: AgreementStatus }, refusal: string) {
  if (agreement.status === "sent" || agreement.status === "viewed") return;
  const { code, why } = WHY_NOT_OPEN[agreement.status];
  throw new AppError(code, { userMessage: `${refusal}: ${why}` });
}

/** Refuses when the author's current link has run out: only a reissue sets a new deadline. */
export function assertLinkLive<Link extends { expiresAt: Date }>(link: Link | null, refusal: string, now: Date): Link {
  if (link && link.expiresAt > now) return link;
  const why = "the signing link has expired; reissue the agreement to give the author a new link.";
  throw new AppError("AGREEMENT_CLOSED", { userMessage: `${refusal}: ${why}` });
}
