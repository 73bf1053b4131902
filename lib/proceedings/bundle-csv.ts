import { stringify } from "csv-stringify/sync";
import { neutralizeFormula } from "@/lib/proceedings/csv/neutralize-formula";
import { columnsWithChoices, type ChoiceColumns } from "@/lib/agreements/choice-columns";

export type ManifestRow = {
  paperId: string;
  title: string;
  signer: string;
  signedUtc: string;
  sha256: string;
  file: string;
  /** The author's answers, as choice_<key>_value/_label/_detail columns (none when not asked). */
  choices?: ChoiceColumns;
};
export type MissingRow = { paperId: string; title: string; status: string };

// Titles and names are typed by people: every cell is neutralised so that a spreadsheet never runs
// one as a formula, and quoted per RFC 4180 (CRLF records). The BOM makes Excel read UTF-8.
function csv(header: string[], rows: string[][]): Uint8Array {
  const text = stringify([header, ...rows.map((row) => row.map(neutralizeFormula))], {
    record_delimiter: "windows",
    bom: true,
  });
  return new TextEncoder().encode(text);
}

const MANIFEST_COLUMNS = ["paper_id", "title", "signer", "signed_utc", "sha256", "file"];

export function manifestCsv(rows: ManifestRow[]): Uint8Array {
  const choices = columnsWithChoices(
    [],
    rows.map((r) => r.choices ?? {}),
  ) as `choice_${string}`[];
  return csv(
    [...MANIFEST_COLUMNS, ...choices],
    rows.map((r) => [
      r.paperId,
      r.title,
      r.signer,
      r.signedUtc,
      r.sha256,
      r.file,
      ...choices.map((column) => r.choices?.[column] ?? ""),
    ]),
  );
}

export function missingCsv(rows: MissingRow[]): Uint8Array {
  return csv(
    ["paper_id", "title", "status"],
    rows.map((r) => [r.paperId, r.title, r.status]),
  );
}
