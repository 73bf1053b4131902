import type { AgreementExportRecord } from "./export-record";

// No formula neutralising here: JSON is read by programs, which must get the values as typed.
export function agreementsJson(records: AgreementExportRecord[]): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(records, null, 2)}\n`);
}
