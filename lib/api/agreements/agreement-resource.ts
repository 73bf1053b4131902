import type { AgreementStatus } from "@/lib/db/generated/enums";
import type { AgreementResource } from "./agreement-schemas";

type AgreementRow = {
  id: string;
  status: AgreementStatus | string;
  paperId: string | null;
  articleTitle: string;
  authors: string[];
  authorEmails?: string[];
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  issuedAt: Date;
  signedAt: Date | null;
  textSha256: string;
};

/** An agreement as the REST API shows it; authors' emails aligned with their names, null where unknown. */
export function agreementResourceOf(row: AgreementRow, volume: { id: string; name: string }): AgreementResource {
  return {
    id: row.id,
    status: row.status as AgreementStatus,
    volume: { id: volume.id, name: volume.name },
    paperId: row.paperId,
    title: row.articleTitle,
    authors: row.authors.map((name, index) => ({ name, email: row.authorEmails?.[index] || null })),
    correspondingAuthor: { name: row.correspondingAuthorName, email: row.correspondingAuthorEmail },
    issuedAt: row.issuedAt.toISOString(),
    signedAt: row.signedAt?.toISOString() ?? null,
    textSha256: row.textSha256,
  };
}
