/**
 * Previous / next links that keep the list's filters (the caller builds the addresses). Plain
 * anchors, as in the results table above them: no client component, no prefetch of other pages.
 */
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
        <a href={hrefFor(1)} aria-label="First page">
          « First
        </a>
      ) : null}
      {page > 1 ? <a href={hrefFor(page - 1)}>Previous page</a> : null}
      <span aria-current="page">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? <a href={hrefFor(page + 1)}>Next page</a> : null}
      {page < pageCount ? (
        <a href={hrefFor(pageCount)} aria-label="Last page">
          Last »
        </a>
      ) : null}
    </nav>
  );
}
