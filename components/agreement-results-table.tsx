import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import type { AgreementStatus } from "@/lib/agreements/agreement-states";
import type { AgreementListRow, SortKey } from "@/lib/agreements/search/agreement-query";
import { FLAG_LABEL } from "@/lib/agreements/search/agreement-list-href";
import { formatUtc } from "@/lib/dates/format-utc";

type Sort = { key: SortKey; dir: "asc" | "desc" };
type Column = { label: string; sort?: SortKey };

const COLUMNS: Column[] = [
  { label: "Status", sort: "status" },
  { label: "Paper", sort: "paper" },
  { label: "Article", sort: "title" },
  { label: "Corresponding author", sort: "author" },
  { label: "Volume" },
  { label: "Issued", sort: "issued" },
  { label: "Signed", sort: "signed" },
  { label: "Needs attention" },
];

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
      <Link href={sortHref(column.sort, nextDir)}>
        {column.label}
        {active ? <span aria-hidden="true">{sort.dir === "asc" ? " ▲" : " ▼"}</span> : null}
        <span className="visually-hidden">{`, sort ${nextDir === "asc" ? "ascending" : "descending"}`}</span>
      </Link>
    </th>
  );
}

/** One page of the staff list; each flag is shown with the reason it was raised. */
export function AgreementResultsTable({
  rows,
  sort,
  sortHref,
}: {
  rows: AgreementListRow[];
  sort: Sort;
  sortHref: (key: SortKey, dir: "asc" | "desc") => string;
}) {
  return (
    <table className="results">
      <caption className="visually-hidden">Agreements matching the search</caption>
      <thead>
        <tr>
          {COLUMNS.map((column) => (
            <Header key={column.label} column={column} sort={sort} sortHref={sortHref} />
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <td>
              <StatusBadge status={row.status as AgreementStatus} />
            </td>
            <td>{row.paperId ?? "—"}</td>
            <td>
              <Link href={`/staff/agreements/${row.id}`}>{row.articleTitle}</Link>
            </td>
            <td>
              {row.correspondingAuthorName}
              <br />
              <small>{row.correspondingAuthorEmail}</small>
            </td>
            <td>{row.proceedingsName}</td>
            <td>{formatUtc(row.issuedAt)}</td>
            <td>{row.signedAt ? formatUtc(row.signedAt) : "—"}</td>
            <td>
              {row.flags.length === 0 ? (
                "—"
              ) : (
                <ul className="flags">
                  {row.flags.map(({ flag, reason }) => (
                    <li key={flag} className={`flag flag-${flag}`}>
                      <strong>{FLAG_LABEL[flag]}</strong>: {reason}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
