import type { AgreementListRow } from "@/lib/agreements/search/agreement-query";
import { storedChoiceAnswers } from "@/lib/agreements/stored-choice-answers";
import { choiceColumns, columnsWithChoices, type ChoiceColumns } from "@/lib/agreements/choice-columns";

/** One agreement as both exports write it: the same keys, in this order, in CSV and in JSON. */
export type AgreementExportRecord = ChoiceColumns & {
  id: string;
  paper_id: string | null;
  title: string;
  corresponding_author: string;
  corresponding_email: string;
  authors: string;
  volume: string;
  volume_id: string;
  status: string;
  issued_utc: string;
  signed_utc: string | null;
  signature_name: string | null;
  published_utc: string | null;
  text_sha256: string;
  signed_text_sha256: string | null;
  signers: string;
  sealed_pdf_sha256: string | null;
  flags: string;
};

export const EXPORT_COLUMNS: (keyof AgreementExportRecord)[] = [
  "id",
  "paper_id",
  "title",
  "corresponding_author",
  "corresponding_email",
  "authors",
  "volume",
  "volume_id",
  "status",
  "issued_utc",
  "signed_utc",
  "signature_name",
  "published_utc",
  "text_sha256",
  "signed_text_sha256",
  "signers",
  "sealed_pdf_sha256",
  "flags",
];

const utc = (date: Date | null) => (date ? date.toISOString() : null);

/** "Ada Lovelace <ada@example.org>: signed 2026-12-01T09:00:00.000Z as “Ada Lovelace”", or the status. */
function describeSigner(signer: AgreementListRow["signers"][number]): string {
  const who = `${signer.name} <${signer.email}>`;
  if (signer.status !== "signed" || !signer.signedAt) return `${who}: ${signer.status}`;
  return `${who}: signed ${new Date(signer.signedAt).toISOString()} as “${signer.typedName ?? ""}”`;
}

// Full ISO 8601 with "Z": exports are read by programs and by other time zones, unlike the pages.
export function toExportRecord(row: AgreementListRow): AgreementExportRecord {
  return {
    id: row.id,
    paper_id: row.paperId,
    title: row.articleTitle,
    corresponding_author: row.correspondingAuthorName,
    corresponding_email: row.correspondingAuthorEmail,
    authors: row.authors.join("; "),
    volume: row.proceedingsName,
    volume_id: row.proceedingsId,
    status: row.status,
    issued_utc: row.issuedAt.toISOString(),
    signed_utc: utc(row.signedAt),
    signature_name: row.signatureName,
    published_utc: utc(row.publishedAt),
    text_sha256: row.textSha256,
    signed_text_sha256: row.signedTextSha256,
    signers: row.signers.map(describeSigner).join("; "),
    sealed_pdf_sha256: row.sealSha256,
    flags: row.flags.map(({ flag, reason }) => `${flag}:${reason}`).join("; "),
    ...choiceColumns(storedChoiceAnswers(row.choiceAnswers)),
  };
}

/**
 * The columns of an export: the fixed ones, then each question's three columns in the order the
 * rows first answer them. Without any answers, exactly the columns exports always had.
 */
export function exportColumns(records: AgreementExportRecord[]): (keyof AgreementExportRecord)[] {
  return columnsWithChoices<keyof AgreementExportRecord>(EXPORT_COLUMNS, records);
}

/** Every record with every column of the export (null where a row has no answer), in column order. */
export function withAllColumns(records: AgreementExportRecord[]): AgreementExportRecord[] {
  const columns = exportColumns(records);
  return records.map(
    (record) => Object.fromEntries(columns.map((column) => [column, record[column] ?? null])) as AgreementExportRecord,
  );
}
