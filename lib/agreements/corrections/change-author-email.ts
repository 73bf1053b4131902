import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import { AppError } from "@/lib/errors/app-error";
import { changeAuthorEmailInput, parseOrRefuse } from "./correction-inputs";
import { assertLinkLive, assertOpen, currentLink, lockAgreement } from "./lock-agreement";
import { replaceSigningLink } from "./replace-signing-link";

const REFUSAL = "The author's email cannot be changed";

/**
 * Sends the invitation to a corrected address and revokes the links sent to the old one, keeping
 * the deadline. The frozen text names the author but not their address, so it and its hash stay
 * as they are: the author still signs exactly what was issued.
 */
export async function changeAuthorEmail(
  context: AuditContext,
  { agreementId, newEmail }: { agreementId: string; newEmail: string },
) {
  const to = parseOrRefuse(changeAuthorEmailInput, { newEmail }).newEmail;
  return db.$transaction(async (tx) => {
    const agreement = await lockAgreement(tx, agreementId);
    assertOpen(agreement, REFUSAL);
    const from = agreement.correspondingAuthorEmail;
    if (from === to) {
      throw new AppError("NOTHING_TO_CHANGE", { userMessage: "That is already the corresponding author's email." });
    }
    const now = new Date();
    const current = assertLinkLive(await currentLink(tx, agreementId), REFUSAL, now);
    await tx.agreement.update({ where: { id: agreementId }, data: { correspondingAuthorEmail: to } });
    const { revokedLinkIds, emailId } = await replaceSigningLink(tx, {
      agreement,
      proceedingsName: agreement.proceedings.name,
      to,
      expiresAt: current.expiresAt,
      at: now,
    });
    await recordEvent(tx, context, {
      agreementId,
      type: "agreement.email_changed",
      data: { from, to, emailId, revokedLinkIds, linkExpiresAt: current.expiresAt.toISOString() },
    });
    return { agreementId, from, to, linkExpiresAt: current.expiresAt };
  });
}
