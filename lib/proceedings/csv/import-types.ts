// The shape of a CSV preview: what would be issued, and why the other lines would not.

/** A line that passed every check; fields are normalised exactly as the one-by-one issue form does. */
export type ImportRow = {
  /** The file's line where the record starts (a quoted value may span several lines). */
  line: number;
  paperId: string;
  articleTitle: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  authors: string[];
  /** Each author's email aligned with authors ("" where the cell gave none): "Name <email>" entries. */
  authorEmails: string[];
};

/** `line` and `column` are null for problems about the whole file; `column` is the header as written in the file. */
export type ImportProblem = { line: number | null; column: string | null; message: string };

export type ImportPreview = {
  rows: ImportRow[];
  problems: ImportProblem[];
  /** Data records read below the header, blank lines not counted. */
  totalLines: number;
  /** The header cells as written in the file (trimmed); empty when the file could not be read that far. */
  header: string[];
};
