import "server-only";
import type { Tx } from "@/lib/db/client";
import { mailFrom } from "@/lib/config/app-config";
import { queueEmail } from "@/lib/mail/outbox";
import { coauthorNoticeEmail } from "@/lib/mail/templates/coauthor-notice-email";
import { coauthorsToTell } from "./plan-signers";

/**
 * Queues one short notice to each co-author whose email is known once the agreement is signed:
 * signed on their behalf by the corresponding author, or completed by every author. In the
 * signature's transaction, so a refused or rolled-back signature tells nobody; each is an
 * outbox email with its "email.queued" event.
 */
export async function queueCoauthorNotices(tx: Tx, agreementId: string) {
  const agreement = await tx.agreement.findUniqueOrThrow({
    where: { id: agreementId },
    include: {
      proceedings: { select: { name: true } },
      signers: { where: { status: "signed" }, orderBy: { position: "asc" } },
    },
  });
  const { signedAt, signatureName } = agreement;
  if (!signedAt || !signatureName) return 0;
  const everyAuthor = agreement.signers.length > 0;
  const signatures = everyAuthor
    ? agreement.signers.map((signer) => ({
        name: signer.name,
        typedName: signer.typedName ?? signer.name,
        signedAt: signer.signedAt ?? signedAt,
      }))
    : [{ name: agreement.correspondingAuthorName, typedName: signatureName, signedAt }];
  const recipients = coauthorsToTell(agreement);
  for (const coauthor of recipients) {
    await queueEmail(tx, {
      agreementId,
      kind: "coauthor_notice",
      to: coauthor.email,
      ...coauthorNoticeEmail({
        coauthorName: coauthor.name,
        articleTitle: agreement.articleTitle,
        proceedingsName: agreement.proceedings.name,
        publisherName: agreement.publisherName,
        signatures,
        everyAuthor,
        // What was signed: with the author's choices, the text they made (as in the sealed PDF).
        textSha256: agreement.signedTextSha256 ?? agreement.textSha256,
        contact: addressOf(mailFrom()),
        language: agreement.language,
      }),
    });
  }
  return recipients.length;
}

/** "Imprimatur <staff@example.org>" → "staff@example.org". */
function addressOf(from: string): string {
  return /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
}
