// One CSV record is checked by the same schema as the one-by-one issue form, so a row that previews
// as valid is one the form would also have accepted, with the same normalisation (NFC, spaces) and
// the same refusals (controls, line breaks, invisible characters), reported on the cell's line and column.
import type { z } from "zod";
import { issueAgreementInput } from "@/lib/agreements/issue-agreement-input";
import { cleanUserText } from "@/lib/text/user-text";
import type { ImportField } from "./import-columns";
import type { ImportProblem, ImportRow } from "./import-types";

/** `language` is the optional column's cell and the column's header, when the file has one. */
export type ImportCells = Record<ImportField, string> & { language?: { value: string; column: string } };

/** `paperId` is empty when the id itself is unusable, so it is not compared with other rows. */
export type RowCheck = { paperId: string; row: ImportRow | null; problems: ImportProblem[] };

const MAX_PAPER_ID = 100;
// The volume is chosen on the import page, not per row; the form's schema still wants a value.
const PROCEEDINGS_PLACEHOLDER = "CSV import";

export function validateImportRow(
  cells: ImportCells,
  line: number,
  columnOf: (field: ImportField) => string,
): RowCheck {
  const problems: ImportProblem[] = [];
  const problem = (field: ImportField, message: string) => problems.push({ line, column: columnOf(field), message });

  const { paperId, message: paperIdMessage } = checkPaperId(cells.paperId);
  if (paperIdMessage) problem("paperId", paperIdMessage);

  const result = issueAgreementInput.safeParse({
    proceedings: PROCEEDINGS_PLACEHOLDER,
    articleTitle: cells.articleTitle,
    correspondingAuthorName: cells.correspondingAuthorName,
    correspondingAuthorEmail: cells.correspondingAuthorEmail,
    authors: authorLines(cells.authors),
    language: cells.language?.value,
  });
  for (const issue of result.error?.issues ?? []) {
    const field = issue.path[0];
    if (field === "language" && cells.language) {
      problems.push({ line, column: cells.language.column, message: issue.message });
      continue;
    }
    if (field === "proceedings" || !isFormField(field)) continue;
    problem(field, messageFor(issue, field, cells));
  }

  if (!result.success || problems.length > 0) return { paperId: paperIdMessage ? "" : paperId, row: null, problems };
  const { articleTitle, correspondingAuthorName, correspondingAuthorEmail, authors, authorEmails, language } =
    result.data;
  return {
    paperId,
    row: {
      line,
      paperId,
      articleTitle,
      correspondingAuthorName,
      correspondingAuthorEmail,
      authors,
      authorEmails,
      ...(cells.language ? { language } : {}),
    },
    problems,
  };
}

// Authors are separated by ";". Some exports separate them by "," instead, so a cell without any
// ";" is split on commas; names written "Last, First" therefore need ";" between authors. Line
// breaks inside a quoted cell also separate authors, as they do in the form. Each author may carry
// their email as in the form: "Ada Lovelace <ada@example.org>; Charles Babbage <cb@example.org>".
function authorLines(cell: string): string {
  return cell.split(cell.includes(";") ? ";" : ",").join("\n");
}

function messageFor(issue: z.core.$ZodIssue, field: ImportField, cells: ImportCells): string {
  if (field === "correspondingAuthorEmail" && issue.code === "invalid_format") {
    return `"${cells.correspondingAuthorEmail.trim()}" is not an email address.`;
  }
  // The form's message asks for one author per line, which is wrong advice inside a CSV cell.
  if (field === "authors" && issue.code === "too_small" && issue.origin === "array") {
    return "Authors are required: list every author, separated by semicolons.";
  }
  return issue.message;
}

function checkPaperId(cell: string): { paperId: string; message: string | null } {
  const cleaned = cleanUserText(cell, { label: "Paper ID" });
  if (!cleaned.ok) return { paperId: "", message: cleaned.message };
  const paperId = cleaned.value;
  if (!paperId) return { paperId, message: "Paper ID is required." };
  if (paperId.length > MAX_PAPER_ID)
    return { paperId, message: `Paper ID must be at most ${MAX_PAPER_ID} characters.` };
  return { paperId, message: null };
}

function isFormField(value: unknown): value is ImportField {
  return (
    value === "articleTitle" ||
    value === "correspondingAuthorName" ||
    value === "correspondingAuthorEmail" ||
    value === "authors"
  );
}
