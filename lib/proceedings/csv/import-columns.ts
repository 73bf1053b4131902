// Which header cell holds which field. Conference systems each name their export columns
// differently, so headers are compared loosely: case, spaces, underscores, hyphens and dots don't
// matter ("Paper ID", "paper_id" and "paper-id" are the same). Unknown columns are ignored.

export type ImportField =
  "paperId" | "articleTitle" | "correspondingAuthorName" | "correspondingAuthorEmail" | "authors";

/** The names the import template uses, in template order; messages about missing columns use these. */
export const TEMPLATE_COLUMNS: Record<ImportField, string> = {
  paperId: "paper_id",
  articleTitle: "title",
  correspondingAuthorName: "corresponding_author",
  correspondingAuthorEmail: "corresponding_email",
  authors: "authors",
};

// Most specific first: when two columns fit one field (a CMT export has both "Contact Email" and
// "Email"), the earlier name wins. Two columns with equally good names are reported, not guessed.
const ALIASES: Record<ImportField, string[]> = {
  paperId: [
    "paper_id",
    "paper number",
    "paper no",
    "paper #",
    "submission id",
    "submission number",
    "submission #",
    "paper",
    "submission",
    "id",
    "number",
    "no",
    "#",
  ],
  articleTitle: ["title", "paper title", "article title", "submission title"],
  correspondingAuthorName: [
    "corresponding_author",
    "corresponding author name",
    "contact author",
    "contact author name",
    "primary contact author",
    "primary contact author name",
    "primary contact",
    "contact name",
    "contact",
  ],
  correspondingAuthorEmail: [
    "corresponding_email",
    "corresponding author email",
    "contact author email",
    "primary contact author email",
    "primary contact email",
    "contact email",
    "email",
    "email address",
  ],
  authors: ["authors", "all authors", "author names", "author list", "authors names", "author"],
};

const FIELDS = Object.keys(TEMPLATE_COLUMNS) as ImportField[];

/** The optional `language` column (the emails' language, a BCP 47 tag), or -1 without one. */
export function languageColumn(header: readonly string[]): number {
  return header.findIndex((cell) => ["language", "lang"].includes(compact(cell)));
}
const MAX_FOUND_LISTED = 20;

function compact(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_.\-]+/g, "");
}

const RANK = new Map<string, { field: ImportField; rank: number }>(
  FIELDS.flatMap((field) => ALIASES[field].map((alias, rank) => [compact(alias), { field, rank }] as const)),
);

export type ColumnIndexes = Record<ImportField, number>;

export type ColumnMatch = { ok: true; indexes: ColumnIndexes } | { ok: false; messages: string[] };

export function matchImportColumns(header: readonly string[]): ColumnMatch {
  const best = new Map<ImportField, { rank: number; indexes: number[] }>();
  header.forEach((cell, index) => {
    const match = RANK.get(compact(cell));
    if (!match) return;
    const current = best.get(match.field);
    if (!current || match.rank < current.rank) best.set(match.field, { rank: match.rank, indexes: [index] });
    else if (match.rank === current.rank) current.indexes.push(index);
  });

  const messages: string[] = [];
  const missing = FIELDS.filter((field) => !best.has(field));
  if (missing.length > 0) messages.push(missingMessage(missing, header, best.size === 0));
  for (const [field, { indexes }] of best) {
    if (indexes.length < 2) continue;
    const names = indexes.map((index) => `"${header[index].trim()}"`).join(" and ");
    messages.push(`Columns ${names} could both be ${TEMPLATE_COLUMNS[field]}: rename or remove all but one.`);
  }
  if (messages.length > 0) return { ok: false, messages };
  return {
    ok: true,
    indexes: Object.fromEntries(FIELDS.map((field) => [field, best.get(field)!.indexes[0]])) as ColumnIndexes,
  };
}

function missingMessage(missing: ImportField[], header: readonly string[], nothingMatched: boolean): string {
  const found = header.slice(0, MAX_FOUND_LISTED).map((cell) => shorten(cell.trim()) || "(blank)");
  if (header.length > MAX_FOUND_LISTED) found.push(`and ${header.length - MAX_FOUND_LISTED} more`);
  const message = `Missing column(s): ${missing.map((field) => TEMPLATE_COLUMNS[field]).join(", ")}. Found: ${found.join(", ")}.`;
  // A file exported without its header row is the usual reason nothing matches at all.
  return nothingMatched ? `${message} The first line must name the columns.` : message;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
