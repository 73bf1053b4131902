import { stringify } from "csv-stringify/sync";
import { neutralizeFormula } from "@/lib/proceedings/csv/neutralize-formula";
import { exportColumns, type AgreementExportRecord } from "./export-record";

// Titles and names are typed by authors: every cell is neutralised so a spreadsheet never runs one
// as a formula. RFC 4180 quoting, CRLF records, and a BOM so Excel reads UTF-8.
export function agreementsCsv(records: AgreementExportRecord[]): Uint8Array {
  const columns = exportColumns(records);
  const rows = records.map((record) => columns.map((column) => neutralizeFormula(record[column] ?? "")));
  return new TextEncoder().encode(stringify([columns, ...rows], { record_delimiter: "windows", bom: true }));
}
