// What a re-imported row changes about a paper already issued in the volume. Pure. Only what the
// author signs counts (the title, the author list, the corresponding author's name), as for a
// reissue from the agreement's page; a new email alone is a correction, not a new agreement.
import type { ImportRow, IssuedPaper, PaperChange } from "./import-types";

const joined = (authors: string[]) => authors.join("; ");

/** The signed-content differences between a row and the paper's current agreement, in a fixed order. */
export function paperChanges(row: ImportRow, issued: IssuedPaper): PaperChange[] {
  const changes: PaperChange[] = [];
  if (row.articleTitle !== issued.articleTitle)
    changes.push({ field: "title", from: issued.articleTitle, to: row.articleTitle });
  if (JSON.stringify(row.authors) !== JSON.stringify(issued.authors))
    changes.push({ field: "authors", from: joined(issued.authors), to: joined(row.authors) });
  if (row.correspondingAuthorName !== issued.correspondingAuthorName)
    changes.push({
      field: "corresponding_author",
      from: issued.correspondingAuthorName,
      to: row.correspondingAuthorName,
    });
  return changes;
}

const FIELD_LABEL: Record<PaperChange["field"], string> = {
  title: "title",
  authors: "author list",
  corresponding_author: "corresponding author",
};

/** One sentence per change, for the preview and for the author's email: "The title changed from “A” to “B”." */
export function describePaperChanges(changes: PaperChange[]): string {
  return changes
    .map((change) => `The paper's ${FIELD_LABEL[change.field]} changed from “${change.from}” to “${change.to}”.`)
    .join(" ");
}
