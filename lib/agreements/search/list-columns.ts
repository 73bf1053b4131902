// Which columns the staff list shows, remembered in the URL like its filters (`cols=status,title,…`,
// or the column form's repeated `cols=` checkboxes). The title links to the agreement, so it is
// always shown; anything unknown is dropped, and an address naming no known column shows the defaults.
export const LIST_COLUMNS = ["status", "paper", "title", "author", "volume", "issued", "signed", "flags"] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];

export const COLUMN_LABEL: Record<ListColumn, string> = {
  status: "Status",
  paper: "Paper",
  title: "Article",
  author: "Corresponding author",
  volume: "Volume",
  issued: "Issued",
  signed: "Signed",
  flags: "Needs attention",
};

export const ALWAYS_SHOWN: ListColumn = "title";
// The issue date is left out by default so the rest fit a 1280 px screen without scrolling; the list
// is still sorted by it, and the column is one tick away.
export const DEFAULT_COLUMNS: readonly ListColumn[] = LIST_COLUMNS.filter((column) => column !== "issued");

const isColumn = (value: string): value is ListColumn => (LIST_COLUMNS as readonly string[]).includes(value);

/** `cols` as it arrives (one value, comma-separated, or repeated) → the columns, in the table's order. */
export function parseListColumns(raw: string | readonly string[] | undefined): ListColumn[] {
  if (raw === undefined) return [...DEFAULT_COLUMNS];
  const named = new Set(
    (typeof raw === "string" ? [raw] : raw)
      .flatMap((value) => value.split(","))
      .map((value) => value.trim())
      .filter(isColumn),
  );
  if (named.size === 0) return [...DEFAULT_COLUMNS];
  named.add(ALWAYS_SHOWN);
  return LIST_COLUMNS.filter((column) => named.has(column));
}

/** The `cols` value for an address: "" for the defaults, so default links stay short. */
export function listColumnsParam(columns: readonly ListColumn[]): string {
  const chosen = LIST_COLUMNS.filter((column) => columns.includes(column));
  const isDefault = chosen.length === DEFAULT_COLUMNS.length && DEFAULT_COLUMNS.every((c) => chosen.includes(c));
  return isDefault ? "" : chosen.join(",");
}
