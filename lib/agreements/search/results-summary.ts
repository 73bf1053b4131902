import { formatCount } from "@/lib/text/format-count";
import type { AgreementSearchResult } from "./agreement-query";

type Summarized = Pick<AgreementSearchResult, "rows" | "total" | "totalCapped" | "page" | "pageSize">;

/** The staff list's status line: how many agreements match and which of them this page shows. */
export function resultsSummary(result: Summarized) {
  if (result.total === 0) return "No agreements match.";
  const first = (result.page - 1) * result.pageSize + 1;
  const showing = `showing ${formatCount(first)}–${formatCount(first + result.rows.length - 1)}`;
  const total = formatCount(result.total);
  if (result.totalCapped) {
    return `More than ${total} agreements match; ${showing}. Add a filter or more words to count them.`;
  }
  return `${total} agreement${result.total === 1 ? "" : "s"} match${result.total === 1 ? "es" : ""}; ${showing}.`;
}
