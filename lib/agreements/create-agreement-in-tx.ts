import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import type { Tx } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { publisherName } from "@/lib/config/app-config";
import { recordEvent } from "@/lib/audit/record-event";
import { queueEmail, SECRET_LINK } from "@/lib/mail/outbox";
import { invitationEmail } from "@/lib/mail/templates/invitation-email";
import { placeholderValues, renderAgreementText } from "@/lib/agreements/agreement-template";
import { agreementIssuedData } from "@/lib/agreements/agreement-issued-event";
import { createSigningLink } from "@/lib/agreements/signing-link";
import { templateVersionForVolume } from "@/lib/agreements/template-version";
import { createSignerInvitations } from "@/lib/agreements/signers/create-signer-invitations";

export type NewAgreement = {
  proceedings: { id: string; name: string; publisherName?: string | null; templateKey?: string | null };
  articleTitle: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  authors: string[];
  /** Each author's email aligned with authors, "" where unknown. */
  authorEmails?: string[];
  paperId?: string | null;
  supersedesId?: string | null;
  idempotencyKey?: string;
  linkExpiresAt: Date;
  /** The emails' language (lib/i18n/locales.ts); English by default. */
  language?: string;
  /** Added to the "agreement.issued" event, e.g. { supersedes }. */
  eventData?: Record<string, unknown>;
};

/**
 * Freezes the agreement text from the newest version of the volume's template, creates its signing link, records the
 * issue and queues the invitation, all in the caller's transaction: either the author will be
 * emailed about a complete agreement, or nothing exists. The agreement names the context's staff
 * member as its issuer.
 */
export async function createAgreementInTx(tx: Tx, context: AuditContext, request: NewAgreement) {
  const publisher = request.proceedings.publisherName || publisherName();
  const template = await templateVersionForVolume(tx, request.proceedings);
  const text = renderAgreementText(
    template.body,
    placeholderValues({ ...request, publisher, proceedingsName: request.proceedings.name, issuedAt: new Date() }),
  );
  const agreement = await tx.agreement.create({
    data: {
      status: "sent",
      proceedingsId: request.proceedings.id,
      paperId: request.paperId ?? null,
      supersedesId: request.supersedesId ?? null,
      templateVersionId: template.id,
      issuedById: context.staffId,
      idempotencyKey: request.idempotencyKey,
      articleTitle: request.articleTitle,
      correspondingAuthorName: request.correspondingAuthorName,
      correspondingAuthorEmail: request.correspondingAuthorEmail,
      authors: request.authors,
      authorEmails: request.authorEmails ?? [],
      language: request.language ?? "en",
      publisherName: publisher,
      text,
      textSha256: sha256Hex(text),
    },
  });
  const expiresAt = request.linkExpiresAt;
  if (template.signers === "every_author") {
    const proceedingsName = request.proceedings.name;
    const links = await createSignerInvitations(tx, { agreement, proceedingsName, expiresAt });
    await recordEvent(tx, context, {
      agreementId: agreement.id,
      type: "agreement.issued",
      data: { ...agreementIssuedData(agreement, template, expiresAt), ...request.eventData },
    });
    for (const invitation of links) await queueEmail(tx, invitation.email);
    return { agreement, link: links[0].link, links: links.map(({ signer, link }) => ({ signer, link })) };
  }
  const link = await createSigningLink(tx, agreement.id, expiresAt);
  await recordEvent(tx, context, {
    agreementId: agreement.id,
    type: "agreement.issued",
    data: { ...agreementIssuedData(agreement, template, expiresAt), ...request.eventData },
  });
  await queueEmail(tx, {
    agreementId: agreement.id,
    kind: "invitation",
    to: agreement.correspondingAuthorEmail,
    secretLink: link.url,
    ...invitationEmail({ ...agreement, proceedingsName: request.proceedings.name, signingUrl: SECRET_LINK, expiresAt }),
  });
  return { agreement, link, links: [] };
}
