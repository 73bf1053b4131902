// The current list's filters go along, so the export holds what staff see (all pages of it).
// `query` is the list's query string, with or without "?", or a whole list href.
export function ExportLinks({ query }: { query: string }) {
  const params = new URLSearchParams(query.slice(query.indexOf("?") + 1));
  params.delete("page");
  const suffix = params.size > 0 ? `?${params.toString()}` : "";
  return (
    <p className="export-links">
      <a href={`/staff/agreements/export.csv${suffix}`} download>
        Export CSV
      </a>{" "}
      ·{" "}
      <a href={`/staff/agreements/export.json${suffix}`} download>
        Export JSON
      </a>
    </p>
  );
}
