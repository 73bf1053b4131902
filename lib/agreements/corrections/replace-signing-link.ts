import "server-only";
import type { Tx } from "@/lib/db/client";
import { queueEmail, SECRET_LINK } from "@/lib/mail/outbox";
import { invitationEmail } from "@/lib/mail/templates/invitation-email";
import { createSigningLink } from "@/lib/agreements/signing-link";
import { revokeOpenLinks } from "./lock-agreement";

type Replacement = {
  agreement: {
    id: string;
    articleTitle: string;
    correspondingAuthorName: string;
    publisherName: string;
    /** The emails' language (lib/i18n/locales.ts). */
    language?: string;
  };
  proceedingsName: string;
  to: string;
  expiresAt: Date;
  at: Date;
  /** Every-author agreements: the signer whose link is replaced; the other signers' links stay. */
  signer?: { id: string; name: string; of: number };
};

/**
 * Only a hash of each token is stored, so an invitation cannot be sent again as it was: the author
 * gets a new link, and the old ones are revoked so that only the newest email works.
 */
export async function replaceSigningLink(tx: Tx, replacement: Replacement) {
  const { agreement, proceedingsName, to, expiresAt, at, signer } = replacement;
  const revokedLinkIds = await revokeOpenLinks(tx, agreement.id, at, signer?.id);
  const link = await createSigningLink(tx, agreement.id, expiresAt, signer?.id);
  const email = await queueEmail(tx, {
    agreementId: agreement.id,
    kind: "invitation",
    to,
    secretLink: link.url,
    ...invitationEmail({ ...agreement, proceedingsName, signingUrl: SECRET_LINK, expiresAt, signer }),
  });
  return { revokedLinkIds, emailId: email.id };
}
