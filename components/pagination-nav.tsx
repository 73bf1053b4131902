/**
 * Previous / next links that keep the list's filters (the caller builds the addresses). Plain
 * anchors, as in the results table above them: no client component, no prefetch of other pages.
 * When the pages were not all counted (`pageCountKnown` false, pageCount then a lower bound), the
 * nav says which page this is and offers the next, but no last page.
 */
export function PaginationNav({
  page,
  pageCount,
  pageCountKnown = true,
  hrefFor,
}: {
  page: number;
  pageCount: number;
  pageCountKnown?: boolean;
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
      <span aria-current="page">{pageCountKnown ? `Page ${page} of ${pageCount}` : `Page ${page}`}</span>
      {page < pageCount ? <a href={hrefFor(page + 1)}>Next page</a> : null}
      {page < pageCount && pageCountKnown ? (
        <a href={hrefFor(pageCount)} aria-label="Last page">
          Last »
        </a>
      ) : null}
    </nav>
  );
}
