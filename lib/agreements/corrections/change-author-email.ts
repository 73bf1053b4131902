import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db, type Tx } from "@/lib/db/client";
import type { Signer } from "@/lib/db/generated/client";
import { recordEvent } from "@/lib/audit/record-event";
import { AppError } from "@/lib/errors/app-error";
import { changeAuthorEmailInput, parseOrRefuse } from "./correction-inputs";
import { assertLinkLive, assertOpen, currentLink, lockAgreement, type LockedAgreement } from "./lock-agreement";
import { replaceSigningLink } from "./replace-signing-link";

const REFUSAL = "The author's email cannot be changed";

/**
 * Sends the invitation to a corrected address and revokes the links sent to the old one, keeping
 * the deadline. The frozen text names the author but not their address, so it and its hash stay
 * as they are: the author still signs exactly what was issued.
 */
export async function changeAuthorEmail(
  context: AuditContext,
  { agreementId, newEmail, signerId }: { agreementId: string; newEmail: string; signerId?: string },
) {
  const to = parseOrRefuse(changeAuthorEmailInput, { newEmail }).newEmail;
  return db.$transaction(async (tx) => {
    const agreement = await lockAgreement(tx, agreementId);
    assertOpen(agreement, REFUSAL);
    const signers = await tx.signer.findMany({ where: { agreementId }, orderBy: { position: "asc" } });
    if (signerId || signers.length > 0) return changeSignerEmail(tx, context, { agreement, signers, signerId, to });
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

type SignerChange = { agreement: LockedAgreement; signers: Signer[]; signerId?: string; to: string };

/**
 * Every-author agreements: one signer's address (by default the corresponding author's) is
 * corrected; that signer gets a new link there and their old links are revoked. The other signers'
 * links and signatures stay as they are.
 */
async function changeSignerEmail(tx: Tx, context: AuditContext, { agreement, signers, signerId, to }: SignerChange) {
  const agreementId = agreement.id;
  const signer = signerId
    ? signers.find((one) => one.id === signerId)
    : signers.find((one) => one.email === agreement.correspondingAuthorEmail);
  if (!signer) throw new AppError("NOT_FOUND", { userMessage: "This agreement has no such signer." });
  if (signer.status === "signed" || signer.status === "declined")
    throw new AppError("NOTHING_TO_CHANGE", { userMessage: `${REFUSAL}: ${signer.name} has already answered.` });
  const from = signer.email;
  if (from === to) throw new AppError("NOTHING_TO_CHANGE", { userMessage: `That is already ${signer.name}'s email.` });
  const other = signers.find((one) => one.email === to);
  if (other)
    throw new AppError("INVALID_INPUT", {
      userMessage: `${to} is already ${other.name}'s email: each author needs their own.`,
    });
  const now = new Date();
  const current = assertLinkLive(await currentLink(tx, agreementId, signer.id), REFUSAL, now);
  const authorEmails = agreement.authors.map((_, index) => agreement.authorEmails[index] ?? "");
  authorEmails[signer.position] = to;
  const corresponding = from === agreement.correspondingAuthorEmail;
  await tx.agreement.update({
    where: { id: agreementId },
    data: { authorEmails, ...(corresponding ? { correspondingAuthorEmail: to } : {}) },
  });
  await tx.signer.update({ where: { id: signer.id }, data: { email: to } });
  const { revokedLinkIds, emailId } = await replaceSigningLink(tx, {
    agreement,
    proceedingsName: agreement.proceedings.name,
    to,
    expiresAt: current.expiresAt,
    at: now,
    signer: { id: signer.id, name: signer.name, of: signers.length },
  });
  await recordEvent(tx, context, {
    agreementId,
    type: "agreement.email_changed",
    data: { from, to, signerId: signer.id, emailId, revokedLinkIds, linkExpiresAt: current.expiresAt.toISOString() },
  });
  return { agreementId, from, to, linkExpiresAt: current.expiresAt };
}
