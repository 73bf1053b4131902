import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import type { AgreementQuery } from "@/lib/agreements/search/agreement-query";
import { agreementsCsv } from "./agreements-csv";
import { agreementsJson } from "./agreements-json";
import { collectMatching } from "./collect-matching";
import { toExportRecord, withAllColumns } from "./export-record";

export type ExportFormat = "csv" | "json";

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

type ExportInput = { query: AgreementQuery; format: ExportFormat; now?: Date };

// The audit chain hashes the data as stored (JSON): dates as ISO strings, no undefined keys.
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

/** The whole filtered list (every page, not just the one on screen); who took it is on record. */
export async function exportAgreements(context: AuditContext, { query, format, now = new Date() }: ExportInput) {
  const records = withAllColumns((await collectMatching(query)).map(toExportRecord));
  const bytes = format === "csv" ? agreementsCsv(records) : agreementsJson(records);
  // The page on screen does not matter: the export holds every page (and every column).
  const filters = asJson({ ...query, page: undefined, columns: undefined });
  const data = { format, query: filters, rows: records.length };
  await db.$transaction((tx) => recordEvent(tx, context, { type: "export.downloaded", data }));
  return {
    bytes,
    rows: records.length,
    contentType: CONTENT_TYPE[format],
    fileName: `agreements-${now.toISOString().slice(0, 10)}.${format}`,
  };
}
