import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
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
export async function resendInvitation(context: AuditContext, { agreementId }: { agreementId: string }) {
  return db.$transaction(async (tx) => {
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
