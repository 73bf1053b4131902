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
  /** The emails' language from the optional `language` column (lib/i18n/locales.ts); absent: English. */
  language?: string;
  /**
   * Set when the paper already has an agreement in the volume and this row changes what the author
   * signs: issuing reissues that agreement (see lib/proceedings/reissue-changed-rows.ts).
   */
  supersedes?: SupersededAgreement;
};

/** A paper's current agreement in the volume, as a re-import compares against it. */
export type IssuedPaper = {
  agreementId: string;
  status: "sent" | "viewed" | "signed" | "declined" | "voided" | "expired";
  articleTitle: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  authors: string[];
};

export type PaperChange = { field: "title" | "authors" | "corresponding_author"; from: string; to: string };

export type SupersededAgreement = { agreementId: string; status: IssuedPaper["status"]; changes: PaperChange[] };

/** `line` and `column` are null for problems about the whole file; `column` is the header as written in the file. */
export type ImportProblem = { line: number | null; column: string | null; message: string };

export type ImportPreview = {
  rows: ImportRow[];
  problems: ImportProblem[];
  /** Papers already issued in the volume whose row changes nothing the author signs: they issue nothing. */
  unchanged: number;
  /** Data records read below the header, blank lines not counted. */
  totalLines: number;
  /** The header cells as written in the file (trimmed); empty when the file could not be read that far. */
  header: string[];
};
