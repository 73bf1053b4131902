// Reads a volume's CSV and says, line by line, what would be issued and what is wrong, before
// anything is created. Pure: the caller supplies the paper ids the volume already has.
import { CsvError, parse } from "csv-parse/sync";
import { decodeCsvBytes } from "./decode-csv-bytes";
import { languageColumn, matchImportColumns, type ColumnIndexes, type ImportField } from "./import-columns";
import type { ImportPreview, IssuedPaper } from "./import-types";
import { createLineTracker, type RecordLines } from "./line-tracker";
import { cmtAuthorColumns, pairCmtAuthors, type CmtAuthorColumns } from "../import/cmt-author-columns";
import { createPreviewCollector } from "../import/collect-preview-rows";
import { countRecords, detectDelimiter } from "./scan-csv";
import type { ImportCells } from "./validate-import-row";
import { formatCount } from "@/lib/text/format-count";

export type { ImportPreview, ImportProblem, ImportRow, IssuedPaper } from "./import-types";

export const MAX_IMPORT_ROWS = 20_000;
// Generous for one paper (20,000 characters of authors plus the rest); a longer record almost
// always means a quote was never closed and the parser is swallowing the rest of the file.
const MAX_RECORD_CHARACTERS = 100_000;
const STOP = Symbol("too many rows");

/** `issuedPapers`: the volume's current agreement of each paper id it has issued. */
export type PreviewImportOptions = { issuedPapers: ReadonlyMap<string, IssuedPaper>; maxRows?: number };

export function previewImportCsv(file: Uint8Array, options: PreviewImportOptions): ImportPreview {
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS;
  const decoded = decodeCsvBytes(file);
  if (!decoded) return refusal("The file is not UTF-8 text: save it as CSV UTF-8 and upload again.");
  if (decoded.text.trim() === "") return refusal("The file is empty.");

  const delimiter = detectDelimiter(decoded.text);
  const dataRecords = countRecords(decoded.text, delimiter) - 1;
  if (dataRecords > maxRows) return refusal(tooManyRows(formatCount(dataRecords), maxRows), dataRecords);

  const collector = createPreviewCollector(options.issuedPapers);
  const { problems } = collector;
  const linesOf = createLineTracker(decoded.body);
  let cmt: CmtAuthorColumns = { names: null, emails: null };
  // Filled in by the parser's callback; an object so the compiler doesn't narrow it to its initial value.
  const seen: { header: string[] | null; columns: ColumnIndexes | null; totalLines: number } = {
    header: null,
    columns: null,
    totalLines: 0,
  };

  function readRecord(record: string[], { start: line, end }: RecordLines) {
    if (record.every((cell) => cell.trim() === "")) return;
    if (!seen.header) {
      seen.header = record.map((cell) => cell.trim());
      cmt = cmtAuthorColumns(seen.header);
      const match = matchImportColumns(seen.header);
      if (match.ok) seen.columns = withCmtAuthorNames(match.indexes, cmt);
      else for (const message of match.messages) problems.add({ line, column: null, message });
      if (!match.ok && end > line)
        problems.add({
          line,
          column: null,
          message: `The header runs on to line ${end}: check that every quote (") is closed.`,
        });
      return;
    }
    seen.totalLines += 1;
    // The quick count can come out low when a stray quote fools it; stop here rather than read on.
    if (seen.totalLines > maxRows) throw STOP;
    if (!seen.columns) return;

    const { header, columns } = seen;
    // Trailing empty cells are what spreadsheets add after a stray value far to the right; harmless.
    if (record.length < header.length || record.slice(header.length).some((cell) => cell.trim() !== "")) {
      problems.add({
        line,
        column: null,
        message: fieldCountMessage(record.length, header.length, delimiter, end > line ? end : null),
      });
      return;
    }

    const cells = Object.fromEntries(Object.entries(columns).map(([field, index]) => [field, record[index]])) as Record<
      ImportField,
      string
    > as ImportCells;
    if (cmt.names !== null && cmt.emails !== null) cells.authors = pairCmtAuthors(cells.authors, record[cmt.emails]);
    const language = languageColumn(header);
    if (language >= 0) cells.language = { value: record[language], column: header[language] };
    collector.add(cells, line, (field: ImportField) => header[columns[field]]);
  }

  try {
    parse(decoded.body, {
      delimiter,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARACTERS,
      on_record: (record: string[], context) => {
        readRecord(record, linesOf(context.bytes));
        return null; // nothing is collected by the parser: rows are checked as they are read
      },
    });
  } catch (error) {
    if (error === STOP) return refusal(tooManyRows(`more than ${formatCount(maxRows)}`, maxRows), seen.totalLines);
    if (!(error instanceof CsvError)) throw error;
    // Rows read before this point stay valid; nothing after it could be read.
    problems.add({ line: linesOf(decoded.body.length).start, column: null, message: unreadable(error) });
  }

  if (!seen.header && problems.count === 0) return refusal("The file is empty.");
  if (seen.columns && seen.totalLines === 0 && problems.count === 0)
    problems.add({ line: null, column: null, message: "The file has a header but no rows below it." });
  return collector.finish(seen.totalLines, seen.header ?? []);
}

function withCmtAuthorNames(indexes: ColumnIndexes, cmt: CmtAuthorColumns): ColumnIndexes {
  return cmt.names === null ? indexes : { ...indexes, authors: cmt.names };
}

function refusal(message: string, totalLines = 0): ImportPreview {
  return { rows: [], problems: [{ line: null, column: null, message }], unchanged: 0, totalLines, header: [] };
}

function tooManyRows(count: string, maxRows: number): string {
  return `The file has ${count} rows; at most ${formatCount(maxRows)} can be imported at once: split the file.`;
}

function fieldCountMessage(values: number, expected: number, delimiter: string, runsOnTo: number | null): string {
  const counts = `This line has ${values} values but the header has ${expected}`;
  // A quote left open swallows the line breaks after it, which is how one record comes to span lines.
  if (runsOnTo) return `${counts}, and the record runs on to line ${runsOnTo}: check that every quote (") is closed.`;
  return `${counts}: check for a missing or extra "${delimiter}", or put quotes around values that contain one.`;
}

function unreadable(error: CsvError): string {
  if (error.code === "CSV_QUOTE_NOT_CLOSED" || error.code === "CSV_MAX_RECORD_SIZE") {
    return 'A quote (") opened on this line is never closed, so the rest of the file cannot be read: close it or remove it.';
  }
  return `This line cannot be read as CSV (${error.message}).`;
}
