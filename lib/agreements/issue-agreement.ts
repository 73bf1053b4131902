import "server-only";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { publisherName, signingLinkDays } from "@/lib/config/app-config";
import { recordEvent } from "@/lib/audit/record-event";
import { queueEmail } from "@/lib/mail/outbox";
import { invitationEmail } from "@/lib/mail/templates/invitation-email";
import { defaultTemplate, renderAgreementText } from "./agreement-template";
import { createSigningLink } from "./signing-link";
import type { IssueAgreementInput } from "./issue-agreement-input";

export type IssueAgreementRequest = IssueAgreementInput & {
  issuedById: string | null;
  actor: string;
  /** One submitted form issues one agreement, however many times it is posted. */
  idempotencyKey?: string;
  ip?: string | null;
  userAgent?: string | null;
};

/**
 * Freezes the agreement text, creates its signing link and queues the invitation, all in one
 * transaction: either the author will be emailed about a complete agreement, or nothing exists.
 */
export async function issueAgreement(request: IssueAgreementRequest) {
  if (request.idempotencyKey) {
    const existing = await db.agreement.findUnique({ where: { idempotencyKey: request.idempotencyKey } });
    if (existing) return existing;
  }
  const template = defaultTemplate();
  const publisher = publisherName();
  const text = renderAgreementText(template.body, {
    articleTitle: request.articleTitle,
    correspondingAuthor: request.correspondingAuthorName,
    publisher,
  });
  const expiresAt = new Date(Date.now() + signingLinkDays() * 24 * 60 * 60 * 1000);
  try {
    return await db.$transaction(async (tx) => {
      // INSERT … ON CONFLICT DO NOTHING: concurrent issues of the first agreement of a volume
      // (or of a template version) then share one row instead of failing on the unique key.
      await tx.templateVersion.createMany({ data: [{ key: template.key, version: template.version, body: template.body, sha256: template.sha256 }], skipDuplicates: true });
      const templateVersion = await tx.templateVersion.findUniqueOrThrow({ where: { key_version: { key: template.key, version: template.version } } });
      await tx.proceedings.createMany({ data: [{ name: request.proceedings }], skipDuplicates: true });
      const proceedings = await tx.proceedings.findUniqueOrThrow({ where: { name: request.proceedings } });
      const agreement = await tx.agreement.create({
        data: {
          status: "sent",
          proceedingsId: proceedings.id,
          templateVersionId: templateVersion.id,
          issuedById: request.issuedById,
          idempotencyKey: request.idempotencyKey,
          articleTitle: request.articleTitle,
          correspondingAuthorName: request.correspondingAuthorName,
          correspondingAuthorEmail: request.correspondingAuthorEmail,
          authors: request.authors,
          publisherName: publisher,
          text,
          textSha256: sha256Hex(text),
        },
      });
      const link = await createSigningLink(tx, agreement.id, expiresAt);
      await recordEvent(tx, {
        agreementId: agreement.id,
        type: "agreement.issued",
        actor: request.actor,
        ip: request.ip,
        userAgent: request.userAgent,
        data: { textSha256: agreement.textSha256, template: `${template.key}@${template.version}`, to: agreement.correspondingAuthorEmail, linkExpiresAt: expiresAt.toISOString() },
      });
      await queueEmail(tx, {
        agreementId: agreement.id,
        kind: "invitation",
        to: agreement.correspondingAuthorEmail,
        ...invitationEmail({ ...agreement, proceedingsName: proceedings.name, signingUrl: link.url, expiresAt }),
      });
      return agreement;
    });
  } catch (error) {
    // Two posts of the same form raced past the first check: the other one won; return its result.
    const existing = request.idempotencyKey ? await db.agreement.findUnique({ where: { idempotencyKey: request.idempotencyKey } }) : null;
    if (existing) return existing;
    throw error;
  }
}
