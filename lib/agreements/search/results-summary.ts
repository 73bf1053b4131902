import type { AgreementSearchResult } from "./agreement-query";

/** The staff list's status line: how many agreements match and which of them this page shows. */
export function resultsSummary(
  result: Pick<AgreementSearchResult, "rows" | "total" | "totalCapped" | "page" | "pageSize">,
) {
  if (result.total === 0) return "No agreements match.";
  const first = (result.page - 1) * result.pageSize + 1;
  const showing = `showing ${first}–${first + result.rows.length - 1}`;
  if (result.totalCapped) {
    return `More than ${result.total.toLocaleString("en")} agreements match; ${showing}. Add a filter or more words to count them.`;
  }
  return `${result.total} agreement${result.total === 1 ? "" : "s"} match${result.total === 1 ? "es" : ""}; ${showing}.`;
}
