// One upload, whichever system produced it: a .bib (PMLR-style BibTeX), a .json (OpenReview's
// accepted notes) or a CSV (ours, or CMT's camera-ready export). The file name's extension decides;
// without a telling extension the first non-blank character does ("@" BibTeX, "[" or "{" JSON).
import { decodeCsvBytes } from "../csv/decode-csv-bytes";
import type { ImportPreview, IssuedPaper } from "../csv/import-types";
import { MAX_IMPORT_ROWS, previewImportCsv } from "../csv/preview-import-csv";
import { previewImportBibtex } from "./preview-import-bibtex";
import { previewImportOpenReview } from "./preview-import-openreview";

export type ImportFormat = "csv" | "bibtex" | "openreview";

export function importFormatOf(fileName: string, text: string): ImportFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === "bib" || extension === "bibtex") return "bibtex";
  if (extension === "json") return "openreview";
  if (extension === "csv" || extension === "tsv" || extension === "txt") return "csv";
  const first = text.trimStart()[0];
  if (first === "@") return "bibtex";
  if (first === "[" || first === "{") return "openreview";
  return "csv";
}

export function previewImportFile(
  file: Uint8Array,
  {
    fileName,
    issuedPapers,
    maxRows = MAX_IMPORT_ROWS,
  }: {
    fileName: string;
    issuedPapers: ReadonlyMap<string, IssuedPaper>;
    maxRows?: number;
  },
): ImportPreview & { format: ImportFormat } {
  const decoded = decodeCsvBytes(file);
  const format = decoded ? importFormatOf(fileName, decoded.text) : "csv";
  if (!decoded || format === "csv") return { format, ...previewImportCsv(file, { issuedPapers, maxRows }) };
  if (decoded.text.trim() === "") return { format, ...previewImportCsv(file, { issuedPapers, maxRows }) };
  const preview =
    format === "bibtex"
      ? previewImportBibtex(decoded.text, { issuedPapers, maxRows })
      : previewImportOpenReview(decoded.text, { issuedPapers, maxRows });
  return { format, ...preview };
}
