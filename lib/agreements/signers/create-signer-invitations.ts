import "server-only";
import type { Tx } from "@/lib/db/client";
import type { OutgoingEmail } from "@/lib/mail/outbox";
import { SECRET_LINK } from "@/lib/mail/outbox";
import { invitationEmail } from "@/lib/mail/templates/invitation-email";
import { createSigningLink } from "@/lib/agreements/signing-link";
import { planSigners } from "./plan-signers";

type IssuedAgreement = {
  id: string;
  /** The emails' language (lib/i18n/locales.ts). */
  language?: string;
  articleTitle: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  authors: string[];
  authorEmails: string[];
  publisherName: string;
};

/**
 * The signers of a new every-author agreement, each with a link of their own and the invitation to
 * queue (the caller queues them after its "issued" event, so the log reads issued, then emailed).
 */
export async function createSignerInvitations(
  tx: Tx,
  { agreement, proceedingsName, expiresAt }: { agreement: IssuedAgreement; proceedingsName: string; expiresAt: Date },
) {
  const planned = planSigners(agreement);
  const invitations = [];
  for (const { position, name, email } of planned) {
    const signer = await tx.signer.create({ data: { agreementId: agreement.id, position, name, email } });
    const link = await createSigningLink(tx, agreement.id, expiresAt, signer.id);
    const message: OutgoingEmail = {
      agreementId: agreement.id,
      kind: "invitation",
      to: email,
      secretLink: link.url,
      ...signerInvitationEmail(agreement, { name, of: planned.length }, proceedingsName, expiresAt),
    };
    invitations.push({ signer, link, email: message });
  }
  return invitations;
}

export function signerInvitationEmail(
  agreement: Pick<IssuedAgreement, "articleTitle" | "correspondingAuthorName" | "publisherName" | "language">,
  signer: { name: string; of: number },
  proceedingsName: string,
  expiresAt: Date,
) {
  return invitationEmail({ ...agreement, proceedingsName, signingUrl: SECRET_LINK, expiresAt, signer });
}
