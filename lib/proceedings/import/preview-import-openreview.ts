// OpenReview's export of accepted notes (the JSON of `client.get_all_notes(...)`): an array of notes,
// or an object holding one under `notes`. API v1 gives content values directly; API v2 wraps each
// as { value: … }: both are read. The paper id is the note's `number` (the paper number authors and
// the programme know it by), falling back to its `id` when a note has no number.
// `content.authorids` are emails or OpenReview profile ids (~Jane_Doe1): an email becomes that
// author's "Name <email>"; the corresponding author is the first author with an email.
import type { ImportField } from "../csv/import-columns";
import type { ImportPreview, IssuedPaper } from "../csv/import-types";
import type { ImportCells } from "../csv/validate-import-row";
import { createPreviewCollector } from "./collect-preview-rows";
import { createLineFinder } from "./line-finder";
import { formatCount } from "@/lib/text/format-count";

const FIELD_NAMES: Record<ImportField, string> = {
  paperId: "number",
  articleTitle: "content.title",
  correspondingAuthorName: "content.authors",
  correspondingAuthorEmail: "content.authorids",
  authors: "content.authors",
};

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function previewImportOpenReview(
  text: string,
  options: { issuedPapers: ReadonlyMap<string, IssuedPaper>; maxRows: number },
): ImportPreview {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return refusal(`The file is not valid JSON (${(error as Error).message}).`, 0);
  }
  const notes = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.notes) ? data.notes : null;
  if (!notes) return refusal('The file is not an OpenReview export: expected a list of notes, or { "notes": […] }.', 0);
  if (notes.length > options.maxRows)
    return refusal(
      `The file has ${formatCount(notes.length)} notes; at most ` +
        `${formatCount(options.maxRows)} can be imported at once: split the file.`,
      notes.length,
    );

  const collector = createPreviewCollector(options.issuedPapers);
  const lineAt = createNoteLocator(text);
  notes.forEach((note: unknown, index: number) => {
    const item = isObject(note) ? note : {};
    const content = isObject(item.content) ? item.content : {};
    const id = typeof item.id === "string" ? item.id : "";
    const line = lineAt(id) ?? index + 1;
    const number = unwrap(item.number);
    const paperId = typeof number === "number" || typeof number === "string" ? String(number) : id;
    const authors = strings(unwrap(content.authors));
    const authorIds = strings(unwrap(content.authorids));
    const emailOf = (i: number) => (EMAIL.test(authorIds[i] ?? "") ? authorIds[i] : "");
    const contact = authors.findIndex((_, i) => emailOf(i) !== "");
    const cells: ImportCells = {
      paperId,
      articleTitle: stringOf(unwrap(content.title)),
      correspondingAuthorName: contact >= 0 ? authors[contact] : "",
      correspondingAuthorEmail: contact >= 0 ? emailOf(contact) : "",
      authors: authors.map((name, i) => (emailOf(i) ? `${name} <${emailOf(i)}>` : name)).join(";"),
    };
    if (contact < 0 && authors.length > 0) {
      collector.problems.add({
        line,
        column: "content.authorids",
        message:
          `Paper ${paperId}: no author has an email among content.authorids (profile ids like ~Jane_Doe1 ` +
          "are not emails): export with emails, or add the corresponding author's email to authorids.",
      });
      return;
    }
    collector.add(cells, line, (field) => FIELD_NAMES[field]);
  });
  return collector.finish(notes.length, []);
}

function refusal(message: string, totalLines: number): ImportPreview {
  return { rows: [], problems: [{ line: null, column: null, message }], unchanged: 0, totalLines, header: [] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** API v2 wraps every content value as { value: … }. */
function unwrap(value: unknown): unknown {
  return isObject(value) && "value" in value ? value.value : value;
}

function stringOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => (typeof item === "string" ? item : "")) : [];
}

/** The line on which a note's id first appears, so problems point into the file. */
function createNoteLocator(text: string): (id: string) => number | null {
  const lineAt = createLineFinder(text);
  let from = 0; // notes come in file order: each search starts where the previous one ended
  return (id) => {
    if (!id) return null;
    const at = text.indexOf(JSON.stringify(id), from);
    if (at < 0) return null;
    from = at + 1;
    return lineAt(at);
  };
}
