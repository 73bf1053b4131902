import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db, type Tx } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import { AppError } from "@/lib/errors/app-error";
import { parseOrRefuse, voidAgreementInput } from "./correction-inputs";
import { lockAgreement, revokeOpenLinks } from "./lock-agreement";

/**
 * Withdraws an agreement that is not signed. Its links then show "This agreement has been
 * withdrawn" (linkRefusal checks the status first); they are revoked as well so that the
 * link records alone tell the same story to an auditor or to any code that looks only at links.
 */
export async function voidAgreement(
  context: AuditContext,
  { agreementId, reason }: { agreementId: string; reason: string },
) {
  const why = parseOrRefuse(voidAgreementInput, { reason }).reason;
  return db.$transaction(async (tx) => {
    await lockAgreement(tx, agreementId);
    const voidedAt = new Date();
    const voided = await voidLockedAgreement(tx, context, { agreementId, reason: why, at: voidedAt });
    return { agreementId, voidedAt, ...voided };
  });
}

type VoidStep = { agreementId: string; reason: string; at: Date; data?: Record<string, unknown> };

/** The void itself, for a caller that already holds the agreement's lock (void, reissue). */
export async function voidLockedAgreement(tx: Tx, context: AuditContext, { agreementId, reason, at, data }: VoidStep) {
  const { count } = await tx.agreement.updateMany({
    where: { id: agreementId, status: { notIn: ["signed", "voided"] } },
    data: { status: "voided", voidedAt: at, voidReason: reason },
  });
  if (count === 0) throw await refusalFor(tx, agreementId);
  const revokedLinkIds = await revokeOpenLinks(tx, agreementId, at);
  await recordEvent(tx, context, { agreementId, type: "agreement.voided", data: { reason, revokedLinkIds, ...data } });
  return { revokedLinkIds };
}

async function refusalFor(tx: Tx, agreementId: string) {
  const { status } = await tx.agreement.findUniqueOrThrow({ where: { id: agreementId }, select: { status: true } });
  if (status === "signed") {
    return new AppError("AGREEMENT_FINAL", { userMessage: "A signed agreement is final and cannot be voided." });
  }
  return new AppError("ALREADY_VOIDED", { userMessage: "This agreement has already been voided." });
}
