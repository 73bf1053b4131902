import Link from "next/link";

/** Previous / next links that keep the list's filters (the caller builds the addresses). */
export function PaginationNav({
  page,
  pageCount,
  hrefFor,
}: {
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pages">
      {page > 1 ? (
        <Link href={hrefFor(1)} aria-label="First page">
          « First
        </Link>
      ) : null}
      {page > 1 ? <Link href={hrefFor(page - 1)}>Previous page</Link> : null}
      <span aria-current="page">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? <Link href={hrefFor(page + 1)}>Next page</Link> : null}
      {page < pageCount ? (
        <Link href={hrefFor(pageCount)} aria-label="Last page">
          Last »
        </Link>
      ) : null}
    </nav>
  );
}
