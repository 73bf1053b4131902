import "server-only";
import type { Tx } from "@/lib/db/client";
import { queueEmail, SECRET_LINK } from "@/lib/mail/outbox";
import { invitationEmail } from "@/lib/mail/templates/invitation-email";
import { createSigningLink } from "@/lib/agreements/signing-link";
import { revokeOpenLinks } from "./lock-agreement";

type Replacement = {
  agreement: { id: string; articleTitle: string; correspondingAuthorName: string; publisherName: string };
  proceedingsName: string;
  to: string;
  expiresAt: Date;
  at: Date;
};

/**
 * Only a hash of each token is stored, so an invitation cannot be sent again as it was: the author
 * gets a new link, and the old ones are revoked so that only the newest email works.
 */
export async function replaceSigningLink(tx: Tx, { agreement, proceedingsName, to, expiresAt, at }: Replacement) {
  const revokedLinkIds = await revokeOpenLinks(tx, agreement.id, at);
  const link = await createSigningLink(tx, agreement.id, expiresAt);
  const email = await queueEmail(tx, {
    agreementId: agreement.id,
    kind: "invitation",
    to,
    secretLink: link.url,
    ...invitationEmail({ ...agreement, proceedingsName, signingUrl: SECRET_LINK, expiresAt }),
  });
  return { revokedLinkIds, emailId: email.id };
}
