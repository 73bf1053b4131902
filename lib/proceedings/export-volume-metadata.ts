import "server-only";
import { stringify } from "csv-stringify/sync";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { neutralizeFormula } from "./csv/neutralize-formula";
import { volumeBibtex } from "./volume-bibtex";

export const METADATA_FORMATS = ["bib", "signers.json", "signers.csv"] as const;
export type MetadataFormat = (typeof METADATA_FORMATS)[number];

const CONTENT_TYPE: Record<MetadataFormat, string> = {
  bib: "application/x-bibtex; charset=utf-8",
  "signers.json": "application/json; charset=utf-8",
  "signers.csv": "text/csv; charset=utf-8",
};

/** One paper's signing state, for the conference's own system. */
export type SignerRecord = {
  paperId: string | null;
  agreementId: string;
  title: string;
  status: string;
  signers: { name: string; signedAt: string | null }[];
  signedAt: string | null;
  /** SHA-256 of the text the author signed (with their choices), else of the issued text. */
  textSha256: string;
};

/**
 * The volume's metadata going out: its papers as PMLR-style BibTeX, or who signed each paper.
 * Only each paper's current agreement counts (one replaced by a reissue is left out); voided
 * agreements are left out of the BibTeX but listed, as voided, among the signers. Recorded like
 * every other export.
 */
export async function exportVolumeMetadata(
  context: AuditContext,
  { proceedingsId, format }: { proceedingsId: string; format: MetadataFormat },
) {
  const volume = await db.proceedings.findUnique({ where: { id: proceedingsId }, select: { id: true, name: true } });
  if (!volume) throw new AppError("NOT_FOUND");
  const agreements = await db.agreement.findMany({
    where: { proceedingsId, superseded: false },
    orderBy: [{ paperId: "asc" }, { id: "asc" }],
    select: {
      id: true,
      paperId: true,
      status: true,
      articleTitle: true,
      authors: true,
      correspondingAuthorName: true,
      correspondingAuthorEmail: true,
      textSha256: true,
      signedTextSha256: true,
      signedAt: true,
      signatureName: true,
      signers: { orderBy: { position: "asc" }, select: { name: true, signedAt: true } },
    },
  });

  let body: string;
  if (format === "bib") {
    const papers = agreements
      .filter((a) => a.status !== "voided")
      .map((a) => ({
        key: a.paperId ?? a.id,
        title: a.articleTitle,
        authors: a.authors,
        correspondingAuthorName: a.correspondingAuthorName,
        correspondingAuthorEmail: a.correspondingAuthorEmail,
      }));
    body = volumeBibtex(volume.name, papers);
  } else {
    const records: SignerRecord[] = agreements.map((a) => ({
      paperId: a.paperId,
      agreementId: a.id,
      title: a.articleTitle,
      status: a.status,
      // Every-author signing keeps one Signer per author; otherwise the corresponding author signs alone.
      signers:
        a.signers.length > 0
          ? a.signers.map((s) => ({ name: s.name, signedAt: s.signedAt?.toISOString() ?? null }))
          : a.signedAt
            ? [{ name: a.signatureName ?? a.correspondingAuthorName, signedAt: a.signedAt.toISOString() }]
            : [],
      signedAt: a.signedAt?.toISOString() ?? null,
      textSha256: a.signedTextSha256 ?? a.textSha256,
    }));
    body = format === "signers.json" ? `${JSON.stringify(records, null, 2)}\n` : signersCsv(records);
  }
  const data = { kind: "metadata", format, proceedingsId, rows: agreements.length };
  await db.$transaction((tx) => recordEvent(tx, context, { type: "export.downloaded", data }));
  return {
    bytes: new TextEncoder().encode(body),
    contentType: CONTENT_TYPE[format],
    fileName: format === "bib" ? `proceedings-${proceedingsId}.bib` : `signers-${proceedingsId}.${format.slice(8)}`,
  };
}

/** Spreadsheet formulas neutralised, CRLF records and a BOM, as the other CSV exports. */
function signersCsv(records: SignerRecord[]): string {
  const rows = records.map((r) =>
    [
      r.paperId ?? "",
      r.agreementId,
      r.title,
      r.status,
      r.signers
        .filter((s) => s.signedAt)
        .map((s) => s.name)
        .join("; "),
      r.signedAt ?? "",
      r.textSha256,
    ].map(neutralizeFormula),
  );
  const header = ["paper_id", "agreement_id", "title", "status", "signed_by", "signed_utc", "text_sha256"];
  return stringify([header, ...rows], { record_delimiter: "windows", bom: true });
}
