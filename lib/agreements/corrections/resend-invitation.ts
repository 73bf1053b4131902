import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { recordEvent } from "@/lib/audit/record-event";
import { assertLinkLive, assertOpen, currentLink, lockAgreement } from "./lock-agreement";
import { replaceSigningLink } from "./replace-signing-link";

const REFUSAL = "The invitation cannot be resent";
const RESEND_WINDOW_MS = 10_000;

/**
 * Emails the author a new link to the same agreement, with the same deadline: a resend reaches
 * the author again, it does not give them more time (a reissue does). Of simultaneous resends
 * (a double click) one takes effect; the others find the link they meant to replace already
 * replaced and do nothing, so the author gets one email and one working link.
 */
export async function resendInvitation(
  context: AuditContext,
  { agreementId, signerId }: { agreementId: string; signerId?: string },
) {
  return db.$transaction(async (tx) => {
    if (signerId || (await tx.signer.count({ where: { agreementId } })) > 0)
      return resendToSigners(tx, context, { agreementId, signerId });
    const seen = await currentLink(tx, agreementId);
    const agreement = await lockAgreement(tx, agreementId);
    assertOpen(agreement, REFUSAL);
    const now = new Date();
    const current = assertLinkLive(await currentLink(tx, agreementId), REFUSAL, now);
    // A double click (or a second tab) arrives while or just after the first resend commits: under
    // the row lock, a resend seconds ago means this one is the same intention, not a new one.
    const justResent = await tx.auditEvent.findFirst({
      where: {
        agreementId,
        type: "agreement.invitation_resent",
        occurredAt: { gt: new Date(now.getTime() - RESEND_WINDOW_MS) },
      },
      select: { id: true },
    });
    if ((seen && seen.id !== current.id) || justResent)
      return { agreementId, resent: false, linkExpiresAt: current.expiresAt };
    const { revokedLinkIds, emailId } = await replaceSigningLink(tx, {
      agreement,
      proceedingsName: agreement.proceedings.name,
      to: agreement.correspondingAuthorEmail,
      expiresAt: current.expiresAt,
      at: now,
    });
    await recordEvent(tx, context, {
      agreementId,
      type: "agreement.invitation_resent",
      data: {
        to: agreement.correspondingAuthorEmail,
        emailId,
        revokedLinkIds,
        linkExpiresAt: current.expiresAt.toISOString(),
      },
    });
    return { agreementId, resent: true, linkExpiresAt: current.expiresAt };
  });
}

/**
 * Every-author agreements: a new link and invitation for one signer (`signerId`) or, without one,
 * for each signer yet to sign; the other signers' links are left alone. The same double-click guard
 * as above, per signer.
 */
async function resendToSigners(
  tx: Tx,
  context: AuditContext,
  { agreementId, signerId }: { agreementId: string; signerId?: string },
) {
  const seen = signerId ? await currentLink(tx, agreementId, signerId) : null;
  const agreement = await lockAgreement(tx, agreementId);
  assertOpen(agreement, REFUSAL);
  const signers = await tx.signer.findMany({ where: { agreementId }, orderBy: { position: "asc" } });
  const targets = signerId
    ? signers.filter((signer) => signer.id === signerId)
    : signers.filter((signer) => signer.status === "sent" || signer.status === "viewed");
  if (signerId && targets.length === 0)
    throw new AppError("NOT_FOUND", { userMessage: "This agreement has no such signer." });
  if (targets.some((signer) => signer.status === "signed" || signer.status === "declined"))
    throw new AppError("NOTHING_TO_CHANGE", { userMessage: `${REFUSAL}: ${targets[0].name} has already answered.` });
  const now = new Date();
  const resentTo: string[] = [];
  let linkExpiresAt: Date | null = null;
  for (const signer of targets) {
    const current = assertLinkLive(await currentLink(tx, agreementId, signer.id), REFUSAL, now);
    linkExpiresAt = current.expiresAt;
    const justResent = await tx.auditEvent.findFirst({
      where: {
        agreementId,
        type: "agreement.invitation_resent",
        occurredAt: { gt: new Date(now.getTime() - RESEND_WINDOW_MS) },
        data: { path: ["signerId"], equals: signer.id },
      },
      select: { id: true },
    });
    if ((seen && seen.id !== current.id) || justResent) continue;
    const { revokedLinkIds, emailId } = await replaceSigningLink(tx, {
      agreement,
      proceedingsName: agreement.proceedings.name,
      to: signer.email,
      expiresAt: current.expiresAt,
      at: now,
      signer: { id: signer.id, name: signer.name, of: signers.length },
    });
    await recordEvent(tx, context, {
      agreementId,
      type: "agreement.invitation_resent",
      data: {
        to: signer.email,
        signerId: signer.id,
        emailId,
        revokedLinkIds,
        linkExpiresAt: current.expiresAt.toISOString(),
      },
    });
    resentTo.push(signer.email);
  }
  return { agreementId, resent: resentTo.length > 0, linkExpiresAt, resentTo };
}
