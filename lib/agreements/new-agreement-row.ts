import "server-only";
import { randomUUID } from "node:crypto";
import type { AuditContext } from "@/lib/audit/audit-context";
import { sha256Hex } from "@/lib/crypto/hashing";
import { placeholderValues, renderAgreementText } from "./agreement-template";

/** A paper as every issuing path knows it: the staff form, the REST API, a volume's import. */
export type IssuedPaper = {
  paperId?: string | null;
  articleTitle: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  authors: string[];
  /** Aligned with authors, "" where unknown. */
  authorEmails?: string[];
  /** The emails' language (lib/i18n/locales.ts); absent: English. */
  language?: string;
};

type Issue = {
  volume: { id: string; name: string };
  publisher: string;
  template: { id: string; body: string };
  issuedAt: Date;
  supersedesId?: string | null;
  idempotencyKey?: string | null;
};

/**
 * A new agreement's row, as every issuing path writes it: the text frozen from the template version
 * with the paper's and the volume's values, the SHA-256 the signature will cover, and the context's
 * staff member as issuer. One mapping, so an agreement reads the same however it was issued.
 */
export function newAgreementRow(context: AuditContext, paper: IssuedPaper, issue: Issue) {
  const { volume, publisher, template, issuedAt } = issue;
  const text = renderAgreementText(
    template.body,
    placeholderValues({ ...paper, publisher, proceedingsName: volume.name, issuedAt }),
  );
  return {
    id: randomUUID(),
    status: "sent" as const,
    proceedingsId: volume.id,
    paperId: paper.paperId ?? null,
    supersedesId: issue.supersedesId ?? null,
    templateVersionId: template.id,
    issuedById: context.staffId,
    idempotencyKey: issue.idempotencyKey ?? null,
    articleTitle: paper.articleTitle,
    correspondingAuthorName: paper.correspondingAuthorName,
    correspondingAuthorEmail: paper.correspondingAuthorEmail,
    authors: paper.authors,
    authorEmails: paper.authorEmails ?? [],
    language: paper.language ?? "en",
    publisherName: publisher,
    text,
    textSha256: sha256Hex(text),
    issuedAt,
    updatedAt: issuedAt,
  };
}
