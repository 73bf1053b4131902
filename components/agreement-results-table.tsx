import { StatusBadge } from "@/components/status-badge";
import type { AgreementStatus } from "@/lib/agreements/agreement-states";
import type { AgreementListRow, SortKey } from "@/lib/agreements/search/agreement-query";
import { FLAG_LABEL } from "@/lib/agreements/search/agreement-list-href";
import { COLUMN_LABEL, type ListColumn } from "@/lib/agreements/search/list-columns";
import { TableScroll } from "./table-scroll";
import { UtcTime } from "./utc-time";

type Sort = { key: SortKey; dir: "asc" | "desc" };
type Column = { label: string; sort?: SortKey };

const SORT_BY: Partial<Record<ListColumn, SortKey>> = {
  status: "status",
  paper: "paper",
  title: "title",
  author: "author",
  issued: "issued",
  signed: "signed",
};

function Cell({ column, row }: { column: ListColumn; row: AgreementListRow }) {
  switch (column) {
    case "status":
      return <StatusBadge status={row.status as AgreementStatus} />;
    case "paper":
      return row.paperId ?? "—";
    case "title":
      return <a href={`/staff/agreements/${row.id}`}>{row.articleTitle}</a>;
    case "author":
      return (
        <>
          {row.correspondingAuthorName}
          <br />
          <small>{row.correspondingAuthorEmail}</small>
        </>
      );
    case "volume":
      return row.proceedingsName;
    case "issued":
      return <UtcTime date={row.issuedAt} />;
    case "signed":
      return row.signedAt ? <UtcTime date={row.signedAt} /> : "—";
    case "flags":
      return row.flags.length === 0 ? (
        "—"
      ) : (
        <ul className="flags">
          {row.flags.map(({ flag, reason }) => (
            <li key={flag} className={`flag flag-${flag}`}>
              <strong>{FLAG_LABEL[flag]}</strong>: {reason}
            </li>
          ))}
        </ul>
      );
  }
}

function Header({
  column,
  sort,
  sortHref,
}: {
  column: Column;
  sort: Sort;
  sortHref: (key: SortKey, dir: "asc" | "desc") => string;
}) {
  if (!column.sort) return <th scope="col">{column.label}</th>;
  const active = sort.key === column.sort;
  // A first click sorts dates newest first and text A–Z; a second click reverses.
  const firstDir = column.sort === "issued" || column.sort === "signed" ? "desc" : "asc";
  const nextDir = active ? (sort.dir === "asc" ? "desc" : "asc") : firstDir;
  return (
    <th scope="col" aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}>
      <a href={sortHref(column.sort, nextDir)}>
        {column.label}
        {active ? <span aria-hidden="true">{sort.dir === "asc" ? " ▲" : " ▼"}</span> : null}
        <span className="visually-hidden">{`, sort ${nextDir === "asc" ? "ascending" : "descending"}`}</span>
      </a>
    </th>
  );
}

/**
 * One page of the staff list, in the chosen columns; each flag is shown with the reason it was raised.
 * Its links are plain anchors, not next/link: 25 titles and the sort headers as client components
 * cost the server a client reference each in the page's payload and a render each, and a browser
 * would prefetch every title in view (each a server render of an agreement page) for a list staff
 * read and leave. Every staff page is rendered per request anyway (the nonce CSP).
 */
export function AgreementResultsTable({
  rows,
  columns,
  sort,
  sortHref,
}: {
  rows: AgreementListRow[];
  columns: readonly ListColumn[];
  sort: Sort;
  sortHref: (key: SortKey, dir: "asc" | "desc") => string;
}) {
  return (
    <TableScroll label="Agreements found">
      <table className="results">
        <caption className="visually-hidden">Agreements matching the search</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <Header
                key={column}
                column={{ label: COLUMN_LABEL[column], sort: SORT_BY[column] }}
                sort={sort}
                sortHref={sortHref}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              {columns.map((column) => (
                <td key={column} className={`column-${column}`}>
                  <Cell column={column} row={row} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
