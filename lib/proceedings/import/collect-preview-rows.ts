// What every import format shares once a record has been read into cells: the same row checks as the
// one-by-one issue form, duplicate paper ids, and the comparison with papers the volume has issued.
// The CSV, BibTeX and OpenReview readers only differ in how they find a record's cells and line.
import type { ImportField } from "../csv/import-columns";
import type { ImportPreview, ImportRow, IssuedPaper } from "../csv/import-types";
import { paperChanges } from "../csv/paper-changes";
import { createProblemList, type ProblemList } from "../csv/problem-list";
import { validateImportRow, type ImportCells } from "../csv/validate-import-row";

export type PreviewCollector = {
  readonly problems: ProblemList;
  /** Checks one record; `columnOf` names the place in the file a field came from (a column, a BibTeX field). */
  add(cells: ImportCells, line: number, columnOf: (field: ImportField) => string): void;
  finish(totalLines: number, header: string[]): ImportPreview;
};

export function createPreviewCollector(issuedPapers: ReadonlyMap<string, IssuedPaper>): PreviewCollector {
  const problems = createProblemList();
  const rows: ImportRow[] = [];
  const firstLineOfPaper = new Map<string, number>();
  let unchanged = 0;

  function add(cells: ImportCells, line: number, columnOf: (field: ImportField) => string) {
    const check = validateImportRow(cells, line, columnOf);
    for (const problem of check.problems) problems.add(problem);

    const { paperId } = check;
    const firstLine = paperId ? firstLineOfPaper.get(paperId) : undefined;
    const issued = paperId !== "" ? issuedPapers.get(paperId) : undefined;
    if (paperId && firstLine === undefined) firstLineOfPaper.set(paperId, line);
    if (firstLine !== undefined)
      problems.add({
        line,
        column: columnOf("paperId"),
        message: `Paper ${paperId} appears again: it is already on line ${firstLine}.`,
      });
    if (!check.row || firstLine !== undefined) return;
    if (!issued) {
      rows.push(check.row);
      return;
    }
    compareWithIssued(check.row, issued, columnOf);
  }

  // A paper issued before: unchanged rows issue nothing; a changed title or author list reissues
  // its agreement, even a signed one (the new one supersedes it), but not one staff voided.
  function compareWithIssued(row: ImportRow, issued: IssuedPaper, columnOf: (field: ImportField) => string) {
    const changes = paperChanges(row, issued);
    if (changes.length === 0) {
      unchanged += 1;
      if (row.correspondingAuthorEmail.toLowerCase() !== issued.correspondingAuthorEmail.toLowerCase())
        problems.add({
          line: row.line,
          column: columnOf("correspondingAuthorEmail"),
          message:
            `Paper ${row.paperId}: the agreement was sent to ${issued.correspondingAuthorEmail}; a new email ` +
            "alone reissues nothing: change the author's email on the agreement's page.",
        });
      return;
    }
    if (issued.status === "voided") {
      problems.add({
        line: row.line,
        column: columnOf("paperId"),
        message:
          `Paper ${row.paperId} changed, but its agreement was voided, so it is not reissued: ` +
          "reissue it from the agreement's page if the paper is back in the volume.",
      });
      return;
    }
    rows.push({ ...row, supersedes: { agreementId: issued.agreementId, status: issued.status, changes } });
  }

  return {
    problems,
    add,
    finish(totalLines, header) {
      return { rows, problems: problems.list(), unchanged, totalLines, header };
    },
  };
}
